import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { importThrushErrors, importThrushErrorsCsv, parseThrushHeader } from "../../src/scores/thrush";
import { formatScoreTableCsv, readScoreTable } from "../../src/scores/table";
import { formatScoreMeta } from "../../src/scores/meta";
import { applyLabels, readLabels } from "../../src/scores/labels";
import { readAliasTable } from "../../src/scores/aliases";
import { performanceOverlap } from "../../src/overlap/performance";
import { InputError } from "../../src/core/errors";

const DATA = join(__dirname, "..", "..", "data");
const RAW = join(DATA, "scores", "thrush", "error.csv");
const t = importThrushErrors(RAW);

test("the real Thrush error file imports as 89 models (Amber listed twice, kept once) x 9 benchmarks, all lower-is-better", () => {
  assert.equal(t.models.length, 89);
  assert.deepEqual(t.benchmarks, ["arc_easy", "piqa", "sciq", "lambada_openai", "lambada_standard", "lambada_openai_mt_de", "lambada_openai_mt_es", "lambada_openai_mt_fr", "lambada_openai_mt_it"]);
  for (const b of t.benchmarks) assert.equal(t.meta[b].direction, "lower");
  assert.match(t.notes.join(" "), /LLM360\/Amber' is listed twice/);
  const i = t.models.indexOf("mistralai/Mistral-7B-v0.1");
  assert.ok(Math.abs(t.values[i * 9] - 0.191) < 0.001); // SOURCE.md: Mistral-7B arc_easy error 0.191
  assert.equal(t.modelMeta!["EleutherAI/pythia-160m"].family, "pythia");
});

test("the committed canonical Thrush table is the import of the committed raw file", () => {
  const labelled = applyLabels(t, readLabels(join(DATA, "labels.csv")));
  assert.equal(formatScoreTableCsv(labelled), readFileSync(join(DATA, "scores", "thrush-errors.csv"), "utf8"));
  const side = JSON.parse(readFileSync(join(DATA, "scores", "thrush-errors.meta.json"), "utf8"));
  assert.deepEqual(side.benchmarks, JSON.parse(formatScoreMeta(labelled)).benchmarks);
});

test("every Thrush name in the alias table is a model of the Thrush file", () => {
  const aliases = readAliasTable(join(DATA, "model-aliases.csv"));
  for (const r of aliases.rows) assert.ok(t.models.includes(r.names.thrush), r.names.thrush);
});

test("oriented overlap of errors: arc_easy and sciq errors agree across the 89 models", () => {
  const ov = performanceOverlap(readScoreTable(join(DATA, "scores", "thrush-errors.csv")), { benchmarks: ["arc_easy", "sciq"] });
  assert.deepEqual(ov.negated, ["arc_easy", "sciq"]);
  assert.ok(ov.matrix.values[1] > 0.8);
});

test("header parsing and malformed files", () => {
  assert.deepEqual(parseThrushHeader("('pythia', 'EleutherAI/pythia-160m')"), { family: "pythia", model: "EleutherAI/pythia-160m" });
  assert.equal(parseThrushHeader("pythia-160m"), null);
  const h = `benchmark,"('a', 'o/m1')","('b', 'o/m2')"`;
  const e = (text: string, re: RegExp) => assert.throws(() => importThrushErrorsCsv(text, "e.csv"), (x: unknown) => x instanceof InputError && /^e\.csv: /.test((x as Error).message) && re.test((x as Error).message));
  e("model,a\n", /first column must be 'benchmark'/);
  e(`benchmark,m1\nx,1\n`, /column 2: header 'm1' is not of the form/);
  e(`${h}\narc,0.1\n`, /line 2: ragged row/);
  e(`${h}\narc,0.1,zz\n`, /line 2, column 3 \(model 'o\/m2', benchmark 'arc'\): cell 'zz' is not a number/);
  e(`${h}\narc,0.1,0.2\narc,0.3,0.4\n`, /line 3: duplicate benchmark 'arc'/);
  e(`benchmark,"('a', 'o/m')","('b', 'o/m')"\narc,0.1,0.2\n`, /'o\/m' appears in columns 2 and 3 with different values/);
});
