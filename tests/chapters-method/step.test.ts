import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { methodChapter, methodSweep } from "../../src/chapters/method";
import { METHOD_SWEEP_SEEDS, methodAdd1Table, methodPairsTable, methodPathTable, methodStep } from "../../src/study/method-step";
import { studyProfile } from "../../src/study/profiles";
import { STUDY_STEPS } from "../../src/study/steps";

const repoRoot = join(__dirname, "..", "..");

test("the method step is registered in the study", () => {
  assert.ok(STUDY_STEPS.includes(methodStep));
  assert.equal(methodStep.id, "method");
});

test("the method step presents exactly the chapter's numbers (smoke profile)", async () => {
  const profile = studyProfile("smoke");
  const res = await methodStep.run({ profile, outDir: "/nonexistent", repoRoot, log: () => undefined });
  const r = methodChapter({ seed: profile.seed });
  const s = methodSweep(METHOD_SWEEP_SEEDS.smoke);
  const h = JSON.parse(JSON.stringify(res.headline)) as Record<string, any>;
  assert.equal(h.worked.gamma, r.worked.gamma);
  assert.equal(h.worked.piece, r.worked.piece);
  assert.deepEqual(h.path.selected, r.path.selected);
  assert.equal(h.add1.winner, r.add1.winner);
  assert.equal(h.overlap.signature, r.overlap.signature);
  assert.equal(h.sweep.plantedSelected, s.plantedSelected);
  assert.equal(h.sweep.nSeeds, 20);
  assert.deepEqual((res.figures ?? []).map((f) => f.id), ["worked-piece", "thrush-histogram", "forward-path", "overlap"]);
  const hist = res.figures![1].spec;
  const counts = hist.data[0].y as number[];
  assert.equal(counts.reduce((a, b) => a + b, 0), r.world.nPieces);
  const prose = res.prose ?? "";
  assert.match(prose, new RegExp(`γ = Σ sign\\(y_k − y_l\\)\\(r_k − r_l\\) = \\*\\*${r.worked.gamma}\\*\\*`));
  assert.ok(prose.includes(`\`${r.add1.winner}\` wins`));
  assert.ok(!/NaN|undefined/.test(prose), "prose has no NaN or undefined");
});

test("the tables hold every pair, every candidate and every step", () => {
  const r = methodChapter();
  const pairs = methodPairsTable(r);
  assert.equal(pairs.rows.length, 67);
  assert.equal(pairs.rows.at(-1)![8], r.worked.gamma);
  const a1 = methodAdd1Table(r);
  assert.equal(a1.rows.length, r.screening.kept.length + 1);
  assert.equal(a1.rows[0][0], r.add1.winner, "sorted by AIC: the winner first");
  const sat = methodPathTable(r.saturated, "uncapped");
  assert.equal(sat.rows.length, r.saturated.steps.length);
});
