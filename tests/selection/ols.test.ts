import { test } from "node:test";
import assert from "node:assert/strict";
import { olsFit } from "../../src/selection/ols";
import { loadGolden } from "./golden";

interface OlsGolden { cols: string[]; X: number[][]; y: number[]; coefficients: Record<string, number | null>; rank: number; rss: number; aliased: string[] }
const g = loadGolden<OlsGolden>("ols.json");

test("olsFit equals R's lm(): coefficients, rank, RSS and NA for the aliased column d = a + b", () => {
  const n = g.X.length, p = g.cols.length;
  const fit = olsFit(Float64Array.from(g.X.flat()), n, p, g.y);
  assert.equal(fit.rank, g.rank);
  assert.ok(Math.abs(fit.rss - g.rss) < 1e-10 * g.rss);
  const names = ["(Intercept)", ...g.cols];
  names.forEach((name, j) => {
    const want = g.coefficients[name];
    if (want === null) assert.ok(Number.isNaN(fit.coefficients[j]) && fit.aliased[j], `${name} aliased`);
    else assert.ok(Math.abs(fit.coefficients[j] - want) < 1e-10 * Math.max(1, Math.abs(want)), `${name}: ${fit.coefficients[j]} vs ${want}`);
  });
  assert.deepEqual(names.filter((_, j) => fit.aliased[j]), g.aliased);
});

test("olsFit: exact line, zero column, no intercept", () => {
  const f = olsFit(new Float64Array([1, 2, 3]), 3, 1, new Float64Array([3, 5, 7]));
  assert.ok(Math.abs(f.coefficients[0] - 1) < 1e-14 && Math.abs(f.coefficients[1] - 2) < 1e-14);
  assert.ok(f.rss < 1e-25);
  const z = olsFit(new Float64Array([0, 1, 0, 2, 0, 4]), 3, 2, new Float64Array([1, 2, 4.5]));
  assert.ok(z.aliased[1] && !z.aliased[2]);
  const ni = olsFit(new Float64Array([1, 2]), 2, 1, new Float64Array([2, 4]), { intercept: false });
  assert.equal(ni.coefficients.length, 1);
  assert.ok(Math.abs(ni.coefficients[0] - 2) < 1e-15);
});
