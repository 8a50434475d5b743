import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseScoreTable, readScoreTable } from "../../src/scores/table";
import { completeBlock, MISSING_POLICY } from "../../src/scores/missing";
import { detectAggregates, excludeAggregates } from "../../src/scores/aggregates";
import { MMLU_IDS } from "../../src/scores/benchmark-ids";

test("complete block keeps exactly the models with every requested benchmark and reports the rest", () => {
  const t = parseScoreTable("model,a,b,c\nm1,1,2,\nm2,,3,4\nm3,2,1,5\nm4,3,3,3\n", "t.csv");
  const b = completeBlock(t, ["a", "b"]);
  assert.deepEqual(b.table.models, ["m1", "m3", "m4"]);
  assert.deepEqual(b.table.benchmarks, ["a", "b"]);
  assert.deepEqual(b.dropped, [{ model: "m2", missing: ["a"] }]);
  assert.equal(b.policy, MISSING_POLICY);
  assert.match(b.table.notes.join(" "), /3 of 4 models kept for 2 benchmarks, 1 dropped/);
  assert.deepEqual(completeBlock(t).table.models, ["m3", "m4"]);
  assert.throws(() => completeBlock(parseScoreTable("model,a\nm1,\n", "e.csv")), /e\.csv: no model has a score on all 1/);
  assert.throws(() => completeBlock(t, ["zz"]), /benchmark 'zz'/);
});

test("the 80-model block of the real data: 57 MMLU + 37 v2 subtasks + 6 v1", () => {
  const t = readScoreTable(join(__dirname, "..", "..", "data", "scores", "sloth-v2.csv"));
  const v2 = t.benchmarks.filter((b) => /^(bbh|gpqa|musr)_/.test(b) || /^math_.+_hard$/.test(b));
  assert.equal(v2.length, 37);
  const v1 = ["mmlu", "arc_challenge", "hellaswag", "winogrande", "truthfulqa", "gsm8k"];
  assert.equal(completeBlock(t, [...MMLU_IDS, ...v2, ...v1]).table.models.length, 80);
  assert.equal(completeBlock(t, [...MMLU_IDS, ...v1]).table.models.length, 149);
  assert.equal(completeBlock(t, v2).table.models.length, 111);
});

test("declared aggregates are confirmed numerically on the real data and excluded", () => {
  const t = readScoreTable(join(__dirname, "..", "..", "data", "scores", "sloth-v2.csv"));
  assert.match(t.notes.join(" "), /aggregate columns .*excluded from overlap analyses by default.*mmlu of 57/);
  const rep = detectAggregates(t);
  assert.deepEqual(rep.map((r) => r.benchmark).sort(), ["bbh", "gpqa", "math_hard", "mmlu", "musr"]);
  for (const r of rep) assert.ok(r.verified, r.reason);
  const mmlu = rep.find((r) => r.benchmark === "mmlu")!;
  assert.equal(mmlu.members.length, 57);
  assert.equal(mmlu.nModels, 149);
  assert.ok(mmlu.meanAbsDiff < 0.001 && mmlu.pearson > 0.9999);
  const { kept, excluded } = excludeAggregates(t, ["mmlu", "mmlu_anatomy", "hellaswag"]);
  assert.deepEqual(kept, ["mmlu_anatomy", "hellaswag"]);
  assert.equal(excluded[0].benchmark, "mmlu");
});

test("a declared aggregate that does not match its members is still excluded but flagged", () => {
  const t = parseScoreTable("model,mmlu,mmlu_anatomy,mmlu_virology\nm1,0.9,0.1,0.2\nm2,0.1,0.8,0.9\nm3,0.5,0.4,0.3\nm4,0.2,0.5,0.6\n", "t.csv");
  const [r] = detectAggregates(t);
  assert.equal(r.benchmark, "mmlu");
  assert.equal(r.verified, false);
  assert.match(r.reason, /NOT confirmed/);
  assert.deepEqual(excludeAggregates(t).kept, ["mmlu_anatomy", "mmlu_virology"]);
  const ok = parseScoreTable("model,mmlu,mmlu_anatomy,mmlu_virology\nm1,0.15,0.1,0.2\nm2,0.85,0.8,0.9\nm3,0.35,0.4,0.3\n", "t.csv");
  assert.equal(detectAggregates(ok)[0].verified, true);
  assert.deepEqual(detectAggregates(parseScoreTable("model,mmlu,gsm8k\nm1,1,2\n", "t.csv")), []); // no members present
});
