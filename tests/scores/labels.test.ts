import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { CATEGORY_ORDER, FORMATS, orderByCategory, parseLabels, readLabels } from "../../src/scores/labels";
import { readScoreTable } from "../../src/scores/table";
import { BBH_IDS, MMLU_IDS } from "../../src/scores/benchmark-ids";

const DATA = join(__dirname, "..", "..", "data");
const labels = readLabels(join(DATA, "labels.csv"));

test("every benchmark used anywhere has a label with a known format and a note", () => {
  const used = [
    ...readScoreTable(join(DATA, "scores", "sloth-v2.csv")).benchmarks, ...MMLU_IDS, ...BBH_IDS, "mbpp", "humaneval", "ifeval", "gsm8k", "hellaswag",
    "arc_easy", "piqa", "sciq", "lambada_openai", "lambada_standard", "lambada_openai_mt_de", "lambada_openai_mt_es", "lambada_openai_mt_fr", "lambada_openai_mt_it",
  ];
  for (const b of used) {
    const l = labels.byBenchmark[b];
    assert.ok(l, `label for ${b}`);
    assert.ok(FORMATS.includes(l.format));
    assert.ok(l.note.length > 10, `note for ${b}`);
    assert.ok(CATEGORY_ORDER.includes(l.category), `category ${l.category} of ${b} is in CATEGORY_ORDER`);
  }
});

test("labels follow method.md 2.3: functions named in the paper, BBH binary tasks are true/false", () => {
  const L = labels.byBenchmark;
  for (const s of ["abstract_algebra", "college_mathematics", "elementary_mathematics", "high_school_mathematics", "high_school_statistics"]) assert.equal(L[`mmlu_${s}`].function, "mathematics");
  assert.equal(L.mmlu_formal_logic.function, "logic");
  assert.equal(L.mmlu_logical_fallacies.function, "logic");
  assert.equal(L.mbpp.function, "coding");
  assert.equal(L.ifeval.function, "instruction-following");
  for (const t of ["disambiguation_qa", "hyperbaton", "snarks", "salient_translation_error_detection", "ruin_names"]) assert.equal(L[`bbh_${t}`].function, "language");
  for (const t of ["sports_understanding", "movie_recommendation", "date_understanding"]) assert.equal(L[`bbh_${t}`].function, "world-knowledge");
  const tf = BBH_IDS.filter((b) => L[b].format === "true-false").sort();
  assert.deepEqual(tf, ["bbh_boolean_expressions", "bbh_causal_judgement", "bbh_formal_fallacies", "bbh_navigate", "bbh_sports_understanding", "bbh_web_of_lies"]);
  assert.equal(MMLU_IDS.filter((b) => L[b].family === "MMLU" && L[b].format === "multiple-choice").length, 57);
  assert.equal(L.mmlu.category, "aggregate");
});

test("orderByCategory puts math first and groups categories contiguously", () => {
  const o = orderByCategory(["bbh_snarks", "mmlu_anatomy", "math_geometry_hard", "mmlu_formal_logic", "bbh_navigate"], labels);
  assert.deepEqual(o, ["math_geometry_hard", "mmlu_formal_logic", "mmlu_anatomy", "bbh_navigate", "bbh_snarks"]);
});

test("malformed labels are refused with file and line", () => {
  const h = "benchmark,function,category,family,format,note\n";
  assert.throws(() => parseLabels("benchmark,function\n", "l.csv"), /l\.csv: line 1: header must be/);
  assert.throws(() => parseLabels(`${h}a,f,c,F,essay,n\n`, "l.csv"), /line 2: format 'essay'/);
  assert.throws(() => parseLabels(`${h}a,f,c,F,free-answer,n\na,f,c,F,free-answer,n\n`, "l.csv"), /line 3: duplicate benchmark 'a' \(first at line 2\)/);
  assert.throws(() => parseLabels(`${h}a,,c,F,free-answer,n\n`, "l.csv"), /line 2: empty function/);
  assert.throws(() => parseLabels(`${h}a,f,c\n`, "l.csv"), /line 2: ragged row/);
});
