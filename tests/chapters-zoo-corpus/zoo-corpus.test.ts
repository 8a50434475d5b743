import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadZooData } from "../../src/zoo/zoo-data";
import { zooCorpusChapter, fiveQuantiles, tokenizerOrder, type ZooCorpusResult } from "../../src/chapters/zoo-corpus";
import { thrushDispersion, topKAdjR2, table1Benchmarks, TABLE1_MEASURES } from "../../src/chapters/zoo-corpus-table1";
import { pieceGroups } from "../../src/chapters/zoo-corpus-levels";
import { screenedSets, UNIT_PAIRS } from "../../src/chapters/zoo-corpus-units";
import { zooSignatures } from "../../src/chapters/zoo-signatures";
import { thrushCorrelation } from "../../src/stats/screening-stats";

/**
 * The zoo corpus chapter on the CI fixture against an independent numpy/scipy recomputation
 * (tests/golden/zoo-corpus/make_expected.py: own file parsing, literal pair-sum Thrush statistic, numpy
 * 'linear' quantiles, lstsq OLS, own tail selection). Tolerances: counts, chosen benchmarks, winners and
 * screened-set Jaccards exact (to 1e-12); dispersion measures 1e-9 absolute; adjusted R² and correlations 1e-8.
 */
const FIXTURE = join(__dirname, "..", "fixtures", "zoo-smoke");
const E = JSON.parse(readFileSync(join(__dirname, "..", "golden", "zoo-corpus", "expected.json"), "utf8"));
let cached: ZooCorpusResult | null = null;
const chapter = () => (cached ??= zooCorpusChapter(loadZooData(FIXTURE)));
const close = (a: number, b: number, what: string, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs python ${b}`);

test("the wild pool: sizes and bytes per domain and half match the python recomputation", () => {
  const r = chapter();
  assert.equal(r.pool.nModels, E.nModels);
  assert.equal(r.pool.nPieces, E.nPieces);
  assert.equal(r.pool.nChunks, E.nChunks);
  assert.equal(r.pool.nDocuments, E.nDocuments);
  assert.equal(r.pool.totalScoredBytes, E.totalScoredBytes);
  assert.deepEqual(r.pool.chunkPieces, E.chunkPieces);
  assert.equal(r.pool.cells.length, Object.keys(E.poolCells).length);
  for (const c of r.pool.cells) {
    const e = E.poolCells[`${c.domain}/${c.half}`];
    assert.deepEqual({ pieces: c.pieces, textBytes: c.textBytes, scoredBytes: c.scoredBytes }, e, `${c.domain}/${c.half}`);
  }
  // scored bytes = text bytes + the whitespace before each piece (none before a document's first piece)
  assert.ok(r.pool.totalScoredBytes > r.pool.totalTextBytes && r.pool.totalScoredBytes <= r.pool.totalTextBytes + r.pool.nPieces);
});

test("surprisal per tokenizer and its correlation with held-out quality match python", () => {
  const r = chapter();
  for (const t of r.surprisal.tokenizers) {
    const e = E.tokenizers[t.tokenizer];
    assert.equal(t.models, e.models, t.tokenizer);
    for (const k of ["medianNats", "medianLast", "medianBpb", "pooledBpb"] as const) close(t[k], e[k], `${t.tokenizer} ${k}`, 1e-9);
  }
  for (const k of ["pooledBpb", "medianNats", "medianLast", "medianBpb"] as const) close(r.surprisal.heldoutSpearman[k], E.heldoutSpearman[k], `held-out ρ ${k}`, 1e-8);
  assert.deepEqual(r.surprisal.tokenizers.map((t) => t.tokenizer), ["byte", "bpe512", "bpe1024"]);
  // the finding the prose states: the last-token unit ranks models against their held-out quality
  assert.ok(r.surprisal.heldoutSpearman.medianLast < 0 && r.surprisal.heldoutSpearman.pooledBpb > 0.9);
});

test("Table 1 (both variants of the coarse levels): chosen benchmarks, every cell, winners and win counts match python", () => {
  const t = chapter().table1;
  assert.deepEqual(t.benchmarks, E.table1.benchmarks);
  assert.deepEqual(t.qualifying, E.table1.qualifying);
  close(t.thrushScale, E.thrushScale, "scale", 0);
  for (const variant of ["tokenMean", "bytes"] as const) {
    const v = t[variant], ev = E.table1[variant];
    assert.deepEqual(v.nFeatures, ev.nFeatures, variant);
    assert.deepEqual(v.rows.map((row) => row.benchmark), t.benchmarks);
    for (const row of v.rows) {
      const e = ev.rows[row.benchmark];
      for (const l of row.levels) {
        const el = e.levels[l.level];
        assert.equal(l.nFeatures, el.nFeatures);
        for (const m of ["std", "iqr", "maxMinusQ99", "q01MinusMin", "median"] as const) close(l[m], el[m], `${variant} ${row.benchmark} ${l.level} ${m}`, 1e-9);
        close(l.adjR2, el.adjR2, `${variant} ${row.benchmark} ${l.level} adjR2`, 1e-8);
      }
      assert.deepEqual(row.winner, e.winner, `${variant} ${row.benchmark}`);
    }
    assert.deepEqual(v.wins, ev.wins, variant);
    assert.equal(v.cells, ev.cells);
    assert.deepEqual(v.allQualifying, ev.allQualifying, `${variant} all qualifying`);
  }
  // the piece level is the same matrix in both variants
  assert.deepEqual(t.tokenMean.rows[0].levels[0].coefficients, t.bytes.rows[0].levels[0].coefficients);
  // the tokenizer artefact the prose describes: per-token coarse levels flip the coefficients' sign, per-byte ones do not
  // (on the benchmarks that qualify: a saturated benchmark filled in to reach four domains carries little signal)
  for (const row of t.tokenMean.rows.filter((r) => t.qualifying.includes(r.benchmark))) assert.ok(row.levels[0].median < 0 && row.levels[1].median > 0, row.benchmark);
  for (const row of t.bytes.rows.filter((r) => t.qualifying.includes(r.benchmark))) assert.ok(row.levels.every((l) => l.median < 0), row.benchmark);
});

test("unit ablation: screened-set Jaccards per benchmark and their medians match python", () => {
  const u = chapter().units;
  assert.equal(u.rows.length, Object.keys(E.screenedJaccard).length);
  for (const row of u.rows) {
    const e = E.screenedJaccard[row.benchmark];
    for (const [, , k] of UNIT_PAIRS) close(row.screened[k], e[k], `${row.benchmark} ${k}`, 1e-12);
    assert.equal(row.candidates.sum, e.size);
  }
  for (const [, , k] of UNIT_PAIRS) {
    close(u.medians.screened[k], E.screenedJaccardMedian[k], `median ${k}`, 1e-12);
    close(u.mediansQualifying.screened[k], E.screenedJaccardMedianQualifying[k], `median qualifying ${k}`, 1e-12);
  }
});

test("the screen the ablation reports is the one the signature pipeline selects from", () => {
  const z = loadZooData(FIXTURE);
  for (const unit of ["sum", "last"] as const) {
    const sets = screenedSets(z, unit);
    const run = zooSignatures(z, unit === "sum" ? {} : { feature: unit });
    for (const s of run.signatures) {
      const set = new Set(sets.get(s.benchmark)!);
      assert.equal(set.size, s.nCandidates, `${unit} ${s.benchmark} candidates`);
      for (const p of s.pieces) assert.ok(set.has(p.feature), `${unit} ${s.benchmark}: ${p.feature} selected but not screened`);
    }
  }
});

test("bits per byte is a per-piece rescaling of summed NLL: identical screens and signatures, different overlap z-scores", () => {
  const u = chapter().units;
  for (const row of u.rows) {
    assert.equal(row.screened["sum-bpb"], 1, row.benchmark);
    assert.equal(row.selected["sum-bpb"], 1, row.benchmark);
  }
  assert.ok(u.overlap.spearman["sum-bpb"] < 1, "the within-model z-scoring differs between the two units");
  assert.equal(u.overlap.benchmarks.length + u.overlap.excluded.length, u.rows.length);
  const K = u.overlap.benchmarks.length;
  for (const m of Object.values(u.overlap.matrices)) { assert.equal(m.length, K); for (let i = 0; i < K; i++) assert.equal(m[i][i], 1); }
});

test("helpers: dispersion, quantiles, top-k fit, tokenizer order, benchmark rule", () => {
  const d = thrushDispersion(Float64Array.of(-0.2, 0, 0.1, 0.5));
  close(d.iqr, 0.25, "iqr", 1e-12);                      // Q75 = 0.2, Q25 = −0.05 (type 7)
  close(d.std, Math.sqrt(0.26 / 3), "sd", 1e-12);         // mean 0.1, Σ(x − 0.1)² = 0.26, n − 1 = 3
  close(d.maxMinusQ99, 0.5 - (0.1 + 0.97 * 0.4), "max − q99", 1e-12);
  assert.equal(fiveQuantiles([1, 2, 3, 4, 5]).median, 3);
  assert.deepEqual(["bpe1024", "byte", "bpe512", "other"].sort(tokenizerOrder), ["byte", "bpe512", "bpe1024", "other"]);
  // y = 2·x1 exactly: the one-feature fit is perfect; with a constant-free noise column it stays 1
  const X = { rows: ["a", "b", "c", "d", "e"], cols: ["x1", "x2"], values: Float64Array.of(1, 5, 2, 3, 3, 1, 4, 4, 5, 2) };
  const y = [2, 4, 6, 8, 10];
  const fit = topKAdjR2(X, y, [1, 0.2], 1);
  assert.deepEqual(fit.features, ["x1"]);
  close(fit.adjR2, 1, "perfect fit", 1e-12);
  assert.equal(thrushCorrelation([3, 1, 2], [10, 30, 20]), -4);
  const z = loadZooData(FIXTURE);
  assert.deepEqual(table1Benchmarks(z), table1Benchmarks(z), "deterministic");
  assert.equal(new Set(table1Benchmarks(z).map((b) => b.split("_").slice(1, -1).join("_"))).size, 4, "one benchmark per source domain");
  assert.equal(TABLE1_MEASURES.length, 5);
  // every pool piece is in exactly one document group and (on the fixture) one 31-piece window
  const g = pieceGroups(z);
  assert.equal(g.documents.reduce((s, d) => s + d.pieces.length, 0), z.pieces.length);
  assert.equal(g.chunks.reduce((s, d) => s + d.pieces.length, 0), z.pieces.length);
  assert.deepEqual(g.chunks.map((c) => c.id).sort(), z.features.chunk.cols.slice().sort());
  assert.ok(g.chunks.every((c) => c.pieces.length <= 31));
});
