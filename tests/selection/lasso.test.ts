import { test } from "node:test";
import assert from "node:assert/strict";
import { glmnetGaussian, glmnetLambdaMax, linearModelFromGlmnet, linearModelFromStandardised, predictLinear, sklearnLasso } from "../../src/selection/lasso";
import { coordinateDescent } from "../../src/selection/coordinate-descent";
import { createRng } from "../../src/core/random";
import { loadGolden, toMatrix, type GlmnetGolden } from "./golden";

const golden = loadGolden<GlmnetGolden>("glmnet.json");

for (const c of golden.cases) {
  test(`glmnet ${c.name}: coefficients within 1e-8 of R glmnet 4.1.6 (brief: 1e-6) at ${c.fits.length} lambdas`, () => {
    const X = toMatrix(c.X, c.cols);
    const fits = glmnetGaussian(X, c.y, c.fits.map((f) => f.lambda), { alpha: c.alpha, standardize: c.standardize, intercept: c.intercept });
    c.fits.forEach((want, i) => {
      const got = fits[i];
      assert.ok(got.converged);
      assert.ok(Math.abs(got.a0 - want.a0) < 1e-8, `a0 at lambda ${want.lambda}: ${got.a0} vs ${want.a0}`);
      let maxErr = 0;
      want.beta.forEach((b, j) => { maxErr = Math.max(maxErr, Math.abs(got.beta[j] - b)); });
      assert.ok(maxErr < 1e-8, `max |beta - glmnet| = ${maxErr} at lambda ${want.lambda}`);
      assert.equal(got.df, want.df, "same number of non-zero coefficients");
      assert.ok(Math.abs(got.devRatio - want.devRatio) < 1e-6, "dev.ratio");
    });
  });
}

test("glmnet: the constant column (x09) keeps a zero coefficient", () => {
  const c = golden.cases[0];
  const fits = glmnetGaussian(toMatrix(c.X, c.cols), c.y, c.fits.map((f) => f.lambda));
  for (const f of fits) assert.equal(f.beta[8], 0);
});

test("glmnet: at lambda above lambda.max every coefficient is zero and a0 is the mean", () => {
  const c = golden.cases[0];
  const [fit] = glmnetGaussian(toMatrix(c.X, c.cols), c.y, c.lambdaMax * 1.01);
  assert.equal(fit.df, 0);
  assert.ok(Math.abs(fit.a0 - c.y.reduce((a, b) => a + b, 0) / c.y.length) < 1e-12);
});

test("the released code's convention (scikit-learn Lasso on standardised X, centred y) matches glmnet without intercept/standardisation", () => {
  const s = golden.sklearn;
  const X = toMatrix(s.X, s.cols);
  for (const want of s.fits) {
    const fit = sklearnLasso(X, s.y, { alpha: want.alpha });
    let maxErr = 0;
    want.beta.forEach((b, j) => { maxErr = Math.max(maxErr, Math.abs(fit.beta[j] - b)); });
    assert.ok(maxErr < 1e-6, `alpha ${want.alpha}: max error ${maxErr}`);
    assert.deepEqual(Array.from(fit.selectedColumns), want.beta.flatMap((b, j) => (b !== 0 ? [j] : [])));
  }
});

test("sklearn-convention predictions equal ȳ + X_s b on the training rows", () => {
  const s = golden.sklearn;
  const X = toMatrix(s.X, s.cols);
  const fit = sklearnLasso(X, s.y, { alpha: 0.05 });
  const model = linearModelFromStandardised(fit);
  const yhat = predictLinear(model, X);
  const p = s.cols.length;
  for (let i = 0; i < s.y.length; i++) {
    let v = fit.yMean;
    for (let j = 0; j < p; j++) v += fit.beta[j] * (X.values[i * p + j] - fit.means[j]) / fit.scales[j];
    assert.ok(Math.abs(v - yhat[i]) < 1e-10);
  }
});

test("glmnet linear model predictions use a0 + x·beta", () => {
  const c = golden.cases[2];
  const X = toMatrix(c.X, c.cols);
  const [fit] = glmnetGaussian(X, c.y, c.fits[2].lambda);
  const model = linearModelFromGlmnet(fit);
  assert.equal(model.columns.length, fit.df);
  const yhat = predictLinear(model, X);
  let v = fit.a0;
  c.cols.forEach((_, j) => { v += fit.beta[j] * c.X[0][j]; });
  assert.ok(Math.abs(yhat[0] - v) < 1e-10);
});

test("coordinate descent: one standardised column gives the soft-thresholded slope", () => {
  const d = { n: 2, p: 1, x: new Float64Array([1, -1]), xv: new Float64Array([1]) };
  const b = new Float64Array(1), r = new Float64Array([2, -2]);
  coordinateDescent(d, b, r, 0.5, 0, 1e-20, 1000);
  assert.ok(Math.abs(b[0] - 1.5) < 1e-15);
  const b2 = new Float64Array(1), r2 = new Float64Array([2, -2]);
  coordinateDescent(d, b2, r2, 0.5, 1, 1e-20, 1000);
  assert.ok(Math.abs(b2[0] - 0.75) < 1e-15, "ridge term divides by xv + l2");
});

test("bad input is rejected", () => {
  const c = golden.cases[0];
  const X = toMatrix(c.X, c.cols);
  assert.throws(() => glmnetGaussian(X, c.y, 0.1, { alpha: 0 }), /alpha/);
  assert.throws(() => glmnetGaussian(X, c.y.slice(1), 0.1), /rows/);
  assert.throws(() => glmnetGaussian(X, new Array(c.y.length).fill(1), 0.1), /constant/);
});

test("the two conventions agree where they must: sklearn elastic net = glmnet (no intercept, no standardisation) when sd(y) = 1", () => {
  const s = golden.sklearn;
  const X = toMatrix(s.X, s.cols);
  const n = s.y.length, p = s.cols.length;
  const mean = s.y.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(s.y.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const y1 = s.y.map((v) => (v - mean) / sd);
  const fit = sklearnLasso(X, y1, { alpha: 0.05, l1Ratio: 0.5 });
  const xs = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xs[i * p + j] = (X.values[i * p + j] - fit.means[j]) / fit.scales[j];
  const [g] = glmnetGaussian({ rows: X.rows, cols: X.cols, values: xs }, y1, 0.05, { alpha: 0.5, standardize: false, intercept: false });
  let maxErr = 0;
  for (let j = 0; j < p; j++) maxErr = Math.max(maxErr, Math.abs(fit.beta[j] - g.beta[j]));
  assert.ok(maxErr < 1e-10, `max difference ${maxErr}`);
  assert.ok(fit.selectedColumns.length > 0 && fit.selectedColumns.length < p - 1);
});

test("glmnetLambdaMax equals the first lambda of glmnet's own path", () => {
  for (const c of golden.cases.filter((g) => g.standardize && g.intercept)) {
    const got = glmnetLambdaMax(toMatrix(c.X, c.cols), c.y, c.alpha);
    assert.ok(Math.abs(got - c.lambdaMax) < 1e-10 * c.lambdaMax, `${c.name}: ${got} vs ${c.lambdaMax}`);
  }
});

test("near saturation (32 models x 3000 candidates, alpha 0.01) the lasso solution satisfies the KKT conditions", () => {
  const rng = createRng(77);
  const n = 32, p = 3000;
  const values = new Float64Array(n * p);
  for (let q = 0; q < values.length; q++) values[q] = rng.normal();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 2 * values[i * p + 10] - values[i * p + 2000] + 0.5 * rng.normal();
  const X = { rows: Array.from({ length: n }, (_, i) => `m${i}`), cols: Array.from({ length: p }, (_, j) => `c${j}`), values };
  const fit = sklearnLasso(X, y, { alpha: 0.01 });
  assert.ok(fit.converged);
  assert.ok(fit.selectedColumns.length > 20, `${fit.selectedColumns.length} non-zero`);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = y[i] - fit.yMean;
    for (const j of fit.selectedColumns) r[i] -= fit.beta[j] * (values[i * p + j] - fit.means[j]) / fit.scales[j];
  }
  for (let j = 0; j < p; j++) {
    let g = 0;
    for (let i = 0; i < n; i++) g += ((values[i * p + j] - fit.means[j]) / fit.scales[j]) * r[i];
    g /= n;
    if (fit.beta[j] !== 0) assert.ok(Math.abs(g - 0.01 * Math.sign(fit.beta[j])) < 1e-9, `active ${j}: ${g}`);
    else assert.ok(Math.abs(g) <= 0.01 + 1e-9, `inactive ${j}: ${g}`);
  }
});
