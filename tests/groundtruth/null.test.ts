import { test } from "node:test";
import assert from "node:assert/strict";
import { summarizeNull, drawQuantile, permutationDraws, permute } from "../../src/zoo/groundtruth-null";

test("drawQuantile matches R's default quantile (type 7)", () => {
  // R: quantile(c(1, 2, 3, 4), c(.5, .95)) -> 2.5, 3.85
  assert.equal(drawQuantile(Float64Array.from([4, 2, 1, 3]), 0.5), 2.5);
  assert.ok(Math.abs(drawQuantile(Float64Array.from([1, 2, 3, 4]), 0.95) - 3.85) < 1e-12);
});

test("p = (1 + #{null >= obs}) / (1 + B) and percentile is the mid-rank percentile", () => {
  const s = summarizeNull(3, [0, 1, 2, 3]);
  assert.equal(s.p, 2 / 5);
  assert.equal(s.percentile, (100 * (3 + 0.5)) / 4);
  const top = summarizeNull(10, [0, 1, 2, 3]);
  assert.equal(top.p, 1 / 5);
  assert.equal(top.percentile, 100);
  const bottom = summarizeNull(-1, [0, 1, 2, 3]);
  assert.equal(bottom.p, 1);
  assert.equal(bottom.percentile, 0);
});

test("NaN null draws are dropped and counted; a NaN observation gives NaN p", () => {
  const s = summarizeNull(1, [NaN, 0, 2, NaN]);
  assert.equal(s.nNaN, 2);
  assert.equal(s.draws.length, 2);
  assert.equal(s.p, 2 / 3);
  assert.equal(s.mean, 1);
  assert.ok(Number.isNaN(summarizeNull(NaN, [1, 2]).p));
});

test("permutation draws are seeded: same seed same draws, different seed different", () => {
  const y = Float64Array.from({ length: 20 }, (_, i) => i);
  const stat = (perm: Int32Array) => ({ first: permute(y, perm)[0] });
  const a = permutationDraws(20, stat, { permutations: 50, seed: 4 });
  const b = permutationDraws(20, stat, { permutations: 50, seed: 4 });
  const c = permutationDraws(20, stat, { permutations: 50, seed: 5 });
  assert.deepEqual(a.first, b.first);
  assert.notDeepEqual(a.first, c.first);
  assert.equal(a.first.length, 50);
});

test("permute applies out[i] = y[perm[i]] and rejects a wrong length", () => {
  assert.deepEqual(permute(Float64Array.from([10, 20, 30]), Int32Array.from([2, 0, 1])), Float64Array.from([30, 10, 20]));
  assert.throws(() => permute([1, 2], [0]), /permutation of 1/);
});
