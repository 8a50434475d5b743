#!/usr/bin/python3
"""Independent reference values for tests/overlap-ext (numpy 1.24 / scipy 1.10, Debian's /usr/bin/python3).

Writes tests/golden/overlap/goldens.json: inputs (seeded numpy), the resample / permutation indices the
TypeScript tests must use, and the values this script computes from them. The TypeScript tests read the
committed file; neither Python nor this script is needed at test time.

Run: /usr/bin/python3 tests/golden/overlap/make_goldens.py
"""
import json
import os
import re

import numpy as np
from scipy.stats import spearmanr, rankdata

rng = np.random.default_rng(20250927)
out = {"generator": "tests/golden/overlap/make_goldens.py", "numpy": np.__version__}


def q7(x, p):
    """R type-7 quantile (numpy's default 'linear')."""
    return float(np.quantile(np.asarray(x, dtype=float), p)) if len(x) else None


# ---------------------------------------------------------------- signature overlap + model bootstrap
m, p = 12, 40
X = rng.normal(3.0, 1.0, size=(m, p)) + rng.normal(0, 0.5, size=(m, 1))
cols = [f"d{j // 8}:{j % 8}" for j in range(p)]
sig_idx = [[0, 3, 5, 7, 11], [3, 5, 8, 13, 21, 34], [1, 2, 4, 6, 10, 12, 14], [20, 22, 24, 26, 28]]
coefs = [[float(c) for c in rng.normal(size=len(s))] for s in sig_idx]


def sig_scores(pool, signed):
    if pool == "all":
        mu, sd = X.mean(axis=1), X.std(axis=1)
    else:
        u = sorted(set(j for s in sig_idx for j in s))
        mu, sd = X[:, u].mean(axis=1), X[:, u].std(axis=1)
    Z = (X - mu[:, None]) / sd[:, None]
    res = []
    for s, c in zip(sig_idx, coefs):
        w = np.sign(c) if signed else np.ones(len(s))
        res.append((Z[:, s] * w).mean(axis=1))
    return res


def spearman_matrix(vecs, rows=None):
    n = len(vecs)
    M = np.eye(n)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = vecs[i], vecs[j]
            if rows is not None:
                a, b = a[rows], b[rows]
            if np.all(a == a[0]) or np.all(b == b[0]):
                M[i, j] = M[j, i] = np.nan
            else:
                M[i, j] = M[j, i] = spearmanr(a, b).correlation
    return M


sig = {
    "models": [f"m{i}" for i in range(m)], "cols": cols, "X": X.tolist(),
    "signatures": [{"benchmark": f"b{k}", "pieces": [cols[j] for j in s], "coefficients": c} for k, (s, c) in enumerate(zip(sig_idx, coefs))],
    "expected": {},
}
for pool in ["all", "signatures"]:
    for signed in [False, True]:
        sc = sig_scores(pool, signed)
        sig["expected"][f"{pool}-{'signed' if signed else 'plain'}"] = {
            "scores": [s.tolist() for s in sc], "overlap": spearman_matrix(sc).tolist()}
B = 60
draws = rng.integers(0, m, size=(B, m))
sc = sig_scores("all", False)
reps = [spearman_matrix(sc, d) for d in draws]
n = len(sc)
lower, upper, se = np.eye(n), np.eye(n), np.zeros((n, n))
for i in range(n):
    for j in range(i + 1, n):
        v = np.array([r[i, j] for r in reps])
        v = v[~np.isnan(v)]
        lower[i, j] = lower[j, i] = q7(v, 0.05)
        upper[i, j] = upper[j, i] = q7(v, 0.95)
        se[i, j] = se[j, i] = float(np.std(v, ddof=1))
sig["bootstrap"] = {"draws": draws.tolist(), "level": 0.9, "lower": lower.tolist(), "upper": upper.tolist(), "se": se.tolist()}
out["signature"] = sig

# ---------------------------------------------------------------- within vs cross category bootstrap
nb = 10
cats = ["a"] * 4 + ["b"] * 3 + ["c"] * 3
A = rng.uniform(-0.2, 0.9, size=(nb, nb))
M = (A + A.T) / 2
np.fill_diagonal(M, 1.0)
M[0, 5] = M[5, 0] = np.nan  # a NaN cell is skipped
names = sorted(set(cats))
members = [[i for i, c in enumerate(cats) if c == k] for k in names]


def within_cross(mem):
    K = len(mem)

    def mean_within(g):
        v = [M[g[a], g[b]] for a in range(len(g)) for b in range(a + 1, len(g)) if g[a] != g[b] and not np.isnan(M[g[a], g[b]])]
        return np.mean(v) if v else np.nan

    def mean_between(g, h):
        v = [M[i, j] for i in g for j in h if not np.isnan(M[i, j])]
        return np.mean(v) if v else np.nan

    res = []
    for c in range(K):
        w = mean_within(mem[c])
        bs = [mean_between(mem[c], mem[d]) for d in range(K) if d != c]
        bs = [b for b in bs if not np.isnan(b)]
        x = np.mean(bs) if bs else np.nan
        res.append((w, x, w - x))
    return res


Bc = 200
reps_idx = [[rng.integers(0, len(g), size=len(g)).tolist() for g in members] for _ in range(Bc)]
obs = within_cross(members)
stars = [[] for _ in names]
for rep in reps_idx:
    mem = [[members[k][pp] for pp in pos] for k, pos in enumerate(rep)]
    for c, (_, _, d) in enumerate(within_cross(mem)):
        if not np.isnan(d):
            stars[c].append(d)


def holm(ps):
    ps = np.asarray(ps, dtype=float)
    order = np.argsort(ps, kind="stable")
    mm = len(ps)
    adj = np.empty(mm)
    running = 0.0
    for k, i in enumerate(order):
        running = max(running, min(1.0, (mm - k) * ps[i]))
        adj[i] = running
    return adj


rows = []
for c, (w, x, d) in enumerate(obs):
    s = np.array(stars[c])
    b = len(s)
    le, ge, gt, lt = (s <= 0).sum(), (s >= 0).sum(), (s > 0).sum(), (s < 0).sum()
    rows.append({"category": names[c], "within": w, "cross": x, "diff": d, "lower": q7(s, 0.025), "upper": q7(s, 0.975),
                 "percentileOfZero": 100.0 * le / b, "signedPercentile": (100.0 * gt / b) if d >= 0 else (-100.0 * lt / b),
                 "p": min(1.0, 2.0 * (1 + min(le, ge)) / (b + 1)), "validResamples": int(b)})
adj = holm([r["p"] for r in rows])
for r, a in zip(rows, adj):
    r["pHolm"] = float(a)
out["category"] = {"values": [[None if np.isnan(v) else float(v) for v in row] for row in M], "categories": cats,
                   "replicates": reps_idx, "expected": rows}

# ---------------------------------------------------------------- function-level matrix
K = len(names)
F = np.zeros((K, K))
for c in range(K):
    F[c, c] = within_cross([members[c]])[0][0]
    for d in range(c + 1, K):
        v = [M[i, j] for i in members[c] for j in members[d] if not np.isnan(M[i, j])]
        F[c, d] = F[d, c] = np.mean(v)
out["functionLevel"] = {"labels": names, "values": F.tolist(), "meanWithin": float(np.mean(np.diag(F))),
                        "meanCross": float(np.mean(F[np.triu_indices(K, 1)]))}

# ---------------------------------------------------------------- PC1-partialled performance overlap
mp, nbp = 15, 6
g = rng.normal(size=(mp, 1))
Y = 0.8 * g @ rng.uniform(0.5, 1.0, size=(1, nbp)) + 0.5 * rng.normal(size=(mp, nbp))
Y[3, 2] = Y[4, 2]  # a tie
R = np.column_stack([rankdata(Y[:, j]) for j in range(nbp)])
Z = (R - R.mean(axis=0)) / R.std(axis=0)
U, S, Vt = np.linalg.svd(Z, full_matrices=False)
w = Vt[0] * (1 if Vt[0].sum() >= 0 else -1)
t = Z @ w
E = Z - np.outer(t, (Z.T @ t) / (t @ t))
P = np.corrcoef(E, rowvar=False)
np.fill_diagonal(P, 1.0)
out["partial"] = {"Y": Y.tolist(), "values": P.tolist(), "varianceExplained": float(S[0] ** 2 / (S ** 2).sum()),
                  "loadings": w.tolist(), "modelScores": t.tolist()}

# ---------------------------------------------------------------- semantic overlap (TF-IDF + exact SVD)
docs_a = ["the cat sat on the mat", "a dog chased the cat", "the bird flew over the house", "cats and dogs are pets"]
docs_b = ["what is two plus two", "compute the sum of 3 and 4", "the cat has four legs", "how many legs does a dog have",
          "the sum of the angles is 180", "a square has four sides", "what is the product of 6 and 7", "the dog sat on the mat"]
docs_c = ["def add(a, b): return the sum", "the house is red", "birds fly south", "two dogs and a cat",
          "compute 6 times 7 please", "return the product of a and b"]
corpus = docs_a + docs_b + docs_c


def toks(s):
    return re.findall(r"[^\W_]+", s.lower())


min_df, dim, max_tokens = 1, 4, 14
df = {}
for d in corpus:
    for t in set(toks(d)):
        df[t] = df.get(t, 0) + 1
terms = sorted(t for t, c in df.items() if c >= min_df)
vocab = {t: i for i, t in enumerate(terms)}
N = len(corpus)
idf = np.array([np.log((1 + N) / (1 + df[t])) + 1 for t in terms])
Xs = np.zeros((N, len(terms)))
for i, d in enumerate(corpus):
    for t in toks(d):
        Xs[i, vocab[t]] += 1
Xs = Xs * idf
Xs = Xs / np.linalg.norm(Xs, axis=1, keepdims=True)
_, sv, Vt = np.linalg.svd(Xs, full_matrices=False)
V = Vt[:dim].T


def embed(text):
    tt = toks(text)[:max_tokens]
    e = np.zeros(dim)
    for t in tt:
        if t in vocab:
            e += idf[vocab[t]] * V[vocab[t]]
    return e


def cos(a, b):
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


sem_draws = []
for _ in range(25):
    perm = rng.permutation(len(docs_b))[: len(docs_a)]
    # the TS drawing stops once the budget is filled; committed draws are the prefixes that matter
    used, tok = [], 0
    for q in perm:
        if tok >= max_tokens:
            break
        used.append(int(q))
        tok += len(toks(docs_b[q]))
    sem_draws.append(used)
head = embed("\n\n".join(docs_a))
cs = [cos(head, embed("\n\n".join(docs_b[q] for q in d))) for d in sem_draws]
out["semantic"] = {"a": docs_a, "b": docs_b, "c": docs_c, "minDf": min_df, "dim": dim, "maxTokens": max_tokens,
                   "singularValues": sv[:dim].tolist(), "draws": sem_draws, "cosines": cs, "mean": float(np.mean(cs)),
                   "sd": float(np.std(cs, ddof=1)), "lower": q7(cs, 0.025), "upper": q7(cs, 0.975)}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, allow_nan=False)
    f.write("\n")
print("wrote", path)
