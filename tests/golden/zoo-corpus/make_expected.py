#!/usr/bin/env python3
"""Independent recomputation of the zoo corpus chapter's headline numbers on the CI fixture.

Reads tests/fixtures/zoo-smoke/zoo-data directly (features-*/values.f32 little-endian float32 row-major,
columns.txt, manifest.json rows, pieces.jsonl, scores.csv, scores.meta.json, scores.summary.json,
models.json) and re-implements every statistic from its definition with numpy/scipy; it never imports the
TypeScript. Writes expected.json next to this file.

Definitions (as the chapter states them):
  Thrush   gamma_j = sum_{k<l} sign(y_k - y_l) * (r_kj - r_lj), r = mid-ranks of feature j across models
           (scipy rankdata 'average'), y = score (all zoo benchmarks are higher = better); computed here by
           the literal pair sum; shown normalised by m(m^2-1)/6.
  Table 1  std (ddof=1), IQR = Q75 - Q25, Max - Q99, Q01 - Min with numpy's default 'linear' quantiles
           (R type 7); adj R^2 of OLS y ~ 1 + the 5 features with the largest |gamma| (ties: lower column
           index): 1 - (RSS/(n-r-1)) / (TSS/(n-1)), r = rank of the 5 columns. Largest value wins a cell;
           exact ties count as 'tie'.
  Coarse levels, two variants: 'tokenMean' = features-chunk / features-document as stored (mean NLL per
           token); 'bytes' = bits per byte of the pool's pieces per window / document, sum(nats) / (ln 2 *
           sum(bytes)), a piece 'doc:pos' belonging to the chunk column 'doc@start' with the largest start <= pos,
           bytes_j = round(median_i sum_ij / (ln 2 * bpb_ij)).
  Benchmarks of Table 1: qualifying benchmarks by split-half reliability (Spearman-Brown) descending, ties by
           name, at most one per source domain (first 4); filled from the other zoo-domain benchmarks in the same
           order when fewer than 4 domains qualify.
  Screens  both Thrush tails: per tail k = max(1, floor(0.01 d)); if 2k < max(2m, 50), the shortfall is added
           ceil/2 to the top and floor/2 to the bottom; top = largest gamma, bottom = smallest, ties by lower
           column index; Jaccard = |A & B| / |A | B|.
"""
import json, math, os
import numpy as np
from scipy.stats import rankdata, spearmanr

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(ROOT, "tests", "fixtures", "zoo-smoke", "zoo-data")


def load_matrix(name):
    d = os.path.join(DATA, "features-" + name)
    man = json.load(open(os.path.join(d, "manifest.json")))
    cols = open(os.path.join(d, "columns.txt")).read().split("\n")[: man["nCols"]]
    v = np.fromfile(os.path.join(d, "values.f32"), dtype="<f4").reshape(len(man["rows"]), man["nCols"])
    return man["rows"], cols, v


def load_scores():
    lines = open(os.path.join(DATA, "scores.csv")).read().strip().split("\n")
    header = lines[0].split(",")[1:]
    models, vals = [], []
    for ln in lines[1:]:
        parts = ln.split(",")
        models.append(parts[0])
        vals.append([float(x) for x in parts[1:]])
    return models, header, np.array(vals)


def thrush_pairs(X, y):
    """Literal pair sum over k < l for every column of X (rows = models)."""
    m = X.shape[0]
    R = np.apply_along_axis(lambda c: rankdata(c, method="average"), 0, X.astype(np.float64))
    ks, ls = np.triu_indices(m, 1)
    s = np.sign(y[ks] - y[ls])
    return (s[:, None] * (R[ks] - R[ls])).sum(axis=0)


def q(x, p):
    return float(np.quantile(x, p))  # numpy default method 'linear' = R type 7


def adj_r2_top(X, y, g, k=5):
    n, p = X.shape
    kk = min(k, p, n - 2)
    order = np.lexsort((np.arange(p), -np.abs(g)))[:kk]
    A = np.column_stack([np.ones(n), X[:, order].astype(np.float64)])
    beta, *_ = np.linalg.lstsq(A, y, rcond=None)
    rss = float(((y - A @ beta) ** 2).sum())
    tss = float(((y - y.mean()) ** 2).sum())
    r = np.linalg.matrix_rank(A) - 1
    return 1 - (rss / (n - r - 1)) / (tss / (n - 1))


def tails(g, m, ratio=0.01):
    d = len(g)
    per = max(1, math.floor(ratio * d * (1 + 1e-12)))
    n_top = n_bot = per
    min_c = max(2 * m, 50)
    if n_top + n_bot < min_c:
        need = min_c - n_top - n_bot
        n_top += math.ceil(need / 2)
        n_bot += need // 2
    if n_top + n_bot >= d:
        return set(range(d))
    idx = np.arange(d)
    top = np.lexsort((idx, -g))[:n_top]
    bot = np.lexsort((idx, g))[:n_bot]
    return set(top.tolist()) | set(bot.tolist())


def jaccard(a, b):
    u = len(a | b)
    return len(a & b) / u if u else float("nan")


def main():
    models, bench, Y = load_scores()
    meta = json.load(open(os.path.join(DATA, "scores.meta.json")))["benchmarks"]
    summ = json.load(open(os.path.join(DATA, "scores.summary.json")))
    mj = json.load(open(os.path.join(DATA, "models.json")))
    rows, pcols, S = load_matrix("sum")
    _, _, L = load_matrix("last")
    _, _, B = load_matrix("bpb")
    _, ccols, C = load_matrix("chunk")
    _, dcols, D = load_matrix("document")
    assert rows == models
    m = len(models)
    scale = m * (m * m - 1) / 6
    pieces = [json.loads(l) for l in open(os.path.join(DATA, "pieces.jsonl")) if l.strip()]
    assert [p["id"] for p in pieces] == pcols

    # --- pool
    nbytes = np.rint(np.median(S.astype(np.float64) / (math.log(2) * B.astype(np.float64)), axis=0)).astype(int)
    cells = {}
    for j, p in enumerate(pieces):
        c = cells.setdefault(p["domain"] + "/" + p["half"], {"pieces": 0, "textBytes": 0, "scoredBytes": 0})
        c["pieces"] += 1
        c["textBytes"] += len(p["text"].encode("utf8"))
        c["scoredBytes"] += int(nbytes[j])

    # --- surprisal per tokenizer
    tok = [mj["meta"][x]["tokenizer"] for x in models]
    held = np.array([mj["meta"][x]["heldout_nats_per_byte"] for x in models])
    med_n = np.array([q(S[i].astype(np.float64), 0.5) for i in range(m)])
    med_l = np.array([q(L[i].astype(np.float64), 0.5) for i in range(m)])
    med_b = np.array([q(B[i].astype(np.float64), 0.5) for i in range(m)])
    pooled = S.astype(np.float64).sum(axis=1) / (math.log(2) * nbytes.sum())
    tokenizers = {}
    for t in sorted(set(tok)):
        ii = [i for i in range(m) if tok[i] == t]
        tokenizers[t] = {"models": len(ii), "medianNats": float(np.median(med_n[ii])), "medianLast": float(np.median(med_l[ii])),
                         "medianBpb": float(np.median(med_b[ii])), "pooledBpb": float(np.median(pooled[ii]))}
    heldout = {"pooledBpb": spearmanr(held, pooled)[0], "medianNats": spearmanr(held, med_n)[0],
               "medianLast": spearmanr(held, med_l)[0], "medianBpb": spearmanr(held, med_b)[0]}

    # --- Table 1
    rel = {p["name"]: p["reliability"]["spearmanBrown"] for p in summ["perBenchmark"]}
    qual = [b for b in summ["qualifying"] if b in bench]
    chosen, used = [], set()
    def relkey(b):
        r = rel.get(b)
        return -r if isinstance(r, (int, float)) and math.isfinite(r) else math.inf
    others = [b for b in bench if b not in qual and meta[b].get("category") == "zoo-domain"]
    # qualifying benchmarks first; filled from the other zoo-domain benchmarks when fewer than 4 domains qualify
    for group in (qual, others):
        for b in sorted(group, key=lambda b: (relkey(b), b)):
            if len(chosen) == 4:
                break
            dom = meta[b].get("sourceDomain") or meta[b]["domains"][0]
            if dom in used:
                continue
            chosen.append(b); used.add(dom)
    # byte-normalised windows and documents from the pieces
    starts = {}
    for c in ccols:
        doc, st = c.rsplit("@", 1)
        starts.setdefault(doc, []).append(int(st))
    chunk_of, doc_of = {}, {}
    for j, pid in enumerate(pcols):
        doc, pos = pid.rsplit(":", 1)
        pos = int(pos)
        doc_of.setdefault(doc, []).append(j)
        cands = [x for x in starts.get(doc, []) if x <= pos]
        if cands:
            chunk_of.setdefault("%s@%d" % (doc, max(cands)), []).append(j)

    def group_bpb(groups):
        S64 = S.astype(np.float64)
        return np.column_stack([S64[:, idx].sum(axis=1) / (math.log(2) * nbytes[idx].sum()) for idx in groups.values()])

    variants = {
        "tokenMean": {"piece": S, "chunk": C, "document": D},
        "bytes": {"piece": S, "chunk": group_bpb(chunk_of), "document": group_bpb(doc_of)},
    }
    measures = ["std", "iqr", "maxMinusQ99", "q01MinusMin", "adjR2"]

    def table_rows(names, levels):
        out = {}
        for b in names:
            y = Y[:, bench.index(b)]
            row = {}
            for lv, X in levels.items():
                g = thrush_pairs(X, y) / scale
                row[lv] = {"nFeatures": X.shape[1], "std": float(np.std(g, ddof=1)), "iqr": q(g, 0.75) - q(g, 0.25),
                           "maxMinusQ99": float(g.max()) - q(g, 0.99), "q01MinusMin": q(g, 0.01) - float(g.min()),
                           "median": q(g, 0.5), "adjR2": adj_r2_top(X, y, g)}
            win = {}
            for ms in measures:
                vals = {lv: row[lv][ms] for lv in levels}
                best = max(vals.values())
                who = [lv for lv, v in vals.items() if v == best]
                win[ms] = who[0] if len(who) == 1 else "tie"
            out[b] = {"levels": row, "winner": win}
        return out

    def wins(tab):
        w = {"piece": 0, "chunk": 0, "document": 0, "tie": 0}
        for r in tab.values():
            for ms in measures:
                w[r["winner"][ms]] += 1
        return w

    table1 = {}
    for name, levels in variants.items():
        t1 = table_rows(chosen, levels)
        tq = table_rows(qual, levels)
        table1[name] = {"rows": t1, "wins": wins(t1), "cells": 5 * len(chosen),
                        "allQualifying": {"wins": wins(tq), "cells": 5 * len(qual)},
                        "nFeatures": {lv: int(X.shape[1]) for lv, X in levels.items()}}

    # --- unit ablation: screened sets
    units = {"sum": S, "last": L, "bpb": B}
    screened = {}
    for b in bench:
        y = Y[:, bench.index(b)]
        sets = {u: tails(thrush_pairs(X, y), m) for u, X in units.items()}
        screened[b] = {"sum-last": jaccard(sets["sum"], sets["last"]), "sum-bpb": jaccard(sets["sum"], sets["bpb"]),
                       "last-bpb": jaccard(sets["last"], sets["bpb"]), "size": len(sets["sum"])}
    med = {k: float(np.median([screened[b][k] for b in bench])) for k in ["sum-last", "sum-bpb", "last-bpb"]}
    med_q = {k: float(np.median([screened[b][k] for b in qual])) for k in ["sum-last", "sum-bpb", "last-bpb"]}

    out = {
        "source": "tests/golden/zoo-corpus/make_expected.py on tests/fixtures/zoo-smoke (numpy %s, scipy)" % np.__version__,
        "nModels": m, "nPieces": len(pcols), "nChunks": len(ccols), "nDocuments": len(dcols),
        "poolCells": cells, "totalScoredBytes": int(nbytes.sum()),
        "tokenizers": tokenizers, "heldoutSpearman": heldout,
        "thrushScale": scale,
        "chunkPieces": {"min": min(len(v) for v in chunk_of.values()), "median": float(np.median([len(v) for v in chunk_of.values()])),
                        "max": max(len(v) for v in chunk_of.values()),
                        "short": sum(1 for v in chunk_of.values() if len(v) < max(len(w) for w in chunk_of.values()))},
        "table1": {"benchmarks": chosen, "qualifying": qual, "tokenMean": table1["tokenMean"], "bytes": table1["bytes"]},
        "screenedJaccard": screened, "screenedJaccardMedian": med, "screenedJaccardMedianQualifying": med_q,
    }
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
