import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { studyProfile } from "../../src/study/profiles";
import { zooScreeningStep, zooScreeningHeadline, zooScreeningProse, zooScreeningPaper, zooShapeTable, zooTailTable, zooFig3Histograms } from "../../src/study/zoo-screening-step";
import { zooScreeningChapter } from "../../src/chapters/zoo-screening";
import { loadZooData } from "../../src/zoo/zoo-data";

const ROOT = join(__dirname, "..", "..");
const FIXTURE = join(__dirname, "..", "fixtures", "zoo-smoke");

test("the zoo-screening step runs on the smoke zoo data in its output folder: headline, figures, tables, prose", async () => {
  const out = mkdtempSync(join(tmpdir(), "bsig-zoo-screening-"));
  try {
    cpSync(join(FIXTURE, "zoo-data"), join(out, "zoo-data"), { recursive: true });
    const lines: string[] = [];
    const res = await zooScreeningStep.run({ profile: studyProfile("smoke"), outDir: out, repoRoot: ROOT, log: (l) => lines.push(l) });
    assert.equal(zooScreeningStep.id, "zoo-screening");
    const h = res.headline as ReturnType<typeof zooScreeningHeadline>;
    for (const k of ["nModels", "nPieces", "gammaMax", "screen", "permutations", "seed", "representative", "benchmarks", "summary", "paper"]) assert.ok(k in h, k);
    assert.equal(h.seed, studyProfile("smoke").seed);
    assert.equal(h.permutations, 100);
    assert.equal(Object.keys(h.benchmarks).length, 38);
    assert.equal(h.paper.screenRatioPerTail, 0.01);
    assert.ok(h.summary.zooDomain!.widerThanChance > 0);
    assert.doesNotThrow(() => JSON.stringify(h));
    assert.equal(res.figures!.length, 3);
    for (const f of res.figures!) {
      assert.ok(f.spec.data.length > 0, f.id);
      assert.ok(f.spec.data.some((t) => Array.isArray(t.y) && (t.y as unknown[]).length > 0), f.id);
    }
    assert.equal(res.tables!.length, 2);
    assert.match(res.prose!, /Where the zoo differs from the paper/);
    assert.match(res.prose!, new RegExp(`${h.summary.zooDomain!.widerThanChance} of ${h.summary.zooDomain!.n}`));
    assert.match(lines[0], /permutations/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("Fig. 3 has three panels with the 1st/99th percentile lines at the chapter's percentiles", () => {
  const r = zooScreeningChapter(loadZooData(FIXTURE), { permutations: 3 });
  const f = zooFig3Histograms(r);
  assert.equal(f.spec.data.length, 6);
  const shapes = f.spec.layout.shapes as { x0: number }[];
  assert.equal(shapes.length, 6);
  r.histograms.forEach((h, p) => { assert.equal(shapes[2 * p].x0, h.q01); assert.equal(shapes[2 * p + 1].x0, h.q99); });
  const counts = f.spec.data[0].y as number[];
  assert.equal(counts.reduce((a, v) => a + v, 0), r.nPieces);
  assert.equal(zooTailTable(r).rows.length, 38);
  assert.equal(zooShapeTable(r).rows.length, 38);
  assert.match(zooScreeningProse(r, { screenRatio: null, candidates: null }), /Fig\. 3's benchmarks are/);
  assert.equal(zooScreeningPaper(ROOT).candidates, 340000);
});
