import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  mainBlock, rankCorrelationMatrix, upperSummary, zooBenchmarkOrder, zooOverlapMatrices, zooOverlaps, type ZooOverlapsResult,
} from "../../src/chapters/zoo-overlaps";
import { createRng, resampleIndices } from "../../src/core/random";
import { correlationMatrix } from "../../src/overlap/signature";
import { studyProfile } from "../../src/study/profiles";
import { zooOverlapsStep, zooQuestionSets } from "../../src/study/zoo-overlaps-step";
import { loadZooData } from "../../src/zoo/zoo-data";

/**
 * The zoo overlaps chapter on the committed smoke fixture, against an independent numpy/scipy recomputation
 * (tests/golden/zoo-overlaps/make_expected.py: own parsing of the fixture, own z-scores and Spearman, own
 * function-level aggregation). Tolerance 1e-10 absolute (float32 inputs; summation order only).
 */
const root = join(__dirname, "..", "..");
const fixture = join(root, "tests", "fixtures", "zoo-smoke");
const golden = join(root, "tests", "golden", "zoo-overlaps");
const E = JSON.parse(readFileSync(join(golden, "expected.json"), "utf8"));
const TOL = 1e-10;
const close = (a: number, b: number, what: string, tol = TOL) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs python ${b}`);
const z = loadZooData(fixture);
let cached: Promise<ZooOverlapsResult> | null = null;
const chapter = () => (cached ??= zooOverlaps(z, zooQuestionSets(z, root), { ciResamples: 100, semanticResamples: 20, seed: 7 }));

test("the benchmarks are the 36 zoo-domain ones, ordered by domain, family, format, as python orders them", () => {
  const o = zooBenchmarkOrder(z);
  assert.deepEqual(o.labels, E.labels);
  assert.deepEqual(o.domains, E.domains);
  assert.deepEqual(o.families, E.families);
  assert.deepEqual(o.formats, E.formats);
  assert.deepEqual(o.controls.sort(), ["ctrl_hellaswag", "ctrl_mmlu"]);
});

test("the golden's signature input is what the TS pipeline selects on the fixture", () => {
  const S = JSON.parse(readFileSync(join(golden, "signatures.json"), "utf8")).signatures;
  const m = zooOverlapMatrices(z);
  assert.equal(m.signatures.length, Object.keys(S).length);
  for (const s of m.signatures) {
    assert.deepEqual(s.pieces, S[s.benchmark].pieces, s.benchmark);
    assert.deepEqual(s.screenStatistics.map(Math.sign), S[s.benchmark].screenStatistics.map(Math.sign), s.benchmark);
  }
});

test("performance, unsigned and sign-weighted signature overlap match python cell by cell", async () => {
  const r = await chapter();
  const k = E.labels.length;
  for (const level of ["performance", "signature", "signatureSigned"] as const) {
    const got = r.levels[level].values;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) close(got[i][j], E.matrices[level][i][j], `${level} ${E.labels[i]} x ${E.labels[j]}`);
    close(r.levels[level].summary.mean, E.means[level], `${level} mean`);
  }
});

test("function-level mean within / mean cross (Fig. 1) by domain and by family match python", async () => {
  const r = await chapter();
  for (const f of r.functionLevel) {
    if (f.level === "semantic") continue;
    const e = E.functionLevel[f.level][f.grouping];
    assert.deepEqual(f.labels, e.labels);
    close(f.meanWithin, e.meanWithin, `${f.level}/${f.grouping} within`);
    close(f.meanCross, e.meanCross, `${f.level}/${f.grouping} cross`);
  }
});

test("each level's Spearman with the same-domain indicator matches python", async () => {
  const r = await chapter();
  for (const l of ["performance", "signature", "signatureSigned"] as const) close(r.domainStructure[l].spearman, E.domainStructure[l], l);
  assert.equal(r.domainStructure.signature.nSame, 90, "6 domains x C(6, 2) same-domain pairs");
});

test("intervals: every bootstrap interval is ordered, uses every replicate, and is reproducible from the seed", async () => {
  const r = await chapter();
  const k = r.labels.length;
  for (const l of ["signature", "signatureSigned", "performance"] as const) {
    const L = r.levels[l];
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) assert.ok(L.lower[i][j] <= L.upper[i][j] && L.lower[i][j] >= -1 && L.upper[i][j] <= 1, `${l} ${i},${j}`);
  }
  for (const f of r.functionLevel) {
    if (f.level === "semantic") { assert.equal(f.ci, null); continue; }
    assert.ok(f.ci && f.ci.within[0] <= f.ci.within[1] && f.ci.cross[0] <= f.ci.cross[1] && f.ci.difference[0] <= f.ci.difference[1]);
    assert.equal(f.ci!.valid, 100);
  }
  const small = (seed: number) => zooOverlaps(z, zooQuestionSets(z, root), { ciResamples: 30, semanticResamples: 5, seed });
  const [a, b, c] = [await small(7), await small(7), await small(8)];
  assert.deepEqual(a.functionLevel, b.functionLevel);
  assert.deepEqual(a.levels.signature.lower, b.levels.signature.lower);
  assert.deepEqual(a.levels.semantic.values, b.levels.semantic.values);
  assert.notDeepEqual(c.functionLevel[0].ci, a.functionLevel[0].ci, "another seed draws other replicates");
  assert.deepEqual(c.levels.signature.values, a.levels.signature.values, "point estimates do not depend on the seed");
});

test("semantic overlap: symmetric, unit diagonal, same-domain item texts overlap more than different-domain ones", async () => {
  const r = await chapter();
  const v = r.levels.semantic.values, k = r.labels.length;
  for (let i = 0; i < k; i++) {
    assert.equal(v[i][i], 1);
    for (let j = 0; j < k; j++) assert.equal(v[i][j], v[j][i]);
  }
  assert.ok(r.domainStructure.semantic.meanSame > r.domainStructure.semantic.meanDifferent);
  assert.equal(r.semantic.items.length, 36);
  assert.ok(r.semantic.items.every((n) => n === 40), "the smoke profile scored the first 40 items of each benchmark");
});

test("rankCorrelationMatrix equals the library's correlationMatrix on resampled rows; helpers on small inputs", () => {
  const m = zooOverlapMatrices(z);
  const rng = createRng(3);
  for (let t = 0; t < 3; t++) {
    const idx = resampleIndices(40, 40, rng);
    const a = rankCorrelationMatrix(m.vectors.performance, idx), b = correlationMatrix(m.vectors.performance, idx);
    for (let c = 0; c < a.length; c++) assert.ok((Number.isNaN(a[c]) && Number.isNaN(b[c])) || Math.abs(a[c] - b[c]) < 1e-12);
  }
  assert.deepEqual(Array.from(mainBlock({ labels: ["a", "b", "c"], values: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) }, 2).values), [1, 2, 4, 5]);
  const s = upperSummary(Float64Array.from([1, 0.2, 0.4, 0.2, 1, 0.6, 0.4, 0.6, 1]), 3);
  assert.deepEqual([s.nPairs, s.min, s.median, s.max], [3, 0.2, 0.4, 0.6]);
});

test("the zoo-overlaps step runs on a copy of the fixture and returns headline numbers, figures and prose", async () => {
  const out = mkdtempSync(join(tmpdir(), "bsig-zoo-overlaps-"));
  try {
    cpSync(join(fixture, "zoo-data"), join(out, "zoo-data"), { recursive: true });
    const res = await zooOverlapsStep.run({ profile: studyProfile("smoke"), outDir: out, repoRoot: root, log: () => {} });
    assert.equal(zooOverlapsStep.id, "zoo-overlaps");
    for (const key of ["nModels", "nBenchmarks", "summary", "functionLevel", "paper", "domainStructure", "agreement", "controls", "ci", "semantic", "coefSignCheck"]) assert.ok(key in res.headline, key);
    const h = res.headline as { nBenchmarks: number; paper: { within: number; cross: number }; functionLevel: { level: string; grouping: string; meanWithin: number }[] };
    assert.equal(h.nBenchmarks, 36);
    assert.deepEqual([h.paper.within, h.paper.cross], [0.285, 0.105]);
    close(h.functionLevel.find((f) => f.level === "signature" && f.grouping === "domain")!.meanWithin, E.functionLevel.signature.domain.meanWithin, "step headline");
    assert.ok((res.figures ?? []).length >= 6);
    for (const f of res.figures ?? []) {
      assert.ok(f.spec.data.length > 0, f.id);
      const z0 = (f.spec.data[0] as { z?: unknown[][]; y?: unknown[] });
      assert.ok((z0.z ?? z0.y ?? []).length > 0, `${f.id} has values`);
    }
    assert.match(res.prose ?? "", /Fig\. 1 on the zoo/);
    assert.ok(!/NaN|undefined/.test(res.prose ?? ""), "prose has every number");
    assert.ok((res.tables ?? []).every((t) => t.rows.length > 0));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
