#!/usr/bin/python3
"""Independent reference values for the label-permutation test (src/stats/label-permutation.ts).

Writes tests/golden/permutation/goldens.json: a small seeded overlap matrix (9 benchmarks in three groups of
sizes 4, 3 and 2, values on a 0.05 grid so that many relabellings tie with the observed statistic, one NaN
pair), 200 committed permutations of the labels, and the statistics this script computes from them with
numpy only. The TypeScript test reads the committed file; Python is not needed at test time.

Conventions (the workbook's, stated in its TSDoc, re-implemented here from the formulas):
  permutation p relabels benchmark i with the group of benchmark p[i];
  T(labels) = mean of the upper-triangle values whose two benchmarks share a label
              - mean of those whose labels differ, NaN pairs left out;
  p_greater   = (1 + #{T_b >= T_obs - eps}) / (B + 1),
  p_two_sided = (1 + #{|T_b - mean(T)| >= |T_obs - mean(T)| - eps}) / (B + 1),  eps = 1e-12 * max(1, |T_obs|);
  null SD with divisor B - 1.

Run from the repository root: /usr/bin/python3 tests/golden/permutation/make_goldens.py
"""
import json
import os

import numpy as np

SEED = 20250927
N_PERM = 200
rng = np.random.default_rng(SEED)

labels = np.array(["know", "reason", "know", "code", "reason", "know", "code", "reason", "know"])
n = labels.size
names = [f"bench{i}" for i in range(n)]
assert sorted(np.unique(labels, return_counts=True)[1].tolist()) == [2, 3, 4]

# Overlap matrix: a block effect for shared labels plus noise, rounded to a 0.05 grid (ties), symmetric,
# unit diagonal, one NaN pair.
same_block = (labels[:, None] == labels[None, :]).astype(float)
raw = 0.25 + 0.05 * same_block + rng.normal(0.0, 0.15, size=(n, n))
grid = np.round(np.clip(raw, -1.0, 1.0) * 20.0) / 20.0
M = np.triu(grid, 1)
M = M + M.T
np.fill_diagonal(M, 1.0)
M[2, 6] = M[6, 2] = np.nan

iu, ju = np.triu_indices(n, k=1)
pair_vals = M[iu, ju]
keep = ~np.isnan(pair_vals)


def statistic(lab):
    """mean over same-label pairs minus mean over different-label pairs (upper triangle, NaN left out)."""
    same = (lab[iu] == lab[ju]) & keep
    diff = (lab[iu] != lab[ju]) & keep
    return float(np.mean(pair_vals[same]) - np.mean(pair_vals[diff]))


# Permutations: the identity and a swap inside group "know" (both give T_obs exactly), then seeded draws.
perms = [np.arange(n), np.array([2, 1, 0, 3, 4, 5, 6, 7, 8])]
while len(perms) < N_PERM:
    perms.append(rng.permutation(n))
perms = np.array(perms)

t_obs = statistic(labels)
t_null = np.array([statistic(labels[p]) for p in perms])
eps = 1e-12 * max(1.0, abs(t_obs))
null_mean = float(t_null.mean())
null_sd = float(t_null.std(ddof=1))
count_greater = int(np.sum(t_null >= t_obs - eps))
dev_null = np.abs(t_null - null_mean)
dev_obs = abs(t_obs - null_mean)
count_extreme = int(np.sum(dev_null >= dev_obs - eps))

# The counts must not hinge on rounding: every comparison is either a tie (difference at rounding level,
# counted by eps in both implementations) or clear by far more than any summation-order difference.
gaps_greater = np.abs(t_null - t_obs)
gaps_extreme = np.abs(dev_null - dev_obs)
for g in (gaps_greater, gaps_extreme):
    assert np.all((g < 1e-14) | (g > 1e-9)), "a comparison is too close to call; change SEED"
ties_observed = int(np.sum(gaps_greater < 1e-14))
# Ties in real arithmetic that rounding makes unequal: the case eps exists for. The seed is chosen to have some.
ties_rounding = int(np.sum((gaps_greater > 0) & (gaps_greater < 1e-14)))
assert ties_observed >= 2 and ties_rounding >= 1

out = {
    "generator": "tests/golden/permutation/make_goldens.py",
    "numpy": np.__version__,
    "seed": SEED,
    "labels": names,
    "groups": labels.tolist(),
    # row-major, NaN written as null
    "matrix": [None if np.isnan(v) else float(v) for v in M.ravel()],
    "permutations": perms.tolist(),
    "expected": {
        "observed": t_obs,
        "nullDistribution": t_null.tolist(),
        "countGreater": count_greater,
        "countExtreme": count_extreme,
        "pGreater": (1 + count_greater) / (N_PERM + 1),
        "pTwoSided": (1 + count_extreme) / (N_PERM + 1),
        "nullMean": null_mean,
        "nullSd": null_sd,
        "withinPairs": int(np.sum((labels[iu] == labels[ju]) & keep)),
        "acrossPairs": int(np.sum((labels[iu] != labels[ju]) & keep)),
        "skippedNaN": int(np.sum(~keep)),
        "tiesWithObserved": ties_observed,
        "tiesWithObservedAtRoundingLevel": ties_rounding,
        "distinctNullValues": int(np.unique(np.round(t_null, 12)).size),
    },
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {path}: T_obs={t_obs:.6f} count_greater={count_greater} count_extreme={count_extreme} "
      f"ties={ties_observed} (rounding-level {ties_rounding}) distinct={out['expected']['distinctNullValues']}")
