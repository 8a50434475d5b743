import { test } from "node:test";
import assert from "node:assert/strict";
import { sameDomainIndicator, overlapDomainCorrelation, overlapDomainNull, overlapLabelNull } from "../../src/zoo/groundtruth-overlap";
import type { LabeledMatrix, SquareMatrix } from "../../src/core/matrix";
import { column } from "../../src/core/matrix";
import { spearman } from "../../src/stats/correlation";
import { syntheticZoo, scoresFor } from "./synthetic";

test("same-domain indicator over the upper triangle, sharing any domain counts", () => {
  assert.deepEqual(sameDomainIndicator([["a"], ["a"], ["b"]]), Float64Array.from([1, 0, 0]));
  assert.deepEqual(sameDomainIndicator([["a", "b"], ["b"], ["c"]]), Float64Array.from([1, 0, 0]));
});

test("overlapDomainCorrelation is the mid-rank Spearman of the upper triangle with the indicator", () => {
  const O: SquareMatrix = { labels: ["a", "b", "c"], values: Float64Array.from([1, 0.9, 0.1, 0.9, 1, 0.2, 0.1, 0.2, 1]) };
  const r = overlapDomainCorrelation(O, { a: ["w"], b: ["w"], c: ["c"] });
  // scipy.stats.spearmanr([.9, .1, .2], [1, 0, 0]) = 0.8660254037844387
  assert.ok(Math.abs(r.spearman - 0.8660254037844387) < 1e-12);
  assert.equal(r.nPairs, 3);
  assert.equal(r.nSame, 1);
  assert.ok(Math.abs(r.meanDifferent - 0.15) < 1e-12);
  // NaN overlaps are dropped
  const withNaN: SquareMatrix = { labels: O.labels, values: Float64Array.from([1, 0.9, NaN, 0.9, 1, 0.2, NaN, 0.2, 1]) };
  assert.equal(overlapDomainCorrelation(withNaN, { a: ["w"], b: ["w"], c: ["c"] }).nPairs, 2);
  assert.throws(() => overlapDomainCorrelation(O, { a: ["w"], b: ["w"] }), /no source domain given for benchmark 'c'/);
});

function performanceOverlap(s: LabeledMatrix<Float64Array>): SquareMatrix {
  const p = s.cols.length;
  const v = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) v[a * p + b] = a === b ? 1 : spearman(column(s, a), column(s, b));
  return { labels: s.cols.slice(), values: v };
}

test("model-permutation null: same-domain structure in performance overlap is far above the per-benchmark null, and unchanged under the joint null", () => {
  const z = syntheticZoo(30, 4, 10, 31);
  const cols: string[] = [], domainsOf: Record<string, string[]> = {};
  const colsVals: Float64Array[] = [];
  for (let d = 0; d < 4; d++) for (let k = 0; k < 2; k++) {
    const name = `b${d}_${k}`;
    cols.push(name);
    domainsOf[name] = [`dom${d}`];
    colsVals.push(scoresFor(z, d, 100 + 10 * d + k, 0.1));
  }
  const n = 30, p = cols.length;
  const values = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) values[i * p + j] = colsVals[j][i];
  const scores = { rows: z.X.rows.slice(), cols, values };
  const r = overlapDomainNull(scores, performanceOverlap, domainsOf, { permutations: 100, seed: 2 });
  assert.ok(r.observed.spearman > 0.5, `observed ${r.observed.spearman}`);
  assert.equal(r.null.p, 1 / 101);
  assert.ok(Math.abs(r.null.mean) < 0.2, `null mean ${r.null.mean}`);
  const joint = overlapDomainNull(scores, performanceOverlap, domainsOf, { permutations: 20, seed: 2, mode: "joint" });
  for (const d of joint.null.draws) assert.ok(Math.abs(d - joint.observed.spearman) < 1e-12);
  assert.equal(joint.null.p, 1);
  const labels = overlapLabelNull(performanceOverlap(scores), domainsOf, { permutations: 200, seed: 4 });
  assert.equal(labels.observed.spearman, r.observed.spearman);
  // 8 benchmarks in 4 same-domain pairs: 1 of the 105 pairings is the true one, so p ≈ 0.01–0.03
  assert.ok(labels.null.p < 0.05, `label p ${labels.null.p}`);
});
