#!/usr/bin/python3
"""Independent recomputation of the performance chapter's headline numbers from data/.

Own CSV parsing (csv module), own benchmark renaming, scipy's Spearman and Mann-Whitney; shares no code
with src/. Run from the repository root with Debian's Python (numpy, scipy):

    /usr/bin/python3 tests/golden/performance/chapter_expected.py

Writes tests/golden/performance/chapter-expected.json (committed; the test reads it, no Python needed).
The permutation p-values use numpy's own generator, so they agree with the TypeScript ones only within
Monte Carlo error (the test allows for that).
"""
import csv, json, sys
import numpy as np
import scipy
from scipy import stats

ROOT = "."
raw = list(csv.reader(open(f"{ROOT}/data/scores/sloth/data_v2.csv", newline="")))
header, rows = raw[0], raw[1:]
V1 = {"MMLU": "mmlu", "ARC": "arc_challenge", "HellaSwag": "hellaswag", "Winogrande": "winogrande",
      "TruthfulQA": "truthfulqa", "GSM8K": "gsm8k"}

def canon(c):
    if c.startswith("hendrycksTest-"):
        return "mmlu_" + c[len("hendrycksTest-"):]
    return V1.get(c, c)

cols = {}
for j, c in enumerate(header):
    k = canon(c)
    if k.startswith(("mmlu_", "bbh_", "gpqa_", "musr_")) or (k.startswith("math_") and k.endswith("_hard")) or k in V1.values():
        cols[k] = j
requested = list(cols)
def val(s):
    return float(s) if s.strip() != "" else np.nan
Y = np.array([[val(r[cols[k]]) for k in requested] for r in rows])
models = [r[1] for r in rows]
complete = ~np.isnan(Y).any(axis=1)
block = Y[complete]
kept = [k for k in requested if k != "mmlu"]
X = block[:, [requested.index(k) for k in kept]]

# aggregate check over all models with mmlu and all 57 subjects
subj = [k for k in requested if k.startswith("mmlu_")]
A = Y[:, [requested.index(k) for k in subj + ["mmlu"]]]
ok = ~np.isnan(A).any(axis=1)
agg_mad = float(np.mean(np.abs(A[ok, -1] - A[ok, :-1].mean(axis=1))))
agg_r = float(np.corrcoef(A[ok, -1], A[ok, :-1].mean(axis=1))[0, 1])

rho = stats.spearmanr(X).correlation  # mid-ranks (average) for ties
n = len(kept)
iu = np.triu_indices(n, 1)
tri = rho[iu]

labels = {}
for r in csv.DictReader(open(f"{ROOT}/data/labels.csv", newline="")):
    labels[r["benchmark"]] = r

def factor(field, seed, only=None):
    sel = [i for i, k in enumerate(kept) if only is None or labels[k]["family"] == only]
    g = np.array([labels[kept[i]][field] for i in sel])
    R = rho[np.ix_(sel, sel)]
    iu_ = np.triu_indices(len(sel), 1)
    t = R[iu_]
    same = (g[:, None] == g[None, :])[iu_]
    w, a = t[same], t[~same]
    mw = stats.mannwhitneyu(w, a, use_continuity=True, alternative="two-sided", method="asymptotic")
    mwg = stats.mannwhitneyu(w, a, use_continuity=True, alternative="greater", method="asymptotic")
    obs = w.mean() - a.mean()
    rng = np.random.default_rng(seed)
    B, ge = 10000, 0
    for _ in range(B):
        p = rng.permutation(g)
        s = (p[:, None] == p[None, :])[iu_]
        if t[s].mean() - t[~s].mean() >= obs - 1e-12:
            ge += 1
    by = {}
    for grp in sorted(set(g)):
        idx = np.where(g == grp)[0]
        if len(idx) > 1:
            sub = R[np.ix_(idx, idx)][np.triu_indices(len(idx), 1)]
            by[grp] = float(sub.mean())
    return {
        "groups": {k: int((g == k).sum()) for k in sorted(set(g))},
        "nWithin": int(len(w)), "nAcross": int(len(a)),
        "withinMean": float(w.mean()), "acrossMean": float(a.mean()),
        "withinMedian": float(np.median(w)), "acrossMedian": float(np.median(a)),
        "difference": float(obs),
        "mannWhitneyU": float(mw.statistic), "mannWhitneyP": float(mw.pvalue), "mannWhitneyPGreater": float(mwg.pvalue),
        "permutations": B, "permutationP": (1 + ge) / (B + 1), "withinByGroup": by,
    }

out = {
    "generator": f"tests/golden/performance/chapter_expected.py (Python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__})",
    "nModels": int(complete.sum()), "nBenchmarks": n, "nPairs": int(len(tri)), "requested": len(requested),
    "models": [m for m, c in zip(models, complete) if c],
    "droppedAggregate": {"benchmark": "mmlu", "meanAbsDiff": agg_mad, "pearson": agg_r},
    "meanOverlap": float(tri.mean()), "medianOverlap": float(np.median(tri)),
    "minOverlap": float(tri.min()), "maxOverlap": float(tri.max()),
    "fractionAbove05": float((tri > 0.5).mean()),
    "rowSums": {k: float(rho[i].sum()) for i, k in enumerate(kept)},
    "family": factor("family", 1), "format": factor("format", 2),
    "category": factor("category", 4),
    "formatWithinFamily": {f: factor("format", 3, only=f) for f in ["BBH", "OpenLLMv1"]},
}
json.dump(out, open(f"{ROOT}/tests/golden/performance/chapter-expected.json", "w"), indent=1)
print("wrote tests/golden/performance/chapter-expected.json")
