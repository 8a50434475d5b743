import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { performanceChapter } from "../../src/chapters/performance";
import { performanceStep, PERFORMANCE_PERMUTATIONS, withinAcrossValues } from "../../src/study/performance-step";
import { studyProfile } from "../../src/study/profiles";
import { STUDY_STEPS } from "../../src/study/steps";

const repoRoot = join(__dirname, "..", "..");

test("withinAcrossValues splits the upper triangle by shared group", () => {
  const v = [[1, 0.9, 0.1], [0.9, 1, 0.2], [0.1, 0.2, 1]];
  assert.deepEqual(withinAcrossValues(v, ["a", "a", "b"]), { within: [0.9], across: [0.1, 0.2] });
});

test("the registered study runs the data inventory first, includes the performance chapter, and runs each step once", () => {
  const ids = STUDY_STEPS.map((s) => s.id);
  assert.equal(ids[0], "data");
  assert.ok(ids.includes("performance"), ids.join(", "));
  assert.equal(new Set(ids).size, ids.length, `duplicate step ids: ${ids.join(", ")}`);
});

test("the performance step presents exactly the chapter's numbers, with the heatmap in the chapter's order", async () => {
  const profile = studyProfile("smoke");
  const r = await performanceStep.run({ profile, outDir: "/nonexistent", repoRoot, log: () => undefined });
  const c = performanceChapter({ dataDir: join(repoRoot, "data"), permutations: PERFORMANCE_PERMUTATIONS.smoke, seed: profile.seed });
  const h = r.headline as Record<string, unknown> & { family: Record<string, number>; format: Record<string, number> };
  assert.equal(h.nModels, c.nModels);
  assert.equal(h.nBenchmarks, c.order.length);
  assert.equal(h.meanOverlap, c.meanOverlap);
  assert.equal(h.medianOverlap, c.medianOverlap);
  assert.equal(h.family.withinMean, c.family.withinMean);
  assert.equal(h.family.permutationP, c.family.permutationP);
  assert.equal(h.format.mannWhitneyLog10P, c.format.mannWhitneyLog10P);
  const ids = (r.figures ?? []).map((f) => f.id);
  assert.deepEqual(ids, ["heatmap", "family-comparison", "format-comparison", "category-comparison"]);
  const cat = r.figures![3].spec.data.map((t) => (t.y as number[]).length);
  assert.deepEqual(cat, [c.category.nWithin, c.category.nAcross]);
  assert.equal((h as unknown as { category: Record<string, number> }).category.withinMean, c.category.withinMean);
  const heat = r.figures![0].spec;
  assert.deepEqual((heat.layout.xaxis as { categoryarray: string[] }).categoryarray, c.order);
  const fam = r.figures![1].spec.data.map((t) => (t.y as number[]).length);
  assert.deepEqual(fam, [c.family.nWithin, c.family.nAcross]);
  assert.match(r.prose ?? "", new RegExp(`${c.nModels} real LLMs`));
});
