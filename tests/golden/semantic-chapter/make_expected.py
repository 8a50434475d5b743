#!/usr/bin/python3
"""Independent expected values for the semantic chapter (tests/chapters-semantic).

Shares no code with src/. Two parts:

A. The semantic overlap matrix itself, recomputed from the raw files in data/questions/ with this script's own
   loaders, tokenizer, TF-IDF and an EXACT truncated SVD (scipy.sparse.linalg.svds; the library uses a randomized
   SVD, so the two embeddings agree only approximately: the test states the tolerance), and the documented
   size-matched bootstrap with the generator re-implemented here (splitmix32-seeded xoshiro128**, per-pair seed =
   first 32 bits of sha256("seed|a|b"), persistent partial Fisher-Yates stopping when the 384-token budget fills).
   Integer facts (questions per benchmark, vocabulary size, token counts) must match exactly.

B. The chapter's aggregation, computed from the library's exported matrix (ts-matrix.json, made by export-ts.ts)
   and data/labels.csv: range / quartiles / share inside the paper's 0.1-0.4 band, the function-level matrix,
   the within- vs cross-category bootstrap with COMMITTED replicate indices (drawn here with numpy) and Holm's
   adjustment, the Mann-Whitney tests (scipy, asymptotic with continuity correction = R's wilcox.test(exact=FALSE))
   for family / format / category, and the maximum clique by Bron-Kerbosch with pivoting (independent of the
   library's colouring branch and bound). These must match to 1e-12.

Run from the repository root:  /usr/bin/python3 tests/golden/semantic-chapter/make_expected.py
Writes tests/golden/semantic-chapter/expected.json and replicates.json.
"""
import csv
import gzip
import hashlib
import json
import os
import unicodedata

import numpy as np
import scipy
from scipy.sparse import csr_matrix
from scipy.sparse.linalg import svds
from scipy.stats import mannwhitneyu

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
Q = os.path.join(ROOT, "data", "questions")
ts = json.load(open(os.path.join(HERE, "ts-matrix.json")))
P = ts["params"]
labels = ts["labels"]
n = len(labels)
M32 = 0xFFFFFFFF


# ------------------------------------------------------------------ A. questions, LSA, bootstrap
def load(b):
    if b.startswith("mmlu_"):
        with open(os.path.join(Q, "mmlu-hendrycks", "data", "test", b[5:] + "_test.csv"), newline="", encoding="utf-8") as f:
            return [r[0] for r in csv.reader(f)]
    if b.startswith("bbh_"):
        ex = json.load(open(os.path.join(Q, "bbh-suzgun", "bbh", b[4:] + ".json"), encoding="utf-8"))["examples"]
        return [e["input"].split("\nOptions:")[0] for e in ex]
    if b == "gsm8k":
        return [json.loads(l)["question"] for l in open(os.path.join(Q, "gsm8k-openai", "test.jsonl"), encoding="utf-8") if l.strip()]
    if b == "humaneval":
        return [json.loads(l)["prompt"] for l in gzip.open(os.path.join(Q, "humaneval-openai", "HumanEval.jsonl.gz"), "rt", encoding="utf-8") if l.strip()]
    if b == "hellaswag":
        lines = gzip.open(os.path.join(Q, "hellaswag-val", "hellaswag_val_full.txt.gz"), "rt", encoding="utf-8").read().split("\n")
        return [lines[i] for i in range(0, len(lines) - 1, 6)]
    raise ValueError(b)


def tokens(text):
    out, cur = [], []
    for ch in text.lower():
        if unicodedata.category(ch)[0] in "LN":
            cur.append(ch)
        elif cur:
            out.append("".join(cur)); cur = []
    if cur:
        out.append("".join(cur))
    return out


def imul(a, b):
    return (a * b) & M32


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class Rng:
    """createRng as documented: splitmix32 seeds four words of xoshiro128**; int(m) by rejection."""

    def __init__(self, seed):
        a = seed & M32
        st = []
        for _ in range(4):
            a = (a + 0x9E3779B9) & M32
            z = a
            z = imul(z ^ (z >> 16), 0x85EBCA6B)
            z = imul(z ^ (z >> 13), 0xC2B2AE35)
            st.append((z ^ (z >> 16)) & M32)
        if not any(st):
            st[0] = 1
        self.s = st

    def u32(self):
        s0, s1, s2, s3 = self.s
        res = imul(rotl(imul(s1, 5), 7), 9)
        t = (s1 << 9) & M32
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return res

    def int(self, m):
        limit = 2 ** 32 - (2 ** 32 % m)
        while True:
            x = self.u32()
            if x < limit:
                return x % m


def cos(a, b):
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def semantic_matrix(bench):
    """TF-IDF (min df 2, smooth idf, unit rows) + exact SVD, then the size-matched bootstrap; upper triangle."""
    sets = [load(b)[: P["maxQuestions"]] for b in bench]
    toks = [[tokens(q) for q in s] for s in sets]
    docs = [t for s in toks for t in s]
    df = {}
    for d in docs:
        for t in set(d):
            df[t] = df.get(t, 0) + 1
    terms = sorted(t for t, c in df.items() if c >= 2)
    vocab = {t: i for i, t in enumerate(terms)}
    N = len(docs)
    idf = np.array([np.log((1 + N) / (1 + df[t])) + 1 for t in terms])
    rows, cols, vals = [], [], []
    for r, d in enumerate(docs):
        cnt = {}
        for t in d:
            if t in vocab:
                cnt[vocab[t]] = cnt.get(vocab[t], 0) + 1
        if not cnt:
            continue
        js = sorted(cnt)
        v = np.array([cnt[j] * idf[j] for j in js])
        v /= np.linalg.norm(v)
        rows += [r] * len(js); cols += js; vals += list(v)
    X = csr_matrix((vals, (rows, cols)), shape=(N, len(terms)))
    k = min(P["lsaDim"], N, len(terms))
    _, sv, vt = svds(X, k=k, which="LM", random_state=0, solver="arpack", tol=0)
    W = vt.T * idf[:, None]  # order and signs of singular vectors do not matter for cosines
    ids = [[np.array([vocab.get(t, -1) for t in q], dtype=np.int64) for q in s] for s in toks]

    def project(a, upto):
        a = a[:upto]
        a = a[a >= 0]
        return W[a].sum(axis=0) if len(a) else np.zeros(W.shape[1])

    full = [[project(a, len(a)) for a in s] for s in ids]
    counts = [[len(a) for a in s] for s in ids]
    budget = P["maxTokens"]

    def concat(kk, order):
        out, left = np.zeros(W.shape[1]), budget
        for q in order:
            if left <= 0:
                break
            if counts[kk][q] <= left:
                out += full[kk][q]; left -= counts[kk][q]
            else:
                out += project(ids[kk][q], left); left = 0
        return out

    upper = []
    m = len(bench)
    for i in range(m):
        for j in range(i + 1, m):
            a, b = bench[i], bench[j]
            s, l = (i, j) if len(sets[i]) <= len(sets[j]) else (j, i)
            head = concat(s, range(len(sets[s])))
            lo, hi = (a, b) if a < b else (b, a)
            rng = Rng(int(hashlib.sha256(f"{P['seed']}|{lo}|{hi}".encode()).hexdigest()[:8], 16))
            state = list(range(len(sets[l])))
            cs = []
            for _ in range(P["resamples"]):
                drawn, tok = [], 0
                for q in range(len(sets[s])):
                    if tok >= budget:
                        break
                    kk = q + rng.int(len(state) - q)
                    state[q], state[kk] = state[kk], state[q]
                    drawn.append(state[q]); tok += counts[l][state[q]]
                cs.append(cos(head, concat(l, drawn)))
            upper.append(float(np.mean(cs)))
    return {"labels": bench, "nQuestions": [len(x) for x in sets], "nTerms": len(terms), "nDocs": N,
            "tokenCounts": {b: int(sum(counts[k])) for k, b in enumerate(bench)},
            "singularValuesTop5": sorted([float(x) for x in sv], reverse=True)[:5], "upper": upper}


full87 = semantic_matrix(labels)
SUBSET = labels[::7]
subset = semantic_matrix(SUBSET)

# ------------------------------------------------------------------ B. aggregation of the library's matrix
M = np.eye(n)
iu = np.triu_indices(n, 1)
M[iu] = ts["upper"]
M[(iu[1], iu[0])] = ts["upper"]
lab = {r["benchmark"]: r for r in csv.DictReader(open(os.path.join(ROOT, "data", "labels.csv"), newline="", encoding="utf-8"))}
fn = [lab[b]["function"] for b in labels]
cat = [lab[b]["category"] for b in labels]
fam = [lab[b]["family"] for b in labels]
fmt = [lab[b]["format"] for b in labels]
assert fn == ts["functions"] and cat == ts["categories"] and fam == ts["families"] and fmt == ts["formats"]
tri = M[iu]
band = [0.1, 0.4]
summary = {
    "mean": float(tri.mean()), "median": float(np.quantile(tri, 0.5)), "min": float(tri.min()), "max": float(tri.max()),
    "q25": float(np.quantile(tri, 0.25)), "q75": float(np.quantile(tri, 0.75)),
    "fractionInPaperBand": float(np.mean((tri >= band[0]) & (tri <= band[1]))),
}


def groups(g):
    names = sorted(set(g))
    return names, [[i for i in range(n) if g[i] == c] for c in names]


def within(mem):
    v = [M[mem[p], mem[q]] for p in range(len(mem)) for q in range(p + 1, len(mem)) if mem[p] != mem[q]]
    return float(np.mean(v)) if v else float("nan")


def between(a, b):
    return float(np.mean([M[i, j] for i in a for j in b]))


names, mem = groups(fn)
K = len(names)
F = np.full((K, K), np.nan)
for c in range(K):
    F[c, c] = within(mem[c])
    for d in range(c + 1, K):
        F[c, d] = F[d, c] = between(mem[c], mem[d])
diag = [F[c, c] for c in range(K) if not np.isnan(F[c, c])]
off = [F[c, d] for c in range(K) for d in range(c + 1, K)]
function_level = {"labels": names, "values": [[None if np.isnan(x) else float(x) for x in row] for row in F],
                  "sizes": [len(m) for m in mem], "meanWithin": float(np.mean(diag)), "meanCross": float(np.mean(off))}


def diffs(members):
    k = len(members)
    B = np.full((k, k), np.nan)
    for c in range(k):
        for d in range(c + 1, k):
            B[c, d] = B[d, c] = between(members[c], members[d])
    out = []
    for c in range(k):
        w = within(members[c])
        cr = float(np.mean([B[c, d] for d in range(k) if d != c]))
        out.append((w, cr, w - cr))
    return out


cnames, cmem = groups(cat)
REPS = 400
rs = np.random.default_rng(20250927)
replicates = [[[int(x) for x in rs.integers(0, len(m), size=len(m))] for m in cmem] for _ in range(REPS)]
obs = diffs(cmem)
stars = [[] for _ in cnames]
for rep in replicates:
    res = diffs([[cmem[k][p] for p in pos] for k, pos in enumerate(rep)])
    for c, (_, _, dd) in enumerate(res):
        if not np.isnan(dd):
            stars[c].append(dd)
cat_rows = []
for c, name in enumerate(cnames):
    d = np.sort(np.array(stars[c]))
    b = len(d)
    le, ge, gt, lt = int((d <= 0).sum()), int((d >= 0).sum()), int((d > 0).sum()), int((d < 0).sum())
    D = obs[c][2]
    if b == 0 or np.isnan(D):
        cat_rows.append({"category": name, "size": len(cmem[c]), "within": None if np.isnan(obs[c][0]) else obs[c][0], "cross": obs[c][1],
                         "diff": None, "lower": None, "upper": None, "percentileOfZero": None, "signedPercentile": None, "p": None,
                         "validResamples": b})
        continue
    cat_rows.append({
        "category": name, "size": len(cmem[c]), "within": obs[c][0], "cross": obs[c][1], "diff": D,
        "lower": float(np.quantile(d, 0.025)), "upper": float(np.quantile(d, 0.975)), "percentileOfZero": 100 * le / b,
        "signedPercentile": (100 * gt / b) if D >= 0 else (-100 * lt / b), "p": min(1.0, 2 * (1 + min(le, ge)) / (b + 1)),
        "validResamples": b,
    })
order = sorted((i for i in range(len(cat_rows)) if cat_rows[i]["p"] is not None), key=lambda i: (cat_rows[i]["p"], i))
for r in cat_rows:
    r["pHolm"] = None
run = 0.0
for k, i in enumerate(order):
    run = max(run, min(1.0, (len(order) - k) * cat_rows[i]["p"]))
    cat_rows[i]["pHolm"] = run


def factor(g):
    w = [M[i, j] for i in range(n) for j in range(i + 1, n) if g[i] == g[j]]
    a = [M[i, j] for i in range(n) for j in range(i + 1, n) if g[i] != g[j]]
    t = mannwhitneyu(w, a, use_continuity=True, alternative="two-sided", method="asymptotic")
    return {"nWithin": len(w), "nAcross": len(a), "withinMean": float(np.mean(w)), "acrossMean": float(np.mean(a)),
            "withinMedian": float(np.median(w)), "acrossMedian": float(np.median(a)), "difference": float(np.mean(w) - np.mean(a)),
            "mannWhitneyW": float(t.statistic), "mannWhitneyP": float(t.pvalue)}


def max_clique(thr):
    adj = [set(j for j in range(n) if j != i and M[i, j] > thr) for i in range(n)]
    best = []

    def bk(R, Pset, Xset):
        nonlocal best
        if not Pset and not Xset:
            if len(R) > len(best):
                best = sorted(R)
            return
        if len(R) + len(Pset) <= len(best):
            return
        u = max(Pset | Xset, key=lambda v: len(adj[v] & Pset))
        for v in sorted(Pset - adj[u]):
            bk(R + [v], Pset & adj[v], Xset & adj[v])
            Pset = Pset - {v}
            Xset = Xset | {v}

    bk([], set(range(n)), set())
    return best


clique = max_clique(P["cliqueThreshold"])
json.dump({"rows": REPS, "categories": cnames, "replicates": replicates}, open(os.path.join(HERE, "replicates.json"), "w"), separators=(",", ":"))
out = {
    "generator": "tests/golden/semantic-chapter/make_expected.py", "numpy": np.__version__, "scipy": scipy.__version__,
    "params": P, "labels": labels,
    "independent": full87, "independentSubset": subset,
    "summary": summary, "functionLevel": function_level, "categoryTests": cat_rows,
    "family": factor(fam), "format": factor(fmt), "category": factor(cat),
    "clique": {"threshold": P["cliqueThreshold"], "size": len(clique), "members": [labels[i] for i in clique]},
}
json.dump(out, open(os.path.join(HERE, "expected.json"), "w"), indent=1)
d = np.abs(np.array(full87["upper"]) - np.array(ts["upper"]))
print(f"independent vs library matrix: max |diff| {d.max():.3g}, mean {d.mean():.3g}; clique {len(clique)}; terms {full87['nTerms']} vs {ts['lsaTerms']}")
