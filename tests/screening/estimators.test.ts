import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/core/random";
import { spearman, pearson } from "../../src/stats/correlation";
import { kendallTauB } from "../../src/stats/kendall";
import { midranks } from "../../src/stats/ranks";
import { rankFeatures } from "../../src/stats/screening-ranks";
import { thrushCorrelation, preselectCorrelation } from "../../src/stats/screening-stats";
import { screeningStatistics, type ScoreTarget } from "../../src/stats/screening";
import { SCREENING_METHODS, type ScreeningMethod } from "../../src/stats/screening-methods";

/** m x d row-major matrix; `levels` > 0 draws integers in [0, levels) so ties are common. */
function randomMatrix(m: number, d: number, seed: number, levels = 0): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: m * d }, () => (levels ? rng.int(levels) : rng.normal()));
}
function col(x: Float64Array, m: number, d: number, f: number): Float64Array {
  return Float64Array.from({ length: m }, (_, k) => x[k * d + f]);
}
const naive: Record<ScreeningMethod, (x: ArrayLike<number>, y: ArrayLike<number>) => number> = {
  thrush: thrushCorrelation, spearman, kendall: kendallTauB, pearson, preselect: preselectCorrelation,
};

for (const method of SCREENING_METHODS) {
  test(`fast ${method} equals its O(m²) definition, with ties in x and y, constant features and more features than models`, () => {
    const m = 9, d = 60;
    const x = randomMatrix(m, d, 11, 4); // integer levels: many ties
    for (let k = 0; k < m; k++) x[k * d + 5] = 2; // a constant feature
    const ys: ScoreTarget[] = [
      { name: "a", values: randomMatrix(m, 1, 12) },
      { name: "b", values: randomMatrix(m, 1, 13, 3) }, // ties in y
      { name: "c", values: new Float64Array(m).fill(0.5) }, // constant y
    ];
    const st = screeningStatistics(rankFeatures(x, m), ys, method, { blockSize: 7 });
    for (let b = 0; b < ys.length; b++) for (let f = 0; f < d; f++) {
      const want = naive[method](col(x, m, d, f), ys[b].values);
      const got = st.values[b * d + f];
      if (Number.isNaN(want)) assert.ok(Number.isNaN(got), `${method} b=${b} f=${f}: want NaN, got ${got}`);
      else assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${method} b=${b} f=${f}: ${got} vs ${want}`);
    }
  });
}

test("thrush = spearman · m(m²−1)/6 exactly when there are no ties", () => {
  for (const m of [3, 8, 32]) {
    const x = randomMatrix(m, 40, m), y = randomMatrix(m, 1, 100 + m);
    const th = screeningStatistics(rankFeatures(x, m), [{ name: "y", values: y }], "thrush").values;
    const sp = screeningStatistics(rankFeatures(x, m), [{ name: "y", values: y }], "spearman").values;
    for (let f = 0; f < 40; f++) {
      assert.ok(Number.isInteger(th[f]) || Number.isInteger(2 * th[f]));
      assert.ok(Math.abs(th[f] - sp[f] * (m * (m * m - 1)) / 6) < 1e-9, `m=${m} f=${f}`);
    }
  }
});

test("with ties the identity is thrush = 2·ρ_s·sqrt(S_rr·S_ss), not the no-ties factor", () => {
  const x = [1, 1, 2, 3, 3, 3, 4], y = [5, 6, 6, 7, 8, 9, 9];
  const m = x.length;
  const th = thrushCorrelation(x, y), rho = spearman(x, y);
  const ss = (v: number[]) => { const mu = (m + 1) / 2; return midranks(v).reduce((s, q) => s + (q - mu) ** 2, 0); };
  assert.ok(Math.abs(th - 2 * rho * Math.sqrt(ss(x) * ss(y))) < 1e-12);
  assert.ok(Math.abs(th - (rho * m * (m * m - 1)) / 6) > 0.1, "the no-ties factor must not hold here");
});

test("without ties preselect = (1 − τ)/2; direction 'lower' flips the sign of the rank statistics", () => {
  const m = 10, x = randomMatrix(m, 20, 5), y = randomMatrix(m, 1, 6);
  const r = rankFeatures(x, m);
  const ps = screeningStatistics(r, [{ name: "y", values: y }], "preselect").values;
  const kt = screeningStatistics(r, [{ name: "y", values: y }], "kendall").values;
  for (let f = 0; f < 20; f++) assert.ok(Math.abs(ps[f] - (1 - kt[f]) / 2) < 1e-12);
  const lo = screeningStatistics(r, [{ name: "y", values: y, direction: "lower" }], "thrush").values;
  const hi = screeningStatistics(r, [{ name: "y", values: y }], "thrush").values;
  for (let f = 0; f < 20; f++) assert.equal(lo[f], -hi[f]);
});

test("results are bit-identical whatever the block size; float32 output rounds float64 output", () => {
  const m = 32, d = 1000, x = new Float32Array(randomMatrix(m, d, 21));
  const ys = Array.from({ length: 9 }, (_, b) => ({ name: `b${b}`, values: randomMatrix(m, 1, 30 + b) }));
  const r = rankFeatures(x, m);
  for (const method of ["thrush", "spearman", "pearson"] as const) {
    const a = screeningStatistics(r, ys, method, { blockSize: 1 }).values;
    const b = screeningStatistics(r, ys, method, { blockSize: 333 }).values;
    const c = screeningStatistics(r, ys, method, { blockSize: 4096, precision: "float32" }).values;
    assert.deepEqual(a, b);
    for (let q = 0; q < a.length; q++) assert.equal(c[q], Math.fround(a[q]));
  }
});

test("ranks: mid-ranks, centred, Float32-exact; norm is sqrt(m(m²−1)/12) without ties; NaN throws", () => {
  const r = rankFeatures(new Float64Array([10, 7, 20, 7, 20, 7, 5, 7]), 4); // 4 models x 2 features
  // feature 0 values [10, 20, 20, 5] -> mid-ranks [2, 3.5, 3.5, 1] -> centred [-0.5, 1, 1, -1.5]
  assert.deepEqual(Array.from(r.centred.subarray(0, 4)), [-0.5, 1, 1, -1.5]);
  assert.deepEqual(Array.from(r.centred.subarray(4, 8)), [0, 0, 0, 0]);
  assert.equal(r.norm[1], 0);
  assert.equal(r.nTied, 2);
  const s = rankFeatures(new Float64Array([3, 1, 2]), 3);
  assert.equal(s.norm[0], Math.sqrt((3 * 8) / 12));
  assert.throws(() => rankFeatures(new Float64Array([1, NaN, 2]), 3), /NaN/);
});

test("kendallTauB matches hand-computed values", () => {
  assert.ok(Math.abs(kendallTauB([1, 2, 3, 4], [1, 3, 2, 4]) - 2 / 3) < 1e-15);
  // S = 4, ties: x has 1 tied pair, y has 1 -> 4 / sqrt(5·5) = 0.8
  assert.ok(Math.abs(kendallTauB([1, 2, 2, 3], [1, 2, 3, 3]) - 0.8) < 1e-15);
  assert.ok(Number.isNaN(kendallTauB([1, 1, 1], [1, 2, 3])));
});
