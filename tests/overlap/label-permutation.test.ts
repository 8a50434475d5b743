import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/core/random";
import type { SquareMatrix } from "../../src/core/matrix";
import { labelPermutationTest, splitPairs } from "../../src/stats/label-permutation";

function symmetric(n: number, f: (i: number, j: number) => number): SquareMatrix {
  const values = new Float64Array(n * n);
  for (let i = 0; i < n; i++) { values[i * n + i] = 1; for (let j = i + 1; j < n; j++) { const v = f(i, j); values[i * n + j] = v; values[j * n + i] = v; } }
  return { labels: Array.from({ length: n }, (_, i) => `b${i}`), values };
}

test("splitPairs puts each i<j pair in within or across and skips NaN", () => {
  const m = symmetric(4, (i, j) => (i === 0 && j === 3 ? NaN : i * 10 + j));
  const s = splitPairs(m, ["x", "x", "y", "y"]);
  assert.deepEqual(Array.from(s.within), [1, 23]);
  assert.deepEqual(Array.from(s.across), [2, 12, 13]);
  assert.equal(s.skippedNaN, 1);
});

test("the permutation test is deterministic for a seed and records it", () => {
  const rng = createRng(3);
  const m = symmetric(12, () => rng.next());
  const g = ["a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d", "d"];
  const r1 = labelPermutationTest(m, g, { seed: 11, permutations: 500 });
  const r2 = labelPermutationTest(m, g, { seed: 11, permutations: 500 });
  assert.deepEqual(r1, r2);
  assert.equal(r1.seed, 11);
  assert.equal(r1.permutations, 500);
});

test("a strong block structure gets the smallest possible p; no structure does not", () => {
  const g = Array.from({ length: 20 }, (_, i) => (i < 10 ? "A" : "B"));
  const rng = createRng(5);
  const blocky = symmetric(20, (i, j) => (g[i] === g[j] ? 0.9 : 0.2) + 0.05 * rng.normal());
  const r = labelPermutationTest(blocky, g, { seed: 1, permutations: 999 });
  assert.equal(r.pGreater, 1 / 1000);
  assert.ok(r.observed > 0.6);
  // Null: i.i.d. values, labels unrelated. Over 40 seeds the p-values should look uniform-ish.
  let small = 0;
  for (let s = 0; s < 40; s++) {
    const rr = createRng(100 + s);
    const noise = symmetric(20, () => rr.normal());
    if (labelPermutationTest(noise, g, { seed: s, permutations: 199 }).pGreater < 0.05) small++;
  }
  assert.ok(small <= 8, `${small} of 40 null p-values below 0.05`);
});

test("bad arguments are rejected", () => {
  const m = symmetric(3, () => 0.5);
  assert.throws(() => labelPermutationTest(m, ["a", "b"], { seed: 1 }), /groups/);
  assert.throws(() => labelPermutationTest(m, ["a", "a", "a"], { seed: 1 }), /no within-group or no across-group/);
  assert.throws(() => labelPermutationTest(m, ["a", "a", "b"], { seed: 1, permutations: 0 }), /positive integer/);
});
