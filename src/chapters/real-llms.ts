import { join } from "node:path";
import { toNested, upperTriangle } from "../core/matrix";
import { provenance, type Provenance } from "../core/provenance";
import { readFeatures } from "../io/features";
import { alignModels } from "../io/align";
import { readContexts } from "../features/thrush";
import { readScoreTable, type ScoreTable } from "../scores/table";
import { readAliasTable, translateModel } from "../scores/aliases";
import { correlationMatrix, signatureOverlap } from "../overlap/signature";
import { forwardSelector, leaveOneModelOut, tailScreen } from "../selection/loocv";
import type { SelectionCriterion } from "../selection/criteria";
import { pearson, spearman } from "../stats/correlation";
import { computeSignatures, type BenchmarkSignature } from "../signatures/pipeline";
import { featureSpearman, pcShares } from "../signatures/general-factor";
import { DEFAULT_DATA_DIR, OPEN_LLM_V1 } from "./performance";
import { sampleMedian } from "../stats/describe";

/**
 * The real-LLM chapter as a pure computation over the committed data: document-level signatures of the 9
 * benchmarks of Thrush et al. (arc_easy, piqa, sciq as error; six LAMBADA variants as perplexity, log-
 * transformed for the regression) from the real per-document bits per byte of 89 open LLMs on 263 documents;
 * leave-one-model-out R² against the training-mean baseline; the signature overlap matrix of the 9 benchmarks
 * against their performance overlap; the general factor in the BPB matrix; and the join with Sloth's scores
 * for the models both sources share (data/model-aliases.csv).
 *
 * Where this differs from the paper: documents, not pieces (263 features, not 1.7e7); the documents are
 * EntiGraph synthetic text written about QuALITY articles, not naturally written text; bits per byte, not
 * last-token surprisal; 89 models, not 32; errors and perplexities (lower is better), not accuracies.
 */

/** Screening ratio per tail used by the chapter: 0.1 of 263 documents = 26 per tail, 52 candidates. */
export const REAL_LLMS_SCREEN_RATIO = 0.1;
/** Benchmarks whose scores are perplexities and are log-transformed before selection. */
export const REAL_LLMS_LOG_SCORES = /^lambada/;

/** Options of realLlmsChapter. */
export interface RealLlmsOptions {
  dataDir?: string;
  screenRatio?: number;
  criterion?: SelectionCriterion;
  /** Run leave-one-model-out CV (the slowest part; default true). */
  loocv?: boolean;
}

/** One benchmark's row of the chapter. */
export interface RealSignatureSummary {
  benchmark: string;
  transform: "none" | "log";
  nCandidates: number;
  size: number;
  /** Signature size under BIC (k = log n), same candidates, for comparison. */
  sizeBic: number;
  r2: number;
  adjR2: number;
  stoppedBecause: string;
  /** Leave-one-model-out R² against the training-mean baseline (null when not run). */
  r2Loo: number | null;
  rmseLoo: number | null;
  rmseMean: number | null;
  /** Leave-one-model-out R² of the one-predictor baseline y ~ mean BPB over all documents (the general factor alone). */
  r2LooMeanBpb: number;
  /** Median / min / max Spearman of the 263 documents' BPB with the benchmark score across models. */
  docSpearmanMedian: number;
  docSpearmanMin: number;
  docSpearmanMax: number;
  /** Spearman of the per-model mean BPB over all documents with the score. */
  meanBpbSpearman: number;
  pieces: { feature: string; coefficient: number; context: string | null }[];
}

/** Everything the chapter reports, as plain JSON. */
export interface RealLlmsResult {
  nModels: number;
  nDocuments: number;
  benchmarks: string[];
  screen: { method: string; ratio: number; minCandidates: number; candidates: number };
  criterion: SelectionCriterion;
  signatures: RealSignatureSummary[];
  generalFactor: { pc1Share: number; pc1ShareStandardised: number; shares: number[]; medianDocSpearmanOverBenchmarks: number };
  overlap: {
    signature: number[][];
    signatureSignWeighted: number[][];
    performance: number[][];
    /** Spearman / Pearson between the upper triangles (36 pairs) of signature and performance overlap. */
    signatureVsPerformanceSpearman: number;
    signatureVsPerformancePearson: number;
    signWeightedVsPerformanceSpearman: number;
    meanSignature: number;
    meanPerformance: number;
  };
  join: {
    sharedModels: string[];
    sloth: string[];
    /** Spearman of (−error or −log perplexity) with Sloth's score over the shared models with both; rows Thrush, cols Sloth. */
    correlation: (number | null)[][];
    n: number[][];
  };
  notes: string[];
  provenance: Provenance;
}


function column(t: ScoreTable, b: string, transform: boolean): Float64Array {
  const p = t.benchmarks.length, j = t.benchmarks.indexOf(b);
  return Float64Array.from(t.models, (_, i) => (transform ? Math.log(t.values[i * p + j]) : t.values[i * p + j]));
}

/**
 * Compute the real-LLM chapter from `data/`: `features/thrush-bpb.csv` (+ `.contexts.csv`),
 * `scores/thrush-errors.csv`, `scores/sloth-v2.csv`, `model-aliases.csv`.
 *
 * @example
 *   const r = realLlmsChapter();
 *   r.nModels, r.nDocuments                 // 89, 263
 *   r.generalFactor.medianDocSpearmanOverBenchmarks  // ≈ 0.9
 */
export function realLlmsChapter(opts: RealLlmsOptions = {}): RealLlmsResult {
  const dataDir = opts.dataDir ?? DEFAULT_DATA_DIR;
  const ratio = opts.screenRatio ?? REAL_LLMS_SCREEN_RATIO;
  const criterion = opts.criterion ?? "aic";
  const featPath = join(dataDir, "features", "thrush-bpb.csv");
  const ctxPath = join(dataDir, "features", "thrush-bpb.contexts.csv");
  const scorePath = join(dataDir, "scores", "thrush-errors.csv");
  const table = readScoreTable(scorePath);
  const features = readFeatures(featPath);
  const X = alignModels(features, featPath, table.models, scorePath);
  const contexts = readContexts(ctxPath);
  const run = computeSignatures(X, table, { screenMethod: "thrush", screenRatio: ratio, minCandidates: 0, criterion, logScores: REAL_LLMS_LOG_SCORES }, contexts);
  const runBic = computeSignatures(X, table, { screenMethod: "thrush", screenRatio: ratio, minCandidates: 0, criterion: "bic", logScores: REAL_LLMS_LOG_SCORES });
  const n = X.rows.length, d = X.cols.length;
  const meanBpb = Float64Array.from({ length: n }, (_, i) => { let s = 0; for (let j = 0; j < d; j++) s += X.values[i * d + j]; return s / d; });
  const summaries: RealSignatureSummary[] = run.signatures.map((s: BenchmarkSignature, b) => {
    const y = column(table, s.benchmark, s.transform === "log");
    const cv = opts.loocv === false ? null : leaveOneModelOut(X, y, {
      screen: tailScreen, screenOptions: { method: "thrush", ratio, minCandidates: 0 }, select: forwardSelector({ criterion, minResidualDf: 10 }),
    });
    const fs = featureSpearman(X, y);
    return {
      benchmark: s.benchmark, transform: s.transform, nCandidates: s.nCandidates, size: s.pieces.length,
      sizeBic: runBic.signatures[b].pieces.length, r2: s.r2, adjR2: s.adjR2, stoppedBecause: s.stoppedBecause,
      r2Loo: cv ? cv.r2Loo : null, rmseLoo: cv ? cv.rmse : null, rmseMean: cv ? cv.rmseMean : null,
      r2LooMeanBpb: looSimpleRegression(meanBpb, y),
      docSpearmanMedian: fs.median, docSpearmanMin: fs.min, docSpearmanMax: fs.max, meanBpbSpearman: spearman(meanBpb, y),
      pieces: s.pieces.map((p) => ({ feature: p.feature, coefficient: p.coefficient, context: p.context })),
    };
  });
  const sigs = run.signatures.map((s) => ({ benchmark: s.benchmark, pieces: s.pieces.map((p) => p.feature), coefficients: s.pieces.map((p) => p.coefficient) }));
  const so = signatureOverlap(X, sigs, { pool: "all" });
  const sw = signatureOverlap(X, sigs, { pool: "all", signWeighted: true });
  const benchmarks = run.signatures.map((s) => s.benchmark);
  const perf = correlationMatrix(benchmarks.map((b) => column(table, b, false)));
  const k = benchmarks.length;
  const triS = upperTriangle(so.values, k), triW = upperTriangle(sw.values, k), triP = upperTriangle(perf, k);
  const pc = pcShares(X), pcz = pcShares(X, true);
  return {
    nModels: n, nDocuments: d, benchmarks,
    screen: { method: "thrush", ratio, minCandidates: 0, candidates: run.signatures[0].nCandidates },
    criterion, signatures: summaries,
    generalFactor: { pc1Share: pc.pc1, pc1ShareStandardised: pcz.pc1, shares: pc.shares, medianDocSpearmanOverBenchmarks: sampleMedian(summaries.map((s) => s.docSpearmanMedian)) },
    overlap: {
      signature: toNested(so.values, k), signatureSignWeighted: toNested(sw.values, k), performance: toNested(perf, k),
      signatureVsPerformanceSpearman: spearman(triS, triP), signatureVsPerformancePearson: pearson(triS, triP),
      signWeightedVsPerformanceSpearman: spearman(triW, triP),
      meanSignature: triS.reduce((a, v) => a + v, 0) / triS.length, meanPerformance: triP.reduce((a, v) => a + v, 0) / triP.length,
    },
    join: joinWithSloth(dataDir, table, benchmarks),
    notes: [
      ...table.notes,
      "documents are EntiGraph synthetic text written about the 263 QuALITY articles (not naturally written text); features are bits per byte per document",
      "LLM360/Amber is listed twice upstream (families llm360 and amber) with identical values; kept once in both the scores and the features",
      `screening: Thrush statistic, ${ratio} per tail of ${d} documents with no floor (the paper's 0.01 would keep ${Math.max(1, Math.floor(0.01 * d))} per tail; the default floor max(2m, 50) = ${Math.max(2 * n, 50)} would keep most documents)`,
      "LAMBADA scores are perplexities: log-transformed before selection (screening uses ranks and is unaffected); overlaps use raw scores (Spearman is rank-based)",
    ],
    provenance: provenance("real-LLM chapter: document-level signatures (Thrush screening + forward selection), LOOCV, signature vs performance overlap, general factor, Sloth join", {
      features: "features/thrush-bpb.csv", scores: "scores/thrush-errors.csv", screenMethod: "thrush", screenRatio: ratio, minCandidates: 0,
      criterion, minResidualDf: 10, logScores: String(REAL_LLMS_LOG_SCORES), loocv: opts.loocv !== false,
      signatureOverlap: "pool all documents, z-score within model, unsigned mean (paper) and sign-weighted",
    }, null, { "data/features/thrush-bpb.csv": features.sha256, "data/scores/thrush-errors.csv": table.sha256 }),
  };
}

/**
 * Leave-one-out R² of the simple regression y ~ x against the training-mean baseline, via the hat values:
 * PRESS = Σ (e_i / (1 − h_ii))², h_ii = 1/n + (x_i − x̄)² / Sxx; PRESS₀ = Σ (n/(n−1))² (y_i − ȳ)².
 *
 * @example
 *   looSimpleRegression([1, 2, 3, 4], [1.1, 1.9, 3.2, 3.9])  // ≈ 0.977
 */
export function looSimpleRegression(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) { sxx += (x[i] - mx) ** 2; sxy += (x[i] - mx) * (y[i] - my); }
  const beta = sxy / sxx;
  let press = 0, press0 = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - my - beta * (x[i] - mx);
    const h = 1 / n + (x[i] - mx) ** 2 / sxx;
    press += (e / (1 - h)) ** 2;
    press0 += ((n / (n - 1)) * (y[i] - my)) ** 2;
  }
  return 1 - press / press0;
}

function joinWithSloth(dataDir: string, thrush: ScoreTable, benchmarks: string[]): RealLlmsResult["join"] {
  const aliases = readAliasTable(join(dataDir, "model-aliases.csv"));
  const sloth = readScoreTable(join(dataDir, "scores", "sloth-v2.csv"));
  const slothCols = OPEN_LLM_V1.filter((b) => sloth.benchmarks.includes(b));
  const pairs: { t: number; s: number; name: string }[] = [];
  thrush.models.forEach((m, t) => {
    const sName = translateModel(aliases, m, "thrush", "sloth");
    const s = sName === null ? -1 : sloth.models.indexOf(sName);
    if (s >= 0) pairs.push({ t, s, name: m });
  });
  const pt = thrush.benchmarks.length, ps = sloth.benchmarks.length;
  const correlation: (number | null)[][] = [], counts: number[][] = [];
  for (const b of benchmarks) {
    const jt = thrush.benchmarks.indexOf(b);
    const row: (number | null)[] = [], nrow: number[] = [];
    for (const c of slothCols) {
      const js = sloth.benchmarks.indexOf(c);
      const ok = pairs.filter(({ t, s }) => Number.isFinite(thrush.values[t * pt + jt]) && Number.isFinite(sloth.values[s * ps + js]));
      // Oriented so that positive = agreement: Thrush holds errors / perplexities (lower is better).
      const r = ok.length >= 3 ? spearman(ok.map(({ t }) => -thrush.values[t * pt + jt]), ok.map(({ s }) => sloth.values[s * ps + js])) : NaN;
      row.push(Number.isFinite(r) ? r : null);
      nrow.push(ok.length);
    }
    correlation.push(row); counts.push(nrow);
  }
  return { sharedModels: pairs.map((p) => p.name), sloth: slothCols, correlation, n: counts };
}
