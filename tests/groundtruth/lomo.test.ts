import { test } from "node:test";
import assert from "node:assert/strict";
import { lomoR2, lomoR2Null, domainMeanPipeline, simpleLinearFit, type FitPipeline } from "../../src/zoo/groundtruth-lomo";
import { syntheticZoo, scoresFor } from "./synthetic";

test("predicting the training mean gives R² = 1 − n²/(n−1)² exactly", () => {
  const X = { rows: ["a", "b", "c", "d"], cols: ["p"], values: Float64Array.from([0, 0, 0, 0]) };
  const meanFit: FitPipeline = (_X, y) => { const m = y.reduce((s, v) => s + v, 0) / y.length; return () => m; };
  const r = lomoR2(X, Float64Array.from([1, 2, 4, 8]), meanFit);
  assert.ok(Math.abs(r.r2 - (1 - 16 / 9)) < 1e-12);
  assert.ok(Math.abs(r.predictions[0] - 14 / 3) < 1e-12);
});

test("simple linear fit is exact on a line", () => {
  const f = simpleLinearFit([0, 1, 2], [1, 3, 5]);
  assert.ok(Math.abs(f.intercept - 1) < 1e-12 && Math.abs(f.slope - 2) < 1e-12);
});

test("the domain-mean baseline predicts held-out models well, and far above its permutation null", () => {
  const z = syntheticZoo(24, 3, 40, 41);
  const y = scoresFor(z, 2, 42);
  const r = lomoR2Null(z.X, y, domainMeanPipeline(z.pieceDomains, [2]), { permutations: 100, seed: 6 });
  assert.ok(r.observed.r2 > 0.8, `R² ${r.observed.r2}`);
  assert.ok(r.null.max < 0.5, `null max ${r.null.max}`);
  assert.equal(r.null.p, 1 / 101);
  // the wrong domain does much worse
  assert.ok(lomoR2(z.X, y, domainMeanPipeline(z.pieceDomains, [0])).r2 < 0.3);
});

test("too few models and unknown domains are rejected", () => {
  const z = syntheticZoo(2, 2, 3, 1);
  assert.throws(() => lomoR2(z.X, Float64Array.from([1, 2]), domainMeanPipeline(z.pieceDomains, [0])), /at least 3 models/);
  assert.throws(() => domainMeanPipeline(z.pieceDomains, [7]), /no pieces/);
});
