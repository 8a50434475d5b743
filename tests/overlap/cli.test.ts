import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { readScoreTable } from "../../src/scores/table";
import { spearman } from "../../src/stats/correlation";

const ROOT = join(__dirname, "..", "..");
const SCORES = join(ROOT, "data", "scores", "sloth-v2.csv");

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

test("bsig overlap --kind performance prints labels, values and provenance as JSON", async () => {
  const r = await run(["overlap", "--kind", "performance", "--scores", SCORES, "--benchmarks", "^(musr_|gpqa_)"]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j), ["labels", "values", "provenance"]);
  assert.equal(j.labels.length, 6);
  assert.equal(j.values.length, 6);
  for (let i = 0; i < 6; i++) { assert.equal(j.values[i][i], 1); for (let k = 0; k < 6; k++) assert.equal(j.values[i][k], j.values[k][i]); }
  // the aggregates gpqa/musr do not match the regex's trailing underscore, so nothing is excluded here
  assert.equal(j.provenance.params.nModels, 111);
  assert.equal(j.provenance.dataHashes[SCORES].length, 64);
  // one value checked against a direct Spearman on the complete rows
  const t = readScoreTable(SCORES);
  const a = t.benchmarks.indexOf(j.labels[0]), b = t.benchmarks.indexOf(j.labels[1]);
  const ok = j.labels.map((l: string) => t.benchmarks.indexOf(l));
  const rows = t.models.map((_, i) => i).filter((i) => ok.every((k: number) => !Number.isNaN(t.values[i * t.benchmarks.length + k])));
  const x = rows.map((i) => t.values[i * t.benchmarks.length + a]), y = rows.map((i) => t.values[i * t.benchmarks.length + b]);
  assert.ok(Math.abs(j.values[0][1] - spearman(x, y)) < 1e-15);
});

test("aggregates are excluded by default and reported; --keep-aggregates keeps them", async () => {
  const r = await run(["overlap", "--kind", "performance", "--scores", SCORES, "--benchmarks", "^musr"]);
  const j = JSON.parse(r.out);
  assert.deepEqual(j.labels, ["musr_murder_mysteries", "musr_object_placements", "musr_team_allocation"]);
  assert.equal(j.provenance.params.excludedAggregates[0].benchmark, "musr");
  const k = JSON.parse((await run(["overlap", "--kind", "performance", "--scores", SCORES, "--benchmarks", "^musr", "--keep-aggregates"])).out);
  assert.equal(k.labels.length, 4);
});

test("--format csv prints a square CSV with a header row", async () => {
  const r = await run(["overlap", "--kind", "performance", "--scores", SCORES, "--benchmarks", "^gpqa_", "--format", "csv"]);
  assert.equal(r.code, 0);
  const lines = r.out.trim().split("\n");
  assert.equal(lines[0], "benchmark,gpqa_diamond,gpqa_extended,gpqa_main");
  assert.equal(lines.length, 4);
  assert.equal(lines[1].split(",")[1], "1");
});

const bad: [string, string, RegExp][] = [
  ["non-numeric cell", "model,a,b\nm1,0.1,0.2\nm2,0.3,oops\nm3,0.2,0.1\n", /bad\.csv: line 3, column 'b' \(model 'm2'\): cell 'oops' is not a number/],
  ["ragged row", "model,a,b\nm1,0.1,0.2\nm2,0.3\n", /bad\.csv: line 3: ragged row/],
  ["duplicate model", "model,a,b\nm1,0.1,0.2\nm1,0.3,0.4\n", /bad\.csv: line 3: duplicate model 'm1'/],
  ["empty file", "", /bad\.csv: empty file/],
];
for (const [name, text, re] of bad) {
  test(`a malformed scores file (${name}) gives one line on stderr, exit 2 and no stdout`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "bsig-cli-"));
    const f = join(dir, "bad.csv");
    writeFileSync(f, text);
    const r = await run(["overlap", "--kind", "performance", "--scores", f]);
    assert.equal(r.code, 2);
    assert.equal(r.out, "");
    assert.match(r.err, re);
    assert.equal(r.err.trim().split("\n").length, 1);
  });
}

test("bad options are errors with exit 2", async () => {
  for (const [args, re] of [
    [["overlap", "--kind", "nonsense", "--scores", SCORES], /--kind must be one of performance, signature, semantic/],
    [["overlap", "--kind", "signature", "--scores", SCORES], /--kind signature needs --signatures/],
    [["overlap", "--kind", "performance"], /needs --scores/],
    [["overlap", "--kind", "performance", "--scores", SCORES, "--benchmarks", "("], /not a valid regular expression/],
    [["overlap", "--kind", "performance", "--scores", SCORES, "--benchmarks", "^zzz"], /no benchmark matches/],
    [["overlap", "--kind", "performance", "--scores", SCORES, "--format", "xml"], /--format must be json or csv/],
  ] as [string[], RegExp][]) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.equal(r.out, "");
    assert.match(r.err, re);
  }
});

test("bsig scores import (sloth, lm-eval) writes CSV + sidecar; a bad input writes nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bsig-import-"));
  const out = join(dir, "s.csv");
  const r = await run(["scores", "import", "--format", "sloth", join(ROOT, "data", "scores", "sloth", "data_v2.csv"), "--labels", join(ROOT, "data", "labels.csv"), "--out", out]);
  assert.equal(r.code, 0, r.err);
  assert.equal(readFileSync(out, "utf8"), readFileSync(SCORES, "utf8"));
  const side = JSON.parse(readFileSync(join(dir, "s.meta.json"), "utf8"));
  assert.equal(side.format, "bsig-score-meta");
  assert.equal(Object.keys(side.provenance.dataHashes).length, 2);
  const fx = join(ROOT, "tests", "scores", "fixtures");
  const lm = join(dir, "lm.csv");
  const r2 = await run(["scores", "import", "--format", "lm-eval", join(fx, "lm-eval-pythia-160m.json"), join(fx, "lm-eval-pythia-410m.json"), "--out", lm]);
  assert.equal(r2.code, 0, r2.err);
  assert.equal(readScoreTable(lm).meta.lambada_openai.metric, "acc,none");
  const badDir = mkdtempSync(join(tmpdir(), "bsig-import-bad-"));
  writeFileSync(join(badDir, "in.csv"), ",Model,Family\n0,a,b\n");
  const r3 = await run(["scores", "import", "--format", "sloth", join(badDir, "in.csv"), "--out", join(badDir, "o.csv")]);
  assert.equal(r3.code, 2);
  assert.match(r3.err, /in\.csv: line 1: column 4 must be 'Instruct'/);
  assert.deepEqual(readdirSync(badDir), ["in.csv"]);
  assert.ok(!existsSync(join(badDir, "o.meta.json")));
});

test("bsig scores show summarises a table", async () => {
  const r = await run(["scores", "show", SCORES, "--format", "json"]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.models, 188);
  assert.equal(j.benchmarks, 110);
  assert.equal(j.aggregates.length, 5);
  const t = await run(["scores", "show", SCORES]);
  assert.match(t.out, /188 models x 110 benchmarks/);
  assert.equal((await run(["scores", "show", "/nope.csv"])).code, 2);
});
