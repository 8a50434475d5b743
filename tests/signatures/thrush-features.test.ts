import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contextsPathFor, documentId, formatThrushBpb, importThrushBpb, parseThrushBpbCsv, readContexts } from "../../src/features/thrush";
import { readFeatures } from "../../src/io/features";
import { importThrushErrors } from "../../src/scores/thrush";
import { InputError } from "../../src/core/errors";

const DATA = join(__dirname, "..", "..", "data");
const RAW = join(DATA, "features", "thrush", "chunked_synthetic_sample_bpb_id.csv");
const m = importThrushBpb(RAW);

test("the real per-document BPB file imports as 89 models (Amber listed twice, kept once) x 263 documents", () => {
  assert.equal(m.rows.length, 89);
  assert.equal(m.cols.length, 263);
  assert.equal(m.cols[0], "doc001");
  assert.equal(m.titles[0], "Defining Decay Down by David Plotz");
  assert.match(m.notes.join(" "), /LLM360\/Amber' is listed twice/);
  assert.equal(m.rows.filter((r) => r === "LLM360/Amber").length, 1);
  // same models as the score table imported from error.csv
  const s = importThrushErrors(join(DATA, "scores", "thrush", "error.csv"));
  assert.deepEqual([...m.rows].sort(), [...s.models].sort());
  // bits per byte of real LLMs: all between 0.5 and 1.7
  for (const v of m.values) assert.ok(v > 0.5 && v < 1.7);
});

test("the committed canonical features CSV and contexts sidecar are the import of the committed raw file", () => {
  const { features, contexts } = formatThrushBpb(m);
  assert.equal(features, readFileSync(join(DATA, "features", "thrush-bpb.csv"), "utf8"));
  assert.equal(contexts, readFileSync(join(DATA, "features", "thrush-bpb.contexts.csv"), "utf8"));
  const f = readFeatures(join(DATA, "features", "thrush-bpb.csv"));
  assert.deepEqual(f.rows, m.rows);
  assert.deepEqual(Array.from(f.values), Array.from(m.values)); // values round-trip exactly
  const ctx = readContexts(contextsPathFor(join(DATA, "features", "thrush-bpb.csv")));
  assert.equal(ctx.size, 263);
  assert.equal(ctx.get("doc006"), "\"Phone Me in Central Park\" by McConnell, James V.");
});

test("documentId pads to three digits", () => {
  assert.equal(documentId(0), "doc001");
  assert.equal(documentId(99), "doc100");
});

test("bad BPB files give InputError naming the file and the problem", () => {
  const bad = (text: string, re: RegExp) => assert.throws(() => parseThrushBpbCsv(text, "b.csv"), (e: unknown) => e instanceof InputError && /b\.csv/.test(e.message) && re.test(e.message));
  bad("", /empty file/);
  bad("doc,\"('a', 'o/m')\"\nT,1\n", /first column must be 'id'/);
  bad("id,m1\nT,1\n", /not of the form/);
  bad("id,\"('a', 'o/m')\"\n", /no document rows/);
  bad("id,\"('a', 'o/m')\"\nT,1,2\n", /ragged/);
  bad("id,\"('a', 'o/m')\"\nT,x\n", /line 2.*not a number/);
  bad("id,\"('a', 'o/m')\"\nT,\n", /empty cell/);
  bad("id,\"('a', 'o/m')\"\nT,1\nT,2\n", /duplicate document 'T'/);
  bad("id,\"('a', 'o/m')\",\"('b', 'o/m')\"\nT,1,2\n", /'o\/m' appears in columns 2 and 3 with different values/);
  const ok = parseThrushBpbCsv("id,\"('a', 'o/m')\",\"('b', 'o/m')\"\nT,1,1\n", "b.csv");
  assert.deepEqual(ok.rows, ["o/m"]);
});

test("bad contexts files give InputError", () => {
  const dir = mkdtempSync(join(tmpdir(), "ctx-"));
  const p = join(dir, "c.csv");
  writeFileSync(p, "feature,text\na,b\n");
  assert.throws(() => readContexts(p), /header must be 'feature,context'/);
  writeFileSync(p, "feature,context\na,b\na,c\n");
  assert.throws(() => readContexts(p), /line 3: duplicate feature 'a'/);
  assert.throws(() => readContexts(join(dir, "none.csv")), /file not found/);
});
