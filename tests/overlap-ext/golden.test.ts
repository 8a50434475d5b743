// Checks against independent numpy/scipy (tests/golden/overlap/make_goldens.py) and R (holm.R), given the same
// committed inputs and resample indices.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { signatureOverlap, bootstrapModelsCi } from "../../src/overlap/signature";
import { withinCrossBootstrap, groupByCategory } from "../../src/stats/bootstrap-category";
import { functionLevelMatrix } from "../../src/overlap/aggregate";
import { partialPc1Overlap } from "../../src/overlap/partial";
import { holm } from "../../src/stats/holm";
import { fitLsa } from "../../src/embed/lsa";
import { lsaConcatEmbedder } from "../../src/embed/embedder";
import { semanticPair } from "../../src/overlap/semantic";

const dir = join(__dirname, "..", "golden", "overlap");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const G: any = JSON.parse(readFileSync(join(dir, "goldens.json"), "utf8"));

function close(actual: ArrayLike<number>, expected: (number | null)[], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] === null ? NaN : (expected[i] as number);
    if (Number.isNaN(e)) { assert.ok(Number.isNaN(actual[i]), `${what}[${i}]: expected NaN, got ${actual[i]}`); continue; }
    assert.ok(Math.abs(actual[i] - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: ${actual[i]} vs ${e}`);
  }
}

function featureMatrix() {
  const s = G.signature;
  return { rows: s.models as string[], cols: s.cols as string[], values: Float64Array.from((s.X as number[][]).flat()) };
}

test("signature overlap equals scipy for both z-score pools, plain and sign-weighted", () => {
  const x = featureMatrix();
  for (const pool of ["all", "signatures"] as const) for (const signWeighted of [false, true]) {
    const exp = G.signature.expected[`${pool}-${signWeighted ? "signed" : "plain"}`];
    const r = signatureOverlap(x, G.signature.signatures, { pool, signWeighted });
    close(r.values, exp.overlap.flat(), 1e-12, `${pool}/${signWeighted} overlap`);
    r.scores.forEach((sc, k) => close(sc, exp.scores[k], 1e-12, `${pool}/${signWeighted} scores ${k}`));
  }
});

test("model bootstrap interval equals numpy given the same committed draws", () => {
  const r = signatureOverlap(featureMatrix(), G.signature.signatures);
  const b = G.signature.bootstrap;
  const ci = bootstrapModelsCi(r.scores, { draws: (b.draws as number[][]).map((d) => Int32Array.from(d)), level: b.level });
  close(ci.lower, b.lower.flat(), 1e-12, "lower");
  close(ci.upper, b.upper.flat(), 1e-12, "upper");
  const n = r.labels.length;
  const se = Array.from(ci.se).map((v, i) => (i % (n + 1) === 0 ? 0 : v));
  close(se, b.se.flat(), 1e-12, "se");
});

test("within- vs cross-category bootstrap equals numpy given the same committed replicates", () => {
  const c = G.category;
  const values = Float64Array.from((c.values as (number | null)[][]).flat().map((v) => (v === null ? NaN : v)));
  const groups = groupByCategory(c.categories);
  const reps = (c.replicates as number[][][]).map((r) => r.map((pos) => Int32Array.from(pos)));
  const rows = withinCrossBootstrap(values, c.categories.length, groups, { replicates: reps });
  rows.forEach((row, k) => {
    const e = c.expected[k];
    assert.equal(row.category, e.category);
    assert.equal(row.validResamples, e.validResamples);
    for (const key of ["within", "cross", "diff", "lower", "upper", "percentileOfZero", "signedPercentile", "p", "pHolm"] as const) {
      close([row[key]], [e[key]], 1e-12, `${e.category}.${key}`);
    }
  });
});

test("function-level matrix equals numpy (NaN cell skipped)", () => {
  const c = G.category;
  const values = Float64Array.from((c.values as (number | null)[][]).flat().map((v) => (v === null ? NaN : v)));
  const f = functionLevelMatrix(values, c.categories.length, c.categories);
  assert.deepEqual(f.labels, G.functionLevel.labels);
  close(f.values, G.functionLevel.values.flat(), 1e-12, "F");
  close([f.meanWithin, f.meanCross], [G.functionLevel.meanWithin, G.functionLevel.meanCross], 1e-12, "means");
});

test("PC1-partialled performance overlap equals numpy (with a tie)", () => {
  const Y = G.partial.Y as number[][];
  const m = Y.length, n = Y[0].length;
  const r = partialPc1Overlap({ rows: Y.map((_, i) => `m${i}`), cols: Array.from({ length: n }, (_, j) => `b${j}`), values: Float64Array.from(Y.flat()) });
  assert.equal(r.modelScores.length, m);
  close(r.values, G.partial.values.flat(), 1e-10, "partial");
  close([r.varianceExplained], [G.partial.varianceExplained], 1e-12, "varianceExplained");
  close(r.loadings, G.partial.loadings, 1e-10, "loadings");
  close(r.modelScores, G.partial.modelScores, 1e-10, "modelScores");
});

test("Holm adjustment equals R's p.adjust(method = 'holm')", () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const H: any = JSON.parse(readFileSync(join(dir, "holm.json"), "utf8"));
  for (const c of H.cases) close(holm(c.p.map((v: number | null) => (v === null ? NaN : v))), c.holm, 1e-15, "holm");
});

test("semantic size-matched bootstrap equals numpy TF-IDF + exact SVD given the same committed draws", async () => {
  const s = G.semantic;
  // oversample so that l = min(k + oversample, docs, terms) reaches the rank: the randomized SVD is then exact.
  const lsa = fitLsa([...s.a, ...s.b, ...s.c], { dim: s.dim, minDf: s.minDf, seed: 3, oversample: 40 });
  close(lsa.singularValues, s.singularValues, 1e-10, "singular values");
  const emb = lsaConcatEmbedder(lsa, { maxTokens: s.maxTokens });
  const pa = await emb.prepare(s.a), pb = await emb.prepare(s.b);
  const draws = (s.draws as number[][]).map((d) => Int32Array.from(d));
  const r = await semanticPair(emb, "a", pa, "b", pb, { draws, keepDraws: true });
  assert.equal(r.small, "a");
  close(r.cosines as Float64Array, s.cosines, 1e-9, "cosines");
  close([r.mean, r.sd, r.lower, r.upper], [s.mean, s.sd, s.lower, s.upper], 1e-9, "summary");
});
