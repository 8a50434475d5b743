import { test } from "node:test";
import assert from "node:assert/strict";
import { forwardSelector, glmnetSelector, leaveOneModelOut, randomSelector, sklearnLassoSelector, tailScreen, type ScreenFunction } from "../../src/selection/loocv";
import { randomFeatureBaseline } from "../../src/selection/random-baseline";
import { createRng } from "../../src/core/random";
import { synthetic } from "./synthetic";


test("LOOCV never lets the held-out model into screening or selection", () => {
  const { X, y } = synthetic(12, 30, 1, [3, 7], 0.2, 2, 0.3);
  const seen: string[][] = [];
  const spy: ScreenFunction = (Xt) => { seen.push(Xt.rows.slice()); return { kept: Int32Array.from({ length: Xt.cols.length }, (_, j) => j) }; };
  const cv = leaveOneModelOut(X, y, { screen: spy, select: forwardSelector({ maxSteps: 2 }) });
  assert.equal(seen.length, 12);
  seen.forEach((rows, i) => { assert.equal(rows.length, 11); assert.ok(!rows.includes(`m${i}`)); });
  assert.equal(cv.folds.length, 12);
});

test("LOOCV PRESS against the training mean: R2_loo = 1 - PRESS/PRESS0 and PRESS0 = (n/(n-1))^2 * TSS", () => {
  const { X, y } = synthetic(32, 300, 2, [10, 20, 30], 0.5, 2, 0.3);
  const cv = leaveOneModelOut(X, y, { screenOptions: { method: "thrush", ratio: 0.05 }, select: forwardSelector({ maxSteps: 5 }) });
  const n = 32, mean = y.reduce((a, b) => a + b, 0) / n;
  const tss = y.reduce((a, b) => a + (b - mean) ** 2, 0);
  assert.ok(Math.abs(cv.pressMean - (n / (n - 1)) ** 2 * tss) < 1e-9 * cv.pressMean);
  let press = 0;
  for (const f of cv.folds) press += (f.observed - f.predicted) ** 2;
  assert.ok(Math.abs(press - cv.press) < 1e-12 * press);
  assert.ok(Math.abs(cv.r2Loo - (1 - cv.press / cv.pressMean)) < 1e-15);
  assert.ok(cv.r2Loo > 0.8, `strong signal predicts held-out models: R2_loo = ${cv.r2Loo}`);
  assert.ok(cv.correlation > 0.9);
});

test("on pure noise the signature does not beat the training mean", () => {
  const { X, y } = synthetic(32, 300, 3, [], 1, 2, 0.3);
  const cv = leaveOneModelOut(X, y, { screenOptions: { ratio: 0.05 }, select: forwardSelector({ maxSteps: 5 }) });
  assert.ok(cv.r2Loo < 0.2, `R2_loo = ${cv.r2Loo}`);
});

test("the default screen keeps both tails in column order; lasso, glmnet and random selectors run in LOOCV", () => {
  const { X, y } = synthetic(20, 200, 4, [1, 2], 0.3, 2, 0.3);
  const kept = tailScreen(X, y, { method: "spearman", ratio: 0.05 }).kept;
  assert.equal(kept.length, 50); // floor max(2m, 50) = 50 > 2 * 10
  for (let t = 1; t < kept.length; t++) assert.ok(kept[t] > kept[t - 1]);
  assert.ok(kept.includes(1) && kept.includes(2));
  for (const select of [sklearnLassoSelector({ alpha: 0.05 }), glmnetSelector(0.1, { alpha: 0.5 }), randomSelector(3, 9)]) {
    const cv = leaveOneModelOut(X, y, { select });
    assert.equal(cv.folds.length, 20);
    assert.ok(Number.isFinite(cv.r2Loo));
  }
  const a = leaveOneModelOut(X, y, { select: randomSelector(3, 9) }), b = leaveOneModelOut(X, y, { select: randomSelector(3, 9) });
  assert.deepEqual(a.folds.map((f) => f.selected), b.folds.map((f) => f.selected), "random baseline is seeded");
});

test("random baseline: seeded, distinct, OLS-fitted; k > n-1 saturates with aliased coefficients", () => {
  const { X, y } = synthetic(10, 40, 5, [0], 0.1, 2, 0.3);
  const a = randomFeatureBaseline(X, y, 4, createRng(42)), b = randomFeatureBaseline(X, y, 4, createRng(42));
  assert.deepEqual(a.selected, b.selected);
  assert.equal(new Set(a.selected).size, 4);
  assert.equal(a.fit.rank, 5);
  const big = randomFeatureBaseline(X, y, 15, createRng(1));
  assert.equal(big.fit.rank, 10);
  assert.equal(big.fit.aliased.filter(Boolean).length, 6);
  assert.throws(() => randomFeatureBaseline(X, y, 41, createRng(1)), /k must be/);
});
