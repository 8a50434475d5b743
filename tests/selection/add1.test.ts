import { test } from "node:test";
import assert from "node:assert/strict";
import { add1 } from "../../src/selection/add1";
import { forwardSelect } from "../../src/selection/forward";
import { createRng } from "../../src/core/random";
import { loadGolden, toMatrix } from "./golden";

interface Add1Golden { model: string[]; terms: string[]; df: (number | null)[]; rss: number[]; aic: number[]; X: number[][]; y: number[]; cols: string[] }
const g = loadGolden<{ add1: Add1Golden }>("step.json").add1;

test("add1 equals R's add1(): Df 0 for copies, the constant and near4 = g4 + 1e-9 noise; Df 1 for almost4 = g4 + 1e-5 noise", () => {
  const X = toMatrix(g.X, g.cols);
  const sel = g.model.map((m) => g.cols.indexOf(m));
  const cand = g.terms.slice(1).map((t) => g.cols.indexOf(t));
  const t = add1(X, g.y, sel, cand);
  assert.deepEqual(t.map((r) => r.term ?? "<none>"), g.terms);
  assert.deepEqual(t.map((r) => r.df), g.df);
  t.forEach((r, i) => {
    assert.ok(Math.abs(r.rss - g.rss[i]) <= 1e-10 * g.rss[i], `${g.terms[i]} RSS`);
    assert.ok(Math.abs(r.aic - g.aic[i]) <= 1e-10 * Math.abs(g.aic[i]), `${g.terms[i]} AIC`);
  });
});

test("the fast forward search walks the same path as a slow add1-based search (seeded random problems)", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const rng = createRng(seed);
    const n = 20 + seed * 3, p = 30 + seed * 7;
    const values = new Float64Array(n * p);
    for (let q = 0; q < values.length; q++) values[q] = rng.normal();
    for (let i = 0; i < n; i++) { values[i * p + 5] = values[i * p + 2] - values[i * p + 3]; values[i * p + 6] = 1; } // collinear + constant
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = values[i * p] + 0.7 * values[i * p + 2] - 0.5 * values[i * p + 9] + 0.8 * rng.normal();
    const X = { rows: Array.from({ length: n }, (_, i) => `m${i}`), cols: Array.from({ length: p }, (_, j) => `c${j}`), values };
    const fast = forwardSelect(X, y, { minResidualDf: 5 });
    // slow reference: R's rules on add1 tables
    const sel: number[] = [];
    for (;;) {
      if (n - (sel.length + 2) < 5) break;
      const cand = Array.from({ length: p }, (_, j) => j).filter((j) => !sel.includes(j));
      const t = add1(X, y, sel, cand).filter((r) => r.df !== 0);
      let best = 0;
      for (let i = 1; i < t.length; i++) if (t[i].aic < t[best].aic) best = i;
      if (best === 0) break;
      sel.push(t[best].column);
    }
    assert.deepEqual(Array.from(fast.selectedColumns), sel, `seed ${seed}`);
  }
});
