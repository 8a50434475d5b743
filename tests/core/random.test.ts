import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng, permutation } from "../../src/core/random";

test("the same seed gives the same stream; different seeds differ", () => {
  const a = createRng(7), b = createRng(7), c = createRng(8);
  const xa = Array.from({ length: 5 }, () => a.nextUint32());
  const xb = Array.from({ length: 5 }, () => b.nextUint32());
  const xc = Array.from({ length: 5 }, () => c.nextUint32());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
});

test("int(n) stays in range and is roughly uniform", () => {
  const rng = createRng(1);
  const counts = new Array(6).fill(0);
  for (let i = 0; i < 60000; i++) counts[rng.int(6)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10000) < 500, `count ${c}`);
});

test("next() is in [0, 1) and normal() has mean ~0, sd ~1", () => {
  const rng = createRng(3);
  let s = 0, s2 = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) { const u = rng.next(); assert.ok(u >= 0 && u < 1); const z = rng.normal(); s += z; s2 += z * z; }
  assert.ok(Math.abs(s / n) < 0.03);
  assert.ok(Math.abs(Math.sqrt(s2 / n) - 1) < 0.03);
});

test("permutation is a permutation", () => {
  const p = Array.from(permutation(100, createRng(5))).sort((a, b) => a - b);
  assert.deepEqual(p, Array.from({ length: 100 }, (_, i) => i));
});
