#!/usr/bin/python3
"""Independent recomputation of the zoo ground-truth chapter's numbers on the CI fixture.

Reads the fixture files directly (tests/fixtures/zoo-smoke/zoo-data) and input.json (the piece lists the TS
chapter selected, and one benchmark's permutation list, exported by export_input.ts), and re-implements the
statistics with numpy/scipy (never importing the TS):
  - the Thrush screen (mid-ranks, gamma = sum_k rank(x_k) (2 rank(y_k) - m - 1)) and its two tails
    (1% per tail, floor max(2m, 50), ties by feature index), for the observed scores and in every fold of
    leave-one-model-out;
  - enrichment of the screened set and of the given signatures in the source domain, by statistic sign, and
    the top domain of the negative pieces;
  - the screened-set enrichment null of one benchmark over the exported permutations (mean, type-7 95th
    percentile, p = (1 + #{d >= obs}) / (1 + B), mid-rank percentile);
  - leave-one-model-out R^2 of the source-domain-mean baseline and of the signed screened-average baseline;
  - the four overlap matrices (unsigned / sign-weighted signature overlap, performance overlap) and their
    Spearman with the same-domain indicator (all benchmarks, above chance, without code);
  - family / format within vs across means and the Mann-Whitney p (R's wilcox.test, normal approximation
    with continuity correction) over different-domain pairs.
Run: /usr/bin/python3 tests/golden/zoo-groundtruth/make_expected.py   (writes expected.json next to it)
"""
import json
import math
import os

import numpy as np
from scipy.stats import mannwhitneyu, rankdata

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "..", "fixtures", "zoo-smoke", "zoo-data")


def read_features(name):
    d = os.path.join(FIX, "features-" + name)
    man = json.load(open(os.path.join(d, "manifest.json")))
    cols = open(os.path.join(d, "columns.txt")).read().split("\n")
    cols = [c for c in cols if c]
    vals = np.fromfile(os.path.join(d, "values.f32"), dtype="<f4").reshape(len(man["rows"]), len(cols))
    return man["rows"], cols, vals.astype(np.float64)


rows, cols, X = read_features("sum")
pieces = [json.loads(l) for l in open(os.path.join(FIX, "pieces.jsonl")) if l.strip()]
assert [p["id"] for p in pieces] == cols, "pieces.jsonl and columns.txt disagree"
lines = [l.rstrip("\n") for l in open(os.path.join(FIX, "scores.csv")) if l.strip()]
header = lines[0].split(",")
bench = header[1:]
score_rows = {l.split(",")[0]: [float(v) for v in l.split(",")[1:]] for l in lines[1:]}
Y = np.array([score_rows[m] for m in rows])  # models x benchmarks, rows aligned with X
meta = json.load(open(os.path.join(FIX, "scores.meta.json")))["benchmarks"]
for j, b in enumerate(bench):
    if meta[b].get("direction", "higher") == "lower":
        Y[:, j] = -Y[:, j]
inp = json.load(open(os.path.join(HERE, "input.json")))
domains = sorted({p["domain"] for p in pieces})
assert domains == inp["domains"]
pd = np.array([domains.index(p["domain"]) for p in pieces])
d = len(cols)


def thrush(Xs, y):
    m = Xs.shape[0]
    c = rankdata(Xs, axis=0) - (m + 1) / 2.0
    t = 2.0 * rankdata(y) - m - 1
    return c.T @ t  # exact: halves times integers


def tails(g, m, ratio=0.01):
    n = len(g)
    min_c = max(2 * m, 50)
    per = max(1, math.floor(ratio * n * (1 + 1e-12)))
    n_top, n_bot = per, per
    if n_top + n_bot < min_c:
        need = min_c - n_top - n_bot
        n_top += math.ceil(need / 2)
        n_bot += need // 2
    order_top = sorted(range(n), key=lambda j: (-g[j], j))
    order_bot = sorted(range(n), key=lambda j: (g[j], j))
    if n_top + n_bot >= n:
        return list(range(n))
    return order_top[:n_top] + order_bot[:n_bot]


def screen(Xs, y):
    g = thrush(Xs, y)
    kept = tails(g, Xs.shape[0])
    return np.array(kept), np.sign(g[kept]).astype(int)


def enrichment(idx, signs, dom):
    in_d = np.isin(pd, dom).astype(int)
    share = in_d.sum() / len(pd)
    idx, signs = np.asarray(idx, dtype=int), np.asarray(signs)

    def e(mask):
        n = int(mask.sum())
        return (int(in_d[idx[mask]].sum()) / n) / share if n > 0 else None
    return {"all": e(np.ones(len(idx), bool)), "negative": e(signs < 0), "positive": e(signs > 0)}


def top_domain(idx, signs, sign=-1):
    pool = np.bincount(pd, minlength=len(domains)).astype(float)
    sel = [j for j, s in zip(idx, signs) if np.sign(s) == sign]
    if not sel:
        return None
    hit = np.bincount(pd[sel], minlength=len(domains)).astype(float)
    return domains[int(np.argmax(hit / pool))]


def summarize(obs, draws):
    dr = np.array([x for x in draws if x is not None and np.isfinite(x)])
    B = len(dr)
    return {
        "mean": float(dr.mean()), "q95": float(np.quantile(dr, 0.95)), "max": float(dr.max()),
        "p": (1 + int((dr >= obs).sum())) / (1 + B),
        "percentile": 100.0 * (int((dr < obs).sum()) + 0.5 * int((dr == obs).sum())) / B, "n": B,
    }


def simple_fit(f, y):
    mx, my = f.mean(), y.mean()
    sxx = ((f - mx) ** 2).sum()
    if not sxx > 0:
        return my, None
    b = ((f - mx) * (y - my)).sum() / sxx
    return my - b * mx, b


def lomo(y, feature_fn):
    """feature_fn(train_rows) -> function(row_index) -> feature value."""
    n = len(y)
    pred = np.zeros(n)
    for i in range(n):
        keep = [k for k in range(n) if k != i]
        feat = feature_fn(keep)
        f = np.array([feat(k) for k in keep])
        a, b = simple_fit(f, y[keep])
        pred[i] = a if b is None else a + b * feat(i)
    return 1 - ((y - pred) ** 2).sum() / ((y - y.mean()) ** 2).sum()


out = {"benchmarks": {}, "source": "make_expected.py (numpy %s)" % np.__version__}
zoo = [b for b in bench if meta[b]["category"] == "zoo-domain"]
above = []
for j, b in enumerate(bench):
    y = Y[:, j]
    mb = meta[b]
    dom = [domains.index(x) for x in mb["domains"] if x in domains]
    sel = inp["selections"][b]
    kept, ksign = screen(X, y)
    med = float(np.median(y))
    is_above = med > mb["chance"] + 2 * math.sqrt(mb["chance"] * (1 - mb["chance"]) / mb["items"])
    if is_above and b in zoo:
        above.append(b)

    def avg_feature(keep):
        k2, s2 = screen(X[keep], y[keep])
        return lambda r: float((s2 * X[r, k2]).sum() / len(k2))
    rec = {
        "aboveChance": is_above,
        "screenedKept": sorted(int(v) for v in kept),
        "screenedTop": top_domain(kept, ksign),
        "signatureTop": top_domain(sel["signature"]["indices"], sel["signature"]["signs"]),
        "lomoScreenedAverage": float(lomo(y, avg_feature)),
    }
    if b in zoo:
        rec["screened"] = enrichment(kept, ksign, dom)
        rec["signature"] = enrichment(sel["signature"]["indices"], sel["signature"]["signs"], dom)
        rec["signatureByCoefficientNegative"] = enrichment(sel["signature"]["indices"], np.sign(sel["signature"]["coefficients"]), dom)["negative"]
        dcols = np.where(np.isin(pd, dom))[0]
        fdom = X[:, dcols].mean(axis=1)
        rec["lomoDomainMean"] = float(lomo(y, lambda keep: (lambda r: fdom[r])))
    out["benchmarks"][b] = rec

# screened-set enrichment null of one benchmark over the exported permutations
nc = inp["nullCheck"]
jb = bench.index(nc["benchmark"])
y = Y[:, jb]
dom = [domains.index(x) for x in meta[nc["benchmark"]]["domains"]]
k0, s0 = screen(X, y)
obs = enrichment(k0, s0, dom)
draws = {"all": [], "negative": [], "positive": []}
for perm in nc["permutations"]:
    yp = y[np.array(perm)]  # model i gets the score of model perm[i]
    k, s = screen(X, yp)
    e = enrichment(k, s, dom)
    for key in draws:
        draws[key].append(e[key])
out["nullCheck"] = {"benchmark": nc["benchmark"], "permutations": len(nc["permutations"]), "observed": obs,
                    **{key: summarize(obs[key], draws[key]) for key in draws}}

# overlap matrices of the zoo-domain benchmarks, and their Spearman with the same-domain indicator
mu = X.mean(axis=1, keepdims=True)
sd = X.std(axis=1, keepdims=True)  # population SD
Z = (X - mu) / sd


def spearman_matrix(vectors):
    R = np.array([rankdata(v) for v in vectors])
    return np.corrcoef(R)


def sig_scores(weight):
    out_v = []
    for b in zoo:
        s = inp["selections"][b]["signature"]
        idx = np.array(s["indices"])
        w = np.ones(len(idx)) if weight is None else np.sign(np.array(s[weight], dtype=float))
        out_v.append((Z[:, idx] * w).mean(axis=1))
    return out_v


mats = {
    "signature-unsigned": spearman_matrix(sig_scores(None)),
    "signature-sign-coef": spearman_matrix(sig_scores("coefficients")),
    "signature-sign-screen": spearman_matrix(sig_scores("signs")),
    "performance": spearman_matrix([Y[:, bench.index(b)] for b in zoo]),
}
dom_of = {b: set(meta[b]["domains"]) for b in zoo}


def structure(M, keep):
    ii = [zoo.index(b) for b in keep]
    xs, ss = [], []
    for a in range(len(ii)):
        for c in range(a + 1, len(ii)):
            xs.append(M[ii[a], ii[c]])
            ss.append(1.0 if dom_of[keep[a]] & dom_of[keep[c]] else 0.0)
    xs, ss = np.array(xs), np.array(ss)
    rho = float(np.corrcoef(rankdata(xs), rankdata(ss))[0, 1])
    return {"spearman": rho, "nPairs": len(xs), "nSame": int(ss.sum()), "meanSame": float(xs[ss == 1].mean()), "meanDifferent": float(xs[ss == 0].mean())}


no_code = [b for b in zoo if "code" not in dom_of[b]]
out["overlapDomain"] = {k: {"all": structure(M, zoo), "aboveChance": structure(M, above), "noCode": structure(M, no_code)} for k, M in mats.items()}

# family / format: within vs across over different-domain pairs
infl = []
for k, M in mats.items():
    for factor in ("family", "format"):
        w, a = [], []
        for i in range(len(zoo)):
            for c in range(i + 1, len(zoo)):
                if dom_of[zoo[i]] & dom_of[zoo[c]]:
                    continue
                (w if meta[zoo[i]][factor] == meta[zoo[c]][factor] else a).append(M[i, c])
        p = mannwhitneyu(w, a, use_continuity=True, alternative="two-sided", method="asymptotic").pvalue
        infl.append({"kind": k, "factor": factor, "nWithin": len(w), "nAcross": len(a), "meanWithin": float(np.mean(w)), "meanAcross": float(np.mean(a)), "mannWhitneyP": float(p)})
out["inflation"] = infl
out["aboveChance"] = above

json.dump(out, open(os.path.join(HERE, "expected.json"), "w"), indent=1)
print("expected.json: %d benchmarks, null of %s over %d permutations" % (len(out["benchmarks"]), nc["benchmark"], len(nc["permutations"])))
