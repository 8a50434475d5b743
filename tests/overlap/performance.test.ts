import { test } from "node:test";
import assert from "node:assert/strict";
import { compareWithinAcross, performanceOverlap, spearmanMatrix } from "../../src/overlap/performance";
import { parseScoreTable } from "../../src/scores/table";

test("spearmanMatrix uses mid-ranks: a hand-computed case with ties", () => {
  // a = [1, 2, 2, 3] -> ranks [1, 2.5, 2.5, 4]; b = [1, 3, 2, 4] -> ranks [1, 3, 2, 4]
  // Pearson of the ranks: cov = 4.5/ (sqrt(4.5) sqrt(5)) = 0.9486832980505138
  const m = spearmanMatrix({ rows: ["m1", "m2", "m3", "m4"], cols: ["a", "b"], values: Float64Array.of(1, 1, 2, 3, 2, 2, 3, 4) });
  assert.deepEqual(m.labels, ["a", "b"]);
  assert.ok(Math.abs(m.values[1] - 0.9486832980505138) < 1e-15);
  assert.equal(m.values[1], m.values[2]);
  assert.equal(m.values[0], 1);
});

test("spearmanMatrix is invariant to row order and to monotone transforms", () => {
  const rows = ["a", "b", "c", "d", "e"];
  const v = Float64Array.of(0.1, 5, 0.3, 2, 0.2, 2, 0.9, 1, 0.5, 7);
  const m1 = spearmanMatrix({ rows, cols: ["x", "y"], values: v });
  const perm = [4, 2, 0, 3, 1];
  const v2 = new Float64Array(10);
  perm.forEach((i, r) => { v2[2 * r] = Math.exp(v[2 * i]); v2[2 * r + 1] = v[2 * i + 1] ** 3; });
  const m2 = spearmanMatrix({ rows: perm.map((i) => rows[i]), cols: ["x", "y"], values: v2 });
  assert.ok(Math.abs(m1.values[1] - m2.values[1]) < 1e-15);
});

test("performanceOverlap negates lower-is-better columns and refuses missing cells", () => {
  const csv = "model,acc,ppl\nm1,0.2,30\nm2,0.5,12\nm3,0.4,15\nm4,0.9,5\n";
  const meta = JSON.stringify({ benchmarks: { acc: { direction: "higher" }, ppl: { direction: "lower" } } });
  const t = parseScoreTable(csv, "t.csv", meta, "t.meta.json");
  const ov = performanceOverlap(t);
  assert.deepEqual(ov.negated, ["ppl"]);
  assert.equal(ov.matrix.values[1], 1); // perfectly concordant once perplexity is negated
  assert.equal(performanceOverlap(t, { orient: false }).matrix.values[1], -1);
  assert.equal(ov.provenance.params.ties, "mid-ranks");
  assert.equal(ov.provenance.dataHashes["t.csv"], t.sha256);
  const holes = parseScoreTable("model,a,b\nm1,1,2\nm2,,3\nm3,2,1\nm4,3,3\n", "h.csv");
  assert.throws(() => performanceOverlap(holes), /m2.*no score on 'a'.*complete block/);
});

test("compareWithinAcross reports both tests on the pair split", () => {
  const n = 8, values = new Float64Array(n * n);
  const g = ["A", "A", "A", "A", "B", "B", "B", "B"];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) values[i * n + j] = i === j ? 1 : g[i] === g[j] ? 0.8 + 0.01 * (i + j) : 0.3 + 0.01 * (i * j % 5);
  const c = compareWithinAcross({ labels: g.map((_, i) => `b${i}`), values }, g, { factor: "family", seed: 4, permutations: 200 });
  assert.equal(c.within.n, 12);
  assert.equal(c.across.n, 16);
  assert.equal(c.mannWhitney.statistic, 12 * 16); // complete separation
  assert.ok(c.difference > 0.4);
  assert.deepEqual(c.groupSizes, { A: 4, B: 4 });
  assert.ok(c.permutation.pGreater <= 0.05);
});
