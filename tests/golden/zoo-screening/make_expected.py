#!/usr/bin/python3
"""Independent recomputation of the zoo screening chapter (src/chapters/zoo-screening.ts) on the CI fixture.

Reads tests/fixtures/zoo-smoke/zoo-data directly (features-sum/values.f32 little-endian float32 row-major,
columns.txt, manifest.json rows; pieces.jsonl; scores.csv; scores.meta.json; scores.summary.json) and never
imports the TypeScript. For every benchmark:

- the Thrush coefficient of every piece from Def. 3.1 literally, gamma_j = sum_{k<l} sign(y_k - y_l) *
  (rank(x_kj) - rank(x_lj)), mid-ranks (scipy rankdata "average"), scores oriented higher = better;
- its distribution: type-7 percentiles (numpy "linear"), population SD, IQR, tail gaps, excess kurtosis
  (scipy.stats.kurtosis, fisher=True, bias=True);
- the two tails: k = max(1, floor(0.01 d)) per tail, widened to max(2m, 50) candidates (ceil/floor split),
  ties by lower column index; thresholds, source-domain shares;
- the same distribution on within-model z-scored surprisal (each model's row standardised over the pool);
- the model-permutation null with the TypeScript generator re-implemented here (xoshiro128** seeded by
  splitmix32, Fisher-Yates; one permutation per draw shared by every benchmark): per draw SD, width of the
  central 98 %, excess kurtosis, |median|, 1st and 99th percentiles; the chance band = mean of the draws'
  1st / 99th percentiles; p = (1 + #{draw >= observed}) / (1 + B).

Fig. 3's benchmarks: qualifying benchmarks sorted by split-half reliability (descending, ties by name):
first, index floor((k-1)/2), last.

Usage (from the repository root, a few seconds):  /usr/bin/python3 tests/golden/zoo-screening/make_expected.py
Writes tests/golden/zoo-screening/expected.json.
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
PERMUTATIONS = 20
SEED = 7
RATIO = 0.01
MASK = 0xFFFFFFFF


def read_features(name):
    d = os.path.join(DATA, "features-" + name)
    rows = json.load(open(os.path.join(d, "manifest.json")))["rows"]
    cols = [c for c in open(os.path.join(d, "columns.txt"), encoding="utf8").read().split("\n") if c]
    x = np.fromfile(os.path.join(d, "values.f32"), dtype="<f4").reshape(len(rows), len(cols))
    return rows, cols, x


def read_scores():
    with open(os.path.join(DATA, "scores.csv"), encoding="utf8") as f:
        r = list(csv.reader(f))
    bench = r[0][1:]
    models = [row[0] for row in r[1:]]
    vals = np.array([[float(v) for v in row[1:]] for row in r[1:]])
    return models, bench, vals


# ---- the TypeScript generator (src/core/random.ts), re-implemented -----------------------------------
def imul(a, b):
    return (a * b) & MASK


def splitmix32(a):
    state = [a & MASK]

    def nxt():
        state[0] = (state[0] + 0x9E3779B9) & MASK
        z = state[0]
        z = imul(z ^ (z >> 16), 0x85EBCA6B)
        z = imul(z ^ (z >> 13), 0xC2B2AE35)
        return (z ^ (z >> 16)) & MASK
    return nxt


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & MASK


class Rng:
    def __init__(self, seed):
        sm = splitmix32(seed & MASK)
        self.s = [sm(), sm(), sm(), sm()]
        if not any(self.s):
            self.s[0] = 1

    def next_uint32(self):
        s0, s1, s2, s3 = self.s
        result = imul(rotl(imul(s1, 5), 7), 9)
        t = (s1 << 9) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def int(self, n):
        limit = 2 ** 32 - (2 ** 32 % n)
        while True:
            x = self.next_uint32()
            if x < limit:
                return x % n

    def permutation(self, n):
        p = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.int(i + 1)
            p[i], p[j] = p[j], p[i]
        return p


# ---- statistics ------------------------------------------------------------------------------------
def thrush_literal(x, y):
    """gamma_j = sum_{k<l} sign(y_k - y_l)(r_kj - r_lj) for every column j of x (models x pieces)."""
    m = x.shape[0]
    r = np.apply_along_axis(lambda c: stats.rankdata(c, method="average"), 0, x)
    s = np.sign(y[:, None] - y[None, :])
    iu = np.triu_indices(m, 1)
    d = r[iu[0], :] - r[iu[1], :]
    return (s[iu][:, None] * d).sum(axis=0)


def describe(g):
    q = lambda p: float(np.percentile(g, 100 * p))
    q01, q25, q50, q75, q99 = q(0.01), q(0.25), q(0.5), q(0.75), q(0.99)
    return {
        "mean": float(g.mean()), "sd": float(g.std()), "min": float(g.min()), "max": float(g.max()),
        "q01": q01, "q25": q25, "median": q50, "q75": q75, "q99": q99, "iqr": q75 - q25, "width98": q99 - q01,
        "maxMinusQ99": float(g.max()) - q99, "q01MinusMin": q01 - float(g.min()),
        "excessKurtosis": float(stats.kurtosis(g, fisher=True, bias=True)),
    }


def tails(g, m):
    d = len(g)
    per = max(1, math.floor(RATIO * d * (1 + 1e-12)))
    n_top = n_bot = per
    floor_ = max(2 * m, 50)
    if n_top + n_bot < floor_:
        need = floor_ - n_top - n_bot
        n_top += math.ceil(need / 2)
        n_bot += need // 2
    order_top = sorted(range(d), key=lambda j: (-g[j], j))[:n_top]
    order_bot = sorted(range(d), key=lambda j: (g[j], j))[:n_bot]
    return per, order_top, order_bot


def main():
    rows, cols, X = read_features("sum")
    models, bench, S = read_scores()
    S = S[[models.index(r) for r in rows], :]
    m, d = X.shape
    pieces = {}
    for line in open(os.path.join(DATA, "pieces.jsonl"), encoding="utf8"):
        if line.strip():
            p = json.loads(line)
            pieces[p["id"]] = p["domain"]
    dom = [pieces[c] for c in cols]
    meta = json.load(open(os.path.join(DATA, "scores.meta.json")))["benchmarks"]
    summ = json.load(open(os.path.join(DATA, "scores.summary.json")))
    rel = {r["name"]: r["reliability"]["spearmanBrown"] for r in summ["perBenchmark"]}
    qual = sorted(summ["qualifying"], key=lambda b: (-rel[b], b))
    rep = [qual[0], qual[(len(qual) - 1) // 2], qual[-1]]

    Xf = X.astype(np.float64)
    Z = (Xf - Xf.mean(axis=1, keepdims=True)) / Xf.std(axis=1, keepdims=True)
    ys = []
    for j, b in enumerate(bench):
        y = S[:, j].copy()
        if meta[b].get("direction", "higher") == "lower":
            y = -y
        ys.append(y)
    gam = [thrush_literal(Xf, y) for y in ys]
    gamz = [thrush_literal(Z, y) for y in ys]

    rng = Rng(SEED)
    keys = ["sd", "width98", "excessKurtosis", "absMedian", "q01", "q99"]
    draws = [{k: [] for k in keys} for _ in bench]
    for _ in range(PERMUTATIONS):
        perm = rng.permutation(m)
        for j in range(len(bench)):
            g = thrush_literal(Xf, ys[j][perm])
            s = describe(g)
            for k in ["sd", "width98", "excessKurtosis", "q01", "q99"]:
                draws[j][k].append(s[k])
            draws[j]["absMedian"].append(abs(s["median"]))

    def null(obs, dr):
        dr = np.array(dr)
        return {"observed": obs, "mean": float(dr.mean()), "q95": float(np.percentile(dr, 95)), "max": float(dr.max()),
                "p": (1 + int((dr >= obs).sum())) / (1 + len(dr))}

    out = {"permutations": PERMUTATIONS, "seed": SEED, "nModels": m, "nPieces": d, "gammaMax": m * (m * m - 1) / 6,
           "representative": rep, "benchmarks": {}}
    pool_domains = set(dom)
    for j, b in enumerate(bench):
        g = gam[j]
        src = [x for x in meta[b].get("domains", []) if x in pool_domains]
        per, top, bot = tails(g, m)
        share = lambda idx: (sum(dom[k] in src for k in idx) / len(idx)) if src else None
        nq01, nq99 = float(np.mean(draws[j]["q01"])), float(np.mean(draws[j]["q99"]))
        beyond = lambda v: float(((v < nq01) | (v > nq99)).mean())
        ds = describe(g)
        out["benchmarks"][b] = {
            "thrush": ds, "thrushWithinModel": describe(gamz[j]),
            "perTail": per, "nTop": len(top), "nBottom": len(bot),
            "topThreshold": float(g[top[-1]]), "bottomThreshold": float(g[bot[-1]]),
            "topSourceShare": share(top), "bottomSourceShare": share(bot),
            "poolSourceShare": (sum(x in src for x in dom) / d) if src else None,
            "topNegative": int(sum(g[k] < 0 for k in top)), "bottomPositive": int(sum(g[k] > 0 for k in bot)),
            "topSet": sorted(cols[k] for k in top), "bottomSet": sorted(cols[k] for k in bot),
            "null": {"q01": nq01, "q99": nq99, "shareBeyond": beyond(g), "shareBeyondWithinModel": beyond(gamz[j]),
                     "sd": null(ds["sd"], draws[j]["sd"]), "width98": null(ds["width98"], draws[j]["width98"]),
                     "excessKurtosis": null(ds["excessKurtosis"], draws[j]["excessKurtosis"]),
                     "absMedian": null(abs(ds["median"]), draws[j]["absMedian"])},
        }
        if b in rep:
            out["benchmarks"][b]["gamma"] = [float(v) for v in g]
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", os.path.join(HERE, "expected.json"), "representative:", rep)


if __name__ == "__main__":
    main()
