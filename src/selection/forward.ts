/**
 * Forward stepwise OLS selection, step for step the same as R's
 * `step(lm(y ~ 1, d), scope = ~ f1 + … + fp, direction = "forward", k = k, steps = S)`
 * (the paper's Algorithm 4, stage 2), and fast enough for 3.4e5 candidates.
 *
 * R's rules, read from `body(step)` and `stats:::add1.lm` (R 4.2.2):
 * - every step, `add1` refits each candidate; a candidate whose refit has the same rank as the current
 *   model (Df = 0: numerically collinear with it, e.g. a constant column) is dropped from the table;
 * - the table is ordered by AIC with a stable sort whose first row is the current model `<none>`, so the
 *   step stops when no candidate has an AIC strictly below the current one, and ties go to scope order;
 * - after the refit, the step is undone and the search ends when the new AIC ≥ old AIC + 1e-7.
 * Every candidate adds one parameter, so within a step AIC is monotone in RSS and the best candidate is
 * the one with the smallest RSS.
 *
 * Algorithm: an orthonormal basis Q of [1, selected] (Gram–Schmidt, each new vector re-orthogonalised
 * twice), the residual r = y − QQᵀy, and every candidate's residual c⊥ = c − QQᵀc, updated by one
 * projection per step (O(n·p) per step). Adding c gives RSS_c = RSS − (r·c⊥)²/‖c⊥‖². A candidate is
 * collinear (R's Df = 0) when ‖c⊥‖ < 1e-7·‖c‖, the relative tolerance of R's `lm.fit` (LINPACK dqrdc2).
 */
import type { LabeledMatrix } from "../core/matrix";
import { boundCriterion, type SelectionCriterion } from "./criteria";
import { olsFit } from "./ols";

/**
 * Why forward selection stopped:
 * - `no-improvement`: no candidate has a criterion value strictly below the current model's (R's stop);
 * - `max-steps`: `maxSteps` features were added (R's `steps`);
 * - `min-residual-df`: one more feature would leave fewer than `minResidualDf` residual df;
 * - `rank-deficient`: candidates remain but every one is numerically collinear with the selected set
 *   (R's Df = 0 for all), or the fit is already exact (RSS = 0);
 * - `no-candidates`: every candidate has been added (or the candidate list is empty).
 */
export type StopReason = "no-improvement" | "max-steps" | "min-residual-df" | "rank-deficient" | "no-candidates";

/** Options of {@link forwardSelect}. */
export interface ForwardOptions {
  /** "aic" (default; penalty `k`, default 2), "bic" (k = log n) or "aicc" (Hurvich–Tsai, see `aicc`). */
  criterion?: SelectionCriterion;
  /** AIC penalty per parameter, as R's `step(k = …)`; only with criterion "aic". */
  k?: number;
  /** At most this many features are added (R's `steps`; default unlimited). */
  maxSteps?: number;
  /**
   * Never add a feature that would leave fewer than this many residual degrees of freedom, n − edf
   * (default 10). With 32 models AIC falls to −∞ as the fit saturates (edf → n), so forward selection
   * by AIC alone adds features until it interpolates; 10 residual df caps a 32-model fit at 21 features.
   * Use 0 to reproduce R's `step()` exactly.
   */
  minResidualDf?: number;
  /** Candidate columns in scope order (ties go to the earlier one); default every column in order. */
  candidates?: ArrayLike<number>;
  /** Relative collinearity tolerance on norms (default 1e-7, R's `lm.fit`). */
  collinearityTol?: number;
  /** RSS values within this fraction of the current RSS count as tied (default 1e-12). */
  tieTol?: number;
}

/** One row of the path (R's `fit$anova`, plus R² and adjusted R²). Step 0 is the intercept-only model. */
export interface SelectionStep {
  step: number;
  /** The feature added at this step; null for step 0. */
  added: string | null;
  /** Column index of `added` in the input matrix; −1 for step 0. */
  column: number;
  rss: number;
  /** Parameters including the intercept (R's `n − Resid. Df`). */
  edf: number;
  /** Value of the chosen criterion (named `aic` as in R's table, also for BIC and AICc). */
  aic: number;
  r2: number;
  adjR2: number;
}

/** The whole forward path and the final model. */
export interface SelectionPath {
  criterion: { name: SelectionCriterion; k: number };
  n: number;
  steps: SelectionStep[];
  selected: string[];
  selectedColumns: Int32Array;
  stoppedBecause: StopReason;
  /** Final model: ŷ = intercept + Σ coefficients[s]·x[selectedColumns[s]]. */
  intercept: number;
  coefficients: Float64Array;
  /** Total sum of squares Σ (y − ȳ)². */
  tss: number;
  minResidualDf: number;
}

/**
 * Forward stepwise selection by AIC / BIC / AICc, reproducing R's `step(direction = "forward")`.
 *
 * Each step adds argmin_c AIC(y ~ 1 + S + c) = argmin_c RSS_c while AIC decreases strictly, with
 * AIC = n·log(RSS/n) + k·edf (R's `extractAIC`).
 *
 * @param X models × features (rows = models)
 * @param y one score per model, in row order
 * @example
 *   const path = forwardSelect(X, y, { criterion: "aic", maxSteps: 20 });
 *   path.selected;        // ["f07", "f03", …] in the order added
 *   path.stoppedBecause;  // "no-improvement"
 */
export function forwardSelect(
  X: LabeledMatrix<Float64Array | Float32Array>,
  y: ArrayLike<number>,
  opts: ForwardOptions = {},
): SelectionPath {
  const n = X.rows.length, p = X.cols.length;
  if (y.length !== n) throw new RangeError(`forwardSelect: y has ${y.length} values but X has ${n} rows`);
  if (X.values.length !== n * p) throw new RangeError(`forwardSelect: X.values has ${X.values.length} values, expected ${n} x ${p}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw new RangeError(`forwardSelect: y[${i}] is not finite`);
  const crit = boundCriterion(opts.criterion ?? "aic", n, opts.k);
  const maxSteps = opts.maxSteps ?? Infinity;
  const minResidualDf = opts.minResidualDf ?? 10;
  const tol = opts.collinearityTol ?? 1e-7;
  const tieTol = opts.tieTol ?? 1e-12;
  if (!(maxSteps >= 0)) throw new RangeError(`maxSteps must be >= 0, got ${maxSteps}`);
  if (!(minResidualDf >= 0)) throw new RangeError(`minResidualDf must be >= 0, got ${minResidualDf}`);
  const cand = opts.candidates ? Int32Array.from(opts.candidates) : Int32Array.from({ length: p }, (_, j) => j);
  const m = cand.length;
  for (let c = 0; c < m; c++) if (!(cand[c] >= 0 && cand[c] < p)) throw new RangeError(`candidate index ${cand[c]} out of range 0..${p - 1}`);

  // Residual of y against the intercept (centred twice: "twice is enough").
  const r = Float64Array.from(y);
  centre(r, 0, n);
  centre(r, 0, n);
  const tss = dot(r, 0, r, 0, n);
  if (!(tss > 0)) throw new RangeError("forwardSelect: y is constant, so AIC is -Infinity for the intercept-only model");
  let rss = tss;

  // Candidate residuals against span{1}, candidate-major: C[c*n + i].
  const C = new Float64Array(m * n);
  const norm0sq = new Float64Array(m);
  const ss = new Float64Array(m);
  const rc = new Float64Array(m); // r · c⊥
  const alive = new Uint8Array(m);
  const xv = X.values;
  let nAlive = 0;
  // Gather the candidate columns in blocks (row-major source, so read each row's stretch once per block).
  const BLOCK = 256;
  for (let c0 = 0; c0 < m; c0 += BLOCK) {
    const c1 = Math.min(m, c0 + BLOCK);
    for (let i = 0; i < n; i++) {
      const rowOff = i * p;
      for (let c = c0; c < c1; c++) C[c * n + i] = xv[rowOff + cand[c]];
    }
  }
  for (let c = 0; c < m; c++) {
    const off = c * n;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = C[off + i];
      if (!Number.isFinite(v)) throw new RangeError(`forwardSelect: X[${i}, ${cand[c]}] (${X.cols[cand[c]]}) is not finite`);
      s2 += v * v;
    }
    norm0sq[c] = s2 === 0 ? 1 : s2; // as dqrdc2: a zero column is compared against norm 1
    centre(C, off, n);
    centre(C, off, n);
    ss[c] = dot(C, off, C, off, n);
    if (ss[c] > tol * tol * norm0sq[c]) { alive[c] = 1; nAlive++; rc[c] = dot(r, 0, C, off, n); }
  }

  const Q: Float64Array[] = [];
  const q0 = new Float64Array(n).fill(1 / Math.sqrt(n));
  Q.push(q0);
  let edf = 1;
  const steps: SelectionStep[] = [{ step: 0, added: null, column: -1, rss, edf, aic: crit.value(rss, edf), r2: 0, adjR2: 0 }];
  const chosen: number[] = [];
  let unselected = m;
  let stoppedBecause: StopReason;
  const q = new Float64Array(n);
  for (;;) {
    if (steps.length - 1 >= maxSteps) { stoppedBecause = "max-steps"; break; }
    if (unselected === 0) { stoppedBecause = "no-candidates"; break; }
    if (n - (edf + 1) < minResidualDf) { stoppedBecause = "min-residual-df"; break; }
    if (nAlive === 0 || rss <= 1e-30 * tss) { stoppedBecause = "rank-deficient"; break; }
    // add1: the candidate with the smallest RSS; ties (within tieTol·RSS) go to scope order.
    let best = -1, bestRss = Infinity;
    const tieBand = tieTol * rss;
    for (let c = 0; c < m; c++) {
      if (!alive[c]) continue;
      const v = rss - (rc[c] * rc[c]) / ss[c];
      if (v < bestRss - tieBand) { best = c; bestRss = v; }
    }
    const curAic = crit.value(rss, edf);
    if (!(crit.value(Math.max(bestRss, 0), edf + 1) < curAic)) { stoppedBecause = "no-improvement"; break; }
    // New basis vector: c⊥ of the best candidate, re-orthogonalised twice against Q, normalised.
    q.set(C.subarray(best * n, best * n + n));
    for (let pass = 0; pass < 2; pass++) {
      for (const qk of Q) { const a = dot(qk, 0, q, 0, n); for (let i = 0; i < n; i++) q[i] -= a * qk[i]; }
    }
    const qn = Math.sqrt(dot(q, 0, q, 0, n));
    for (let i = 0; i < n; i++) q[i] /= qn;
    // Refit: the new residual and RSS (R: extractAIC of the updated fit, undone if AIC rose by 1e-7).
    const newR = Float64Array.from(r);
    const d = dot(newR, 0, q, 0, n);
    for (let i = 0; i < n; i++) newR[i] -= d * q[i];
    const newRss = dot(newR, 0, newR, 0, n);
    const newAic = crit.value(newRss, edf + 1);
    if (newAic >= curAic + 1e-7) { stoppedBecause = "no-improvement"; break; }
    Q.push(Float64Array.from(q));
    r.set(newR);
    rss = newRss;
    edf++;
    alive[best] = 0; nAlive--; unselected--;
    chosen.push(best);
    steps.push({
      step: steps.length, added: X.cols[cand[best]], column: cand[best], rss, edf, aic: newAic,
      r2: 1 - rss / tss, adjR2: 1 - (rss / (n - edf)) / (tss / (n - 1)),
    });
    // Project every remaining candidate off q; drop the ones that became collinear; refresh r·c⊥.
    for (let c = 0; c < m; c++) {
      if (!alive[c]) continue;
      const off = c * n;
      let a = 0;
      for (let i = 0; i < n; i++) a += q[i] * C[off + i];
      let s2 = 0, rd = 0;
      for (let i = 0; i < n; i++) { const v = C[off + i] - a * q[i]; C[off + i] = v; s2 += v * v; rd += r[i] * v; }
      ss[c] = s2;
      rc[c] = rd;
      if (!(s2 > tol * tol * norm0sq[c])) { alive[c] = 0; nAlive--; }
    }
  }

  const selectedColumns = Int32Array.from(chosen, (c) => cand[c]);
  const { intercept, coefficients } = finalFit(X, y, selectedColumns);
  return {
    criterion: { name: crit.name, k: crit.k }, n, steps,
    selected: Array.from(selectedColumns, (j) => X.cols[j]), selectedColumns, stoppedBecause,
    intercept, coefficients, tss, minResidualDf,
  };
}

/** OLS of y on [1, X[:, cols]] (Householder QR): the final model's intercept and coefficients. */
function finalFit(X: LabeledMatrix<Float64Array | Float32Array>, y: ArrayLike<number>, cols: Int32Array): { intercept: number; coefficients: Float64Array } {
  const n = X.rows.length, p = X.cols.length, s = cols.length;
  const d = new Float64Array(n * s);
  for (let i = 0; i < n; i++) for (let k = 0; k < s; k++) d[i * s + k] = X.values[i * p + cols[k]];
  const fit = olsFit(d, n, s, y, { intercept: true });
  return { intercept: fit.coefficients[0], coefficients: fit.coefficients.slice(1) };
}

function centre(a: Float64Array, off: number, n: number): void {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[off + i];
  const mu = s / n;
  for (let i = 0; i < n; i++) a[off + i] -= mu;
}

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[ao + i] * b[bo + i];
  return s;
}

/**
 * Predict scores from a selection path's final model: ŷ_i = intercept + Σ_s β_s·x_{i, selected_s}.
 *
 * @example
 *   const yhat = predictPath(path, Xnew); // Xnew has the same columns as the X the path came from
 */
export function predictPath(path: Pick<SelectionPath, "intercept" | "coefficients" | "selectedColumns">, X: LabeledMatrix<Float64Array | Float32Array>): Float64Array {
  const n = X.rows.length, p = X.cols.length;
  const out = new Float64Array(n).fill(path.intercept);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < path.selectedColumns.length; s++) out[i] += path.coefficients[s] * X.values[i * p + path.selectedColumns[s]];
  }
  return out;
}
