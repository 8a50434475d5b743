/**
 * Leave-one-model-out R² of a selection-and-fit pipeline, with its model-permutation null, and the
 * pilot's one-feature baseline (mean surprisal of the source domain's pieces).
 *
 * R²_LOMO = 1 − Σ_i (y_i − ŷ_(−i))² / Σ_i (y_i − ȳ)²
 *
 * where ŷ_(−i) is the prediction for model i from the pipeline fitted on the other n − 1 models and ȳ
 * is the mean over all n models (the PRESS convention; the same as scikit-learn's `r2_score` on
 * leave-one-out predictions). It can be negative: a pipeline worse than predicting the mean.
 */
import type { LabeledMatrix } from "../core/matrix";
import { selectRows } from "../core/matrix";
import { checkShapes } from "./groundtruth-enrichment";
import { permute, permutationDraws, summarizeNull, type NullOptions, type NullSummary } from "./groundtruth-null";

/** A fitted predictor: from one model's full feature row to a predicted score. */
export type Predictor = (row: Float32Array | Float64Array) => number;

/** A fit pipeline (e.g. screen → forward AIC selection → OLS): from training models to a predictor. */
export type FitPipeline = (X: LabeledMatrix<Float32Array | Float64Array>, y: Float64Array) => Predictor;

/** Leave-one-model-out predictions and R². */
export interface LomoResult {
  r2: number;
  /** ŷ_(−i) for every model, in row order. */
  predictions: Float64Array;
}

/**
 * Leave-one-model-out R² of a fit pipeline.
 *
 * R² = 1 − Σ (y_i − ŷ_(−i))² / Σ (y_i − ȳ)²
 *
 * @example
 *   lomoR2(X, y, domainMeanPipeline(pieceDomains, [2])).r2
 */
export function lomoR2(X: LabeledMatrix<Float32Array | Float64Array>, y: Float64Array, fit: FitPipeline): LomoResult {
  checkShapes(X, y);
  const n = X.rows.length, p = X.cols.length;
  if (n < 3) throw new Error(`leave-one-model-out needs at least 3 models, got ${n}`);
  const pred = new Float64Array(n);
  const keep = new Int32Array(n - 1);
  for (let i = 0; i < n; i++) {
    for (let a = 0, k = 0; a < n; a++) if (a !== i) keep[k++] = a;
    const Xi = selectRows(X, keep);
    const yi = new Float64Array(n - 1);
    for (let k = 0; k < n - 1; k++) yi[k] = y[keep[k]];
    pred[i] = fit(Xi, yi)(X.values.subarray(i * p, (i + 1) * p));
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let press = 0, tss = 0;
  for (let i = 0; i < n; i++) { press += (y[i] - pred[i]) ** 2; tss += (y[i] - mean) ** 2; }
  return { r2: tss > 0 ? 1 - press / tss : NaN, predictions: pred };
}

/** LOMO R² with its model-permutation null. */
export interface LomoWithNull {
  observed: LomoResult;
  null: NullSummary;
  permutations: number;
  seed: number;
}

/**
 * LOMO R² on the real scores against LOMO R² of the same pipeline on scores permuted across models
 * (B seeded permutations; p and percentile conventions in `groundtruth-null.ts`).
 *
 * null_b = R²_LOMO(X, y∘π_b)
 *
 * @example
 *   lomoR2Null(X, y, fit, { permutations: 100, seed: 9 }).null.p
 */
export function lomoR2Null(X: LabeledMatrix<Float32Array | Float64Array>, y: Float64Array, fit: FitPipeline, opts: NullOptions = {}): LomoWithNull {
  const observed = lomoR2(X, y, fit);
  const draws = permutationDraws(X.rows.length, (perm) => ({ r2: lomoR2(X, permute(y, perm), fit).r2 }), opts);
  return { observed, null: summarizeNull(observed.r2, draws.r2), permutations: opts.permutations ?? 100, seed: opts.seed ?? 1 };
}

/**
 * Simple least squares y = a + b·x (closed form). Returns NaN slope when x has no variance.
 *
 * b = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²,  a = ȳ − b x̄
 *
 * @example
 *   simpleLinearFit([0, 1, 2], [1, 3, 5])  // { intercept: 1, slope: 2 }
 */
export function simpleLinearFit(x: ArrayLike<number>, y: ArrayLike<number>): { intercept: number; slope: number } {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  return { intercept: my - slope * mx, slope };
}

/**
 * The pilot's one-feature baseline: each model's mean feature (surprisal) over the source domain's
 * pieces, regressed on the score by simple least squares (falls back to the training mean when the
 * feature is constant).
 *
 * f_i = mean_{j : domain(j) ∈ D} X_ij;  ŷ = a + b f
 *
 * @example
 *   lomoR2(X, y, domainMeanPipeline(pieceDomains, [0])).r2
 */
export function domainMeanPipeline(pieceDomains: ArrayLike<number>, domains: readonly number[]): FitPipeline {
  const want = new Set(domains);
  const cols: number[] = [];
  for (let j = 0; j < pieceDomains.length; j++) if (want.has(pieceDomains[j])) cols.push(j);
  if (cols.length === 0) throw new Error(`domainMeanPipeline: no pieces from domain(s) ${domains.join(", ")}`);
  const feature = (row: ArrayLike<number>): number => {
    let s = 0;
    for (const j of cols) s += row[j];
    return s / cols.length;
  };
  return (X, y) => {
    const p = X.cols.length;
    if (p !== pieceDomains.length) throw new Error(`domainMeanPipeline: ${p} columns but ${pieceDomains.length} piece domains`);
    const f = new Float64Array(X.rows.length);
    for (let i = 0; i < X.rows.length; i++) f[i] = feature(X.values.subarray(i * p, (i + 1) * p));
    const { intercept, slope } = simpleLinearFit(f, y);
    if (!Number.isFinite(slope)) return () => intercept;
    return (row) => intercept + slope * feature(row);
  };
}
