import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadZooData } from "../../src/zoo/zoo-data";
import { zooBenchmarkRows, zooExposureBars, zooExposureScatter, zooHeadline, zooModelsTable } from "../../src/study/zoo-data-step";

// The zoo-data step's headline on the smoke fixture against tests/golden/zoo-data/make_expected.py (scipy).
const root = join(__dirname, "..", "..");
const fixture = join(root, "tests", "fixtures", "zoo-smoke");
const E = JSON.parse(readFileSync(join(root, "tests", "golden", "zoo-data", "expected.json"), "utf8"));

test("exposure correlations and counts equal scipy's recomputation", () => {
  const z = loadZooData(fixture);
  const h = zooHeadline(z);
  assert.equal(h.exposureAtLeast05, E.exposureAtLeast05);
  assert.equal(h.exposureBenchmarks, E.exposureBenchmarks);
  assert.equal(h.exposureQualifyingAtLeast05, E.exposureQualifyingAtLeast05);
  assert.equal(h.exposureQualifyingBenchmarks, E.exposureQualifyingBenchmarks);
  assert.equal(h.exposureCriterionMet, E.exposureQualifyingBenchmarks > 0 && E.exposureQualifyingAtLeast05 >= 0.75 * E.exposureQualifyingBenchmarks);
  assert.equal(h.controlsModelsOutsideChance, E.controlsModelsOutsideChance);
  for (const r of zooBenchmarkRows(z).filter((r) => r.category === "zoo-domain")) {
    assert.ok(Math.abs((r.exposureSpearman as number) - E.exposureSpearman[r.name]) <= 1e-12, `${r.name}: ${r.exposureSpearman} vs ${E.exposureSpearman[r.name]}`);
  }
});

test("figures and tables are filled from the data", () => {
  const z = loadZooData(fixture);
  const bars = zooExposureBars(z).spec.data;
  assert.equal(bars.length, 2);
  assert.equal((bars[0].x as unknown[]).length, 36);
  const sc = zooExposureScatter(z, "nextword").spec.data;
  assert.equal(sc.length, 6, "one series per domain (the 4-way benchmark only)");
  assert.equal(zooModelsTable(z).rows.length, 40);
});
