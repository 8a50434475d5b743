#!/usr/bin/python3
"""Independent recomputation of the zoo bias chapter's test statistics on the committed smoke fixture.

The three overlap matrices (performance; signature unsigned; signature weighted by the sign of the screening
statistic) are recomputed from the fixture's raw files by tests/golden/zoo-overlaps/make_expected.py (its
functions are imported; no TypeScript output is read apart from the signature piece lists). For every
(factor, pair set, level): the pairs i < j split into same-group and different-group values, and
scipy.stats.mannwhitneyu(within, across, use_continuity=True, method="asymptotic") with alternative
"two-sided" and "greater" (= R wilcox.test(exact = FALSE, correct = TRUE), the TS convention: tie-corrected
variance, continuity 0.5). "different-domain" drops every same-domain pair first. Also Table 5's observed
within / cross / difference per domain (the bootstrap itself is seeded in TS and not redone here).
Run from the repository root:
    /usr/bin/python3 tests/golden/zoo-bias/make_expected.py
"""
import json
import os
import sys

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "zoo-overlaps"))
import make_expected as ov  # noqa: E402


def split(M, groups, domains, pairs):
    k = M.shape[0]
    w, a = [], []
    for i in range(k):
        for j in range(i + 1, k):
            if pairs == "different-domain" and domains[i] == domains[j]:
                continue
            (w if groups[i] == groups[j] else a).append(M[i, j])
    return np.array(w), np.array(a)


def table5(M, domains):
    names = sorted(set(domains))
    mem = {g: [i for i, x in enumerate(domains) if x == g] for g in names}
    between = {(g, h): np.mean([M[i, j] for i in mem[g] for j in mem[h]]) for g in names for h in names if g != h}
    rows = []
    for g in names:
        m = mem[g]
        within = np.mean([M[i, j] for p, i in enumerate(m) for j in m[p + 1:]])
        cross = np.mean([between[(g, h)] for h in names if h != g])
        rows.append({"domain": g, "within": float(within), "cross": float(cross), "diff": float(within - cross)})
    return rows


def main():
    d = ov.matrices()
    groups = {"family": d["families"], "format": d["formats"], "domain": d["domains"]}
    cells = []
    for factor in ("family", "format", "domain"):
        for pairs in (("all",) if factor == "domain" else ("all", "different-domain")):
            for level in ("performance", "signature", "signatureSigned"):
                w, a = split(d["matrices"][level], groups[factor], d["domains"], pairs)
                two = stats.mannwhitneyu(w, a, use_continuity=True, alternative="two-sided", method="asymptotic")
                gt = stats.mannwhitneyu(w, a, use_continuity=True, alternative="greater", method="asymptotic")
                cells.append({
                    "factor": factor, "pairs": pairs, "level": level, "nWithin": int(len(w)), "nAcross": int(len(a)),
                    "withinMean": float(w.mean()), "acrossMean": float(a.mean()),
                    "W": float(two.statistic), "p": float(two.pvalue), "pGreater": float(gt.pvalue),
                })
    out = {
        "cells": cells,
        "table5": {l: table5(d["matrices"][l], d["domains"]) for l in ("performance", "signature", "signatureSigned")},
        "generator": "tests/golden/zoo-bias/make_expected.py (numpy %s, scipy %s)" % (np.__version__, __import__("scipy").__version__),
    }
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
