import { test } from "node:test";
import assert from "node:assert/strict";
import { controlsMarkdown, summaryMarkdown, type SummaryRow } from "../../src/zoo/harness-report";

const row = (over: Partial<SummaryRow>): SummaryRow => ({
  name: "zoo_wiki_nextword", family: "nextword", format: "multiple-choice", category: "zoo-domain", domains: ["wiki"], metric: "acc", items: 400, chance: 0.25,
  median: 0.41, min: 0.3, max: 0.6, reliability: { spearmanBrown: 0.81234 }, qualifies: true, failsBecause: [], chanceInterval99: [0.195, 0.3075], modelsOutsideChance99: [], exposureSpearman: 0.66, ...over,
});

test("summary tables show domain benchmarks and controls separately", () => {
  const rows = [row({}), row({ name: "ctrl_mmlu", category: "negative-control", median: 0.25, modelsOutsideChance99: ["zoo-007"], exposureSpearman: null }), row({ name: "zoo_code_spelling", qualifies: false, failsBecause: ["median 0.950 >= 0.9"], exposureSpearman: null })];
  const md = summaryMarkdown(rows);
  assert.match(md, /\| zoo_wiki_nextword \| nextword \| multiple-choice \| acc \| 0.250 \| 0.410 \[0.300, 0.600\] \| 0.812 \| 0.660 \| – \| yes \|/);
  assert.match(md, /\| zoo_code_spelling .* \| – \| – \| no: median 0.950 >= 0.9 \|/);
  assert.ok(!md.includes("ctrl_mmlu"));
  const c = controlsMarkdown(rows);
  assert.match(c, /\| ctrl_mmlu \| 400 \| \[0.195, 0.307\] \| 0.250 \[0.300, 0.600\] \| zoo-007 \|/);
  assert.ok(!c.includes("zoo_wiki"));
});
