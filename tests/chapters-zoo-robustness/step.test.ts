import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { studyProfile } from "../../src/study/profiles";
import { paperRobustnessNumbers, zooRobustnessStep } from "../../src/study/zoo-robustness-step";

/**
 * The study step on the smoke fixture (its zoo-data copied into a temporary results folder, as the zoo-data
 * step would have left it): headline keys, non-empty figures and tables, prose with the run's numbers and the
 * paper's.
 */
const repoRoot = join(__dirname, "..", "..");

test("the zoo-robustness step reports headline numbers, five figures with data, tables and prose", async () => {
  const out = mkdtempSync(join(tmpdir(), "bsig-zoo-robustness-"));
  try {
    cpSync(join(repoRoot, "tests", "fixtures", "zoo-smoke", "zoo-data"), join(out, "zoo-data"), { recursive: true });
    const lines: string[] = [];
    const res = await zooRobustnessStep.run({ profile: studyProfile("smoke"), outDir: out, repoRoot, log: (l) => lines.push(l) });
    assert.equal(zooRobustnessStep.id, "zoo-robustness");
    const h = res.headline as Record<string, any>;
    for (const k of ["nModels", "nPieces", "nBenchmarks", "screenedCandidates", "regressorAgreement", "medianSignatureSize", "ratios", "paperRatioPairs", "corpusSwap", "seed", "paper"]) assert.ok(k in h, `headline has ${k}`);
    assert.equal(h.nBenchmarks, 36);
    for (const k of ["aic_lasso", "aic_enet", "lasso_enet", "aic_random50", "aic_lassoreleased", "aic_random50pool"]) {
      assert.ok(Number.isFinite(h.regressorAgreement[k].spearman), `${k} spearman`);
    }
    assert.equal(h.ratios.length, 9);
    assert.deepEqual(h.ratios.map((r: { effectiveCandidates: number }) => r.effectiveCandidates), [80, 80, 80, 80, 80, 80, 96, 240, 480]);
    assert.ok(Number.isFinite(h.corpusSwap.spearman));
    assert.deepEqual(JSON.parse(JSON.stringify(h)), h, "headline is plain JSON");
    assert.equal(res.figures!.length, 5);
    for (const f of res.figures!) {
      assert.ok(f.spec.data.length > 0, `${f.id} has traces`);
      const pts = f.spec.data.reduce((s, t) => s + ((t.z as unknown[] | undefined)?.length ?? (t.y as unknown[] | undefined)?.length ?? 0), 0);
      assert.ok(pts > 0, `${f.id} has data`);
    }
    assert.equal(res.tables!.length, 5);
    for (const t of res.tables!) assert.ok(t.rows.length > 0 && t.rows.every((r) => r.length === t.columns.length), t.caption);
    const paper = paperRobustnessNumbers(repoRoot);
    assert.equal(paper.aicLasso, 0.763);
    assert.equal(paper.ratioRows.length, 10);
    assert.ok(res.prose!.includes("0.763") && res.prose!.includes("0.895"), "prose quotes the paper");
    assert.ok(res.prose!.includes(h.corpusSwap.spearman.toFixed(3)), "prose quotes the run's swap number");
    assert.ok(lines.length === 1 && /36 benchmarks/.test(lines[0]));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
