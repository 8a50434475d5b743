#!/usr/bin/python3
"""Independent recomputation of the zoo-data step's exposure headline on the smoke fixture.

Reads tests/fixtures/zoo-smoke/zoo-data/{scores.csv, scores.meta.json, models.json} with the standard library and
scipy only (never the TypeScript), computes per domain benchmark Spearman(score, source-domain training share)
across models (scipy.stats.spearmanr, mid-ranks), counts rho >= 0.5 over all of them and over the qualifying ones, and the negative controls' scores outside the
99% binomial interval of chance (scipy.stats.binom.ppf at 0.005 and 0.995, as a share of the items).
Run: /usr/bin/python3 tests/golden/zoo-data/make_expected.py  (writes expected.json next to this file)
"""
import csv, json, os
from scipy.stats import spearmanr, binom

HERE = os.path.dirname(os.path.abspath(__file__))
D = os.path.join(HERE, "..", "..", "fixtures", "zoo-smoke", "zoo-data")
rows = list(csv.reader(open(os.path.join(D, "scores.csv"))))
bench = rows[0][1:]
models = [r[0] for r in rows[1:]]
vals = [[float(x) for x in r[1:]] for r in rows[1:]]
meta = json.load(open(os.path.join(D, "scores.meta.json")))["benchmarks"]
mj = json.load(open(os.path.join(D, "models.json")))
assert mj["models"] == models
doms = mj["exposure"]["domains"]
sh = mj["exposure"]["shares"]
nD = len(doms)
rho = {}
outside = 0
for j, b in enumerate(bench):
    m = meta[b]
    acc = [v[j] for v in vals]
    if m["category"] == "zoo-domain":
        share = [sum(sh[i * nD + doms.index(d)] for d in m["domains"]) for i in range(len(models))]
        rho[b] = spearmanr(acc, share).correlation
    else:
        n, p = m["items"], m["chance"]
        lo, hi = binom.ppf(0.005, n, p) / n, binom.ppf(0.995, n, p) / n
        outside += sum(1 for a in acc if a < lo or a > hi)
# the qualifying ("kept") benchmarks are an input here (bsig eval's rule, tested in tests/zoo-bench), read from the
# summary; the count over them is the criterion's
kept = [b for b in json.load(open(os.path.join(D, "scores.summary.json")))["qualifying"] if b in rho]
out = {"exposureSpearman": rho, "exposureAtLeast05": sum(1 for r in rho.values() if r >= 0.5), "exposureBenchmarks": len(rho),
       "exposureQualifyingAtLeast05": sum(1 for b in kept if rho[b] >= 0.5), "exposureQualifyingBenchmarks": len(kept),
       "controlsModelsOutsideChance": outside}
json.dump(out, open(os.path.join(HERE, "expected.json"), "w"), indent=1, sort_keys=True)
print(out["exposureAtLeast05"], out["exposureBenchmarks"], out["exposureQualifyingAtLeast05"], out["exposureQualifyingBenchmarks"], outside)
