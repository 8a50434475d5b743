/**
 * Lasso and elastic net for Gaussian responses, two conventions:
 *
 * 1. **glmnet** (R `glmnet(x, y, family = "gaussian", alpha, lambda)`), reproduced within 1e-8 of
 *    glmnet 4.1.6 run with `thresh = 1e-22` (at glmnet's `1e-14`, glmnet itself is only converged to
 *    about 2e-6 on the intercept; this solver iterates to a tighter default). Objective
 *      (1/(2n))·Σ (y_i − β₀ − x_iᵀβ)² + λ·[(1 − α)/2·‖β‖² + α·‖β‖₁].
 *    glmnet's data conventions (from its documentation, each checked against glmnet goldens in
 *    tests/golden/selection/glmnet.json): weights 1/n; x is centred and, with `standardize = TRUE`, scaled by
 *    its 1/n standard deviation, the penalty applying to the standardised coefficients; y is centred and
 *    scaled by its 1/n standard deviation s_y **also when standardize = FALSE**, and λ is divided by s_y.
 *    With `intercept = FALSE` nothing is centred, x is still scaled by its standard deviation and y by its
 *    root mean square. For the lasso (α = 1) the y scaling leaves the objective above unchanged; for α < 1
 *    the ridge term is in effect divided by s_y. Constant columns are excluded (coefficient 0).
 *    Coefficients are returned on the original scale, β₀ = ȳ − Σ x̄_j β_j.
 * 2. **The paper's released code** (`regression/regression_run.py`): scikit-learn
 *    `Lasso(alpha = 0.01, fit_intercept = False, max_iter = 10000)` on candidates standardised with
 *    `StandardScaler` (1/n variance, constant columns left at 0) and y centred. Objective
 *      (1/(2n))·‖y_c − X_s b‖² + α·l1·‖b‖₁ + α·(1 − l1)/2·‖b‖²   (l1 = l1_ratio; 1 for the lasso).
 *    scikit-learn stops at a duality gap of `tol = 1e-4`; here the problem is solved to convergence, so
 *    coefficients may differ from scikit-learn's by about that tolerance.
 */
import type { LabeledMatrix } from "../core/matrix";
import { coordinateDescent, type CdDesign } from "./coordinate-descent";

/** A linear predictor on the original scale: ŷ = intercept + Σ_s coefficients[s]·x[columns[s]]. */
export interface LinearModel {
  columns: Int32Array;
  intercept: number;
  coefficients: Float64Array;
}

/** Options of {@link glmnetGaussian}. */
export interface GlmnetOptions {
  /** Mixing: 1 = lasso (default), 0 < α < 1 elastic net. */
  alpha?: number;
  standardize?: boolean;
  intercept?: boolean;
  /** Convergence: stop when a full sweep's max xv_j·Δβ̃_j² is below thresh × null deviance (default 1e-24). */
  thresh?: number;
  maxSweeps?: number;
}

/** One glmnet fit (one λ). `beta` is on the original scale, one per input column. */
export interface GlmnetFit {
  lambda: number;
  alpha: number;
  a0: number;
  beta: Float64Array;
  /** Number of non-zero coefficients. */
  df: number;
  /** 1 − RSS / null RSS (null model: the mean, or 0 without intercept). */
  devRatio: number;
  sweeps: number;
  converged: boolean;
}

/**
 * Elastic-net fits at the given λ values (fitted in decreasing order with warm starts), glmnet's
 * Gaussian conventions (see the module comment).
 *
 * On x̃ = (x − x̄)/sd(x), ỹ = (y − ȳ)/s_y (1/n standard deviations), λ̃ = λ/s_y:
 * b̃ = argmin (1/(2n))‖ỹ − X̃b‖² + λ̃[(1 − α)/2·‖b‖² + α‖b‖₁];  β_j = s_y·b̃_j/sd(x_j), β₀ = ȳ − Σ x̄_j β_j.
 *
 * @example
 *   const [fit] = glmnetGaussian(X, y, [0.1], { alpha: 1 });
 *   fit.beta;  // lasso coefficients, original scale; fit.a0 the intercept
 */
export function glmnetGaussian(X: LabeledMatrix<Float64Array | Float32Array>, y: ArrayLike<number>, lambdas: number | ArrayLike<number>, opts: GlmnetOptions = {}): GlmnetFit[] {
  const alpha = opts.alpha ?? 1;
  const standardize = opts.standardize ?? true;
  const intercept = opts.intercept ?? true;
  const thresh = opts.thresh ?? 1e-24;
  const maxSweeps = opts.maxSweeps ?? 1_000_000;
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`alpha must be in (0, 1], got ${alpha}`);
  const lams = typeof lambdas === "number" ? [lambdas] : Array.from(lambdas);
  for (const l of lams) if (!(l >= 0 && Number.isFinite(l))) throw new RangeError(`lambda must be finite and >= 0, got ${l}`);
  const n = X.rows.length, p = X.cols.length;
  checkShapes(X, y, "glmnetGaussian");
  // glmnet `standard`: weights 1/n.
  const x = new Float64Array(p * n), xv = new Float64Array(p), xm = new Float64Array(p), xs = new Float64Array(p).fill(1);
  for (let j = 0; j < p; j++) {
    const off = j * n;
    let s = 0;
    let constant = true;
    const first = X.values[j];
    for (let i = 0; i < n; i++) { const v = X.values[i * p + j]; x[off + i] = v; s += v; if (v !== first) constant = false; }
    if (constant) { xv[j] = 0; continue; } // glmnet excludes constant columns (ju = 0)
    const mean = s / n;
    let vc = 0;
    for (let i = 0; i < n; i++) vc += (x[off + i] - mean) ** 2;
    vc /= n;
    if (intercept) {
      xm[j] = mean;
      for (let i = 0; i < n; i++) x[off + i] -= mean;
      if (standardize) { xs[j] = Math.sqrt(vc); for (let i = 0; i < n; i++) x[off + i] /= xs[j]; xv[j] = 1; } else xv[j] = vc;
    } else {
      if (standardize) { xs[j] = Math.sqrt(vc); for (let i = 0; i < n; i++) x[off + i] /= xs[j]; }
      let q = 0;
      for (let i = 0; i < n; i++) q += x[off + i] * x[off + i];
      xv[j] = q / n;
    }
  }
  let ym = 0;
  for (let i = 0; i < n; i++) ym += y[i];
  ym /= n;
  // y's scale: its 1/n standard deviation; without intercept its root mean square (y is not centred).
  let yvar = 0;
  for (let i = 0; i < n; i++) yvar += intercept ? (y[i] - ym) ** 2 : y[i] * y[i];
  yvar /= n;
  const ys = Math.sqrt(yvar);
  if (!(ys > 0)) throw new RangeError(intercept ? "glmnetGaussian: y is constant" : "glmnetGaussian: y is all zero");
  const yt = new Float64Array(n);
  for (let i = 0; i < n; i++) yt[i] = (intercept ? y[i] - ym : y[i]) / ys;
  let nullDev = 0;
  for (let i = 0; i < n; i++) nullDev += yt[i] * yt[i];
  nullDev /= n;
  const design: CdDesign = { n, p, x, xv };
  const order = lams.map((l, i) => ({ l, i })).sort((a, b) => b.l - a.l);
  const b = new Float64Array(p);
  const r = Float64Array.from(yt);
  const out: GlmnetFit[] = new Array(lams.length);
  for (const { l, i: slot } of order) {
    const lt = l / ys;
    const res = coordinateDescent(design, b, r, lt * alpha, lt * (1 - alpha), thresh * nullDev, maxSweeps);
    const beta = new Float64Array(p);
    let a0 = intercept ? ym : 0, df = 0;
    for (let j = 0; j < p; j++) {
      if (b[j] === 0) continue;
      beta[j] = (ys * b[j]) / xs[j];
      a0 -= xm[j] * beta[j];
      df++;
    }
    let rss = 0;
    for (let i = 0; i < n; i++) rss += r[i] * r[i];
    out[slot] = { lambda: l, alpha, a0, beta, df, devRatio: 1 - rss / n / nullDev, sweeps: res.sweeps, converged: res.converged };
  }
  return out;
}

/**
 * The smallest λ at which every glmnet coefficient is zero (the first value of glmnet's own λ path),
 * with glmnet's standardisation (standardize = TRUE, intercept = TRUE).
 *
 * λ_max = max_j |x̃_jᵀ(y − ȳ)| / (n·α),  x̃_j = (x_j − x̄_j)/sd(x_j) (1/n sd); constant columns ignored
 *
 * @example
 *   const lmax = glmnetLambdaMax(X, y, 1);
 *   glmnetGaussian(X, y, [0.5, 0.1, 0.02].map((f) => f * lmax));
 */
export function glmnetLambdaMax(X: LabeledMatrix<Float64Array | Float32Array>, y: ArrayLike<number>, alpha = 1): number {
  checkShapes(X, y, "glmnetLambdaMax");
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`alpha must be in (0, 1], got ${alpha}`);
  const n = X.rows.length, p = X.cols.length;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += y[i];
  ym /= n;
  let best = 0;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += X.values[i * p + j];
    const mean = s / n;
    let vc = 0, g = 0;
    for (let i = 0; i < n; i++) { const d = X.values[i * p + j] - mean; vc += d * d; g += d * (y[i] - ym); }
    if (vc === 0) continue;
    best = Math.max(best, Math.abs(g) / Math.sqrt(vc / n));
  }
  return best / (n * alpha);
}

/** Options of {@link sklearnLasso}. */
export interface SklearnLassoOptions {
  /** scikit-learn's `alpha` (default 0.01, the released code's value). */
  alpha?: number;
  /** scikit-learn's `l1_ratio` for `ElasticNet` (default 1: the lasso). */
  l1Ratio?: number;
  /** Convergence threshold relative to (1/n)‖y_c‖² (default 1e-24). */
  thresh?: number;
  maxSweeps?: number;
}

/** A fit in the released code's convention; `beta` is on the standardised scale, one per column. */
export interface StandardisedFit {
  alpha: number;
  l1Ratio: number;
  beta: Float64Array;
  means: Float64Array;
  /** 1/n standard deviations (1 for constant columns, as StandardScaler). */
  scales: Float64Array;
  yMean: number;
  /** Columns with non-zero coefficients (the signature), in column order. */
  selectedColumns: Int32Array;
  sweeps: number;
  converged: boolean;
}

/**
 * The released code's selector: lasso (or elastic net) with scikit-learn's objective on standardised
 * candidates and centred y, no intercept. The non-zero coefficients are the signature.
 *
 * min_b (1/(2n))·‖y − ȳ − X_s b‖² + α·l1·‖b‖₁ + α(1 − l1)/2·‖b‖²,  X_s = (X − mean)/sd (1/n)
 *
 * @example
 *   const fit = sklearnLasso(X, y, { alpha: 0.01 });
 *   fit.selectedColumns;  // the signature's columns
 */
export function sklearnLasso(X: LabeledMatrix<Float64Array | Float32Array>, y: ArrayLike<number>, opts: SklearnLassoOptions = {}): StandardisedFit {
  const alpha = opts.alpha ?? 0.01;
  const l1Ratio = opts.l1Ratio ?? 1;
  const thresh = opts.thresh ?? 1e-24;
  const maxSweeps = opts.maxSweeps ?? 1_000_000;
  if (!(alpha >= 0)) throw new RangeError(`alpha must be >= 0, got ${alpha}`);
  if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new RangeError(`l1Ratio must be in [0, 1], got ${l1Ratio}`);
  checkShapes(X, y, "sklearnLasso");
  const n = X.rows.length, p = X.cols.length;
  const x = new Float64Array(p * n), xv = new Float64Array(p), means = new Float64Array(p), scales = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const off = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) { const v = X.values[i * p + j]; x[off + i] = v; s += v; }
    const mean = s / n;
    let vc = 0;
    for (let i = 0; i < n; i++) { x[off + i] -= mean; vc += x[off + i] ** 2; }
    const sd = Math.sqrt(vc / n);
    means[j] = mean;
    scales[j] = sd > 0 ? sd : 1;
    let q = 0;
    for (let i = 0; i < n; i++) { x[off + i] /= scales[j]; q += x[off + i] ** 2; }
    xv[j] = sd > 0 ? q / n : 0;
  }
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i];
  yMean /= n;
  const r = new Float64Array(n);
  let yy = 0;
  for (let i = 0; i < n; i++) { r[i] = y[i] - yMean; yy += r[i] * r[i]; }
  const b = new Float64Array(p);
  const res = coordinateDescent({ n, p, x, xv }, b, r, alpha * l1Ratio, alpha * (1 - l1Ratio), thresh * Math.max(yy / n, Number.MIN_VALUE), maxSweeps);
  const sel: number[] = [];
  for (let j = 0; j < p; j++) if (b[j] !== 0) sel.push(j);
  return { alpha, l1Ratio, beta: b, means, scales, yMean, selectedColumns: Int32Array.from(sel), sweeps: res.sweeps, converged: res.converged };
}

/**
 * The original-scale linear predictor of a glmnet fit (non-zero coefficients only).
 *
 * @example
 *   linearModelFromGlmnet(fit).columns;  // indices of the non-zero coefficients
 */
export function linearModelFromGlmnet(fit: GlmnetFit): LinearModel {
  const cols: number[] = [];
  fit.beta.forEach((v, j) => { if (v !== 0) cols.push(j); });
  return { columns: Int32Array.from(cols), intercept: fit.a0, coefficients: Float64Array.from(cols, (j) => fit.beta[j]) };
}

/**
 * The original-scale linear predictor of a standardised fit: coef_j = b_j / sd_j,
 * intercept = ȳ − Σ coef_j·mean_j.
 *
 * @example
 *   linearModelFromStandardised(sklearnLasso(X, y)).intercept;
 */
export function linearModelFromStandardised(fit: StandardisedFit): LinearModel {
  const cols = fit.selectedColumns;
  const coefficients = Float64Array.from(cols, (j) => fit.beta[j] / fit.scales[j]);
  let intercept = fit.yMean;
  cols.forEach((j, s) => { intercept -= coefficients[s] * fit.means[j]; });
  return { columns: Int32Array.from(cols), intercept, coefficients };
}

/**
 * Predictions of a linear model for every row of X: ŷ_i = intercept + Σ_s coef_s·x_{i, columns_s}.
 *
 * @example
 *   predictLinear(linearModelFromGlmnet(fit), X);
 */
export function predictLinear(model: LinearModel, X: LabeledMatrix<Float64Array | Float32Array>): Float64Array {
  const n = X.rows.length, p = X.cols.length;
  const out = new Float64Array(n).fill(model.intercept);
  for (let i = 0; i < n; i++) for (let s = 0; s < model.columns.length; s++) out[i] += model.coefficients[s] * X.values[i * p + model.columns[s]];
  return out;
}

function checkShapes(X: LabeledMatrix<Float64Array | Float32Array>, y: ArrayLike<number>, who: string): void {
  const n = X.rows.length, p = X.cols.length;
  if (y.length !== n) throw new RangeError(`${who}: y has ${y.length} values but X has ${n} rows`);
  if (X.values.length !== n * p) throw new RangeError(`${who}: X.values has ${X.values.length} values, expected ${n} x ${p}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw new RangeError(`${who}: y[${i}] is not finite`);
  for (let k = 0; k < X.values.length; k++) if (!Number.isFinite(X.values[k])) throw new RangeError(`${who}: X[${Math.floor(k / p)}, ${k % p}] is not finite`);
}
