import { test } from "node:test";
import assert from "node:assert/strict";
import { groundTruthReport } from "../../src/zoo/groundtruth-report";
import { domainMeanPipeline } from "../../src/zoo/groundtruth-lomo";
import { syntheticZoo, scoresFor, screenTails } from "./synthetic";

test("report: each benchmark's screened negative tail points at its own domain; missing scores drop that model", () => {
  const z = syntheticZoo(20, 3, 60, 51);
  const names = ["dom_a", "dom_b", "dom_c"];
  const pieceDomains = Array.from(z.pieceDomains, (d) => names[d]);
  const cols = ["bench_b", "bench_c"];
  const yb = scoresFor(z, 1, 5), yc = scoresFor(z, 2, 6);
  const values = new Float64Array(20 * 2);
  for (let i = 0; i < 20; i++) { values[i * 2] = yb[i]; values[i * 2 + 1] = yc[i]; }
  values[3 * 2 + 1] = NaN; // model m3 has no score on bench_c
  const scores = { rows: z.X.rows.slice().reverse(), cols, values: reorder(values, 20, 2) };
  const rep = groundTruthReport(
    { X: z.X, pieceDomains, scores, sourceDomains: { bench_b: ["dom_b"], bench_c: ["dom_c"] } },
    { screen: screenTails(0.05), fit: domainMeanPipeline(z.pieceDomains, [1]) },
    { permutations: 30, seed: 2 },
  );
  assert.equal(rep.length, 2);
  assert.equal(rep[0].screenedTopNegative, "dom_b");
  assert.equal(rep[1].screenedTopNegative, "dom_c");
  assert.equal(rep[0].models, 20);
  assert.equal(rep[1].models, 19);
  assert.ok(rep[0].screened.observed.negative > 2);
  assert.ok(rep[0].baselineLomo.observed.r2 > 0.7);
  assert.equal(rep[0].signature, null);
  assert.ok(rep[0].lomo !== null);
  assert.throws(() => groundTruthReport({ X: z.X, pieceDomains, scores, sourceDomains: { nope: ["dom_a"] } }, { screen: screenTails(0.05) }), /'nope' is not a column/);
  assert.throws(() => groundTruthReport({ X: z.X, pieceDomains, scores, sourceDomains: { bench_b: ["zzz"] } }, { screen: screenTails(0.05) }), /none of its domains/);
});

// rows were listed in reverse model order: reverse the values to match
function reorder(v: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) out[(n - 1 - i) * p + j] = v[i * p + j];
  return out;
}
