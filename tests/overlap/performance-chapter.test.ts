import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performanceChapter, type FactorSummary } from "../../src/chapters/performance";

// Independent expected values, recomputed from data/ by scripts that share no code with src/:
//   tests/golden/performance/chapter_expected.py (Python + scipy) -> chapter-expected.json
//   tests/golden/performance/mann-whitney.R      (R wilcox.test)  -> mann-whitney.json ("chapter")
const dir = join(__dirname, "..", "golden", "performance");
const py = JSON.parse(readFileSync(join(dir, "chapter-expected.json"), "utf8"));
const R = JSON.parse(readFileSync(join(dir, "mann-whitney.json"), "utf8")).chapter;
const r = performanceChapter();

// Tolerances: correlation-derived numbers 1e-12 absolute (the same doubles summed in another order);
// Mann-Whitney p 1e-9 relative vs scipy (its own normal tail) and 1e-12 vs R (same algorithm);
// permutation p-values come from different generators: allowed 4 Monte Carlo SDs + 3/B.
const ABS = 1e-12;
const near = (a: number, b: number, what: string, tol = ABS) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
const rel = (a: number, b: number, what: string, tol: number) =>
  b === 0 ? assert.equal(a, 0, what) : assert.ok(Math.abs(a - b) <= tol * Math.abs(b), `${what}: ${a} vs ${b}`);

test("block size, benchmark count and the dropped aggregate match the independent script", () => {
  assert.equal(r.nModels, 80);
  assert.equal(r.nModels, py.nModels);
  assert.equal(r.nBenchmarks, py.nBenchmarks);
  assert.equal(r.nBenchmarks, 99);
  assert.equal(r.nPairs, py.nPairs);
  assert.equal(r.requested, py.requested);
  assert.deepEqual(r.models, py.models);
  assert.deepEqual(r.droppedAggregates.map((a) => a.benchmark), ["mmlu"]);
  near(r.droppedAggregates[0].meanAbsDiff, py.droppedAggregate.meanAbsDiff, "aggregate |diff|");
  near(r.droppedAggregates[0].pearson, py.droppedAggregate.pearson, "aggregate r");
  assert.equal(r.nModels, R.nModels);
  assert.equal(r.nBenchmarks, R.nBenchmarks);
});

test("the Spearman matrix matches scipy row by row, and the overall summaries match", () => {
  const n = r.matrix.labels.length;
  for (let i = 0; i < n; i++) {
    const sum = r.matrix.values[i].reduce((s, v) => s + v, 0);
    near(sum, py.rowSums[r.matrix.labels[i]], `row sum ${r.matrix.labels[i]}`, 1e-10);
  }
  near(r.meanOverlap, py.meanOverlap, "mean overlap");
  near(r.meanOverlap, R.meanOverlap, "mean overlap (R)");
  near(r.medianOverlap, py.medianOverlap, "median overlap");
  near(r.minOverlap, py.minOverlap, "min overlap");
  near(r.maxOverlap, py.maxOverlap, "max overlap");
  assert.equal(r.fractionAbove05, py.fractionAbove05);
});

function sameFactor(a: FactorSummary, b: any, c: { W: number; p: number } | null): void {
  assert.deepEqual(Object.keys(a.groups).sort(), Object.keys(b.groups).sort());
  for (const k of Object.keys(b.groups)) assert.equal(a.groups[k], b.groups[k]);
  assert.equal(a.nWithin, b.nWithin);
  assert.equal(a.nAcross, b.nAcross);
  near(a.withinMean, b.withinMean, "within mean");
  near(a.acrossMean, b.acrossMean, "across mean");
  near(a.withinMedian, b.withinMedian, "within median");
  near(a.acrossMedian, b.acrossMedian, "across median");
  near(a.difference, b.difference, "difference");
  assert.deepEqual(Object.keys(a.withinByGroup).sort(), Object.keys(b.withinByGroup).sort());
  for (const g of Object.keys(b.withinByGroup)) near(a.withinByGroup[g], b.withinByGroup[g], `within ${g}`);
  assert.equal(a.mannWhitneyW, b.mannWhitneyU);
  rel(a.mannWhitneyP, b.mannWhitneyP, "p vs scipy", 1e-9);
  rel(a.mannWhitneyPGreater, b.mannWhitneyPGreater, "one-sided p vs scipy", 1e-9);
  if (c) {
    assert.equal(a.mannWhitneyW, c.W);
    rel(a.mannWhitneyP, c.p, "p vs R", 1e-12);
  }
  const B = b.permutations, p = Math.max(a.permutationP, b.permutationP);
  assert.ok(Math.abs(a.permutationP - b.permutationP) <= 4 * Math.sqrt((p * (1 - p)) / B) + 3 / B,
    `permutation p ${a.permutationP} vs numpy ${b.permutationP}`);
}

for (const factor of ["family", "format"] as const) {
  test(`${factor}: within/across summaries and both tests match scipy, R and the permutation reference`, () => {
    sameFactor(r[factor], py[factor], R[factor]);
  });
}

test("category: within/across the heatmap categories matches scipy", () => {
  sameFactor(r.category, py.category, null);
  assert.equal(Object.keys(r.category.groups).length, 10);
});

test("format within the families that mix formats (BBH, OpenLLMv1) matches scipy", () => {
  assert.deepEqual(Object.keys(r.formatWithinFamily).sort(), Object.keys(py.formatWithinFamily).sort());
  for (const f of Object.keys(py.formatWithinFamily)) sameFactor(r.formatWithinFamily[f], py.formatWithinFamily[f], null);
});

test("the paper's claim holds on these data: overlaps are high and inflated within family and format", () => {
  assert.ok(r.meanOverlap > 0.7);
  assert.ok(r.family.withinMean - r.family.acrossMean > 0.15);
  assert.ok(r.format.withinMean - r.format.acrossMean > 0.15);
  assert.ok(r.family.permutationP < 0.01 && r.format.permutationP < 0.01);
  // the family p-value underflows to 0 in R and here; its log10 stays finite
  assert.equal(R.family.p, 0);
  assert.ok(r.family.mannWhitneyLog10P < -300 && Number.isFinite(r.family.mannWhitneyLog10P));
  near(r.format.mannWhitneyLog10P, Math.log10(R.format.p), "format log10 p", 1e-9);
});

test("the result is plain JSON with provenance, and deterministic", () => {
  const again = performanceChapter();
  assert.deepEqual(JSON.parse(JSON.stringify(again)), JSON.parse(JSON.stringify(r)));
  assert.equal(r.provenance.seed, 20250927);
  assert.ok(r.provenance.dataHashes["data/scores/sloth-v2.csv"].length === 64);
  assert.equal(r.order.length, r.nBenchmarks);
  assert.equal(r.categories[0], "mathematics");
});
