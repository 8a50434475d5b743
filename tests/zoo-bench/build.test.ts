import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "../../src/core/hash";
import { buildZooBenchmarks, writeZooBenchmarks } from "../../src/zoo/benchmarks-build";
import { readBenchmarkDir, parseItemsJsonl } from "../../src/zoo/benchmarks-io";
import { writeSyntheticSplits } from "./synthetic-splits";

const root = mkdtempSync(join(tmpdir(), "bsig-build-"));
test.after(() => rmSync(root, { recursive: true, force: true }));
const splits = join(root, "splits");
writeSyntheticSplits(splits);
const opts = { splitsDir: splits, outDir: "", mmluDir: null, hellaswagFile: null, seed: 7, itemsPerBenchmark: 60, controlItems: 0 };

test("build: one benchmark per domain x family, written with index.json and SHA256SUMS, byte-for-byte reproducible", () => {
  const out1 = join(root, "a", "data", "zoo", "benchmarks"), out2 = join(root, "b", "data", "zoo", "benchmarks");
  writeZooBenchmarks(out1, buildZooBenchmarks(opts));
  writeZooBenchmarks(out2, buildZooBenchmarks(opts));
  const { index, benchmarks } = readBenchmarkDir(out1);
  assert.equal(index.benchmarks.length, 12);
  assert.deepEqual(index.benchmarks.map((b) => b.name).slice(0, 5), ["zoo_alpha_nextword", "zoo_alpha_nextword2", "zoo_alpha_nextspan", "zoo_alpha_wordorder", "zoo_alpha_spelling"]);
  assert.deepEqual(new Set(index.benchmarks.map((b) => b.format)), new Set(["multiple-choice", "true-false"]));
  for (const b of benchmarks) assert.equal(b.items.length, 60);
  for (const f of ["index.json", "SHA256SUMS", "zoo_beta_nextspan.jsonl"]) assert.equal(readFileSync(join(out1, f), "utf8"), readFileSync(join(out2, f), "utf8"));
  const sums = readFileSync(join(out1, "SHA256SUMS"), "utf8").trim().split("\n");
  assert.equal(sums.length, 13);
  for (const line of sums) {
    const [hash, rel] = line.split("  ");
    assert.match(rel, /^zoo\/benchmarks\//);
    assert.equal(sha256(readFileSync(join(root, "a", "data", rel))), hash);
  }
  // another seed gives other items
  const other = buildZooBenchmarks({ ...opts, seed: 8 });
  assert.notEqual(other.files.get("zoo_alpha_nextword.jsonl"), readFileSync(join(out1, "zoo_alpha_nextword.jsonl"), "utf8"));
});

test("reading checks hashes, counts and item shapes, naming the file and line", () => {
  const out = join(root, "c");
  writeZooBenchmarks(out, buildZooBenchmarks(opts));
  assert.throws(() => readBenchmarkDir(out, ["nope"]), /no benchmark named 'nope'/);
  const f = join(out, "zoo_alpha_spelling.jsonl");
  writeFileSync(f, readFileSync(f, "utf8") + "\n");
  assert.throws(() => readBenchmarkDir(out), /zoo_alpha_spelling.jsonl: sha256 differs/);
  assert.throws(() => readBenchmarkDir(join(root, "missing")), /no index.json/);
  assert.throws(() => parseItemsJsonl('{"id":"a","context":"x","options":[" y"," y"],"answer":0}\n', "f.jsonl", 2), /f.jsonl: line 1: options are not distinct/);
  assert.throws(() => parseItemsJsonl('{"id":"a","context":"x","options":[" y"," z"],"answer":2}\n', "f.jsonl", 2), /line 1: 'answer' must be/);
  assert.throws(() => parseItemsJsonl('{"id":"a","context":"x","options":[" y"," z"],"answer":0}\n{"id":"a","context":"x","options":[" y"," z"],"answer":0}\n', "f.jsonl", 2), /line 2: duplicate id 'a'/);
  assert.throws(() => parseItemsJsonl("{oops\n", "f.jsonl", 2), /line 1: not valid JSON/);
});
