import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCorpus } from "../../src/corpus/read";
import { planScoring, unitOptions } from "../../src/corpus/plan";
import { loadCausalLM } from "../../src/perplexity/model";
import { tokenLogprobs } from "../../src/perplexity/logprobs";
import { scoreCorpus } from "../../src/perplexity/engine";
import { loadTokenizer } from "../../src/perplexity/tokenizer";
import { importPaperParquet } from "../../src/io/logprob-paper";
import { importJsonl } from "../../src/io/logprob-jsonl";
import { exportParquet } from "../../src/io/logprob-export";
import { readLogprobTable, writeLogprobTable, tableMeasure, documentMeanNll } from "../../src/io/logprob-table";
import { readFeatureMatrix, writeFeatureMatrix, joinTables } from "../../src/io/feature-matrix";
import { InputError } from "../../src/core/errors";

const MODEL = join(__dirname, "..", "fixtures", "models", "tiny-bpe");
const CORPUS = join(__dirname, "..", "fixtures", "corpus", "small");

async function writePaperFiles(dir: string, dropFirst: boolean) {
  const { parquetWriteBuffer } = await import("hyparquet-writer");
  const corpus = await readCorpus(CORPUS);
  const plan = planScoring(corpus, unitOptions());
  const lm = await loadCausalLM(MODEL);
  const res = await tokenLogprobs(lm, plan.chunks.map((c) => c.text));
  const textId = plan.chunks.map((c) => c.doc), chunkId: number[] = [];
  plan.chunks.forEach((c, i) => chunkId.push(i > 0 && plan.chunks[i - 1].doc === c.doc ? chunkId[i - 1] + 1 : 0));
  writeFileSync(join(dir, "chunks.parquet"), new Uint8Array(parquetWriteBuffer({ columnData: [
    { name: "text_id", data: Int32Array.from(textId), type: "INT32" },
    { name: "chunk_id", data: Int32Array.from(chunkId), type: "INT32" },
    { name: "chunk_text", data: plan.chunks.map((c) => c.text), type: "STRING" },
  ] })));
  writeFileSync(join(dir, "model.parquet"), new Uint8Array(parquetWriteBuffer({
    columnData: [
      { name: "text_id", data: Int32Array.from(textId) }, { name: "chunk_id", data: Int32Array.from(chunkId) },
      { name: "logprobs", data: res.map((r) => Array.from(dropFirst ? r.logprobs.subarray(1) : r.logprobs)) },
    ],
    schema: [
      { name: "root", num_children: 3 },
      { name: "text_id", type: "INT32", repetition_type: "REQUIRED" },
      { name: "chunk_id", type: "INT32", repetition_type: "REQUIRED" },
      { name: "logprobs", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
      { name: "list", repetition_type: "REPEATED", num_children: 1 },
      { name: "element", type: "FLOAT", repetition_type: "OPTIONAL" },
    ] as never,
  })));
  const native = await scoreCorpus(lm, plan, { cacheDir: join(dir, "cache") });
  await lm.dispose();
  return native.table;
}

test("paper-parquet import maps token log-probs back to pieces like bsig score does", async () => {
  const d = mkdtempSync(join(tmpdir(), "bsig-io-"));
  try {
    const native = await writePaperFiles(d, false);
    const tokenizer = await loadTokenizer(MODEL);
    const t = await importPaperParquet({ logprobs: join(d, "model.parquet"), chunks: join(d, "chunks.parquet"), tokenizer, modelId: "tiny-bpe" });
    assert.equal(t.pieceIds.length, native.pieceIds.length);
    assert.equal(t.pieceIds[0], "0:0");
    t.nllSum.forEach((v, i) => assert.ok(Math.abs(v - native.nllSum[i]) < 1e-4, `piece ${i}: ${v} vs ${native.nllSum[i]}`));
    assert.deepEqual(Array.from(t.nTokens), Array.from(native.nTokens));
    // GPT-2 style output without a BOS: the first token has no log-prob, so each text's first piece is NaN
    const d2 = mkdtempSync(join(tmpdir(), "bsig-io-"));
    await writePaperFiles(d2, true);
    const t2 = await importPaperParquet({ logprobs: join(d2, "model.parquet"), chunks: join(d2, "chunks.parquet"), tokenizer, modelId: "x" });
    assert.ok(Number.isNaN(t2.nllSum[0]));
    assert.ok(Math.abs(t2.nllSum[1] - native.nllSum[1]) < 1e-4);
    rmSync(d2, { recursive: true, force: true });
    // the wrong tokenizer is caught
    const other = await loadTokenizer(join(__dirname, "..", "fixtures", "models", "tiny-byte"));
    await assert.rejects(importPaperParquet({ logprobs: join(d, "model.parquet"), chunks: join(d, "chunks.parquet"), tokenizer: other, modelId: "x" }),
      (e: unknown) => e instanceof InputError && /log-probs but the tokenizer gives \d+ tokens \(wrong --tokenizer\?\)/.test(e.message));
    // a Parquet without the logprobs column
    await assert.rejects(importPaperParquet({ logprobs: join(d, "chunks.parquet"), chunks: join(d, "chunks.parquet"), tokenizer, modelId: "x" }), /no column 'logprobs'/);
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test("table round trip, measures, document aggregates, Parquet export", async () => {
  const d = mkdtempSync(join(tmpdir(), "bsig-io-"));
  try {
    const t = importJsonl(await (async () => {
      const f = join(d, "m.jsonl");
      writeFileSync(f, ['{"piece":"a:0","logprobs":[-1,-2]}', '{"piece":"a:1","nll_sum":0.5,"n_bytes":2}', ""].join("\n"));
      return f;
    })(), { modelId: "m" });
    assert.deepEqual(Array.from(t.nllSum), [3, 0.5]);
    assert.deepEqual(Array.from(t.nllLast), [2, NaN]);
    writeLogprobTable(join(d, "t"), t);
    const back = readLogprobTable(join(d, "t"));
    assert.deepEqual(back.pieceIds, ["a:0", "a:1"]);
    assert.ok(Math.abs(tableMeasure(back, "bits-per-byte")[1] - 0.5 / (2 * Math.LN2)) < 1e-6);
    // a changed byte is detected
    const f = join(d, "t", "nll_sum.f32");
    const b = readFileSync(f); b[1] ^= 4; writeFileSync(f, b);
    assert.throws(() => readLogprobTable(join(d, "t")), /sha256 does not match/);
    await exportParquet(t, join(d, "t.parquet"));
    const { parquetReadObjects } = await import("hyparquet");
    const buf = readFileSync(join(d, "t.parquet"));
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
    assert.equal(rows.length, 2);
    assert.equal(rows[0].piece, "a:0");
    assert.equal(rows[0].nll_sum, 3);
    assert.equal(rows[1].n_bytes, 2);
    assert.throws(() => importJsonl(join(d, "m.jsonl").replace("m.jsonl", "nope.jsonl"), { modelId: "x" }));
    writeFileSync(join(d, "bad.jsonl"), '{"piece":"a:0"}\n');
    assert.throws(() => importJsonl(join(d, "bad.jsonl"), { modelId: "x" }), /line 1: needs 'logprobs' or 'nll_sum'/);
    const agg = documentMeanNll({ ...t, chunkIds: ["a@0", "a@31", "b@0"], chunkNllMean: Float32Array.of(1, 3, 2), chunkNTokens: Float32Array.of(1, 3, 5) });
    assert.deepEqual(agg.ids, ["a", "b"]);
    assert.deepEqual(Array.from(agg.meanNll), [2.5, 2]);
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test("feature matrix: write/read round trip, join reorders by piece id, size/hash errors", () => {
  const d = mkdtempSync(join(tmpdir(), "bsig-io-"));
  try {
    const m = { rows: ["m1", "m2"], cols: ["d:0", "d:1", "d:2"], values: Float32Array.of(1, 2, 3, 4, 5, 6) };
    writeFeatureMatrix(join(d, "X"), m, { measure: "nll-sum-nats" });
    const X = readFeatureMatrix(join(d, "X"));
    assert.deepEqual(X.rows, m.rows); assert.deepEqual(X.cols, m.cols); assert.deepEqual(Array.from(X.values), [1, 2, 3, 4, 5, 6]);
    assert.equal(X.measure, "nll-sum-nats");
    const man = JSON.parse(readFileSync(join(d, "X", "manifest.json"), "utf8"));
    assert.equal(man.format, "bsig-feature-matrix"); assert.equal(man.nCols, 3); assert.equal(man.dtype, "float32");
    writeFileSync(join(d, "X", "values.f32"), Buffer.alloc(20));
    assert.throws(() => readFeatureMatrix(join(d, "X")), /sha256 does not match/);
    const tab = (ids: string[], v: number[], hash = "h") => ({
      manifest: { model: { id: "x", source: "jsonl" }, tokenizerHash: null, corpus: { hash, source: "" }, unit: null, conventions: {}, provenance: {} as never },
      pieceIds: ids, nllSum: Float32Array.from(v), nllLast: Float32Array.from(v), nTokens: Float32Array.from(v), nBytes: Float32Array.from(v),
      chunkIds: [], chunkNllMean: new Float32Array(0), chunkNTokens: new Float32Array(0),
    });
    const J = joinTables([{ name: "a", source: "A", table: tab(["p:0", "p:1"], [1, 2]) }, { name: "b", source: "B", table: tab(["p:1", "p:0"], [20, 10]) }], "nll-sum-nats");
    assert.deepEqual(Array.from(J.values), [1, 2, 10, 20]);
    assert.throws(() => joinTables([{ name: "a", source: "A", table: tab(["p:0"], [1]) }, { name: "b", source: "B", table: tab(["p:0"], [1], "other") }], "nll-sum-nats"), /B: corpus hash/);
    assert.throws(() => joinTables([{ name: "a", source: "A", table: tab(["p:0", "p:1"], [1, 2]) }, { name: "b", source: "B", table: tab(["p:0", "p:9"], [1, 2]) }], "nll-sum-nats"),
      /B: covers different pieces than A: 2 vs 2 pieces, 1 missing \(e\.g\. 'p:1'\), 1 extra \(e\.g\. 'p:9'\)/);
  } finally { rmSync(d, { recursive: true, force: true }); }
});
