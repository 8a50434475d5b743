import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadZooData } from "../../src/zoo/zoo-data";
import { STUDY_PROFILES } from "../../src/study/profiles";
import {
  matrixAgreement, meanJaccard, overlapOfPieceLists, sizeMatchedGlmnet, zooRobustness, zooRobustnessPieceLists,
  type ZooRobustnessResult,
} from "../../src/chapters/zoo-robustness";
import { selectColumns } from "../../src/core/matrix";

/**
 * The zoo robustness chapter on the smoke fixture against tests/golden/zoo-robustness/expected.json, written by
 * make_expected.py (numpy/scipy: its own tail-size rule, its own Thrush screen, its own overlap statistic and
 * correlations) from the fixture files and the chapter's piece lists (signatures.json). Tolerances: counts and
 * sizes exact; correlations and Jaccard means within 1e-9 (float summation order only).
 */
const G = join(__dirname, "..", "golden", "zoo-robustness");
const E = JSON.parse(readFileSync(join(G, "expected.json"), "utf8"));
const S = JSON.parse(readFileSync(join(G, "signatures.json"), "utf8"));
const z = loadZooData(join(__dirname, "..", "fixtures", "zoo-smoke"));
let cached: ZooRobustnessResult | null = null;
const chapter = () => (cached ??= zooRobustness(z, { seed: STUDY_PROFILES.smoke.seed }));
const TOL = 1e-9;
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= TOL, `${what}: ${a} vs python ${b}`);

test("the golden's input (signatures.json) holds exactly the piece lists the chapter compares now", () => {
  const lists = zooRobustnessPieceLists(chapter());
  const cols = z.features.sum.cols;
  const unpack = (sigs: Record<string, { pieces: number[]; signs: string | null }>) => Object.fromEntries(Object.entries(sigs).map(([b, s]) => [b, {
    pieces: s.pieces.map((j) => cols[j]), signs: s.signs === null ? null : [...s.signs].map((c) => (c === "+" ? 1 : c === "-" ? -1 : 0)),
  }]));
  assert.deepEqual(lists.benchmarks, S.benchmarks);
  for (const [m, sigs] of Object.entries(S.regressors)) assert.deepEqual(lists.regressors[m], unpack(sigs as never), `${m}: regenerate the golden (README.md)`);
  const ref = S.ratios.find((r: { ratio: number }) => r.ratio === 0.01).signatures;
  S.ratios.forEach((r: { ratio: number; sameAs?: number; signatures?: never }, g: number) => {
    assert.equal(lists.ratios[g].ratio, r.ratio);
    assert.deepEqual(lists.ratios[g].signatures, unpack(r.sameAs ? ref : r.signatures!), `ratio ${r.ratio}`);
  });
  for (const h of ["wild-a", "wild-b"]) assert.deepEqual(lists.halves[h], unpack(S.halves[h]), h);
});

test("candidate counts per ratio (asked and effective, with the max(2m, 50) floor) are python's", () => {
  const r = chapter();
  assert.equal(r.nModels, E.nModels);
  assert.equal(r.nPieces, E.nPieces);
  assert.deepEqual(r.benchmarks, E.benchmarks);
  assert.deepEqual(r.regressors.candidates, E.screenedCandidates);
  r.ratios.rows.forEach((x, g) => {
    const e = E.ratios[g];
    assert.equal(x.ratio, e.ratio);
    assert.equal(x.askedPerTail, e.askedPerTail, `asked per tail at ${x.ratio}`);
    assert.equal(x.askedCandidates, e.askedCandidates);
    assert.equal(x.effectiveCandidates, e.effectiveCandidates, `effective at ${x.ratio}`);
    assert.equal(x.medianSize, e.medianSize);
    assert.equal(x.floorApplies, x.askedCandidates < Math.max(2 * r.nModels, 50));
  });
  r.swap.halves.forEach((h, i) => {
    assert.equal(h.pieces, E.corpusSwap.halves[i].pieces);
    assert.equal(h.candidates, E.corpusSwap.halves[i].candidates);
  });
});

test("regressor agreement: every pair's overlap-matrix correlations and shared pieces match python", () => {
  const r = chapter();
  for (const m of r.regressors.methods) {
    assert.deepEqual(m.sizes, E.regressorSizes[m.method], `${m.method} sizes`);
    close(m.medianOverlap, E.regressorMedianOverlap[m.method], `${m.method} median overlap`);
  }
  assert.equal(r.regressors.pairs.length, Object.keys(E.regressorPairs).length);
  for (const q of r.regressors.pairs) {
    const e = E.regressorPairs[`${q.a}|${q.b}`];
    close(q.unsigned.pearson, e.pearson, `${q.a}-${q.b} Pearson`);
    close(q.unsigned.spearman, e.spearman, `${q.a}-${q.b} Spearman`);
    assert.equal(q.unsigned.pairs, e.pairs);
    if (e.signWeightedSpearman === null) assert.equal(q.signWeighted, null);
    else close(q.signWeighted!.spearman, e.signWeightedSpearman, `${q.a}-${q.b} sign-weighted`);
    close(q.meanJaccard, e.meanJaccard, `${q.a}-${q.b} Jaccard`);
  }
});

test("screening-ratio sensitivity: agreement with the 0.01 matrix, with the previous ratio and the paper's pairs match python", () => {
  const r = chapter();
  r.ratios.rows.forEach((x, g) => {
    const e = E.ratios[g];
    close(x.vsPaperRatio.pearson, e.vsPaperRatio.pearson, `${x.ratio} vs 0.01 Pearson`);
    close(x.vsPaperRatio.spearman, e.vsPaperRatio.spearman, `${x.ratio} vs 0.01 Spearman`);
    close(x.jaccardVsPaperRatio, e.jaccardVsPaperRatio, `${x.ratio} Jaccard`);
    if (g === 0) assert.equal(x.vsPrevious, null);
    else close(x.vsPrevious!.pearson, e.vsPrevious.pearson, `${x.ratio} vs previous`);
  });
  assert.deepEqual(r.ratios.paperPairs.map((q) => [q.from, q.to]), E.paperRatioPairs.map((q: { from: number; to: number }) => [q.from, q.to]));
  r.ratios.paperPairs.forEach((q, i) => close(q.agreement.pearson, E.paperRatioPairs[i].pearson, `paper pair ${q.from}→${q.to}`));
});

test("corpus swap: the wild-a vs wild-b agreement and each half against the full pool match python", () => {
  const s = chapter().swap;
  close(s.agreement.spearman, E.corpusSwap.spearman, "swap Spearman");
  close(s.agreement.pearson, E.corpusSwap.pearson, "swap Pearson");
  s.vsFullPool.forEach((v, i) => close(v.agreement.spearman, E.corpusSwap.halves[i].vsFullPool.spearman, `${v.half} vs full`));
  // disjoint halves: no piece is in both halves' signatures
  const [a, b] = s.halves;
  a.lists.forEach((l, k) => assert.ok(l.pieces.every((p) => !b.lists[k].pieces.includes(p))));
});

test("size-matched glmnet never exceeds the AIC signature's size, and the random baseline has 50 distinct screened pieces", () => {
  const r = chapter();
  const aic = r.regressors.methods.find((m) => m.method === "aic")!;
  for (const m of ["lasso", "enet"] as const) {
    const x = r.regressors.methods.find((q) => q.method === m)!;
    x.sizes.forEach((s, k) => assert.ok(s <= aic.sizes[k] && s > 0, `${m} ${r.benchmarks[k]}: ${s} vs AIC ${aic.sizes[k]}`));
    assert.ok(x.lambda!.every((l) => l > 0));
  }
  const rnd = r.regressors.methods.find((m) => m.method === "random50")!;
  rnd.lists.forEach((l) => assert.equal(new Set(l.pieces).size, Math.min(50, r.regressors.candidates[0])));
  const pool = r.regressors.methods.find((m) => m.method === "random50-pool")!;
  pool.lists.forEach((l, k) => { assert.equal(new Set(l.pieces).size, 50); assert.notDeepEqual(l.pieces, rnd.lists[k].pieces); });
  const X = selectColumns(z.features.sum, Array.from({ length: 60 }, (_, j) => j));
  const y = Float64Array.from(z.models, (_, i) => z.scores.values[i * z.scores.cols.length]);
  const g = sizeMatchedGlmnet(X, y, 3, 1, 100, 1e-10);
  assert.ok(g.fit.df <= 3 && g.lambdaMinRatio === 0.01);
});

test("the agreement helpers: identity gives 1, NaN pairs are left out, mismatched labels throw", () => {
  const X = z.features.sum;
  const lists = [0, 1, 2, 3].map((k) => ({ benchmark: `b${k}`, pieces: X.cols.slice(10 * k, 10 * k + 5), coefficients: null }));
  const m = overlapOfPieceLists(X, lists);
  assert.equal(matrixAgreement(m, m).pearson, 1);
  assert.equal(matrixAgreement(m, m).pairs, 6);
  const withEmpty = overlapOfPieceLists(X, [...lists.slice(0, 3), { benchmark: "b3", pieces: [], coefficients: null }]);
  assert.ok(Number.isNaN(withEmpty.values[3 * 4 + 0]));
  assert.equal(matrixAgreement(m, withEmpty).pairs, 3);
  assert.throws(() => matrixAgreement(m, { labels: ["x", "b1", "b2", "b3"], values: m.values }), /different labels/);
  assert.equal(meanJaccard(lists, lists), 1);
  // a permuted overlap matrix is not the same structure: agreement drops below 1
  const shuffled = { labels: m.labels, values: Float64Array.from(m.values, (_, i) => m.values[(i * 7) % 16]) };
  assert.ok(matrixAgreement(m, shuffled).pearson < 0.999);
});
