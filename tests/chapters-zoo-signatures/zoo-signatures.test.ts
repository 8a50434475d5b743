import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadZooData } from "../../src/zoo/zoo-data";
import { zooSignaturesChapter, summarizeZooLoo, type ZooSignaturesChapterResult } from "../../src/chapters/zoo-signature-chapter";
import { zooFoldScreens, screenedMeanSelector } from "../../src/chapters/zoo-signature-loo";
import { zooFeatureMatrix } from "../../src/chapters/zoo-signatures";
import { leaveOneModelOut, tailScreen } from "../../src/selection/loocv";
import { selectRows } from "../../src/core/matrix";

/**
 * The zoo signatures chapter on the CI fixture against an independent numpy/scipy recomputation
 * (tests/golden/zoo-signatures/make_expected.py: its own Thrush screen and tail rule, forward selection with
 * numpy lstsq and R's AIC stopping rule, and its own leave-one-model-out loops for the screened-mean and
 * source-domain baselines and, for two benchmarks, the AIC signature). Tolerances: selected pieces, their
 * order, stop reasons and counts exact; AIC, R² and LOO R² within 1e-7 (lstsq vs Gram–Schmidt rounding).
 */
const FIXTURE = join(__dirname, "..", "fixtures", "zoo-smoke");
const E = JSON.parse(readFileSync(join(__dirname, "..", "golden", "zoo-signatures", "expected.json"), "utf8"));
let cached: ZooSignaturesChapterResult | null = null;
const chapter = () => (cached ??= zooSignaturesChapter(loadZooData(FIXTURE)));
const close = (a: number, b: number, what: string, tol = 1e-7) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs numpy ${b}`);

test("every benchmark's signature: the same pieces in the same order, stop reason and AIC path as numpy", () => {
  const r = chapter();
  assert.equal(r.nModels, E.nModels);
  assert.equal(r.nPieces, E.nPieces);
  assert.equal(r.signatures.length, Object.keys(E.signatures).length);
  for (const s of r.signatures) {
    const e = E.signatures[s.benchmark];
    assert.equal(s.nCandidates, e.candidates, `${s.benchmark} candidates`);
    assert.deepEqual(s.pieces.map((p) => p.id), e.selected, `${s.benchmark} selected`);
    assert.equal(s.stoppedBecause, e.stoppedBecause, `${s.benchmark} stop`);
    s.steps.forEach((t, k) => { close(t.aic, e.aic[k], `${s.benchmark} AIC step ${k}`); close(t.r2, e.r2[k], `${s.benchmark} R² step ${k}`); });
    if (e.sourceShare === null) assert.equal(s.sourceShare, null); else close(s.sourceShare!, e.sourceShare, `${s.benchmark} source share`);
    assert.equal(s.nNegative, e.nNegative, `${s.benchmark} γ < 0 pieces`);
  }
});

test("every piece carries its context text, domain and screening sign", () => {
  const r = chapter(), z = loadZooData(FIXTURE);
  const byId = new Map(z.pieces.map((p) => [p.id, p]));
  for (const s of r.signatures) for (const p of s.pieces) {
    const piece = byId.get(p.id)!;
    assert.equal(p.domain, piece.domain);
    assert.ok(p.context.endsWith(`⟦${piece.text}⟧`), `${p.id}: ${p.context}`);
    assert.ok(Number.isFinite(p.thrush) && p.thrush !== 0);
    assert.equal(p.fromSource, s.sourceDomains.includes(p.domain));
  }
  assert.equal(r.maxSize, 29);
  assert.equal(r.pathBenchmark, "zoo_code_nextword");
});

test("leave-one-model-out: screened-mean and source-domain baselines match numpy for every benchmark", () => {
  for (const s of chapter().signatures) {
    const e = E.signatures[s.benchmark];
    assert.ok(s.loo, s.benchmark);
    close(s.loo!.r2ScreenedMean, e.r2LooScreenedMean, `${s.benchmark} LOO R² screened mean`);
    if (e.r2LooSourceMean === undefined) assert.equal(s.loo!.r2SourceMean, null);
    else close(s.loo!.r2SourceMean!, e.r2LooSourceMean, `${s.benchmark} LOO R² source mean`);
  }
});

test("leave-one-model-out of the AIC signature (screening and selection redone per fold) matches numpy", () => {
  for (const b of E.aicLooBenchmarks as string[]) {
    const s = chapter().signatures.find((x) => x.benchmark === b)!;
    close(s.loo!.r2Aic, E.signatures[b].r2LooAic, `${b} LOO R² AIC`);
    assert.deepEqual([s.loo!.foldSizeMin, s.loo!.foldSizeMax], E.signatures[b].foldSizes);
  }
});

test("the fold screen shared across benchmarks is exactly tailScreen's (no leakage: the held-out model is not screened)", () => {
  const z = loadZooData(FIXTURE);
  const X = zooFeatureMatrix(z);
  const nb = z.scores.cols.length, n = X.rows.length;
  const ys = z.scores.cols.map((_, j) => Float64Array.from({ length: n }, (_, i) => z.scores.values[i * nb + j]));
  const fs = zooFoldScreens(X, ys);
  for (const held of [0, 17]) {
    const train = Array.from({ length: n - 1 }, (_, t) => (t < held ? t : t + 1));
    const Xt = selectRows(X, train);
    for (const b of [0, 15, nb - 1]) {
      const yt = Float64Array.from(train, (i) => ys[b][i]);
      const mine = fs.screenFor(b)(Xt, yt, {}).kept;
      assert.deepEqual(Array.from(mine), Array.from(tailScreen(Xt, yt, {}).kept), `fold ${held} benchmark ${b}`);
      const signs = fs.signsOf(mine);
      assert.equal(signs.length, mine.length);
      assert.ok(signs.every((s) => s === 1 || s === -1));
    }
  }
  // the baseline through the library's LOO loop equals the chapter's value
  const cv = leaveOneModelOut(X, ys[15], { screen: fs.screenFor(15), select: screenedMeanSelector(fs.signsOf) });
  close(cv.r2Loo, E.signatures[z.scores.cols[15]].r2LooScreenedMean, "library loop");
});

test("headline groups: the AIC signatures lose to the screened mean on the fixture; controls are at or below chance", () => {
  const r = chapter();
  const q = r.groups.qualifying!, c = r.groups.negativeControl!;
  assert.equal(q.n, 7);
  assert.ok(q.medianScreenedMean > q.medianAic);
  assert.ok(q.aicBeatsScreenedMean < q.n / 2);
  assert.equal(c.n, 2);
  assert.ok(c.medianAic < 0 && c.medianScreenedMean < 0.1);
  assert.equal(r.groups.zooDomain!.n + c.n, r.signatures.length);
  assert.equal(summarizeZooLoo([]), null);
  assert.equal(Object.values(r.stopReasons).reduce((a, v) => a + v, 0), r.signatures.length);
});
