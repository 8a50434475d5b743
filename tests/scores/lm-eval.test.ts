import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chooseMetric, importLmEval, mergeLmEvalRuns, parseLmEvalResults } from "../../src/scores/lm-eval";
import { excludeAggregates } from "../../src/scores/aggregates";
import { InputError } from "../../src/core/errors";

const F = join(__dirname, "fixtures");
const files = [join(F, "lm-eval-pythia-160m.json"), join(F, "lm-eval-pythia-410m.json")];

test("metric rule: acc_norm > acc > exact_match ...; filter none > strict-match > ...; stderr ignored", () => {
  assert.equal(chooseMetric({ "acc,none": 0.5, "acc_norm,none": 0.6, "acc_norm_stderr,none": 0.1 }), "acc_norm,none");
  assert.equal(chooseMetric({ "acc,none": 0.5, "acc_stderr,none": "N/A" }), "acc,none");
  assert.equal(chooseMetric({ "exact_match,flexible-extract": 0.3, "exact_match,strict-match": 0.2 }), "exact_match,strict-match");
  assert.equal(chooseMetric({ "prompt_level_strict_acc,none": 0.3, "inst_level_loose_acc,none": 0.5 }), "prompt_level_strict_acc,none");
  assert.equal(chooseMetric({ "zeta,none": 1, "beta,none": 2 }), "beta,none");
  assert.equal(chooseMetric({ alias: "mmlu", "acc_stderr,none": 0.1 }), null);
});

test("two results files merge into one canonical table; directions from higher_is_better", () => {
  const t = importLmEval(files);
  assert.deepEqual(t.models, ["EleutherAI/pythia-160m", "EleutherAI/pythia-410m"]); // 410m's name from config.model_args
  assert.deepEqual(t.benchmarks, ["arc_easy", "bbh_navigate", "lambada_openai", "mmlu", "mmlu_anatomy", "mmlu_virology", "piqa", "sciq"]);
  const at = (m: number, b: string) => t.values[m * t.benchmarks.length + t.benchmarks.indexOf(b)];
  assert.equal(at(0, "piqa"), 0.6169749727965179); // 1 - Thrush error.csv
  assert.equal(at(0, "arc_easy"), 0.3956228956228956); // acc_norm chosen over acc
  assert.equal(t.meta.arc_easy.metric, "acc_norm,none");
  assert.equal(at(1, "lambada_openai"), 0.5166); // acc ranks before perplexity in the rule
  assert.equal(t.meta.lambada_openai.direction, "higher");
  const ppl = parseLmEvalResults('{"results":{"wikitext":{"word_perplexity,none":31.2,"bits_per_byte,none":0.8}},"higher_is_better":{"wikitext":{"word_perplexity":false}},"model_name":"m"}', "w.json");
  assert.equal(ppl.tasks.wikitext.metric, "word_perplexity,none");
  assert.equal(ppl.tasks.wikitext.direction, "lower"); // declared
  const undeclared = parseLmEvalResults('{"results":{"lambada":{"perplexity,none":9.5}},"model_name":"m"}', "l.json");
  assert.equal(undeclared.tasks.lambada.direction, "lower"); // perplexity is lower-is-better by default
  assert.ok(Number.isNaN(at(1, "sciq")));
  assert.ok(Number.isNaN(at(0, "mmlu")));
  assert.deepEqual(t.meta.mmlu.aggregateOf, ["mmlu_anatomy", "mmlu_virology"]);
  assert.match(t.notes.join(" "), /acc_norm > acc/);
});

test("a group declared in group_subtasks is found as an aggregate and excluded", () => {
  const t = importLmEval(files);
  const { kept, excluded } = excludeAggregates(t);
  assert.deepEqual(excluded.map((e) => [e.benchmark, e.declaredBy]), [["mmlu", "sidecar"]]);
  assert.ok(!kept.includes("mmlu"));
  assert.equal(excluded[0].nModels, 1);
  assert.equal(excluded[0].verified, false); // one model: too few to check, excluded as declared
});

test("malformed results files are InputErrors naming the file", () => {
  const e = (text: string, re: RegExp) => assert.throws(() => parseLmEvalResults(text, "r.json"), (x: unknown) => x instanceof InputError && /^r\.json: /.test((x as Error).message) && re.test((x as Error).message));
  e("{not json", /not valid JSON/);
  e('{"config":{}}', /no 'results' object/);
  e('{"results":{"a":{"acc,none":0.5}}}', /no model name/);
  e('{"results":{"a":5},"model_name":"m"}', /results\.a: expected an object/);
  e('{"results":{"bbh_fewshot_snarks":{"acc,none":0.5},"leaderboard_bbh_snarks":{"acc,none":0.4}},"model_name":"m"}', /maps to 'bbh_snarks'/);
  assert.equal(parseLmEvalResults('{"results":{"a":{"acc,none":0.5}}}', "r.json", "given").model, "given");
});

test("the same (model, task) twice or a task measured differently across files is refused", () => {
  const a = parseLmEvalResults(readFileSync(files[0], "utf8"), "a.json");
  assert.throws(() => mergeLmEvalRuns([a, { ...a, source: "b.json" }]), /b\.json: model 'EleutherAI\/pythia-160m' task 'arc_easy' is also in a\.json/);
  const other = parseLmEvalResults('{"results":{"arc_easy":{"acc,none":0.5}},"model_name":"x"}', "c.json");
  assert.throws(() => mergeLmEvalRuns([a, other]), /c\.json: task 'arc_easy': metric acc,none \(higher\) differs from acc_norm,none/);
  assert.throws(() => importLmEval(["/nope/r.json"]), /\/nope\/r\.json: file not found/);
});
