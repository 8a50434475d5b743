import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { biasSeed, maskPairs, zooBias, ZOO_BIAS_LEVELS, type ZooBiasResult } from "../../src/chapters/zoo-bias";
import { studyProfile } from "../../src/study/profiles";
import { zooBiasCell, zooBiasStep, zooCategoryTable } from "../../src/study/zoo-bias-step";
import { loadZooData } from "../../src/zoo/zoo-data";

/**
 * The zoo bias chapter (Fig. 5, Table 5) on the committed smoke fixture, against an independent numpy/scipy
 * recomputation (tests/golden/zoo-bias/make_expected.py: scipy.stats.mannwhitneyu, asymptotic with continuity
 * correction, on matrices python recomputes from the fixture's raw files). Tolerances: counts and W exact,
 * means and Table 5 values 1e-10 absolute, p-values 1e-9 relative.
 */
const root = join(__dirname, "..", "..");
const fixture = join(root, "tests", "fixtures", "zoo-smoke");
const E = JSON.parse(readFileSync(join(root, "tests", "golden", "zoo-bias", "expected.json"), "utf8"));
const z = loadZooData(fixture);
let cached: ZooBiasResult | null = null;
const chapter = () => (cached ??= zooBias(z, { permutations: 500, bootstrapResamples: 500, seed: 11 }));
const close = (a: number, b: number, what: string, tol = 1e-10) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs python ${b}`);
const relClose = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(b), 1e-300), `${what}: ${a} vs python ${b}`);

test("every within/across comparison (factor x pairs x level) has python's counts, means, W and Mann–Whitney p", () => {
  const b = chapter();
  assert.equal(b.cells.length, E.cells.length);
  for (const e of E.cells) {
    const c = zooBiasCell(b, e.level, e.factor, e.pairs);
    const what = `${e.factor}/${e.pairs}/${e.level}`;
    assert.equal(c.summary.nWithin, e.nWithin, what);
    assert.equal(c.summary.nAcross, e.nAcross, what);
    assert.equal(c.within.length, e.nWithin);
    close(c.summary.withinMean, e.withinMean, `${what} within mean`);
    close(c.summary.acrossMean, e.acrossMean, `${what} across mean`);
    assert.equal(c.summary.mannWhitneyW, e.W, `${what} W`);
    relClose(c.summary.mannWhitneyP, e.p, `${what} p`);
    relClose(c.summary.mannWhitneyPGreater, e.pGreater, `${what} p (greater)`);
  }
});

test("Table 5: observed within, cross and within − cross per domain match python at every level", () => {
  const b = chapter();
  for (const l of ZOO_BIAS_LEVELS) {
    const rows = b.categoryTests[l];
    assert.deepEqual(rows.map((r) => r.category), E.table5[l].map((r: { domain: string }) => r.domain));
    rows.forEach((r, i) => {
      const e = E.table5[l][i];
      close(r.within, e.within, `${l} ${r.category} within`);
      close(r.cross, e.cross, `${l} ${r.category} cross`);
      close(r.diff, e.diff, `${l} ${r.category} diff`);
      assert.equal(r.size, 6);
      assert.ok(r.validResamples >= 490 && r.validResamples <= 500, "a replicate drawing one distinct member is dropped (rare with 6)");
      assert.ok(r.lower <= r.upper && r.p > 0 && r.p <= 1 && r.pHolm >= r.p);
    });
  }
});

test("the bootstrap and the permutations are reproducible from the seed, and the seed matters", () => {
  const a = zooBias(z, { permutations: 200, bootstrapResamples: 200, seed: 5 });
  const b = zooBias(z, { permutations: 200, bootstrapResamples: 200, seed: 5 });
  const c = zooBias(z, { permutations: 200, bootstrapResamples: 200, seed: 6 });
  assert.deepEqual(a.categoryTests, b.categoryTests);
  assert.deepEqual(a.cells.map((x) => x.summary.permutationP), b.cells.map((x) => x.summary.permutationP));
  assert.notDeepEqual(a.categoryTests.signature.map((r) => r.lower), c.categoryTests.signature.map((r) => r.lower));
  const seeds = a.cells.map((x) => biasSeed(5, x.level, x.factor, x.pairs));
  assert.equal(new Set(seeds).size, seeds.length, "every comparison has its own permutation seed");
});

test("maskPairs removes exactly the same-group pairs; the different-domain cells hold no same-domain pair", () => {
  const m = maskPairs({ labels: ["a", "b", "c"], values: Float64Array.of(1, 0.9, 0.1, 0.9, 1, 0.2, 0.1, 0.2, 1) }, ["x", "x", "y"]);
  assert.ok(Number.isNaN(m.values[1]) && Number.isNaN(m.values[3]));
  assert.deepEqual([m.values[0], m.values[2], m.values[5]], [1, 0.1, 0.2]);
  const b = chapter();
  const all = zooBiasCell(b, "signature", "family", "all"), diff = zooBiasCell(b, "signature", "family", "different-domain");
  assert.equal(all.summary.nWithin + all.summary.nAcross, 630, "36 benchmarks: 36 x 35 / 2 pairs");
  assert.equal(diff.summary.nWithin + diff.summary.nAcross, 630 - 90, "6 domains x 15 same-domain pairs removed");
  assert.equal(all.summary.nWithin - diff.summary.nWithin, 18, "three same-family pairs per domain (nextword, nextword2, nextword3)");
});

test("the zoo-bias step runs on a copy of the fixture and returns headline numbers, figures, tables and prose", async () => {
  const out = mkdtempSync(join(tmpdir(), "bsig-zoo-bias-"));
  try {
    cpSync(join(fixture, "zoo-data"), join(out, "zoo-data"), { recursive: true });
    const res = await zooBiasStep.run({ profile: studyProfile("smoke"), outDir: out, repoRoot: root, log: () => {} });
    assert.equal(zooBiasStep.id, "zoo-bias");
    for (const key of ["nModels", "nBenchmarks", "permutations", "bootstrapResamples", "seed", "cells", "table5", "paperSignatureDifference"]) assert.ok(key in res.headline, key);
    const h = res.headline as { cells: { level: string; factor: string; pairs: string; mannWhitneyW: number }[]; bootstrapResamples: number; paperSignatureDifference: number };
    assert.equal(h.bootstrapResamples, 2000);
    assert.equal(h.paperSignatureDifference, 0);
    const e = E.cells.find((c: { level: string; factor: string; pairs: string }) => c.level === "performance" && c.factor === "format" && c.pairs === "all");
    assert.equal(h.cells.find((c) => c.level === "performance" && c.factor === "format" && c.pairs === "all")!.mannWhitneyW, e.W);
    assert.ok((res.figures ?? []).length >= 5);
    for (const f of res.figures ?? []) {
      assert.ok(f.spec.data.length > 0, f.id);
      assert.ok(f.spec.data.some((t) => ((t as { y?: unknown[] }).y ?? []).length > 0), `${f.id} has values`);
    }
    assert.match(res.prose ?? "", /Table 5 on the zoo/);
    assert.ok(!/NaN|undefined/.test(res.prose ?? ""), "prose has every number");
    assert.equal(zooCategoryTable(chapter(), "signature").rows.length, 6);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
