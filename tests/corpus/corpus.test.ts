import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCorpus } from "../../src/corpus/read";
import { splitPieces } from "../../src/corpus/pieces";
import { planScoring, unitOptions } from "../../src/corpus/plan";
import { InputError } from "../../src/core/errors";

const SMALL = join(__dirname, "..", "fixtures", "corpus", "small");

function tmp(): string { return mkdtempSync(join(tmpdir(), "bsig-corpus-")); }

test("splitPieces splits on Unicode whitespace and keeps char offsets", () => {
  const t = "  a bc\n d\u3000日本 🙂";
  const { starts, ends } = splitPieces(t);
  assert.deepEqual(Array.from(starts, (s, k) => t.slice(s, ends[k])), ["a", "bc", "d", "日本", "🙂"]);
});

test("a folder of txt + jsonl is read in sorted order with stable ids and a content hash", async () => {
  const c = await readCorpus(SMALL);
  assert.deepEqual(c.documents.map((d) => d.id), ["a.txt", "sub/b.jsonl#1", "sub/b.jsonl#2", "sub/b.jsonl#3", "sub/b.jsonl#4"]);
  assert.equal(c.hash.length, 64);
  assert.equal((await readCorpus(SMALL)).hash, c.hash);
  const d = tmp();
  try {
    writeFileSync(join(d, "x.txt"), "one two");
    const h1 = (await readCorpus(d)).hash;
    writeFileSync(join(d, "x.txt"), "one  two");
    assert.notEqual((await readCorpus(d)).hash, h1, "any text change changes the hash");
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test("Parquet corpora are read from a named text column", async () => {
  const { parquetWriteBuffer } = await import("hyparquet-writer");
  const d = tmp();
  try {
    const buf = parquetWriteBuffer({ columnData: [{ name: "text", data: ["alpha beta", "gamma"], type: "STRING" }, { name: "meta", data: ["x", "y"], type: "STRING" }] });
    writeFileSync(join(d, "rp.parquet"), new Uint8Array(buf));
    const c = await readCorpus(join(d, "rp.parquet"));
    assert.deepEqual(c.documents, [{ id: "rp.parquet#0", text: "alpha beta" }, { id: "rp.parquet#1", text: "gamma" }]);
    await assert.rejects(readCorpus(join(d, "rp.parquet"), { textColumn: "content" }), (e: unknown) =>
      e instanceof InputError && /no column 'content' \(columns: text, meta\)/.test(e.message));
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test("bad corpora: missing path, empty, whitespace-only, binary, invalid UTF-8, JSONL without the field", async () => {
  const d = tmp();
  try {
    await assert.rejects(readCorpus(join(d, "nope")), /no such corpus/);
    mkdirSync(join(d, "empty"));
    await assert.rejects(readCorpus(join(d, "empty")), /empty corpus/);
    writeFileSync(join(d, "ws.txt"), " \n\t ");
    await assert.rejects(readCorpus(join(d, "ws.txt")), /empty corpus/);
    writeFileSync(join(d, "bin.txt"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]));
    await assert.rejects(readCorpus(join(d, "bin.txt")), (e: unknown) => e instanceof InputError && /binary file \(NUL byte at offset 4\)/.test(e.message));
    writeFileSync(join(d, "latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await assert.rejects(readCorpus(join(d, "latin1.txt")), /not valid UTF-8/);
    writeFileSync(join(d, "x.jsonl"), '{"text": "ok"}\n{"body": "no"}\n');
    await assert.rejects(readCorpus(join(d, "x.jsonl")), /line 2: no string field 'text'/);
  } finally { rmSync(d, { recursive: true, force: true }); }
});

function corpusOf(texts: string[]) {
  return { source: "mem", hash: "h", nPieces: 0, documents: texts.map((text, i) => ({ id: `d${i}`, text })) };
}

test("default unit: consecutive chunks of context+1 pieces, each piece a target once, context 0..30", () => {
  const words = Array.from({ length: 70 }, (_, i) => `w${i}`);
  const plan = planScoring(corpusOf([words.join(" ")]), unitOptions());
  assert.equal(plan.chunks.length, 3);
  assert.deepEqual(plan.chunks.map((c) => c.first), [0, 31, 62]);
  assert.equal(plan.chunks[0].text, words.slice(0, 31).join(" "));
  assert.deepEqual(plan.pieceIds, words.map((_, i) => `d0:${i}`));
  assert.deepEqual(Array.from(plan.chunks[2].targets), [0, 1, 2, 3, 4, 5, 6, 7]);
});

test("--stride gives overlapping windows; every piece is still targeted exactly once with fuller context", () => {
  const words = Array.from({ length: 50 }, (_, i) => `w${i}`);
  const plan = planScoring(corpusOf([words.join(" ")]), unitOptions({ context: 30, stride: 10 }));
  assert.deepEqual(plan.pieceIds, words.map((_, i) => `d0:${i}`));
  assert.deepEqual(plan.chunks.map((c) => c.first), [0, 10, 20]);
  // after the first window, each target has >= 21 pieces of context
  for (const c of plan.chunks.slice(1)) for (const t of c.targets) assert.ok(t >= 21);
  assert.throws(() => unitOptions({ context: 30, stride: 32 }), /--stride/);
});

test("1-in-k sampling is seeded, keeps about 1/k, and drops windows without targets", () => {
  const words = Array.from({ length: 5000 }, (_, i) => `w${i}`);
  const c = corpusOf([words.join(" ")]);
  const a = planScoring(c, unitOptions({ sample: 50, seed: 7 }));
  const b = planScoring(c, unitOptions({ sample: 50, seed: 7 }));
  const z = planScoring(c, unitOptions({ sample: 50, seed: 8 }));
  assert.deepEqual(a.pieceIds, b.pieceIds);
  assert.notDeepEqual(a.pieceIds, z.pieceIds);
  assert.ok(a.pieceIds.length > 60 && a.pieceIds.length < 140, `${a.pieceIds.length} kept`);
  assert.ok(a.chunks.every((ch) => ch.targets.length > 0));
  assert.ok(a.chunks.length < 162);
  assert.notEqual(a.hash, z.hash);
});
