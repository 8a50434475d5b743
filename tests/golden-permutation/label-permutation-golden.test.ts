import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRng, shuffleInPlace } from "../../src/core/random";
import type { SquareMatrix } from "../../src/core/matrix";
import {
  labelPermutationFromIndices, labelPermutationTest, seededLabelPermutations, splitPairs,
} from "../../src/stats/label-permutation";

// Goldens from tests/golden/permutation/make_goldens.py (numpy, its own within/across split and statistics),
// given the same committed permutations. Tolerances: 1e-12 absolute on statistics (summation order differs),
// exact on counts and p-values (both are (1 + count) / (B + 1)).
interface Goldens {
  labels: string[]; groups: string[]; matrix: (number | null)[]; permutations: number[][];
  expected: {
    observed: number; nullDistribution: number[]; countGreater: number; countExtreme: number;
    pGreater: number; pTwoSided: number; nullMean: number; nullSd: number;
    withinPairs: number; acrossPairs: number; skippedNaN: number; tiesWithObservedAtRoundingLevel: number;
  };
}
const G: Goldens = JSON.parse(readFileSync(join(__dirname, "..", "golden", "permutation", "goldens.json"), "utf8"));
const matrix: SquareMatrix = { labels: G.labels, values: Float64Array.from(G.matrix, (v) => (v === null ? NaN : v)) };
const perms = G.permutations.map((p) => Int32Array.from(p));
const TOL = 1e-12;

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= TOL, `${what}: ${actual} vs numpy ${expected}`);
}

test("the golden inputs are what the README says (9 benchmarks, groups 4/3/2, one NaN pair, 200 permutations)", () => {
  assert.equal(G.labels.length, 9);
  assert.deepEqual([...new Set(G.groups)].map((g) => G.groups.filter((x) => x === g).length).sort(), [2, 3, 4]);
  assert.equal(perms.length, 200);
  assert.ok(G.expected.tiesWithObservedAtRoundingLevel >= 1);
  const s = splitPairs(matrix, G.groups);
  assert.equal(s.within.length, G.expected.withinPairs);
  assert.equal(s.across.length, G.expected.acrossPairs);
  assert.equal(s.skippedNaN, G.expected.skippedNaN);
});

test("labelPermutationFromIndices matches the independent numpy script on the committed permutations", () => {
  const r = labelPermutationFromIndices(matrix, G.groups, perms);
  const e = G.expected;
  close(r.observed, e.observed, "observed");
  assert.equal(r.nullDistribution.length, e.nullDistribution.length);
  for (let b = 0; b < perms.length; b++) close(r.nullDistribution[b], e.nullDistribution[b], `T_${b}`);
  close(r.nullMean, e.nullMean, "null mean");
  close(r.nullSd, e.nullSd, "null SD");
  assert.equal(r.countGreater, e.countGreater);
  assert.equal(r.countExtreme, e.countExtreme);
  assert.equal(r.pGreater, e.pGreater);
  assert.equal(r.pTwoSided, e.pTwoSided);
});

test("labelPermutationTest is labelPermutationFromIndices on the seeded permutations", () => {
  for (const [seed, B] of [[1, 200], [20250927, 999]] as const) {
    const seeded = labelPermutationTest(matrix, G.groups, { seed, permutations: B });
    const ps = seededLabelPermutations(G.labels.length, B, seed);
    const d = labelPermutationFromIndices(matrix, G.groups, ps);
    assert.deepEqual(
      { observed: seeded.observed, pGreater: seeded.pGreater, pTwoSided: seeded.pTwoSided, nullMean: seeded.nullMean, nullSd: seeded.nullSd },
      { observed: d.observed, pGreater: d.pGreater, pTwoSided: d.pTwoSided, nullMean: d.nullMean, nullSd: d.nullSd },
    );
    // Index convention: permutation b relabels benchmark i with the group of benchmark p_b[i]; this equals
    // shuffling the label vector itself in place with the same generator, b + 1 times.
    const rng = createRng(seed), shuffled = [...G.groups];
    for (let b = 0; b < B; b++) {
      shuffleInPlace(shuffled, rng);
      assert.deepEqual(Array.from(ps[b], (k) => G.groups[k]), shuffled, `permutation ${b}`);
    }
  }
});

test("labelPermutationFromIndices rejects malformed permutations", () => {
  assert.throws(() => labelPermutationFromIndices(matrix, G.groups, []), /at least one permutation/);
  assert.throws(() => labelPermutationFromIndices(matrix, G.groups, [Int32Array.of(0, 1, 2)]), /length 3, expected 9/);
  assert.throws(() => labelPermutationFromIndices(matrix, G.groups, [Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 7)]), /not a permutation/);
  assert.throws(() => labelPermutationFromIndices(matrix, G.groups, [Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 9)]), /not a permutation/);
  assert.throws(() => labelPermutationFromIndices(matrix, G.groups.slice(1), perms), /groups for 9 labels/);
});
