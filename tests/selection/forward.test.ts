import { test } from "node:test";
import assert from "node:assert/strict";
import { forwardSelect, predictPath } from "../../src/selection/forward";
import { aicc, extractAic } from "../../src/selection/criteria";
import { close, loadGolden, toMatrix, type StepGoldenCase } from "./golden";
import { synthetic } from "./synthetic";

const golden = loadGolden<{ cases: StepGoldenCase[] }>("step.json");
const byName = (name: string) => {
  const c = golden.cases.find((g) => g.name === name);
  if (!c) throw new Error(`no golden case ${name}`);
  return c;
};

function runCase(c: StepGoldenCase) {
  const X = toMatrix(c.X, c.cols);
  const criterion = c.criterion === "aicc" ? "aicc" : c.k !== undefined && Math.abs(c.k - Math.log(c.n)) < 1e-12 ? "bic" : "aic";
  return forwardSelect(X, c.y, { criterion, maxSteps: c.steps, minResidualDf: 0 });
}

for (const name of ["long-path-aic", "long-path-bic", "long-path-aic-max6", "ties-collinear-zero-variance", "p-greater-than-n", "near-saturation-32x200", "long-path-aicc"]) {
  test(`forward selection reproduces R's step() path exactly: ${name}`, () => {
    const c = byName(name);
    const path = runCase(c);
    assert.deepEqual(path.selected, c.selected, "same features in the same order");
    assert.equal(path.steps.length, c.path.length);
    for (let s = 0; s < c.path.length; s++) {
      const got = path.steps[s], want = c.path[s];
      assert.equal(got.added, want.added ?? null);
      assert.equal(got.edf, want.edf, `edf at step ${s}`);
      assert.ok(close(got.aic, want.aic, 1e-8), `AIC at step ${s}: ${got.aic} vs R ${want.aic}`);
      assert.ok(Math.abs(got.rss - want.rss) <= 1e-8 * want.rss, `RSS at step ${s}: ${got.rss} vs R ${want.rss}`);
      if (want.r2 !== undefined) assert.ok(Math.abs(got.r2 - want.r2) < 1e-10, `R2 at step ${s}`);
      if (want.adjR2 !== undefined) assert.ok(Math.abs(got.adjR2 - want.adjR2) < 1e-10, `adjR2 at step ${s}`);
    }
    assert.equal(path.stoppedBecause, c.stoppedBecause ?? "no-improvement");
    if (c.coefficients) {
      assert.ok(close(path.intercept, c.coefficients["(Intercept)"], 1e-9), "intercept");
      path.selected.forEach((f, s) => assert.ok(close(path.coefficients[s], c.coefficients![f], 1e-9), `coefficient of ${f}`));
    }
  });
}

test("the long AIC path has >= 10 steps and ends >= 10 residual df from saturation (the brief's golden requirement)", () => {
  const c = byName("long-path-aic");
  assert.ok(c.nSteps >= 10);
  assert.ok(c.n - c.path[c.path.length - 1].edf >= 10);
});

test("ties go to scope order and collinear / constant candidates are never added", () => {
  const path = runCase(byName("ties-collinear-zero-variance"));
  assert.equal(path.selected[1], "neg2", "neg2, g2 and dup2 tie; neg2 comes first in scope order");
  for (const f of ["zero", "g2", "dup2"]) assert.ok(!path.selected.includes(f), `${f} must not be added`);
  assert.ok(!(path.selected.includes("g1") && path.selected.includes("g3")), "g1 and g3 are collinear given comb13");
});

test("a scaled or permuted candidate order changes ties only by scope order", () => {
  const c = byName("ties-collinear-zero-variance");
  const X = toMatrix(c.X, c.cols);
  const order = [3, 2, 1, 0, 4, 5, 6, 7, 8, 9]; // dup2, g2, neg2 reversed
  const path = forwardSelect(X, c.y, { candidates: order, minResidualDf: 0 });
  assert.equal(path.selected[1], "dup2");
});


test("the default minResidualDf (10) stops a 32-model fit at 21 features instead of saturating", () => {
  const { X, y } = synthetic(32, 400, 11, [5, 50, 120], 1, 3, 0.4);
  const path = forwardSelect(X, y);
  assert.equal(path.stoppedBecause, "min-residual-df");
  assert.equal(path.steps[path.steps.length - 1].edf, 22);
  assert.equal(path.selected.length, 21);
  const free = forwardSelect(X, y, { minResidualDf: 3 });
  assert.equal(free.steps[free.steps.length - 1].edf, 29);
});

test("with no noise the true features are recovered first (seed 4, 32 x 2000)", () => {
  const { X, y } = synthetic(32, 2000, 4, [17, 901, 1500, 3], 0, 3, 0.4);
  const path = forwardSelect(X, y, { maxSteps: 4 });
  assert.deepEqual([...path.selected].sort(), ["f17", "f1500", "f3", "f901"].sort());
  assert.equal(path.stoppedBecause, "max-steps");
  assert.ok(path.steps[4].r2 > 1 - 1e-12);
});

test("stop reasons: no-candidates and rank-deficient", () => {
  const { X, y } = synthetic(20, 3, 9, [0, 1, 2], 0.5, 3, 0.4);
  const all = forwardSelect(X, y, { minResidualDf: 0, criterion: "aic", k: 0 });
  assert.equal(all.selected.length, 3);
  assert.equal(all.stoppedBecause, "no-candidates");
  // Two more columns that are copies of selected ones: after the originals are in, nothing adds rank.
  const p = 5, n = 20;
  const v = new Float64Array(n * p);
  for (let i = 0; i < n; i++) { for (let j = 0; j < 3; j++) v[i * p + j] = X.values[i * 3 + j]; v[i * p + 3] = 2 * v[i * p]; v[i * p + 4] = v[i * p + 1] + v[i * p + 2]; }
  const dupl = forwardSelect({ rows: X.rows, cols: ["a", "b", "c", "2a", "b+c"], values: v }, y, { minResidualDf: 0, k: 0 });
  assert.equal(dupl.stoppedBecause, "rank-deficient");
  assert.equal(dupl.selected.length, 3);
});

test("criteria follow R's extractAIC; AICc adds 2K(K+1)/(n-K-1) with K = edf + 1", () => {
  assert.ok(Math.abs(extractAic(10, 32, 3) - (32 * Math.log(10 / 32) + 6)) < 1e-12);
  assert.ok(Math.abs(aicc(10, 32, 3) - (extractAic(10, 32, 3) + 40 / 27)) < 1e-12);
  assert.equal(aicc(1, 5, 3), Infinity);
});

test("predictions of the final model equal the fitted OLS values", () => {
  const { X, y } = synthetic(32, 50, 2, [1, 2], 0.3, 3, 0.4);
  const path = forwardSelect(X, y, { maxSteps: 5 });
  const yhat = predictPath(path, X);
  let rss = 0;
  for (let i = 0; i < 32; i++) rss += (y[i] - yhat[i]) ** 2;
  assert.ok(Math.abs(rss - path.steps[path.steps.length - 1].rss) < 1e-9 * rss);
});

test("constant y and bad options are rejected", () => {
  const { X } = synthetic(10, 4, 1, [], 1, 3, 0.4);
  assert.throws(() => forwardSelect(X, new Float64Array(10).fill(3)), /constant/);
  assert.throws(() => forwardSelect(X, new Float64Array(9)), /rows/);
  assert.throws(() => forwardSelect(X, new Float64Array(10), { criterion: "bic", k: 3 }), /custom k/);
});
