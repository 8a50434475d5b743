"""Second reference for the screening goldens: scipy on the same inputs as screening-r.json.

Run from the repository root:  /usr/bin/python3 tests/golden/screening/make-goldens-scipy.py
Writes tests/golden/screening/screening-scipy.json (numpy 1.24.2, scipy 1.10.1, Debian 12).
spearmanr / kendalltau (variant b) / pearsonr give nan for a zero-variance column (written as null).
"""
import json
import math
import warnings

import numpy as np
import scipy
from scipy import stats

warnings.simplefilter("ignore")
src = json.load(open("tests/golden/screening/screening-r.json"))
out = {"generator": "tests/golden/screening/make-goldens-scipy.py", "scipy": scipy.__version__, "numpy": np.__version__, "cases": {}}
fns = {
    "spearman": lambda x, y: stats.spearmanr(x, y)[0],
    "kendall": lambda x, y: stats.kendalltau(x, y, variant="b")[0],
    "pearson": lambda x, y: stats.pearsonr(x, y)[0],
}
for name, case in src["cases"].items():
    X = np.array(case["X"], dtype=float)
    res = {}
    for meth, fn in fns.items():
        rows = []
        for y in case["Y"]:
            y = np.array(y, dtype=float)
            vals = []
            for j in range(X.shape[1]):
                x = X[:, j]
                v = float("nan") if np.all(x == x[0]) or np.all(y == y[0]) else float(fn(x, y))
                vals.append(None if math.isnan(v) else v)
            rows.append(vals)
        res[meth] = rows
    out["cases"][name] = {"statistic": res}
json.dump(out, open("tests/golden/screening/screening-scipy.json", "w"), indent=None)
