import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildZooBenchmarks, writeZooBenchmarks } from "../../src/zoo/benchmarks-build";
import { readBenchmarkDir } from "../../src/zoo/benchmarks-io";
import { evaluateModels, evalSummary, scoresCsv, scoresMeta, type EvalModel } from "../../src/zoo/harness-eval";
import { runCli } from "../../src/cli/main";
import { parseScoreMeta } from "../../src/scores/meta";
import { writeSyntheticSplits } from "./synthetic-splits";

const root = mkdtempSync(join(tmpdir(), "bsig-eval-"));
test.after(() => rmSync(root, { recursive: true, force: true }));
writeSyntheticSplits(join(root, "splits"), 4, 400);
const benchDir = join(root, "bench");
writeZooBenchmarks(benchDir, buildZooBenchmarks({ splitsDir: join(root, "splits"), outDir: benchDir, mmluDir: null, hellaswagFile: null, seed: 3, itemsPerBenchmark: 40, controlItems: 0 }));

// Fake model k: prefers the true continuation with strength k (a hash of the option decides the rest).
function fakeModel(id: string, strength: number, calls: { n: number }): EvalModel {
  const truth = new Set<string>();
  for (const b of readBenchmarkDir(benchDir).benchmarks) for (const it of b.items) truth.add(it.context + "\u0000" + it.options[it.answer]);
  return {
    id,
    identity: { fake: id },
    score: async (reqs) => {
      calls.n += reqs.length;
      return reqs.map((r) => {
        let h = 0;
        for (const c of id + r.continuation) h = (h * 31 + c.charCodeAt(0)) >>> 0;
        return { logprob: -(h % 1000) / 100 + (truth.has(r.context + "\u0000" + r.continuation) ? strength : 0) };
      });
    },
  };
}

test("evaluation writes reproducible canonical CSV + sidecar, and the cache gives the same numbers without scoring", async () => {
  const { index, benchmarks } = readBenchmarkDir(benchDir);
  const calls = { n: 0 };
  const ids = ["m0", "m1", "m2", "m3", "m4"];
  const load = async (id: string) => fakeModel(id, Number(id.slice(1)) * 2, calls);
  const cache = join(root, "cache");
  const a = await evaluateModels(ids, benchmarks, load, { cacheDir: cache });
  const first = calls.n;
  assert.equal(first, ids.length * benchmarks.reduce((s, b) => s + b.items.length * b.spec.options, 0));
  const b = await evaluateModels(ids, benchmarks, load, { cacheDir: cache });
  assert.equal(calls.n, first, "second run is served from the cache");
  assert.equal(readdirSync(cache).length, ids.length * benchmarks.length);
  const csv = scoresCsv(a);
  assert.equal(scoresCsv(b), csv);
  const lines = csv.trim().split("\n");
  assert.equal(lines[0], ["model", ...benchmarks.map((x) => x.spec.name)].join(","));
  assert.equal(lines.length, 6);
  // stronger fake models score higher
  const last = lines[5].split(",").slice(1).map(Number), firstRow = lines[1].split(",").slice(1).map(Number);
  assert.ok(last.every((v, j) => v >= firstRow[j]));
  const meta = scoresMeta(a, index, { method: "test" });
  const parsed = parseScoreMeta(JSON.stringify(meta), "x.meta.json", benchmarks.map((x) => x.spec.name));
  assert.equal(parsed.benchmarks.zoo_alpha_spelling.format, "true-false");
  assert.equal(parsed.benchmarks.zoo_beta_nextword.family, "nextword");
  const shares = Float64Array.from(ids.flatMap((_, i) => [i / 4, 1 - i / 4]));
  const s = evalSummary(a, { splits: 10, seed: 1, exposure: { domains: ["alpha", "beta"], shares } }) as { perBenchmark: { name: string; exposureSpearman: number; reliability: { spearmanBrown: number } }[] };
  const alpha = s.perBenchmark.find((r) => r.name === "zoo_alpha_nextword")!;
  assert.ok(alpha.exposureSpearman > 0.8);
  assert.ok(alpha.reliability.spearmanBrown > 0.5);
});

test("bsig eval: bad input is one line on stderr, exit 2, nothing written", async () => {
  const err: string[] = [];
  const io = { out: () => {}, err: (t: string) => { err.push(t); } };
  const out = join(root, "bad", "scores.csv");
  assert.equal(await runCli(["eval", "--models", join(root, "nope"), "--benchmarks", benchDir, "--out", out], io), 2);
  assert.match(err.join(""), /--models: not a folder/);
  assert.equal(await runCli(["eval", "--models", root, "--benchmarks", benchDir, "--out", out], io), 2);
  assert.match(err.join(""), /no model folders/);
  assert.equal(await runCli(["eval", "--models", root, "--benchmarks", benchDir, "--out", join(root, "x.tsv")], io), 2);
  assert.ok(!existsSync(join(root, "bad")));
});

const FIXTURES = join(__dirname, "..", "fixtures", "models");
test("bsig eval on the tiny test models through transformers.js is reproducible byte for byte", { skip: !existsSync(FIXTURES) && "tests/fixtures/models not built yet" }, async () => {
  const io = { out: () => {}, err: () => {} };
  const outs = [join(root, "r1", "scores.csv"), join(root, "r2", "scores.csv")];
  for (const [k, out] of outs.entries()) {
    const code = await runCli(["eval", "--models", FIXTURES, "--benchmarks", benchDir, "--out", out, "--only", "zoo_alpha_nextword,zoo_beta_spelling", "--batch-size", k === 0 ? "4" : "16", "--max-items", "30", "--quiet"], io);
    assert.equal(code, 0);
  }
  for (const f of ["scores.csv", "scores.meta.json", "scores.summary.json"]) {
    assert.equal(readFileSync(join(root, "r1", f), "utf8").replace(/"batchSize": \d+/, ""), readFileSync(join(root, "r2", f), "utf8").replace(/"batchSize": \d+/, ""), f);
  }
  const csv = readFileSync(outs[0], "utf8").trim().split("\n");
  assert.equal(csv[0], "model,zoo_alpha_nextword,zoo_beta_spelling");
  for (const row of csv.slice(1)) for (const v of row.split(",").slice(1)) assert.ok(Number.isInteger(Number(v) * 30), v); // 30 items each
  assert.equal(csv.length, 3); // tiny-bpe, tiny-byte
  const summary = JSON.parse(readFileSync(join(root, "r1", "scores.summary.json"), "utf8")) as { perBenchmark: { items: number }[] };
  assert.deepEqual(summary.perBenchmark.map((b) => b.items), [30, 30]);
});
