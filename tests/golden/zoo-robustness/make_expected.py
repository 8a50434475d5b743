#!/usr/bin/python3
"""Independent recomputation of the zoo robustness chapter's numbers on the smoke fixture.

Reads the fixture files directly (tests/fixtures/zoo-smoke/zoo-data) and the piece lists the chapter compared
(signatures.json, exported from the TypeScript by export_signatures.ts), and recomputes with numpy/scipy:

  * the tail-size rule (per tail k = max(1, floor(r*d)), widened to max(2m, 50) in total, all kept when the
    tails would cover d) for every ratio on the full pool and for each wild half;
  * its own Thrush screen (v = 2*midrank(y) - m - 1, y oriented higher = better; statistic = sum_k c_k v_k with
    c the centred mid-ranks of the piece's surprisal across models; top and bottom tails, ties to the lower
    column index) and checks that every signature lies inside the screened set of its ratio / half;
  * (the whole-pool random baseline, "random50-pool", is not screened and is not checked against the screen);
  * the paper's unsigned signature overlap (z-scores within each model over every column of the pool, the
    population SD; per-model mean over the signature; Spearman across models) and the sign-weighted variant;
  * every agreement: Pearson and Spearman of the strict upper triangles of two overlap matrices; mean Jaccard.

Writes expected.json next to this file. Run from the repository root:

    /usr/bin/python3 tests/golden/zoo-robustness/make_expected.py
"""
import json
import math
import os

import numpy as np
from scipy.stats import rankdata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def load():
    sig = json.load(open(os.path.join(HERE, "signatures.json")))
    d = os.path.join(ROOT, sig["fixture"])
    fdir = os.path.join(d, sig["feature"])
    rows = json.load(open(os.path.join(fdir, "manifest.json")))["rows"]
    cols = [l for l in open(os.path.join(fdir, "columns.txt")).read().split("\n") if l]
    X = np.fromfile(os.path.join(fdir, "values.f32"), dtype="<f4").reshape(len(rows), len(cols)).astype(np.float64)
    pieces = [json.loads(l) for l in open(os.path.join(d, "pieces.jsonl")) if l.strip()]
    half_of = {p["id"]: p["half"] for p in pieces}
    meta = json.load(open(os.path.join(d, "scores.meta.json")))["benchmarks"]
    lines = [l.split(",") for l in open(os.path.join(d, "scores.csv")).read().split("\n") if l]
    header, body = lines[0], lines[1:]
    models = [r[0] for r in body]
    assert models == rows, "scores and features list the models in different orders"
    scores = {b: np.array([float(r[k + 1]) for r in body]) for k, b in enumerate(header[1:])}
    return sig, X, cols, half_of, meta, scores


def tail_sizes(d, ratio, min_cand):
    r = min(ratio, 0.5)
    per = max(1, math.floor(r * d * (1 + 1e-12)))
    top = bot = per
    if top + bot < min_cand:
        need = min_cand - top - bot
        top += (need + 1) // 2
        bot += need // 2
    if top + bot >= d:
        return per, (d + 1) // 2, d - (d + 1) // 2, True
    return per, top, bot, False


def thrush_kept(X, y, ratio):
    m, d = X.shape
    v = 2 * rankdata(y) - m - 1
    c = np.apply_along_axis(rankdata, 0, X) - (m + 1) / 2
    stat = c.T @ v
    per, nt, nb, allk = tail_sizes(d, ratio, max(2 * m, 50))
    idx = np.arange(d)
    if allk:
        return set(range(d)), per
    top = np.lexsort((idx, -stat))[:nt]
    bot = np.lexsort((idx, stat))[:nb]
    return set(top.tolist()) | set(bot.tolist()), per


def overlap(X, lists, signs=None):
    mu = X.mean(axis=1, keepdims=True)
    sd = X.std(axis=1, keepdims=True)  # population SD
    Z = (X - mu) / sd
    U = []
    for k, cols in enumerate(lists):
        w = np.ones(len(cols)) if signs is None else np.array(signs[k])
        U.append((Z[:, cols] * w).mean(axis=1))
    R = np.array([rankdata(u) for u in U])
    return np.corrcoef(R)


def agreement(A, B):
    iu = np.triu_indices(A.shape[0], 1)
    a, b = A[iu], B[iu]
    ok = np.isfinite(a) & np.isfinite(b)
    a, b = a[ok], b[ok]
    return {"pearson": float(np.corrcoef(a, b)[0, 1]), "spearman": float(np.corrcoef(rankdata(a), rankdata(b))[0, 1]), "pairs": int(ok.sum())}


def jaccard(L1, L2):
    v = [len(set(a) & set(b)) / len(set(a) | set(b)) for a, b in zip(L1, L2) if set(a) | set(b)]
    return float(np.mean(v))


def main():
    sig, X, cols, half_of, meta, scores = load()
    bench = sig["benchmarks"]
    assert bench == [b for b in scores if meta[b]["category"] == "zoo-domain"], "benchmark list is not the zoo-domain benchmarks in table order"
    m, d = X.shape
    ys = {b: (scores[b] if meta[b]["direction"] == "higher" else -scores[b]) for b in bench}
    sgn = lambda s: [1.0 if ch == "+" else -1.0 if ch == "-" else 0.0 for ch in s]

    def lists_of(sigs):
        return [sigs[b]["pieces"] for b in bench], ([sgn(sigs[b]["signs"]) for b in bench] if sigs[bench[0]]["signs"] is not None else None)

    def check_inside(sigs, Xp, colmap, ratio, what):
        for b in bench:
            kept, _ = thrush_kept(Xp, ys[b], ratio)
            outside = [j for j in sigs[b]["pieces"] if colmap[j] not in kept]
            assert not outside, f"{what} {b}: {len(outside)} pieces outside the screened set"

    # regressor agreement (ratio 0.01, full pool)
    ident = {j: j for j in range(d)}
    reg = sig["regressors"]
    cand = []
    for b in bench:
        kept, _ = thrush_kept(X, ys[b], 0.01)
        cand.append(len(kept))
    for meth, sigs in reg.items():
        if meth != "random50-pool":  # drawn from the whole pool, not the screened set
            check_inside(sigs, X, ident, 0.01, meth)
    mats, mats_sw, L = {}, {}, {}
    for meth, sigs in reg.items():
        lst, sg = lists_of(sigs)
        L[meth] = lst
        mats[meth] = overlap(X, lst)
        if sg is not None:
            mats_sw[meth] = overlap(X, lst, sg)
    meths = list(reg.keys())
    pairs = {}
    for i in range(len(meths)):
        for j in range(i + 1, len(meths)):
            a, b = meths[i], meths[j]
            e = agreement(mats[a], mats[b])
            e["signWeightedSpearman"] = agreement(mats_sw[a], mats_sw[b])["spearman"] if a in mats_sw and b in mats_sw else None
            e["meanJaccard"] = jaccard(L[a], L[b])
            pairs[f"{a}|{b}"] = e

    # screening ratios (full pool)
    by_ratio = {}
    for r in sig["ratios"]:
        by_ratio[r["ratio"]] = r.get("signatures")
    for r in sig["ratios"]:
        if "sameAs" in r:
            by_ratio[r["ratio"]] = by_ratio[r["sameAs"]]
    ratios = [r["ratio"] for r in sig["ratios"]]
    rmats, rlists, rrows = [], [], []
    for r in ratios:
        sigs = by_ratio[r]
        check_inside(sigs, X, ident, r, f"ratio {r}")
        lst, _ = lists_of(sigs)
        rlists.append(lst)
        rmats.append(overlap(X, lst))
    ref = ratios.index(0.01)
    for g, r in enumerate(ratios):
        per, nt, nb, allk = tail_sizes(d, r, max(2 * m, 50))
        kept, _ = thrush_kept(X, ys[bench[0]], r)
        assert len(kept) == nt + nb, f"ratio {r}: screen kept {len(kept)}, rule says {nt + nb}"
        rrows.append({
            "ratio": r, "askedPerTail": per, "askedCandidates": 2 * per, "effectiveCandidates": nt + nb,
            "medianSize": float(np.median([len(x) for x in rlists[g]])),
            "vsPaperRatio": agreement(rmats[g], rmats[ref]),
            "vsPrevious": agreement(rmats[g], rmats[g - 1]) if g > 0 else None,
            "jaccardVsPaperRatio": jaccard(rlists[g], rlists[ref]),
        })
    paper_pairs = [(1e-6, 1e-5), (1e-5, 1e-4), (1e-4, 1e-3), (1e-3, 0.01), (0.01, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 1)]
    ppairs = [{"from": a, "to": b, **agreement(rmats[ratios.index(a)], rmats[ratios.index(b)])} for a, b in paper_pairs if a in ratios and b in ratios]

    # corpus swap: each half on its own columns
    full = overlap(X, rlists[ref])
    halves, hm = [], {}
    for h in ["wild-a", "wild-b"]:
        hcols = [j for j, c in enumerate(cols) if half_of[c] == h]
        pos = {j: k for k, j in enumerate(hcols)}
        Xh = X[:, hcols]
        sigs = sig["halves"][h]
        check_inside(sigs, Xh, pos, 0.01, h)
        lst, _ = lists_of(sigs)
        per, nt, nb, allk = tail_sizes(len(hcols), 0.01, max(2 * m, 50))
        hm[h] = overlap(Xh, [[pos[j] for j in l] for l in lst])
        halves.append({"half": h, "pieces": len(hcols), "candidates": nt + nb, "medianSize": float(np.median([len(x) for x in lst])),
                       "vsFullPool": agreement(hm[h], full)})
    swap = {**agreement(hm["wild-a"], hm["wild-b"]), "halves": halves}

    out = {
        "note": "written by make_expected.py from signatures.json and the smoke fixture; see README.md",
        "nModels": m, "nPieces": d, "benchmarks": bench, "screenedCandidates": cand,
        "regressorSizes": {k: [len(x) for x in v] for k, v in L.items()},
        "regressorMedianOverlap": {k: float(np.median(v[np.triu_indices(len(bench), 1)])) for k, v in mats.items()},
        "regressorPairs": pairs, "ratios": rrows, "paperRatioPairs": ppairs, "corpusSwap": swap,
    }
    json.dump(out, open(os.path.join(HERE, "expected.json"), "w"), indent=1)
    print("AIC-lasso", pairs["aic|lasso"], "swap", swap["spearman"])


if __name__ == "__main__":
    main()
