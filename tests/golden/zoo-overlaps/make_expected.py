#!/usr/bin/python3
"""Independent recomputation of the zoo overlaps chapter's headline numbers on the committed smoke fixture.

Reads tests/fixtures/zoo-smoke/zoo-data directly (scores.csv, scores.meta.json, features-sum/values.f32 with
columns.txt and manifest.json rows) and the signature piece lists in signatures.json (exported from the TS
pipeline: the only TS-made input). Re-implements, with numpy/scipy only:
  - the display order (domain by first appearance in scores.csv, then family, then format, then name);
  - performance overlap: scipy.stats.spearmanr of the score columns;
  - signature overlap: z-score each model's row over all pieces (population SD), per-model mean over each
    signature (unsigned; and weighted by the sign of the screening statistic), scipy spearmanr across models;
  - function-level mean within / mean cross by domain and by family (each group / group pair weighted equally);
  - Spearman of each level's upper triangle with the same-domain indicator.
Writes expected.json next to this file. Run from the repository root:
    /usr/bin/python3 tests/golden/zoo-overlaps/make_expected.py
"""
import csv
import json
import os

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FIX = os.path.join(ROOT, "tests", "fixtures", "zoo-smoke", "zoo-data")
FAMILY_ORDER = ["nextword", "nextspan", "wordorder", "spelling", "mmlu", "hellaswag"]
FORMAT_ORDER = ["multiple-choice", "true-false"]


def load():
    with open(os.path.join(FIX, "scores.csv")) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    models = [r[0] for r in body]
    scores = {b: np.array([float(r[j + 1]) for r in body]) for j, b in enumerate(header[1:])}
    meta = json.load(open(os.path.join(FIX, "scores.meta.json")))["benchmarks"]
    fdir = os.path.join(FIX, "features-sum")
    fman = json.load(open(os.path.join(fdir, "manifest.json")))
    cols = open(os.path.join(fdir, "columns.txt")).read().split("\n")
    cols = [c for c in cols if c]
    X = np.fromfile(os.path.join(fdir, "values.f32"), dtype="<f4").astype(np.float64).reshape(len(fman["rows"]), len(cols))
    assert fman["rows"] == models, "feature rows and score rows are the same models in the same order"
    sigs = json.load(open(os.path.join(HERE, "signatures.json")))["signatures"]
    return header[1:], models, scores, meta, X, cols, sigs


def order(names, meta):
    main = [b for b in names if meta[b]["category"] == "zoo-domain"]
    dom = lambda b: "+".join(meta[b]["domains"])
    drank = {}
    for b in main:
        drank.setdefault(dom(b), len(drank))
    rank = lambda lst, x: lst.index(x) if x in lst else len(lst)
    main.sort(key=lambda b: (drank[dom(b)], rank(FAMILY_ORDER, meta[b]["family"]), rank(FORMAT_ORDER, meta[b]["format"]), b))
    return main, [dom(b) for b in main], [meta[b]["family"] for b in main], [meta[b]["format"] for b in main]


def spearman_matrix(vectors):
    k = len(vectors)
    out = np.eye(k)
    for i in range(k):
        for j in range(i + 1, k):
            out[i, j] = out[j, i] = stats.spearmanr(vectors[i], vectors[j]).correlation
    return out


def signature_vectors(X, cols, sigs, labels, signed):
    mu = X.mean(axis=1, keepdims=True)
    sd = X.std(axis=1, keepdims=True)  # population SD (ddof = 0)
    Z = (X - mu) / sd
    pos = {c: j for j, c in enumerate(cols)}
    out = []
    for b in labels:
        idx = [pos[p] for p in sigs[b]["pieces"]]
        w = np.sign(np.array(sigs[b]["screenStatistics"], dtype=float)) if signed else np.ones(len(idx))
        out.append((Z[:, idx] * w).mean(axis=1))
    return out


def function_level(M, groups):
    names = sorted(set(groups))
    mem = {g: [i for i, x in enumerate(groups) if x == g] for g in names}
    within, cross = [], []
    for a, g in enumerate(names):
        m = mem[g]
        v = [M[i, j] for p, i in enumerate(m) for j in m[p + 1:]]
        if v:
            within.append(np.mean(v))
        for h in names[a + 1:]:
            cross.append(np.mean([M[i, j] for i in mem[g] for j in mem[h]]))
    return {"labels": names, "meanWithin": float(np.mean(within)), "meanCross": float(np.mean(cross))}


def upper(M):
    k = M.shape[0]
    return np.array([M[i, j] for i in range(k) for j in range(i + 1, k)])


def same_indicator(groups):
    k = len(groups)
    return np.array([1.0 if groups[i] == groups[j] else 0.0 for i in range(k) for j in range(i + 1, k)])


def matrices():
    names, models, scores, meta, X, cols, sigs = load()
    labels, domains, families, formats = order(names, meta)
    mats = {
        "performance": spearman_matrix([scores[b] for b in labels]),
        "signature": spearman_matrix(signature_vectors(X, cols, sigs, labels, False)),
        "signatureSigned": spearman_matrix(signature_vectors(X, cols, sigs, labels, True)),
    }
    return {"labels": labels, "domains": domains, "families": families, "formats": formats, "models": models, "matrices": mats}


def main():
    d = matrices()
    mats = d["matrices"]
    out = {
        "labels": d["labels"], "domains": d["domains"], "families": d["families"], "formats": d["formats"], "nModels": len(d["models"]),
        "matrices": {k: v.tolist() for k, v in mats.items()},
        "functionLevel": {l: {g: function_level(mats[l], d["domains"] if g == "domain" else d["families"]) for g in ("domain", "family")} for l in mats},
        "domainStructure": {l: float(stats.spearmanr(upper(mats[l]), same_indicator(d["domains"])).correlation) for l in mats},
        "means": {l: float(upper(mats[l]).mean()) for l in mats},
        "generator": "tests/golden/zoo-overlaps/make_expected.py (numpy %s, scipy %s)" % (np.__version__, __import__("scipy").__version__),
    }
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
