/**
 * Regressor agreement on the zoo (paper §A.7.2): the signature of every zoo-domain benchmark found by forward
 * AIC (the paper's selector), by the lasso and the elastic net (glmnet, size-matched λ), by the released code's
 * lasso (scikit-learn α = 0.01 on standardised candidates), and by 50 random post-screen pieces, all over the
 * same Thrush-screened candidates (1% per tail, floor max(2m, 50)); plus, as a reference the paper does not have,
 * 50 random pieces of the whole pool (no screening); then each method's signature-overlap matrix and the
 * correlation between every two matrices.
 */
import { InputError } from "../core/errors";
import { selectColumns, type LabeledMatrix, type SquareMatrix } from "../core/matrix";
import { createRng } from "../core/random";
import { glmnetGaussian, glmnetLambdaMax, linearModelFromGlmnet, linearModelFromStandardised, predictLinear, sklearnLasso, type LinearModel } from "../selection/lasso";
import { randomFeatureBaseline } from "../selection/random-baseline";
import { sampleMedian } from "../stats/describe";
import { screen } from "../stats/screening";
import type { ZooData } from "../zoo/zoo-data";
import { matrixAgreement, meanJaccard, overlapOfPieceLists, zooDomainBenchmarks, type MatrixAgreement, type PieceList } from "./zoo-robustness-common";
import { zooFeatureMatrix, zooSignatures } from "./zoo-signatures";

/** The selectors compared. */
export type RegressorMethod = "aic" | "lasso" | "enet" | "lasso-released" | "random50" | "random50-pool";

/** Options of {@link zooRegressorAgreement}. */
export interface RegressorAgreementOptions {
  /** Elastic-net mixing α (default 0.5). */
  enetAlpha?: number;
  /** λ values on each glmnet path (default 100, glmnet's nlambda). */
  nLambda?: number;
  /** scikit-learn α of the released code's lasso (default 0.01). */
  releasedAlpha?: number;
  /** Random pieces per benchmark (default 50, the paper's baseline). */
  randomK?: number;
  /**
   * Base seed of the random baselines: benchmark b (0-based, among the chapter's benchmarks) draws its screened
   * pieces with seed + b and its whole-pool pieces with seed + 100000 + b (default 20250927).
   */
  seed?: number;
  /** Coordinate-descent convergence threshold relative to the null deviance (default 1e-10). */
  thresh?: number;
}

/** One method's signatures and overlap matrices. */
export interface RegressorSignatures {
  /** Median of the overlap matrix's off-diagonal cells (the common level every pair shares). */
  medianOverlap: number;
  method: RegressorMethod;
  label: string;
  lists: PieceList[];
  sizes: number[];
  /** In-sample R² of the method's own linear model (random: OLS on the 50 pieces, saturated when 50 ≥ models). */
  r2: number[];
  /** glmnet: the λ chosen per benchmark; null for other methods. */
  lambda: number[] | null;
  overlap: SquareMatrix;
  /** Sign-weighted overlap (coefficient signs); null for the random baseline (no coefficients). */
  overlapSignWeighted: SquareMatrix | null;
}

/** Agreement of two methods. */
export interface RegressorPair {
  a: RegressorMethod;
  b: RegressorMethod;
  unsigned: MatrixAgreement;
  signWeighted: MatrixAgreement | null;
  /** Mean Jaccard index of the two methods' piece sets over benchmarks. */
  meanJaccard: number;
}

/** What {@link zooRegressorAgreement} returns. */
export interface RegressorAgreement {
  benchmarks: string[];
  candidates: number[];
  methods: RegressorSignatures[];
  pairs: RegressorPair[];
  params: Required<RegressorAgreementOptions> & { lambdaRule: string; lambdaMinRatio: number };
}

const LABELS: Record<RegressorMethod, string> = {
  aic: "forward AIC (paper)", lasso: "lasso (glmnet, size-matched λ)", enet: "elastic net (glmnet, size-matched λ)",
  "lasso-released": "lasso (released code, α = 0.01)", random50: "50 random screened pieces",
  "random50-pool": "50 random pieces of the whole pool (no screening)",
};

function offDiagonalMedian(m: SquareMatrix): number {
  const n = m.labels.length, v: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (Number.isFinite(m.values[i * n + j])) v.push(m.values[i * n + j]);
  return sampleMedian(v);
}

function tssOf(y: Float64Array): number {
  let m = 0, tss = 0;
  for (const v of y) m += v;
  m /= y.length;
  for (const v of y) tss += (v - m) ** 2;
  return tss;
}

function r2Of(model: LinearModel, X: LabeledMatrix<Float32Array>, y: Float64Array): number {
  const yhat = predictLinear(model, X);
  let rss = 0;
  y.forEach((v, i) => { rss += (v - yhat[i]) ** 2; });
  return 1 - rss / tssOf(y);
}

/**
 * The glmnet fit on glmnet's default λ path (nLambda values from λ_max down to λ_max·ratio, log-spaced; ratio
 * 0.01 when candidates outnumber models, else 1e-4) at the last λ before the number of non-zero coefficients
 * first exceeds `maxDf` (glmnet's `dfmax` rule). Deterministic.
 *
 * @example
 *   sizeMatchedGlmnet(sub, y, 29, 1, 100, 1e-10).fit.df   // ≤ 29
 */
export function sizeMatchedGlmnet(sub: LabeledMatrix<Float32Array>, y: Float64Array, maxDf: number, alpha: number, nLambda: number, thresh: number) {
  const lmax = glmnetLambdaMax(sub, y, alpha);
  const ratio = sub.cols.length > sub.rows.length ? 0.01 : 1e-4;
  const path = Array.from({ length: nLambda }, (_, t) => lmax * Math.pow(ratio, t / (nLambda - 1)));
  const fits = glmnetGaussian(sub, y, path, { alpha, thresh });
  let pick = 0;
  for (let t = 0; t < fits.length && fits[t].df <= maxDf; t++) pick = t;
  return { fit: fits[pick], lambdaMinRatio: ratio };
}

/**
 * Signatures of every zoo-domain benchmark by five selectors over the same screened candidates (plus 50 random
 * pieces of the whole pool as an unscreened reference), their overlap matrices (paper's unsigned statistic, and
 * sign-weighted) and every pairwise matrix agreement.
 *
 * agreement(A, B) = corr(upper(O_A), upper(O_B)), Pearson and Spearman; O = signature-overlap matrix
 *
 * @example
 *   const r = zooRegressorAgreement(z);
 *   r.pairs.find((p) => p.a === "aic" && p.b === "lasso")?.unsigned.spearman   // paper: 0.763
 */
export function zooRegressorAgreement(z: ZooData, opts: RegressorAgreementOptions = {}): RegressorAgreement {
  const o = { enetAlpha: 0.5, nLambda: 100, releasedAlpha: 0.01, randomK: 50, seed: 20250927, thresh: 1e-10, ...opts };
  const X = zooFeatureMatrix(z, "sum");
  const benchmarks = zooDomainBenchmarks(z);
  const aicRun = zooSignatures(z);
  const n = z.models.length, p = z.table.benchmarks.length;
  const ys = benchmarks.map((b) => {
    const j = z.table.benchmarks.indexOf(b);
    const y = Float64Array.from(z.table.models, (_, i) => z.table.values[i * p + j]);
    if (y.some((v) => !Number.isFinite(v))) throw new InputError(null, `benchmark '${b}': a model has no score; the robustness chapter needs complete scores`);
    return y;
  });
  const screened = screen(X.values, n, benchmarks.map((b, k) => ({ name: b, values: ys[k], direction: z.table.meta[b]?.direction ?? "higher" })), "thrush", { ratio: 0.01 });
  const cands = screened.map((s) => Int32Array.from(s.tails.kept).sort());
  const out: Record<RegressorMethod, { lists: PieceList[]; r2: number[]; lambda: number[] | null }> = {
    aic: { lists: [], r2: [], lambda: null }, lasso: { lists: [], r2: [], lambda: [] }, enet: { lists: [], r2: [], lambda: [] },
    "lasso-released": { lists: [], r2: [], lambda: null }, random50: { lists: [], r2: [], lambda: null },
    "random50-pool": { lists: [], r2: [], lambda: null },
  };
  let lambdaMinRatio = NaN;
  benchmarks.forEach((b, k) => {
    const sig = aicRun.signatures.find((s) => s.benchmark === b)!;
    if (sig.nCandidates !== cands[k].length) throw new Error(`zooRegressorAgreement: '${b}' screened ${cands[k].length} candidates, the pipeline ${sig.nCandidates}`);
    out.aic.lists.push({ benchmark: b, pieces: sig.pieces.map((q) => q.feature), coefficients: sig.pieces.map((q) => q.coefficient) });
    out.aic.r2.push(sig.r2);
    const sub = selectColumns(X, cands[k]), y = ys[k];
    const asList = (m: LinearModel): PieceList => ({ benchmark: b, pieces: Array.from(m.columns, (c) => sub.cols[c]), coefficients: Array.from(m.coefficients) });
    for (const [method, alpha] of [["lasso", 1], ["enet", o.enetAlpha]] as const) {
      const g = sizeMatchedGlmnet(sub, y, sig.pieces.length, alpha, o.nLambda, o.thresh);
      lambdaMinRatio = g.lambdaMinRatio;
      const m = linearModelFromGlmnet(g.fit);
      out[method].lists.push(asList(m)); out[method].r2.push(r2Of(m, sub, y)); out[method].lambda!.push(g.fit.lambda);
    }
    const rel = linearModelFromStandardised(sklearnLasso(sub, y, { alpha: o.releasedAlpha, thresh: o.thresh }));
    out["lasso-released"].lists.push(asList(rel)); out["lasso-released"].r2.push(r2Of(rel, sub, y));
    const rb = randomFeatureBaseline(sub, y, Math.min(o.randomK, sub.cols.length), createRng(o.seed + k));
    out.random50.lists.push({ benchmark: b, pieces: rb.selected, coefficients: null });
    out.random50.r2.push(1 - rb.fit.rss / tssOf(y));
    const rp = randomFeatureBaseline(X, y, Math.min(o.randomK, X.cols.length), createRng(o.seed + 100000 + k));
    out["random50-pool"].lists.push({ benchmark: b, pieces: rp.selected, coefficients: null });
    out["random50-pool"].r2.push(1 - rp.fit.rss / tssOf(y));
  });
  const methods: RegressorSignatures[] = (Object.keys(out) as RegressorMethod[]).map((method) => {
    const overlap = overlapOfPieceLists(X, out[method].lists);
    return {
      method, label: LABELS[method], lists: out[method].lists, sizes: out[method].lists.map((l) => l.pieces.length), r2: out[method].r2,
      lambda: out[method].lambda, overlap, medianOverlap: offDiagonalMedian(overlap),
      overlapSignWeighted: method.startsWith("random") ? null : overlapOfPieceLists(X, out[method].lists, true),
    };
  });
  const pairs: RegressorPair[] = [];
  for (let i = 0; i < methods.length; i++) for (let j = i + 1; j < methods.length; j++) {
    const A = methods[i], B = methods[j];
    pairs.push({
      a: A.method, b: B.method, unsigned: matrixAgreement(A.overlap, B.overlap),
      signWeighted: A.overlapSignWeighted && B.overlapSignWeighted ? matrixAgreement(A.overlapSignWeighted, B.overlapSignWeighted) : null,
      meanJaccard: meanJaccard(A.lists, B.lists),
    });
  }
  return {
    benchmarks, candidates: cands.map((c) => c.length), methods, pairs,
    params: { ...o, lambdaRule: "glmnet default path (nLambda values, λ_max to λ_max·lambdaMinRatio); the last λ before df first exceeds the AIC signature's size", lambdaMinRatio },
  };
}
