#!/usr/bin/python3
"""Independent recomputation of the zoo signatures chapter (src/chapters/zoo-signature-*.ts) on the CI fixture.

Reads tests/fixtures/zoo-smoke/zoo-data directly (features-sum/values.f32 little-endian float32 row-major with
columns.txt and manifest.json rows; pieces.jsonl; scores.csv; scores.meta.json) and never imports the TypeScript.

- Screening: Thrush gamma_j = sum_k (r_kj - (m+1)/2)(2 s_k - m - 1) with mid-ranks r (pieces) and s (scores),
  per tail k = max(1, floor(0.01 d)) widened to max(2m, 50) candidates (ceil to the top, floor to the bottom),
  ties by lower column index; candidates in column order.
- Forward selection (R's step(direction = "forward", k = 2) with a residual-df floor of 10): at each step every
  remaining candidate is refitted with numpy lstsq on [1, selected, candidate]; a candidate that does not raise
  the rank is skipped; the smallest RSS wins (ties within 1e-12 of the current RSS go to column order); the step
  is taken only if AIC = n log(RSS/n) + 2 edf falls strictly (by more than 1e-7, R's undo rule), and never when
  it would leave fewer than 10 residual df.
- Leave-one-model-out (held-out model excluded from screening and selection), R^2 = 1 - PRESS / PRESS0 with
  PRESS0 = sum (y_i - mean of the other models)^2:
  * the screened-mean baseline for every benchmark: candidates of the fold's screen z-scored over the training
    models (population SD), signed +1 (top tail) / -1 (bottom tail), averaged per model, y ~ a + b f by
    least squares in the fold, the held-out model predicted with the training means and SDs;
  * the source-domain mean for every zoo-domain benchmark (mean surprisal over the source domain's pieces,
    simple regression refitted in every fold);
  * the AIC signature for AIC_LOO_BENCHMARKS (forward selection above, refitted in every fold).

Usage (from the repository root, about a minute):  /usr/bin/python3 tests/golden/zoo-signatures/make_expected.py
Writes tests/golden/zoo-signatures/expected.json.
"""
import csv
import json
import math
import os

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
DATA = os.path.join(ROOT, "tests", "fixtures", "zoo-smoke", "zoo-data")
RATIO = 0.01
MIN_RESID_DF = 10
AIC_LOO_BENCHMARKS = ["zoo_code_nextword", "zoo_shakespeare_nextspan"]


def read_inputs():
    d = os.path.join(DATA, "features-sum")
    rows = json.load(open(os.path.join(d, "manifest.json")))["rows"]
    cols = [c for c in open(os.path.join(d, "columns.txt"), encoding="utf8").read().split("\n") if c]
    X = np.fromfile(os.path.join(d, "values.f32"), dtype="<f4").reshape(len(rows), len(cols)).astype(np.float64)
    with open(os.path.join(DATA, "scores.csv"), encoding="utf8") as f:
        r = list(csv.reader(f))
    bench = r[0][1:]
    models = [row[0] for row in r[1:]]
    S = np.array([[float(v) for v in row[1:]] for row in r[1:]])[[models.index(m) for m in rows], :]
    dom = {}
    for line in open(os.path.join(DATA, "pieces.jsonl"), encoding="utf8"):
        if line.strip():
            p = json.loads(line)
            dom[p["id"]] = p["domain"]
    meta = json.load(open(os.path.join(DATA, "scores.meta.json")))["benchmarks"]
    return rows, cols, X, bench, S, [dom[c] for c in cols], meta


def screen(X, y):
    """Tail screen: (candidates in column order, sign per candidate: +1 top tail, -1 bottom tail)."""
    m, d = X.shape
    R = stats.rankdata(X, method="average", axis=0) - (m + 1) / 2
    v = 2 * stats.rankdata(y, method="average") - m - 1
    g = v @ R
    per = max(1, math.floor(RATIO * d * (1 + 1e-12)))
    n_top = n_bot = per
    floor_ = max(2 * m, 50)
    if n_top + n_bot < floor_:
        need = floor_ - n_top - n_bot
        n_top += math.ceil(need / 2)
        n_bot += need // 2
    top = sorted(range(d), key=lambda j: (-g[j], j))[:n_top]
    bot = sorted(range(d), key=lambda j: (g[j], j))[:n_bot]
    sign = {j: 1 for j in top}
    sign.update({j: -1 for j in bot})
    cand = sorted(sign)
    return cand, [sign[j] for j in cand], g


def rss_of(A, y):
    coef, _, rank, _ = np.linalg.lstsq(A, y, rcond=None)
    r = y - A @ coef
    return float(r @ r), rank, coef


def forward(X, y, cand):
    n = len(y)
    sel = []
    A = np.ones((n, 1))
    rss, rank, _ = rss_of(A, y)
    tss = rss
    edf = 1
    aic = n * math.log(rss / n) + 2 * edf
    steps = [{"aic": aic, "r2": 0.0, "rss": rss}]
    stop = None
    while True:
        left = [c for c in cand if c not in sel]
        if not left:
            stop = "no-candidates"
            break
        if n - (edf + 1) < MIN_RESID_DF:
            stop = "min-residual-df"
            break
        best, best_rss = None, math.inf
        for c in left:
            A2 = np.column_stack([A, X[:, c]])
            r2, rk, _ = rss_of(A2, y)
            if rk <= rank:
                continue
            if r2 < best_rss - 1e-12 * rss:
                best, best_rss = c, r2
        if best is None:
            stop = "rank-deficient"
            break
        new_aic = n * math.log(best_rss / n) + 2 * (edf + 1)
        if not new_aic < aic or new_aic >= aic + 1e-7:
            stop = "no-improvement"
            break
        sel.append(best)
        A = np.column_stack([A, X[:, best]])
        rss, rank, aic, edf = best_rss, rank + 1, new_aic, edf + 1
        steps.append({"aic": aic, "r2": 1 - rss / tss, "rss": rss})
    _, _, coef = rss_of(A, y)
    return sel, steps, stop, coef


def loo(X, y, fit):
    n = len(y)
    press = press0 = 0.0
    sizes = []
    for i in range(n):
        tr = [k for k in range(n) if k != i]
        pred, size = fit(X[tr, :], y[tr], X[i, :])
        sizes.append(size)
        press += (y[i] - pred) ** 2
        press0 += (y[i] - y[tr].mean()) ** 2
    return 1 - press / press0, sizes


def screened_mean_fit(Xt, yt, xi):
    cand, signs, _ = screen(Xt, yt)
    mu = Xt[:, cand].mean(axis=0)
    sd = Xt[:, cand].std(axis=0)
    ok = sd > 0
    s = np.array(signs)[ok]
    f = (((Xt[:, cand][:, ok] - mu[ok]) / sd[ok]) * s).mean(axis=1)
    fi = (((xi[cand][ok] - mu[ok]) / sd[ok]) * s).mean()
    b, a = np.polyfit(f, yt, 1)
    return a + b * fi, len(cand)


def aic_fit(Xt, yt, xi):
    cand, _, _ = screen(Xt, yt)
    sel, _, _, coef = forward(Xt, yt, cand)
    return coef[0] + float(xi[sel] @ coef[1:]), len(sel)


def source_fit(cols_idx):
    def fit(Xt, yt, xi):
        f = Xt[:, cols_idx].mean(axis=1)
        b, a = np.polyfit(f, yt, 1)
        return a + b * xi[cols_idx].mean(), 0
    return fit


def main():
    rows, cols, X, bench, S, dom, meta = read_inputs()
    pool = set(dom)
    out = {"nModels": X.shape[0], "nPieces": X.shape[1], "signatures": {}, "aicLooBenchmarks": AIC_LOO_BENCHMARKS}
    for j, b in enumerate(bench):
        y = S[:, j] if meta[b].get("direction", "higher") == "higher" else -S[:, j]
        cand, _, g = screen(X, y)
        sel, steps, stop, _ = forward(X, S[:, j], cand)
        src = [x for x in meta[b].get("domains", []) if x in pool]
        e = {
            "candidates": len(cand), "selected": [cols[c] for c in sel], "stoppedBecause": stop,
            "aic": [s["aic"] for s in steps], "r2": [s["r2"] for s in steps],
            "sourceShare": (sum(dom[c] in src for c in sel) / len(sel)) if src and sel else None,
            "nNegative": int(sum(g[c] < 0 for c in sel)),
            "r2LooScreenedMean": loo(X, S[:, j], screened_mean_fit)[0],
        }
        if src:
            e["r2LooSourceMean"] = loo(X, S[:, j], source_fit([k for k, d in enumerate(dom) if d in src]))[0]
        if b in AIC_LOO_BENCHMARKS:
            r2, sizes = loo(X, S[:, j], aic_fit)
            e["r2LooAic"] = r2
            e["foldSizes"] = [min(sizes), max(sizes)]
        out["signatures"][b] = e
        print(b, len(sel), stop, round(e["r2LooScreenedMean"], 4), e.get("r2LooAic"))
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
