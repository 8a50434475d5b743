import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { STUDY_STEPS } from "../../src/study/steps";
import { SEMANTIC_PROFILE, semanticStep } from "../../src/study/semantic-step";
import { studyProfile } from "../../src/study/profiles";
import { GOLDEN_PARAMS } from "../golden/semantic-chapter/params";

// The smoke step uses the golden parameters, so its headline numbers are checked against the independent
// numpy/scipy aggregation in tests/golden/semantic-chapter/expected.json (tolerance 1e-12, as golden.test.ts).
const repoRoot = join(__dirname, "..", "..");
const exp = JSON.parse(readFileSync(join(repoRoot, "tests", "golden", "semantic-chapter", "expected.json"), "utf8"));

test("the semantic step is registered once", () => {
  assert.equal(STUDY_STEPS.filter((s) => s.id === "semantic").length, 1);
});

test("the smoke profile matches the golden parameters", () => {
  assert.equal(SEMANTIC_PROFILE.smoke.maxQuestions, GOLDEN_PARAMS.maxQuestions);
  assert.equal(SEMANTIC_PROFILE.smoke.resamples, GOLDEN_PARAMS.resamples);
  assert.equal(studyProfile("smoke").seed, GOLDEN_PARAMS.seed);
  assert.equal(SEMANTIC_PROFILE.default.resamples, 1000);
});

test("the smoke step's headline equals the independent recomputation, and its figures are the chapter's", async () => {
  const lines: string[] = [];
  const r = await semanticStep.run({ profile: studyProfile("smoke"), outDir: "/nonexistent", repoRoot, log: (l) => lines.push(l) });
  const h = r.headline as any;
  assert.equal(h.nBenchmarks, 87);
  assert.equal(h.nPairs, 3741);
  assert.equal(h.resamples, 20);
  for (const k of ["mean", "median", "min", "max", "q25", "q75", "fractionInPaperBand"]) {
    assert.ok(Math.abs(h.summary[k] - exp.summary[k]) <= 1e-12, `${k}: ${h.summary[k]} vs ${exp.summary[k]}`);
  }
  assert.ok(Math.abs(h.functionLevel.meanWithin - exp.functionLevel.meanWithin) <= 1e-12);
  assert.ok(Math.abs(h.functionLevel.meanCross - exp.functionLevel.meanCross) <= 1e-12);
  for (const k of ["family", "format", "category"]) assert.equal(h[k].mannWhitneyW, exp[k].mannWhitneyW, k);
  assert.equal(h.clique.members.length, exp.clique.size);
  assert.deepEqual(h.paperBand, [0.1, 0.4]);
  assert.ok(h.joinWithPerformance.nBenchmarks > 50);
  assert.deepEqual(h.bias.map((b: any) => `${b.level}/${b.factor}`), ["performance/family", "semantic/family", "performance/format", "semantic/format"]);
  const ids = (r.figures ?? []).map((f) => f.id);
  assert.deepEqual(ids, ["heatmap", "function-level", "semantic-vs-performance", "family-bias", "format-bias"]);
  const heat = r.figures![0].spec;
  const k = h.clique.members.length;
  assert.equal((heat.data[1].x as string[]).length, k * (k - 1));
  assert.equal(heat.data[0].zmin, -1);
  assert.equal(heat.data[0].zmax, 1);
  assert.match(r.prose ?? "", /median \*\*0\.\d{3}\*\*/);
  assert.ok(lines.some((l) => l === "semantic pairs 3741/3741"));
});
