import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/core/random";
import { crossBlock, crossPlain, PackedProduct } from "../../src/stats/screening-kernel";

test("crossBlock: hand example and the 2x4 register block equals the plain loop bit for bit", () => {
  const out = new Float64Array(2);
  crossBlock(new Float32Array([1, 2, 3, 4]), 0, 2, 2, new Float64Array([1, 1]), 1, out);
  assert.deepEqual(Array.from(out), [3, 7]);
  const rng = createRng(4), m = 13, n = 9, nb = 7;
  const a = Float32Array.from({ length: n * m }, () => rng.normal()), t = Float64Array.from({ length: nb * m }, () => rng.normal());
  const got = new Float64Array(nb * n), plain = new Float64Array(nb * n);
  crossBlock(a, 0, n, m, t, nb, got);
  crossPlain(Float64Array.from(a), 0, n, m, t, nb, plain);
  assert.deepEqual(got, plain);
  for (let b = 0; b < nb; b++) for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += a[i * m + k] * t[b * m + k];
    assert.equal(got[b * n + i], s);
  }
});

for (const m of [2, 5, 32, 33, 200]) {
  test(`PackedProduct is exact for m = ${m} (half-integer ranks x integer targets, extremes included)`, () => {
    const rng = createRng(m), n = 11, nb = 10, h = (m - 1) / 2;
    const a = Float32Array.from({ length: n * m }, () => (rng.int(m) - h));
    for (let k = 0; k < m; k++) { a[k] = h; a[m + k] = -h; } // the largest possible |dot|
    const t = Float64Array.from({ length: nb * m }, () => rng.int(2 * m - 1) - (m - 1));
    for (let k = 0; k < m; k++) { t[k] = m - 1; t[m + k] = -(m - 1); }
    const pk = new PackedProduct(t, nb, m, h, 2, m - 1);
    if (m === 32) assert.equal(pk.perLane, 3);
    const got = new Float64Array(nb * n), want = new Float64Array(nb * n);
    pk.cross(a, 0, n, got);
    crossBlock(a, 0, n, m, t, nb, want);
    assert.deepEqual(got, want);
  });
}

test("PackedProduct packs 5 pair-sign targets per lane for 32 models and stays exact", () => {
  const P = 496, rng = createRng(9), n = 5, nb = 12;
  const a = Float32Array.from({ length: n * P }, () => rng.int(3) - 1);
  a.fill(1, 0, P);
  const t = Float64Array.from({ length: nb * P }, () => rng.int(3) - 1);
  t.fill(1, 0, P); t.fill(-1, P, 2 * P);
  const pk = new PackedProduct(t, nb, P, 1, 1, 1);
  assert.equal(pk.perLane, 5);
  const got = new Float64Array(nb * n), want = new Float64Array(nb * n);
  pk.cross(a, 0, n, got);
  crossBlock(a, 0, n, P, t, nb, want);
  assert.deepEqual(got, want);
  assert.throws(() => new PackedProduct(new Float64Array([0.5]), 1, 1, 1, 1, 1), /not an integer/);
});
