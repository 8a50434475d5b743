import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { importSloth, importSlothCsv } from "../../src/scores/sloth";
import { formatScoreTableCsv, readScoreTable, scoreVector } from "../../src/scores/table";
import { formatScoreMeta } from "../../src/scores/meta";
import { applyLabels, readLabels } from "../../src/scores/labels";
import { slothBenchmarkId, lmEvalTaskId, MMLU_IDS, BBH_IDS } from "../../src/scores/benchmark-ids";
import { InputError } from "../../src/core/errors";

const DATA = join(__dirname, "..", "..", "data");
const RAW = join(DATA, "scores", "sloth", "data_v2.csv");
const t = importSloth(RAW);

test("the real Sloth CSV imports as 188 models x 110 canonical benchmarks", () => {
  assert.equal(t.models.length, 188);
  assert.equal(t.benchmarks.length, 110);
  assert.ok(!t.benchmarks.some((b) => b.startsWith("hendrycksTest")));
  for (const id of MMLU_IDS) assert.ok(t.benchmarks.includes(id), id);
  assert.equal(BBH_IDS.filter((b) => t.benchmarks.includes(b)).length, 24);
  for (const b of ["mmlu", "arc_challenge", "hellaswag", "winogrande", "truthfulqa", "gsm8k", "humaneval", "ifeval", "bbh", "math_hard"]) assert.ok(t.benchmarks.includes(b), b);
  assert.equal(t.models[0], "bloom");
});

test("cells and model metadata are carried exactly (spot checks against the raw file)", () => {
  // raw line for llama-2-7b: "55,llama-2-7b,llama-2,False,2023-08-19,7.0,2.0,84.0,0.25,0.35,0.01,0.27,0.37,0.1,..."
  const i = t.models.indexOf("llama-2-7b");
  const p = t.benchmarks.length;
  assert.equal(t.values[i * p + t.benchmarks.indexOf("ifeval")], 0.25);
  assert.equal(t.values[i * p + t.benchmarks.indexOf("bbh")], 0.35);
  assert.deepEqual(t.modelMeta!["llama-2-7b"], { family: "llama-2", instruct: false, date: "2023-08-19", paramsB: 7, pretrainingTokensT: 2, flops1e21: 84, family2: t.modelMeta!["llama-2-7b"].family2 });
  const raw = readFileSync(RAW, "utf8").split("\n")[1].split(",");
  assert.equal(raw[1], "bloom");
  assert.ok(Number.isNaN(scoreVector(t, "ifeval")[0])); // bloom has no v2 scores: empty cells stay missing
});

test("the committed canonical table is exactly the import of the committed raw file with the committed labels", () => {
  const labelled = applyLabels(t, readLabels(join(DATA, "labels.csv")));
  const committed = readFileSync(join(DATA, "scores", "sloth-v2.csv"), "utf8");
  assert.equal(formatScoreTableCsv(labelled), committed);
  const side = JSON.parse(readFileSync(join(DATA, "scores", "sloth-v2.meta.json"), "utf8"));
  const fresh = JSON.parse(formatScoreMeta(labelled));
  assert.deepEqual(side.benchmarks, fresh.benchmarks);
  assert.deepEqual(side.models, fresh.models);
  const back = readScoreTable(join(DATA, "scores", "sloth-v2.csv"));
  assert.equal(back.meta.bbh_navigate.format, "true-false");
  assert.equal(back.meta.mmlu_anatomy.family, "MMLU");
});

const header = readFileSync(RAW, "utf8").split("\n")[0];
const row = readFileSync(RAW, "utf8").split("\n")[1];
const bad: [string, string, RegExp][] = [
  ["not the Sloth layout", "model,a\nm,1\n", /line 1: column 2 must be 'Model'/],
  ["a metadata column renamed", header.replace("#Params (B)", "Params"), /column 6 must be '#Params \(B\)'/],
  ["unknown benchmark column", header.replace("XWinograd", "Mystery"), /no canonical id rule for Sloth column 'Mystery'/],
  ["ragged row", `${header}\n${row}\n1,x,fam\n`, /line 3: ragged row/],
  ["non-numeric score", `${header}\n${row.replace(",0.735544419185708,", ",abc,")}\n`, /line 2, column 'XWinograd' \(model 'bloom'\): cell 'abc' is not a number/],
  ["duplicate model", `${header}\n${row}\n${row}\n`, /line 3: duplicate model 'bloom' \(first at line 2\)/],
  ["bad Instruct flag", `${header}\n${row.replace(",False,", ",maybe,")}\n`, /line 2, column 'Instruct': Instruct must be True or False/],
];
for (const [name, text, re] of bad) {
  test(`malformed Sloth file: ${name}`, () => {
    assert.throws(() => importSlothCsv(text, "s.csv"), (e: unknown) => e instanceof InputError && /^s\.csv: /.test((e as Error).message) && re.test((e as Error).message));
  });
}

test("benchmark id rules", () => {
  assert.equal(slothBenchmarkId("hendrycksTest-high_school_us_history"), "mmlu_high_school_us_history");
  assert.equal(slothBenchmarkId("MATH Lvl 5"), "math_hard");
  assert.equal(slothBenchmarkId("math_num_theory_hard"), "math_num_theory_hard");
  assert.throws(() => slothBenchmarkId("Foo"), /no canonical id rule/);
  assert.equal(lmEvalTaskId("leaderboard_musr_team_allocation"), "musr_team_allocation");
  assert.equal(lmEvalTaskId("bbh_zeroshot_web_of_lies"), "bbh_web_of_lies");
  assert.equal(lmEvalTaskId("truthfulqa_mc2"), "truthfulqa");
});
