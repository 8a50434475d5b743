import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { studyProfile } from "../../src/study/profiles";
import { STUDY_STEPS } from "../../src/study/steps";
import { looSimpleRegression, realLlmsChapter, type RealLlmsResult } from "../../src/chapters/real-llms";
import { realLlmsStep, realLlmsHeadline, realLlmsProse, realJoinTable, realOverlapHeatmaps, realPiecesTable, realR2Bars, realSignatureTable } from "../../src/study/real-llms-step";

/**
 * The real-LLM chapter's headline numbers against an independent R recomputation from data/
 * (tests/golden/real-llms/real-llms.R: own parsing, own Thrush statistic and tails, R's step(), cor(),
 * prcomp(), its own LOOCV loop). Tolerances: selected documents and counts exact; R², LOO R², overlaps,
 * correlations and PC shares within 1e-8 absolute (floating-point summation order only).
 */
const E = JSON.parse(readFileSync(join(__dirname, "..", "golden", "real-llms", "expected.json"), "utf8"));
let cached: RealLlmsResult | null = null;
const chapter = () => (cached ??= realLlmsChapter());
const TOL = 1e-8;
const close = (a: number, b: number, what: string, tol = TOL) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs R ${b}`);

test("sizes and screening are the ones R recomputes", () => {
  const r = chapter();
  assert.equal(r.nModels, E.nModels);
  assert.equal(r.nDocuments, E.nDocuments);
  assert.equal(r.screen.ratio, E.screenRatio);
  assert.equal(r.screen.candidates, 2 * E.perTail);
  assert.deepEqual(r.benchmarks, E.benchmarks);
});

test("every benchmark's signature is R step()'s: same documents in the same order, same R², same BIC size", () => {
  for (const s of chapter().signatures) {
    const e = E.signatures[s.benchmark];
    assert.deepEqual(s.pieces.map((p) => p.feature), e.selected, s.benchmark);
    close(s.r2, e.r2, `${s.benchmark} R²`);
    assert.equal(s.sizeBic, e.sizeBic, `${s.benchmark} BIC size`);
    assert.ok(s.pieces.every((p) => typeof p.context === "string" && p.context.length > 0), "every document has its title");
  }
});

test("leave-one-model-out R² (signature and mean-BPB baseline) match R's own loop", () => {
  for (const s of chapter().signatures) {
    const e = E.signatures[s.benchmark];
    close(s.r2Loo!, e.r2Loo, `${s.benchmark} LOO R²`);
    close(s.r2LooMeanBpb, e.r2LooMeanBpb, `${s.benchmark} LOO R² mean BPB`);
  }
  close(looSimpleRegression([1, 2, 3, 4], [1.1, 1.9, 3.2, 3.9]), 0.9770180751902229, "toy", 1e-12);
});

test("the general factor: PC1 share and the documents' Spearman with each benchmark match R", () => {
  const r = chapter();
  close(r.generalFactor.pc1Share, E.pc1Share, "PC1 share");
  close(r.generalFactor.pc1ShareStandardised, E.pc1ShareStandardised, "PC1 share (standardised)");
  for (const s of r.signatures) {
    const e = E.signatures[s.benchmark];
    close(s.docSpearmanMedian, e.docSpearmanMedian, `${s.benchmark} median doc ρ`);
    close(s.docSpearmanMin, e.docSpearmanMin, `${s.benchmark} min doc ρ`);
    close(s.docSpearmanMax, e.docSpearmanMax, `${s.benchmark} max doc ρ`);
    close(s.meanBpbSpearman, e.meanBpbSpearman, `${s.benchmark} mean-BPB ρ`);
  }
  // the finding the chapter states: every document ranks models like arc_easy error (ρ 0.96..0.99)
  const arc = r.signatures.find((s) => s.benchmark === "arc_easy")!;
  assert.ok(arc.docSpearmanMin > 0.96 && arc.docSpearmanMax < 0.99);
  assert.ok(r.generalFactor.pc1Share > 0.99);
});

test("signature and performance overlap matrices, and their agreement, match R's cor()", () => {
  const r = chapter();
  const k = r.benchmarks.length;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    close(r.overlap.signature[i][j], E.signatureOverlap[i][j], `signature overlap ${i},${j}`);
    close(r.overlap.performance[i][j], E.performanceOverlap[i][j], `performance overlap ${i},${j}`);
  }
  close(r.overlap.signatureVsPerformanceSpearman, E.signatureVsPerformanceSpearman, "signature vs performance (Spearman)");
  close(r.overlap.signatureVsPerformancePearson, E.signatureVsPerformancePearson, "signature vs performance (Pearson)");
});

test("the join with Sloth uses the same shared models and correlations as R", () => {
  const r = chapter();
  assert.equal(r.join.sharedModels.length, E.join.sharedModels);
  assert.deepEqual(r.join.sloth, E.join.sloth);
  r.join.correlation.forEach((row, i) => row.forEach((v, j) => {
    assert.equal(r.join.n[i][j], E.join.n[i][j]);
    if (E.join.correlation[i][j] === null) assert.equal(v, null); else close(v!, E.join.correlation[i][j], `join ${i},${j}`);
  }));
});

test("presentation: headline, prose, tables and figures come from the result", () => {
  const r = chapter();
  const h = realLlmsHeadline(r);
  assert.equal(h.nModels, 89);
  assert.deepEqual((h.signatures as Record<string, { selected: string[] }>).arc_easy.selected, E.signatures.arc_easy.selected);
  const prose = realLlmsProse(r);
  assert.match(prose, /synthetic text written about the QuALITY articles, not naturally written text/);
  assert.match(prose, /LLM360\/Amber/);
  assert.match(prose, new RegExp((100 * r.generalFactor.pc1Share).toFixed(2).replace(".", "\\.")));
  assert.equal(realSignatureTable(r).rows.length, 9);
  assert.equal(realPiecesTable(r, 2).rows.length, 18);
  assert.equal(realJoinTable(r).rows.length, 9);
  assert.equal(realOverlapHeatmaps(r).length, 2);
  assert.equal(realR2Bars(r).id, "r2");
});

test("the study step is registered once and its smoke run skips only LOOCV", async () => {
  assert.equal(STUDY_STEPS.filter((s) => s.id === "real-llms").length, 1);
  const lines: string[] = [];
  const res = await realLlmsStep.run({ profile: studyProfile("smoke"), outDir: "/nonexistent", repoRoot: join(__dirname, "..", ".."), log: (l) => lines.push(l) });
  const h = res.headline as { signatures: Record<string, { r2Loo: number | null; selected: string[] }>; pc1Share: number };
  assert.equal(h.signatures.arc_easy.r2Loo, null);
  assert.deepEqual(h.signatures.arc_easy.selected, E.signatures.arc_easy.selected);
  close(h.pc1Share, E.pc1Share, "PC1 share (smoke)");
  assert.equal(res.figures!.length, 4);
  assert.match(lines[0], /smoke: no LOOCV/);
});
