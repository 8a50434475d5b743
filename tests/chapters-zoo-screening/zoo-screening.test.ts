import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadZooData } from "../../src/zoo/zoo-data";
import { zooRepresentativeBenchmarks, summarizeZooScreening, zooScreeningChapter, type ZooScreeningResult } from "../../src/chapters/zoo-screening";
import { describeDistribution, shareOutsideBand, sortedQuantile, zScoreWithinModel } from "../../src/chapters/zoo-screening-stats";
import { thrushCorrelation } from "../../src/stats/screening-stats";
import { zooSignatures } from "../../src/chapters/zoo-signatures";

/**
 * The zoo screening chapter on the CI fixture against an independent scipy recomputation
 * (tests/golden/zoo-screening/make_expected.py: Def. 3.1 pair sums, scipy ranks and kurtosis, numpy
 * percentiles, its own tail rule, and the TypeScript generator re-implemented for the permutation null).
 * Tolerances: tail sets, counts, the representative benchmarks and p-values exact; γ values exact (they are
 * multiples of 1/2); every other number within 1e-9 relative (summation order only).
 */
const FIXTURE = join(__dirname, "..", "fixtures", "zoo-smoke");
const E = JSON.parse(readFileSync(join(__dirname, "..", "golden", "zoo-screening", "expected.json"), "utf8"));
let cached: ZooScreeningResult | null = null;
const chapter = () => (cached ??= zooScreeningChapter(loadZooData(FIXTURE), { permutations: E.permutations, seed: E.seed }));
const close = (a: number | null, b: number | null, what: string, rel = 1e-9) => {
  if (b === null || a === null) { assert.equal(a, b, what); return; }
  assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${what}: ${a} vs scipy ${b}`);
};

test("Fig. 3's benchmarks are chosen by reliability as the script chooses them", () => {
  const r = chapter();
  assert.deepEqual(r.representative.map((x) => x.benchmark), E.representative);
  assert.deepEqual(r.representative.map((x) => x.role), ["best", "median", "worst"]);
  assert.ok(r.representative[0].reliability! >= r.representative[1].reliability! && r.representative[1].reliability! >= r.representative[2].reliability!);
  assert.deepEqual(zooRepresentativeBenchmarks(loadZooData(FIXTURE)).map((x) => x.benchmark), E.representative);
});

test("every piece's Thrush γ for the Fig. 3 benchmarks equals the literal pair sum of Def. 3.1", () => {
  const r = chapter();
  assert.equal(r.nModels, E.nModels);
  assert.equal(r.nPieces, E.nPieces);
  assert.equal(r.gammaMax, E.gammaMax);
  for (const h of r.histograms) assert.deepEqual(Array.from(h.gamma), E.benchmarks[h.benchmark].gamma, h.benchmark);
});

test("distribution, percentiles and kurtosis of γ (raw and within-model) match scipy for every benchmark", () => {
  for (const b of chapter().benchmarks) {
    const e = E.benchmarks[b.benchmark];
    for (const k of ["mean", "sd", "min", "q01", "q25", "median", "q75", "q99", "max", "iqr", "width98", "maxMinusQ99", "q01MinusMin", "excessKurtosis"] as const) {
      close(b.thrush[k], e.thrush[k], `${b.benchmark} ${k}`);
      close(b.thrushWithinModel[k], e.thrushWithinModel[k], `${b.benchmark} within-model ${k}`, 1e-7);
    }
  }
});

test("the tails: sizes, thresholds, members and source-domain shares match the script", () => {
  const r = chapter(), z = loadZooData(FIXTURE);
  for (const b of r.benchmarks) {
    const e = E.benchmarks[b.benchmark];
    assert.equal(r.screen.perTail, e.perTail);
    assert.equal(b.tails.nTop, e.nTop);
    assert.equal(b.tails.nBottom, e.nBottom);
    assert.equal(b.tails.topThreshold, e.topThreshold, `${b.benchmark} top threshold`);
    assert.equal(b.tails.bottomThreshold, e.bottomThreshold, `${b.benchmark} bottom threshold`);
    close(b.tails.topSourceShare, e.topSourceShare, `${b.benchmark} top source share`);
    close(b.tails.bottomSourceShare, e.bottomSourceShare, `${b.benchmark} bottom source share`);
    close(b.tails.poolSourceShare, e.poolSourceShare, `${b.benchmark} pool share`);
    assert.equal(b.tails.topNegative, e.topNegative);
    assert.equal(b.tails.bottomPositive, e.bottomPositive);
    assert.deepEqual(b.tails.topPieces.slice().sort(), e.topSet, `${b.benchmark} top tail members`);
    assert.deepEqual(b.tails.bottomPieces.slice().sort(), e.bottomSet, `${b.benchmark} bottom tail members`);
  }
  // the tails are the signature pipeline's candidates (same screen, ratio and floor): every selected piece is in one
  const run = zooSignatures(z);
  for (const s of run.signatures) {
    const b = r.benchmarks.find((x) => x.benchmark === s.benchmark)!;
    const kept = new Set([...b.tails.topPieces, ...b.tails.bottomPieces]);
    assert.equal(s.nCandidates, kept.size);
    assert.ok(s.pieces.every((p) => kept.has(p.feature)), s.benchmark);
  }
});

test("the model-permutation null (same generator, same seed) matches the script draw for draw", () => {
  for (const b of chapter().benchmarks) {
    const e = E.benchmarks[b.benchmark].null;
    close(b.null.q01, e.q01, `${b.benchmark} chance band low`);
    close(b.null.q99, e.q99, `${b.benchmark} chance band high`);
    close(b.null.shareBeyond, e.shareBeyond, `${b.benchmark} share beyond`);
    close(b.null.shareBeyondWithinModel, e.shareBeyondWithinModel, `${b.benchmark} share beyond (within-model)`);
    for (const k of ["sd", "width98", "excessKurtosis", "absMedian"] as const) {
      close(b.null[k].mean, e[k].mean, `${b.benchmark} null ${k} mean`);
      close(b.null[k].q95, e[k].q95, `${b.benchmark} null ${k} q95`);
      assert.equal(b.null[k].p, e[k].p, `${b.benchmark} null ${k} p`);
    }
  }
});

test("the finding on the fixture: spreads far wider than chance for the qualifying benchmarks, and a shifted centre", () => {
  const r = chapter();
  const q = summarizeZooScreening(r, r.benchmarks.filter((b) => b.qualifies))!;
  assert.equal(q.n, 7);
  assert.equal(q.widerThanChance, q.n);
  // 2% of the γ's fall outside the null's 1st-99th percentile band by construction; ten times that is "far wider"
  assert.ok(q.medianShareBeyond > 0.2, `share beyond ${q.medianShareBeyond}`);
  // the centre sits below zero (stronger models have lower surprisal on most pieces); with zoo v2's narrower
  // capability spread it moved from about -0.5 to about -0.15 on the smoke fixture
  assert.ok(q.medianCentre < -0.1, `centre ${q.medianCentre}`);
  // the code benchmarks' bottom tails come mostly from code
  const code = r.benchmarks.find((b) => b.benchmark === "zoo_code_nextword")!;
  assert.ok(code.tails.bottomSourceShare! > 0.5);
  const ctrl = r.benchmarks.filter((b) => b.category === "negative-control");
  assert.equal(ctrl.length, 2);
  assert.ok(ctrl.every((b) => b.tails.poolSourceShare === null && b.sourceDomains.length === 0));
});

test("the chapter is deterministic under its seed and the null changes with the seed", () => {
  const z = loadZooData(FIXTURE);
  const a = zooScreeningChapter(z, { permutations: 5, seed: 3 }), b = zooScreeningChapter(z, { permutations: 5, seed: 3 }), c = zooScreeningChapter(z, { permutations: 5, seed: 4 });
  assert.deepEqual(a.benchmarks.map((x) => x.null), b.benchmarks.map((x) => x.null));
  assert.notDeepEqual(a.benchmarks.map((x) => x.null.sd.mean), c.benchmarks.map((x) => x.null.sd.mean));
  assert.deepEqual(a.benchmarks.map((x) => x.thrush), c.benchmarks.map((x) => x.thrush));
});

test("distribution helpers: quantiles, moments, share outside, within-model z-scores", () => {
  assert.equal(sortedQuantile(Float64Array.of(1, 2, 3, 4), 0.5), 2.5);
  assert.ok(Number.isNaN(sortedQuantile(new Float64Array(0), 0.5)));
  const d = describeDistribution([-2, -1, 0, 1, 2, NaN]);
  assert.equal(d.n, 5);
  assert.ok(Math.abs(d.sd - Math.SQRT2) < 1e-15);
  assert.ok(Math.abs(d.excessKurtosis - -1.3) < 1e-12);
  assert.equal(shareOutsideBand([-3, -1, 0, 1, 3], -2, 2), 0.4);
  const z = zScoreWithinModel(Float32Array.of(1, 2, 3, 10, 20, 30), 2);
  assert.ok(Math.abs(z[0] + Math.sqrt(1.5)) < 1e-12 && z[1] === 0 && Math.abs(z[5] - z[2]) < 1e-12);
  assert.equal(thrushCorrelation([3, 1, 2], [10, 30, 20]), -4);
});
