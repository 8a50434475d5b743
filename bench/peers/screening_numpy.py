"""Peer for bench/screening.bench.ts: Spearman and Thrush screening with numpy/scipy, written to be
as fast as those tools allow.

Usage: /usr/bin/python3 bench/peers/screening_numpy.py DIR REPEATS
DIR holds X.f32 (little-endian float32, row-major models x features), Y.f64 (float64, row-major
benchmarks x models) and shape.json {"m", "d", "nb"}. Prints one JSON line: per-phase medians (seconds)
over REPEATS runs, and writes DIR/peer_thrush.f32 / DIR/peer_spearman.f32 (statistics of the first
`check` features for every benchmark, benchmarks x check) for the TypeScript side to compare.

Method (the recipe the issue names): argsort along the model axis gives ordinal ranks; mid-ranks
(scipy.stats.rankdata) are recomputed only for the features that have ties; ranks are centred
(Thrush: exact integer targets v = 2*rank(y) - m - 1) or standardised (Spearman: unit-norm centred
ranks), and ONE BLAS matrix product scores all benchmarks at once (float32, sgemm).
numpy 1.24.2 + scipy 1.10.1 + OpenBLAS (pthreads) from Debian 12.
"""
import json
import sys
import time

import numpy as np
from scipy.stats import rankdata


def ranks_centred(Xt):
    """Centred mid-ranks of each row of Xt (features x models, C-contiguous: one feature per row)."""
    d, m = Xt.shape
    order = np.argsort(Xt, axis=1, kind="stable")
    R = np.empty((d, m), dtype=np.float32)
    np.put_along_axis(R, order, np.arange(1, m + 1, dtype=np.float32)[None, :], axis=1)
    Xs = np.take_along_axis(Xt, order, axis=1)
    tied = np.nonzero((Xs[:, 1:] == Xs[:, :-1]).any(axis=1))[0]
    if tied.size:
        R[tied] = rankdata(Xt[tied], axis=1).astype(np.float32)
    R -= (m + 1) / 2.0
    return R, tied


def main():
    folder, repeats = sys.argv[1], int(sys.argv[2])
    shape = json.load(open(f"{folder}/shape.json"))
    m, d, nb, check = shape["m"], shape["d"], shape["nb"], shape["check"]
    X = np.fromfile(f"{folder}/X.f32", dtype="<f4").reshape(m, d)
    # one contiguous feature per row, so that argsort runs along contiguous memory (not timed: the
    # TypeScript side also gets the matrix as it is stored)
    Xt = np.ascontiguousarray(X.T)
    Y = np.fromfile(f"{folder}/Y.f64", dtype="<f8").reshape(nb, m)
    ry = rankdata(Y, axis=1)  # mid-ranks of scores
    V = (2.0 * ry - m - 1).T.astype(np.float32)  # m x nb, exact integers
    Wc = ry - (m + 1) / 2.0
    W = (Wc / np.sqrt((Wc ** 2).sum(axis=1, keepdims=True))).T.astype(np.float32)
    t_rank, t_thrush, t_spear = [], [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        R, tied = ranks_centred(Xt)
        t1 = time.perf_counter()
        thrush = R @ V  # d x nb
        t2 = time.perf_counter()
        norm = np.full(d, np.sqrt(m * (m * m - 1) / 12.0), dtype=np.float32)
        if tied.size:
            norm[tied] = np.sqrt((R[tied] ** 2).sum(axis=1))
        spear = R @ W
        spear /= norm[:, None]
        t3 = time.perf_counter()
        t_rank.append(t1 - t0); t_thrush.append(t2 - t1); t_spear.append(t3 - t2)
        del R
    np.ascontiguousarray(thrush[:check].T).astype("<f4").tofile(f"{folder}/peer_thrush.f32")
    np.ascontiguousarray(spear[:check].T).astype("<f4").tofile(f"{folder}/peer_spearman.f32")
    med = lambda v: float(np.median(v))
    print(json.dumps({"rank": med(t_rank), "thrush": med(t_thrush), "spearman": med(t_spear),
                      "rank_runs": t_rank, "thrush_runs": t_thrush, "spearman_runs": t_spear,
                      "tied_features": int(tied.size), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
