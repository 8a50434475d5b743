import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { runCli } from "../../src/cli/main";
import { readLogprobTable } from "../../src/io/logprob-table";
import { readFeatureMatrix } from "../../src/io/feature-matrix";

const ROOT = resolve(__dirname, "..", "..");
const MODELS = join(ROOT, "tests", "fixtures", "models");
const CORPUS = join(ROOT, "tests", "fixtures", "corpus", "small");

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

function listAll(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir, { recursive: true }) as string[]) out.push(f);
  return out.sort();
}

test("the log-softmax gives the same bytes on the helper thread (pipelined) and on the main thread (BSIG_LOGSOFTMAX_THREADS=1)", async () => {
  const d = mkdtempSync(join(tmpdir(), "bsig-cli-threads-"));
  try {
    for (const m of ["tiny-bpe", "tiny-byte"]) {
      const r = await cli(["score", "--model", join(MODELS, m), "--corpus", CORPUS, "--out", join(d, `${m}-helper`), "--cache", join(d, "c1"), "--progress", "none"]);
      assert.equal(r.code, 0, r.err);
      const child = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "cli-child.ts"), "score", "--model", join(MODELS, m), "--corpus", CORPUS,
        "--out", join(d, `${m}-main`), "--cache", join(d, "c2"), "--progress", "none"], { encoding: "utf8", env: { ...process.env, BSIG_LOGSOFTMAX_THREADS: "1" } });
      assert.equal(child.status, 0, child.stderr);
      for (const f of ["nll_sum.f32", "nll_last.f32", "n_tokens.f32", "chunk_nll_mean.f32"]) {
        assert.deepEqual(readFileSync(join(d, `${m}-main`, f)), readFileSync(join(d, `${m}-helper`, f)), `${m} ${f}`);
      }
    }
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test("score two models (two tokenizers), build the matrix (folder and CSV), reuse the cache", async () => {
  const d = mkdtempSync(join(tmpdir(), "bsig-cli-"));
  try {
    const cache = join(d, "cache");
    for (const m of ["tiny-bpe", "tiny-byte"]) {
      const r = await cli(["score", "--model", join(MODELS, m), "--corpus", CORPUS, "--out", join(d, m), "--cache", cache, "--progress", "none"]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /0 shards reused, 1 computed/);
    }
    const again = await cli(["score", "--model", join(MODELS, "tiny-bpe"), "--corpus", CORPUS, "--out", join(d, "again"), "--cache", cache, "--progress", "none", "--batch-size", "3"]);
    assert.match(again.out, /1 shards reused, 0 computed/);
    assert.deepEqual(readFileSync(join(d, "again", "nll_sum.f32")), readFileSync(join(d, "tiny-bpe", "nll_sum.f32")));
    // a fresh cache with batch size 1 and smaller shards gives byte-identical columns
    const b1 = await cli(["score", "--model", join(MODELS, "tiny-bpe"), "--corpus", CORPUS, "--out", join(d, "b1"), "--cache", join(d, "cache-b1"), "--progress", "none", "--batch-size", "1", "--shard-chunks", "2"]);
    assert.equal(b1.code, 0, b1.err);
    for (const f of ["nll_sum.f32", "nll_last.f32", "n_tokens.f32", "n_bytes.f32", "pieces.txt", "chunk_nll_mean.f32"]) {
      assert.deepEqual(readFileSync(join(d, "b1", f)), readFileSync(join(d, "tiny-bpe", f)), f);
    }
    const a = readLogprobTable(join(d, "tiny-bpe")), b = readLogprobTable(join(d, "tiny-byte"));
    assert.deepEqual(a.pieceIds, b.pieceIds);
    assert.notDeepEqual(Array.from(a.nTokens), Array.from(b.nTokens), "different tokenizers, same pieces");
    const r = await cli(["matrix", "--runs", join(d, "tiny-bpe"), join(d, "tiny-byte"), "--out", join(d, "X"), "--measure", "bits-per-byte"]);
    assert.equal(r.code, 0, r.err);
    const X = readFeatureMatrix(join(d, "X"));
    assert.deepEqual(X.rows, ["tiny-bpe", "tiny-byte"]);
    assert.equal(X.cols.length, a.pieceIds.length);
    assert.equal(X.measure, "bits-per-byte");
    assert.ok(Math.abs(X.values[0] - a.nllSum[0] / (Math.LN2 * a.nBytes[0])) < 1e-6);
    const ch = await cli(["matrix", "--runs", join(d, "tiny-bpe"), join(d, "tiny-byte"), "--out", join(d, "C"), "--level", "chunk"]);
    assert.equal(ch.code, 0, ch.err);
    const C = readFeatureMatrix(join(d, "C"));
    assert.deepEqual(C.cols, a.chunkIds);
    assert.equal(C.measure, "chunk-mean-token-nll-nats");
    assert.equal(C.values[0], a.chunkNllMean[0]);
    const doc = await cli(["matrix", "--runs", join(d, "tiny-bpe"), join(d, "tiny-byte"), "--out", join(d, "D"), "--level", "document"]);
    assert.equal(doc.code, 0, doc.err);
    assert.deepEqual(readFeatureMatrix(join(d, "D")).cols, ["a.txt", "sub/b.jsonl#1", "sub/b.jsonl#2", "sub/b.jsonl#4"]);
    const csv = await cli(["matrix", "--runs", join(d, "tiny-bpe"), join(d, "tiny-byte"), "--out", join(d, "X.csv")]);
    assert.equal(csv.code, 0, csv.err);
    const lines = readFileSync(join(d, "X.csv"), "utf8").trim().split("\n");
    assert.equal(lines.length, 3);
    assert.equal(lines[0].split(",")[0], "model");
    const v = await cli(["cache", "verify", "--cache", cache]);
    assert.equal(v.code, 0, v.err);
    assert.match(v.out, /2 entries, 2 shards, 0 problems/);
    // damage a shard: verify reports it
    const entry = readdirSync(join(cache, "scores"))[0];
    const shard = join(cache, "scores", entry, "shards", "shard-000000.bin");
    const buf = readFileSync(shard); buf[0] ^= 1; writeFileSync(shard, buf);
    const bad = await cli(["cache", "verify", "--cache", cache]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /shard-000000\.json: sha256 mismatch/);
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test("matrix refuses runs that cover different pieces, naming the run and an example piece", async () => {
  const d = mkdtempSync(join(tmpdir(), "bsig-cli-"));
  try {
    const cache = join(d, "cache");
    for (const [name, sample] of [["all", "1"], ["half", "2"]]) {
      const r = await cli(["score", "--model", join(MODELS, "tiny-byte"), "--corpus", CORPUS, "--out", join(d, name), "--cache", cache, "--sample", sample, "--progress", "none"]);
      assert.equal(r.code, 0, r.err);
    }
    const r = await cli(["matrix", "--runs", join(d, "all"), join(d, "half"), "--names", "a,b", "--out", join(d, "X")]);
    assert.equal(r.code, 2);
    assert.match(r.err, /half: covers different pieces than .*all: \d+ vs \d+ pieces, \d+ missing \(e\.g\. '[^']+'\)/);
    assert.equal(existsSync(join(d, "X")), false);
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test("import and export commands: paper-parquet needs --chunks and --tokenizer; jsonl round trip to Parquet", async () => {
  const d = mkdtempSync(join(tmpdir(), "bsig-cli-"));
  try {
    const r1 = await cli(["import", "--format", "paper-parquet", "--in", "x.parquet", "--model", "m", "--out", join(d, "o")]);
    assert.equal(r1.code, 2); assert.match(r1.err, /--chunks: paper-parquet needs the chunk text file/);
    // two GPT-2 style imports: the unscored first piece is NaN; --drop-missing removes it
    writeFileSync(join(d, "p.jsonl"), '{"piece":"d:0","nll_sum":null}\n{"piece":"d:1","nll_sum":2}\n');
    assert.equal((await cli(["import", "--format", "jsonl", "--in", join(d, "p.jsonl"), "--model", "p", "--out", join(d, "p")])).code, 0);
    writeFileSync(join(d, "q.jsonl"), '{"piece":"d:0","nll_sum":1}\n{"piece":"d:1","nll_sum":3}\n');
    assert.equal((await cli(["import", "--format", "jsonl", "--in", join(d, "q.jsonl"), "--model", "q", "--out", join(d, "q")])).code, 0);
    const dm = await cli(["matrix", "--runs", join(d, "p"), join(d, "q"), "--names", "p,q", "--drop-missing", "--out", join(d, "PQ")]);
    assert.equal(dm.code, 0, dm.err);
    assert.match(dm.out, /2 models x 1 pieces .*dropped 1 with a missing value/);
    assert.deepEqual(Array.from(readFeatureMatrix(join(d, "PQ")).values), [2, 3]);
    const r2 = await cli(["import", "--format", "csv", "--in", "x", "--model", "m", "--out", join(d, "o")]);
    assert.equal(r2.code, 2); assert.match(r2.err, /--format: expected paper-parquet or jsonl/);
    writeFileSync(join(d, "m.jsonl"), '{"piece":"d:0","logprobs":[-1.5]}\n{"piece":"d:1","nll_sum":2}\n');
    const r3 = await cli(["import", "--format", "jsonl", "--in", join(d, "m.jsonl"), "--model", "m", "--out", join(d, "o")]);
    assert.equal(r3.code, 0, r3.err);
    assert.deepEqual(Array.from(readLogprobTable(join(d, "o")).nllSum), [1.5, 2]);
    const r4 = await cli(["export", "--run", join(d, "o"), "--out", join(d, "o.parquet")]);
    assert.equal(r4.code, 0, r4.err);
    assert.ok(existsSync(join(d, "o.parquet")));
    assert.equal(existsSync(join(d, "o2")), false);
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test("bad inputs: clear one-line error, exit 2, nothing written", async () => {
  const d = mkdtempSync(join(tmpdir(), "bsig-cli-"));
  try {
    const out = join(d, "out"), cache = join(d, "cache");
    const base = (model: string, corpus: string, extra: string[] = []) => ["score", "--model", model, "--corpus", corpus, "--out", out, "--cache", cache, "--progress", "none", ...extra];
    // a folder that is not a model
    mkdirSync(join(d, "notamodel"));
    writeFileSync(join(d, "notamodel", "readme.txt"), "hi");
    // a model folder missing its weights
    cpSync(join(MODELS, "tiny-byte"), join(d, "noweights"), { recursive: true });
    rmSync(join(d, "noweights", "onnx"), { recursive: true });
    // corpora
    mkdirSync(join(d, "empty"));
    writeFileSync(join(d, "bin.txt"), Buffer.from([1, 2, 0, 3]));
    const { parquetWriteBuffer } = await import("hyparquet-writer");
    writeFileSync(join(d, "nocol.parquet"), new Uint8Array(parquetWriteBuffer({ columnData: [{ name: "body", data: ["x y"], type: "STRING" }] })));
    const cases: [string[], RegExp][] = [
      [base(join(d, "notamodel"), CORPUS), /notamodel: not a model folder: config\.json is missing/],
      [base(join(d, "noweights"), CORPUS), /noweights: missing model file onnx\/model\.onnx/],
      [base(join(MODELS, "tiny-byte"), CORPUS, ["--dtype", "q8"]), /missing model file onnx\/model_quantized\.onnx \(needed for --dtype q8\)/],
      [base(join(d, "nothing-here"), CORPUS), /no such model folder/],
      [base("some-org/some-model", CORPUS), /some-org\/some-model: no such local model folder; to download a hub model pass --allow-remote/],
      [base(join(MODELS, "tiny-byte"), join(d, "empty")), /empty corpus/],
      [base(join(MODELS, "tiny-byte"), join(d, "bin.txt")), /bin\.txt: binary file/],
      [base(join(MODELS, "tiny-byte"), join(d, "nocol.parquet")), /nocol\.parquet: no column 'text' \(columns: body\)/],
      [base(join(MODELS, "tiny-byte"), CORPUS, ["--context", "x"]), /--context: expected an integer/],
      [base(join(MODELS, "tiny-byte"), CORPUS, ["--dtype", "fp16"]), /--dtype: expected fp32 or q8/],
    ];
    for (const [args, re] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(" ")}\n${r.err}`);
      assert.match(r.err, re);
      assert.equal(r.err.trim().split("\n").length, 1, r.err);
      assert.equal(existsSync(out), false, "nothing written to --out");
    }
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test("a model id like ../../etc can never make the engine write outside the cache folder", async () => {
  const d = mkdtempSync(join(tmpdir(), "bsig-cli-"));
  try {
    const work = join(d, "a", "b");
    mkdirSync(work, { recursive: true });
    const cache = join(work, "cache");
    for (const id of ["../../etc", "../../../../../../tmp/evil", "org/../../x", "..\\..\\win"]) {
      const r = await cli(["score", "--model", id, "--corpus", CORPUS, "--out", join(work, "out"), "--cache", cache, "--allow-remote", "--progress", "none"]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /no such model folder|not a model folder|not a valid hub id/);
    }
    // nothing was created anywhere under the temp root except inside the cache folder
    const created = listAll(d).filter((p) => !p.startsWith(join("a", "b", "cache")) && p !== "a" && p !== join("a", "b"));
    assert.deepEqual(created, []);
    // a local model is cached under its content key, never under a name derived from the id
    const r = await cli(["score", "--model", join(MODELS, "tiny-byte"), "--corpus", CORPUS, "--out", join(work, "out"), "--cache", cache, "--progress", "none"]);
    assert.equal(r.code, 0, r.err);
    for (const k of readdirSync(join(cache, "scores"))) assert.match(k, /^[0-9a-f]{64}$/);
  } finally { rmSync(d, { recursive: true, force: true }); }
});
