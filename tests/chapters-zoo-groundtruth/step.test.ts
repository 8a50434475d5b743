import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { studyProfile } from "../../src/study/profiles";
import { zooGroundTruthStep, groundTruthReference } from "../../src/study/zoo-groundtruth-step";
import { FIXTURE } from "./fixture";

/**
 * The zoo-ground-truth step on a copy of the fixture (the smoke budget, as `bsig study --profile smoke` runs
 * it): headline keys, the budget recorded, non-empty figures, prose with every number filled in.
 */
const root = join(__dirname, "..", "..");

test("the zoo-ground-truth step returns headline numbers, figures, tables and prose", async () => {
  const out = mkdtempSync(join(tmpdir(), "bsig-zoo-gt-"));
  try {
    cpSync(join(FIXTURE, "zoo-data"), join(out, "zoo-data"), { recursive: true });
    const res = await zooGroundTruthStep.run({ profile: studyProfile("smoke"), outDir: out, repoRoot: root, log: () => {} });
    assert.equal(zooGroundTruthStep.id, "zoo-ground-truth");
    for (const key of ["profile", "nModels", "nPieces", "seed", "budget", "pipeline", "summary", "pooledLomoNull", "benchmarks", "overlapDomain", "inflation"]) assert.ok(key in res.headline, key);
    const h = res.headline as { budget: Record<string, number>; summary: { nZoo: number; controls: unknown[] }; benchmarks: Record<string, unknown>; overlapDomain: Record<string, { spearman: number; modelNullPermutations: number }> };
    assert.equal(h.budget.screened, 200);
    assert.equal(h.summary.nZoo, 36);
    assert.equal(h.summary.controls.length, 2);
    assert.equal(Object.keys(h.benchmarks).length, 38);
    assert.deepEqual(Object.keys(h.overlapDomain), ["signature-unsigned", "signature-sign-coef", "signature-sign-screen", "performance"]);
    assert.equal(h.overlapDomain["signature-unsigned"].modelNullPermutations, 10);
    JSON.parse(JSON.stringify(res.headline)); // plain JSON
    assert.equal((res.figures ?? []).length, 5);
    for (const f of res.figures ?? []) {
      assert.ok(f.spec.data.length > 0, f.id);
      assert.ok(f.spec.data.some((t) => ((t as { y?: unknown[]; z?: unknown[] }).y ?? (t as { z?: unknown[] }).z ?? []).length > 0), `${f.id} has values`);
    }
    assert.equal((res.tables ?? []).length, 5);
    assert.match(res.prose ?? "", /Enrichment/);
    assert.match(res.prose ?? "", /unsigned overlap/);
    assert.ok(!/NaN|undefined/.test(res.prose ?? ""), "prose has every number");
    assert.equal(groundTruthReference(root).paperSignatureSize, 30);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
