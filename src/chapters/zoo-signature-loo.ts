/**
 * Leave-one-model-out checks of zoo signatures (the paper's A.7 design check): for each held-out model,
 * Thrush screening (1 % per tail, floor max(2m, 50)) and forward AIC selection are redone on the other
 * models (no leakage), and the held-out score is predicted. Two baselines are cross-validated the same way:
 *
 * - the training mean (R²_loo = 0 by construction: R²_loo = 1 − PRESS / PRESS₀ measures the gain over it);
 * - the screened mean: every screened piece z-scored across the training models, signed by its tail
 *   (+1 top, −1 bottom), averaged per model, f_i = (1/K) Σ_j s_j (x_ij − μ_j)/σ_j, then y ~ a + b·f by
 *   simple least squares within the fold — the screen's information with no selection at all;
 * - for zoo-domain benchmarks, the source-domain mean: each model's mean surprisal over the pieces of the
 *   benchmark's source domain (uses the ground truth, no screening), y ~ a + b·f, leave-one-out.
 *
 * Each fold screens once for every benchmark (the ranks of the 39 training models are computed once per
 * fold), and the two cross-validations of a benchmark share that screen.
 */
import type { LabeledMatrix } from "../core/matrix";
import { forwardSelector, leaveOneModelOut, type ScreenFunction, type SelectFunction } from "../selection/loocv";
import type { LinearModel } from "../selection/lasso";
import { screen } from "../stats/screening";
import { defaultMinCandidates } from "../stats/screening-tails";
import { simpleLinearFit } from "../zoo/groundtruth-lomo";
import { looSimpleRegression } from "./real-llms";

type Features = LabeledMatrix<Float32Array | Float64Array>;

/** One benchmark's leave-one-model-out results. */
export interface ZooBenchmarkLoo {
  benchmark: string;
  /** R²_loo of screening + forward AIC selection (against the training mean). */
  r2Aic: number;
  /** R²_loo of the screened-mean baseline. */
  r2ScreenedMean: number;
  /** R²_loo of the source-domain mean (null for negative controls). */
  r2SourceMean: number | null;
  rmseAic: number;
  rmseMean: number;
  /** Mean signature size over the folds, and the smallest and largest. */
  foldSizeMean: number;
  foldSizeMin: number;
  foldSizeMax: number;
  /** Candidates after the fold's screen (the same in every fold). */
  foldCandidates: number;
}

/** Options of {@link zooLeaveOneModelOut}. */
export interface ZooLooOptions {
  screenRatio?: number;
  /** Floor on the candidates within a fold (default max(2(m − 1), 50), as `tailScreen`). */
  minCandidates?: number;
  minResidualDf?: number;
}

/** A screen shared by the benchmarks of one fold: kept columns (sorted) and their tail sign. */
interface FoldScreen { kept: Int32Array; signs: Int8Array }

/**
 * Screens every benchmark once per fold and serves each benchmark its kept set. The kept sets are
 * exactly `tailScreen`'s (same statistic, ratio, floor and tie rule; scores passed unoriented, as
 * `tailScreen` does); the signs (top tail +1, bottom −1) are looked up by the kept array.
 *
 * @example
 *   const fs = zooFoldScreens(X, Y, benchmarks, { screenRatio: 0.01 });
 *   leaveOneModelOut(X, Y[0], { screen: fs.screenFor(0), select: screenedMeanSelector(fs.signsOf) });
 */
export function zooFoldScreens(X: Features, ys: Float64Array[], opts: ZooLooOptions = {}): { screenFor(b: number): ScreenFunction; signsOf(kept: Int32Array): Int8Array } {
  const cache = new Map<string, FoldScreen[]>();
  const signs = new WeakMap<Int32Array, Int8Array>();
  const rowIndex = new Map(X.rows.map((r, i) => [r, i]));
  const ratio = opts.screenRatio ?? 0.01;
  const screenFor = (b: number): ScreenFunction => (Xt) => {
    const key = Xt.rows.join("\u0001");
    let fold = cache.get(key);
    if (!fold) {
      const rows = Xt.rows.map((r) => rowIndex.get(r)!);
      const n = rows.length;
      const res = screen(Xt.values, n, ys.map((y, k) => ({ name: String(k), values: Float64Array.from(rows, (i) => y[i]) })), "thrush",
        { ratio, minCandidates: opts.minCandidates ?? defaultMinCandidates(n) });
      fold = res.map((r) => {
        const s = new Map<number, number>();
        r.tails.top.forEach((j) => s.set(j, 1));
        r.tails.bottom.forEach((j) => s.set(j, -1));
        const kept = Int32Array.from(r.tails.kept).sort();
        return { kept, signs: Int8Array.from(kept, (j) => s.get(j)!) };
      });
      fold.forEach((f) => signs.set(f.kept, f.signs));
      cache.set(key, fold); // n folds x every benchmark's kept set: small (a few MB on the default profile)
    }
    return { kept: fold[b].kept };
  };
  return { screenFor, signsOf: (kept) => signs.get(kept) ?? new Int8Array(kept.length) };
}

/**
 * The screened-mean baseline as a selection stage: z-score each candidate over the training models, sign
 * it by its tail, average, and regress the score on that average; returned as a linear model on the raw
 * features so the held-out model is predicted with the training means and SDs.
 *
 * f_i = (1/K) Σ_j s_j (x_ij − μ_j)/σ_j (σ_j population SD over the training models; σ_j = 0 pieces left
 * out); ŷ = a + b·f, i.e. intercept a − (b/K) Σ s_j μ_j/σ_j and coefficients b·s_j/(K·σ_j).
 *
 * @example
 *   leaveOneModelOut(X, y, { screen: fs.screenFor(0), select: screenedMeanSelector(fs.signsOf) }).r2Loo
 */
export function screenedMeanSelector(signsOf: (kept: Int32Array) => Int8Array): SelectFunction {
  return (Xt, yt, candidates): LinearModel => {
    const n = Xt.rows.length, p = Xt.cols.length, s = signsOf(candidates);
    const cols: number[] = [], w: number[] = [], mu: number[] = [];
    candidates.forEach((j, c) => {
      let m = 0;
      for (let i = 0; i < n; i++) m += Xt.values[i * p + j];
      m /= n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (Xt.values[i * p + j] - m) ** 2;
      const sd = Math.sqrt(ss / n);
      if (sd > 0 && s[c] !== 0) { cols.push(j); w.push(s[c] / sd); mu.push(m); }
    });
    const K = cols.length;
    const mean = yt.reduce((a, v) => a + v, 0) / n;
    if (K === 0) return { columns: new Int32Array(0), intercept: mean, coefficients: new Float64Array(0) };
    const f = Float64Array.from({ length: n }, (_, i) => {
      let v = 0;
      for (let k = 0; k < K; k++) v += w[k] * (Xt.values[i * p + cols[k]] - mu[k]);
      return v / K;
    });
    const { intercept, slope } = simpleLinearFit(f, yt);
    if (!Number.isFinite(slope)) return { columns: new Int32Array(0), intercept: mean, coefficients: new Float64Array(0) };
    let shift = 0;
    for (let k = 0; k < K; k++) shift += w[k] * mu[k];
    return { columns: Int32Array.from(cols), intercept: intercept - (slope * shift) / K, coefficients: Float64Array.from(w, (v) => (slope * v) / K) };
  };
}

/**
 * Leave-one-model-out R² of the AIC signature, the screened-mean baseline and (where a source domain is
 * given) the source-domain mean, for the chosen benchmarks.
 *
 * R²_loo = 1 − Σ (y_i − ŷ_(−i))² / Σ (y_i − ȳ_(−i))²
 *
 * @param ys every benchmark's scores (row order of X), used to screen all benchmarks once per fold
 * @param which indices into ys of the benchmarks to cross-validate
 * @param sourceColumns per benchmark: the pool columns of its source domain(s), or null
 * @example
 *   zooLeaveOneModelOut(X, ys, names, [0, 5], cols)[0].r2Aic
 */
export function zooLeaveOneModelOut(
  X: Features, ys: Float64Array[], names: string[], which: number[], sourceColumns: (number[] | null)[], opts: ZooLooOptions = {},
): ZooBenchmarkLoo[] {
  const fs = zooFoldScreens(X, ys, opts);
  const select = forwardSelector({ criterion: "aic", minResidualDf: opts.minResidualDf ?? 10 });
  const n = X.rows.length, p = X.cols.length;
  return which.map((b) => {
    const y = ys[b];
    const aic = leaveOneModelOut(X, y, { screen: fs.screenFor(b), select });
    const base = leaveOneModelOut(X, y, { screen: fs.screenFor(b), select: screenedMeanSelector(fs.signsOf) });
    const cols = sourceColumns[b];
    let r2Source: number | null = null;
    if (cols && cols.length) {
      const f = Float64Array.from({ length: n }, (_, i) => { let s = 0; for (const j of cols) s += X.values[i * p + j]; return s / cols.length; });
      r2Source = looSimpleRegression(f, y);
    }
    const sizes = aic.folds.map((f) => f.selected.length);
    return {
      benchmark: names[b], r2Aic: aic.r2Loo, r2ScreenedMean: base.r2Loo, r2SourceMean: r2Source, rmseAic: aic.rmse, rmseMean: aic.rmseMean,
      foldSizeMean: sizes.reduce((a, v) => a + v, 0) / sizes.length, foldSizeMin: Math.min(...sizes), foldSizeMax: Math.max(...sizes),
      foldCandidates: aic.folds[0].nCandidates,
    };
  });
}
