import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { selectRows } from "../../src/core/matrix";
import { rankFeatures } from "../../src/stats/screening-ranks";
import { lomoR2, domainMeanPipeline } from "../../src/zoo/groundtruth-lomo";
import { zooSignatures, zooFeatureMatrix } from "../../src/chapters/zoo-signatures";
import { groundTruthSummary } from "../../src/chapters/zoo-groundtruth";
import { dropModelRanks, domainMeanFeature, rankedFor, screenPipeline } from "../../src/chapters/zoo-groundtruth-pipelines";
import { fixtureResult, fixtureZoo, NULL_BENCHMARK } from "./fixture";

/**
 * The zoo ground-truth chapter on the CI fixture against an independent numpy/scipy recomputation
 * (tests/golden/zoo-groundtruth/make_expected.py, which reads the fixture files itself and takes from TS only
 * the selected piece lists and one permutation list). Tolerances: piece sets, top domains, counts and
 * above-chance flags exact; enrichment ratios and null summaries to 1e-12 (same arithmetic on integers);
 * Spearman, LOMO R² and Mann–Whitney p to 1e-9 (summation order only).
 */
const E = JSON.parse(readFileSync(join(__dirname, "..", "golden", "zoo-groundtruth", "expected.json"), "utf8"));
const INPUT = JSON.parse(readFileSync(join(__dirname, "..", "golden", "zoo-groundtruth", "input.json"), "utf8"));
const close = (a: number | null, b: number | null, what: string, tol: number) => {
  if (b === null) { assert.ok(a === null || Number.isNaN(a), `${what}: ${a} vs expected none`); return; }
  assert.ok(a !== null && Math.abs(a - b) <= tol, `${what}: ${a} vs Python ${b}`);
};

test("the golden input is the chapter's current selection (regenerate input.json and expected.json if this fails)", () => {
  const r = fixtureResult();
  for (const b of r.benchmarks) assert.deepEqual(b.selections, INPUT.selections[b.benchmark], b.benchmark);
});

test("screening: the kept pieces are Python's Thrush tails, and every signature is zooSignatures'", () => {
  const r = fixtureResult(), z = fixtureZoo(), run = zooSignatures(z);
  for (const b of r.benchmarks) {
    assert.deepEqual(b.selections.screened.indices.slice().sort((x, y) => x - y), E.benchmarks[b.benchmark].screenedKept, `${b.benchmark} screened set`);
    const s = run.signatures.find((q) => q.benchmark === b.benchmark)!;
    assert.deepEqual(b.selections.signature.indices.map((j) => z.pieces[j].id), s.pieces.map((p) => p.feature), `${b.benchmark} signature`);
  }
});

test("enrichment by sign, top domains and the above-chance flag match Python", () => {
  for (const b of fixtureResult().benchmarks) {
    const e = E.benchmarks[b.benchmark];
    assert.equal(b.aboveChance, e.aboveChance, `${b.benchmark} above chance`);
    assert.equal(b.screenedTop, e.screenedTop, `${b.benchmark} screened top`);
    assert.equal(b.signatureTop, e.signatureTop, `${b.benchmark} signature top`);
    if (b.category !== "zoo-domain") { assert.equal(b.screened, null); continue; }
    for (const k of ["all", "negative", "positive"] as const) {
      close(b.screened!.observed[k], e.screened[k], `${b.benchmark} screened ${k}`, 1e-12);
      close(b.signature!.observed[k], e.signature[k], `${b.benchmark} signature ${k}`, 1e-12);
    }
    close(b.signatureByCoefficient!.negative, e.signatureByCoefficientNegative, `${b.benchmark} by coefficient`, 1e-12);
    assert.equal(b.screenedTopCorrect, b.domains.includes(e.screenedTop));
  }
});

test("the screened-set null of one benchmark matches Python over the same permutations", () => {
  const b = fixtureResult().benchmarks.find((x) => x.benchmark === NULL_BENCHMARK)!;
  const e = E.nullCheck;
  assert.equal(b.screened!.permutations, e.permutations);
  for (const k of ["all", "negative", "positive"] as const) {
    const s = b.screened![k];
    assert.equal(s.draws.length, e[k].n, `${k} finite draws`);
    for (const f of ["mean", "q95", "max", "p", "percentile"] as const) close(s[f], e[k][f], `${k} ${f}`, 1e-12);
  }
});

test("leave-one-model-out R² of both baselines matches Python's own loop", () => {
  for (const b of fixtureResult().benchmarks) {
    const e = E.benchmarks[b.benchmark];
    close(b.lomo.screenedAverage.r2, e.lomoScreenedAverage, `${b.benchmark} screened average`, 1e-9);
    if (b.lomo.domainMean) close(b.lomo.domainMean.r2, e.lomoDomainMean, `${b.benchmark} domain mean`, 1e-9);
  }
});

test("overlap vs the same-domain indicator matches Python for all four overlap kinds and subsets", () => {
  const r = fixtureResult();
  assert.equal(r.overlap.kinds.length, 4);
  for (const k of r.overlap.kinds) {
    const e = E.overlapDomain[k.kind];
    for (const sub of ["all", "aboveChance", "noCode"] as const) {
      close(k[sub].spearman, e[sub].spearman, `${k.kind} ${sub}`, 1e-9);
      assert.equal(k[sub].nPairs, e[sub].nPairs);
      assert.equal(k[sub].nSame, e[sub].nSame);
      close(k[sub].meanSame, e[sub].meanSame, `${k.kind} ${sub} mean same`, 1e-9);
    }
    assert.ok(k.labelNull.p > 0 && k.labelNull.p <= 1);
  }
});

test("family / format inflation over different-domain pairs matches Python (means and Mann–Whitney p)", () => {
  const cells = fixtureResult().inflation.filter((c) => c.pairs === "different-domain pairs");
  assert.equal(cells.length, E.inflation.length);
  for (const e of E.inflation) {
    const c = cells.find((x) => x.kind === e.kind && x.factor === e.factor)!;
    assert.equal(c.nWithin, e.nWithin, `${e.kind} ${e.factor} n within`);
    assert.equal(c.nAcross, e.nAcross);
    close(c.meanWithin, e.meanWithin, `${e.kind} ${e.factor} within`, 1e-9);
    close(c.meanAcross, e.meanAcross, `${e.kind} ${e.factor} across`, 1e-9);
    close(c.mannWhitneyP, e.mannWhitneyP, `${e.kind} ${e.factor} MW p`, 1e-9);
  }
  // excluding the same-domain pairs removes exactly the 90 pairs that share a domain (6 domains x C(6, 2))
  const all = fixtureResult().inflation.find((c) => c.pairs === "all pairs" && c.kind === "performance" && c.factor === "family")!;
  const ex = cells.find((c) => c.kind === "performance" && c.factor === "family")!;
  assert.equal(all.nWithin + all.nAcross - ex.nWithin - ex.nAcross, 90);
});

test("the summary counts are the per-benchmark flags, and a real domain signal shows on code", () => {
  const r = fixtureResult(), s = groundTruthSummary(r);
  assert.equal(s.nZoo, 36);
  assert.equal(s.screenedTopCorrect, r.benchmarks.filter((b) => b.screenedTopCorrect).length);
  assert.equal(s.controls.length, 2);
  const code = r.benchmarks.find((b) => b.benchmark === NULL_BENCHMARK)!;
  assert.ok(code.screened!.observed.negative > code.screened!.negative.q95, "code next-word: screened negative tail beyond its null");
});

test("dropModelRanks equals ranking the reduced matrix from scratch, bit for bit (and rankedFor uses it)", () => {
  const X = zooFeatureMatrix(fixtureZoo(), "sum");
  const full = rankFeatures(X.values, X.rows.length);
  for (const drop of [0, 17, X.rows.length - 1]) {
    const keep = X.rows.map((_, i) => i).filter((i) => i !== drop);
    const Xi = selectRows(X, keep);
    const want = rankFeatures(Xi.values, Xi.rows.length), got = dropModelRanks(full, drop, Xi.values);
    assert.deepEqual(got.centred, want.centred);
    assert.deepEqual(got.norm, want.norm);
    assert.equal(got.nTied, want.nTied);
    assert.deepEqual(rankedFor(Xi, X).centred, want.centred);
  }
  // a matrix that is not the parent minus one row is ranked from scratch
  const shuffled = selectRows(X, [1, 0, ...X.rows.map((_, i) => i).slice(3)]);
  assert.deepEqual(rankedFor(shuffled, X).centred, rankFeatures(shuffled.values, shuffled.rows.length).centred);
});

test("the one-column domain-mean LOMO equals domainMeanPipeline on the whole matrix", () => {
  const z = fixtureZoo(), X = zooFeatureMatrix(z, "sum");
  const domains = [...new Set(z.pieces.map((p) => p.domain))].sort();
  const pd = Int32Array.from(z.pieces, (p) => domains.indexOf(p.domain));
  const y = Float64Array.from(z.scores.rows, (_, i) => z.scores.values[i * z.scores.cols.length + 3]);
  const a = lomoR2(X, y, domainMeanPipeline(pd, [2])), b = lomoR2(domainMeanFeature(X, pd, [2]), y, domainMeanPipeline([0], [0]));
  assert.equal(a.r2, b.r2);
  assert.deepEqual(a.predictions, b.predictions);
});

test("screening signs: negative γ means surprisal falls as the score rises", () => {
  const z = fixtureZoo(), X = zooFeatureMatrix(z, "sum");
  // a score that is exactly minus the surprisal of piece 5: its γ is the most negative possible
  const y = Float64Array.from(X.rows, (_, i) => -X.values[i * X.cols.length + 5]);
  const sel = screenPipeline(X)(X, y);
  const k = Array.from(sel.indices).indexOf(5);
  assert.ok(k >= 0);
  assert.equal(sel.signs[k], -1);
});
