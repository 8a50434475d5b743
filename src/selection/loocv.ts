/**
 * Leave-one-model-out cross-validation of a signature (the paper's §A.7 design check, with the held-out
 * model excluded from screening as well as from selection and the final fit: no leakage).
 *
 * For each model i: screen on the other n − 1 models, select among the survivors on the same n − 1
 * models, fit, predict y_i. Then
 *   PRESS = Σ_i (y_i − ŷ_(−i))²,   PRESS₀ = Σ_i (y_i − ȳ_(−i))²  (predicting the training mean),
 *   R²_loo = 1 − PRESS / PRESS₀   (the gain over the training-mean baseline; > 0 means better).
 */
import { selectRows, type LabeledMatrix } from "../core/matrix";
import { createRng } from "../core/random";
import { pearson } from "../stats/correlation";
import { screen as screenFeatures, type ScreeningMethod } from "../stats/screening";
import { forwardSelect, type ForwardOptions } from "./forward";
import { glmnetGaussian, linearModelFromGlmnet, linearModelFromStandardised, predictLinear, sklearnLasso, type GlmnetOptions, type LinearModel, type SklearnLassoOptions } from "./lasso";
import { randomFeatureBaseline } from "./random-baseline";

type Features = LabeledMatrix<Float64Array | Float32Array>;

/** A screening stage: the kept column indices of X for target y. */
export type ScreenFunction = (X: Features, y: Float64Array, opts: Record<string, unknown>) => { kept: Int32Array };

/** A selection stage: a linear model over columns of X, choosing among `candidates` (scope order). */
export type SelectFunction = (X: Features, y: Float64Array, candidates: Int32Array) => LinearModel;

/**
 * The default screen: `screen` from src/stats/screening.ts (options `method`, default "thrush";
 * `ratio`, default 0.01 per tail; `minCandidates`, default max(2m, 50)), kept columns in column order.
 *
 * @example
 *   tailScreen(X, y, { method: "spearman", ratio: 0.05 }).kept;
 */
export const tailScreen: ScreenFunction = (X, y, opts) => {
  const method = (opts.method as ScreeningMethod | undefined) ?? "thrush";
  const ratio = (opts.ratio as number | undefined) ?? 0.01;
  const minCandidates = opts.minCandidates as number | undefined;
  const [res] = screenFeatures(X.values, X.rows.length, [{ name: "y", values: y }], method, { ratio, minCandidates });
  return { kept: Int32Array.from(res.tails.kept).sort() };
};

/**
 * Forward selection (AIC by default) as a {@link SelectFunction}.
 *
 * @example
 *   leaveOneModelOut(X, y, { select: forwardSelector({ criterion: "bic" }) });
 */
export function forwardSelector(opts: ForwardOptions = {}): SelectFunction {
  return (X, y, candidates) => {
    const path = forwardSelect(X, y, { ...opts, candidates });
    return { columns: path.selectedColumns, intercept: path.intercept, coefficients: path.coefficients };
  };
}

/**
 * glmnet lasso / elastic net at one λ on the candidates as a {@link SelectFunction}.
 *
 * @example
 *   leaveOneModelOut(X, y, { select: glmnetSelector(0.05, { alpha: 0.5 }) });
 */
export function glmnetSelector(lambda: number, opts: GlmnetOptions = {}): SelectFunction {
  return (X, y, candidates) => {
    const sub = subColumns(X, candidates);
    const m = linearModelFromGlmnet(glmnetGaussian(sub, y, lambda, opts)[0]);
    return { ...m, columns: Int32Array.from(m.columns, (c) => candidates[c]) };
  };
}

/**
 * The released code's scikit-learn lasso (α = 0.01 on standardised candidates) as a {@link SelectFunction}.
 *
 * @example
 *   leaveOneModelOut(X, y, { select: sklearnLassoSelector({ alpha: 0.01 }) });
 */
export function sklearnLassoSelector(opts: SklearnLassoOptions = {}): SelectFunction {
  return (X, y, candidates) => {
    const m = linearModelFromStandardised(sklearnLasso(subColumns(X, candidates), y, opts));
    return { ...m, columns: Int32Array.from(m.columns, (c) => candidates[c]) };
  };
}

/**
 * k random candidates fitted by OLS (aliased coefficients set to 0) as a {@link SelectFunction}. One
 * generator, seeded once with `seed`, is shared by the calls in order (fold t makes the t-th draw), so a
 * whole cross-validation is reproducible from the seed.
 *
 * @example
 *   leaveOneModelOut(X, y, { select: randomSelector(10, 42) });
 */
export function randomSelector(k: number, seed: number): SelectFunction {
  const rng = createRng(seed);
  return (X, y, candidates) => {
    const b = randomFeatureBaseline(X, y, Math.min(k, candidates.length), rng, candidates);
    const coef = b.fit.coefficients;
    return { columns: b.columns, intercept: coef[0], coefficients: Float64Array.from(coef.subarray(1), (v) => (Number.isNaN(v) ? 0 : v)) };
  };
}

/** Options of {@link leaveOneModelOut}. */
export interface LooOptions {
  /** Screening stage; default {@link tailScreen}; null = no screening (every column is a candidate). */
  screen?: ScreenFunction | null;
  screenOptions?: Record<string, unknown>;
  /** Selection stage; default `forwardSelector()` (AIC, minResidualDf 10). */
  select?: SelectFunction;
}

/** One held-out model. */
export interface LooFold {
  heldOut: string;
  row: number;
  observed: number;
  predicted: number;
  /** The baseline prediction: mean of the other models' scores. */
  trainMean: number;
  nCandidates: number;
  selected: string[];
}

/** Result of {@link leaveOneModelOut}. */
export interface LooResult {
  folds: LooFold[];
  press: number;
  /** PRESS of the training-mean baseline. */
  pressMean: number;
  /** 1 − PRESS / PRESS₀. */
  r2Loo: number;
  rmse: number;
  rmseMean: number;
  /** Pearson correlation of predicted and observed scores. */
  correlation: number;
}

/**
 * Leave-one-model-out CV: screening and selection re-run without the held-out model, then predicted.
 *
 * R²_loo = 1 − Σ (y_i − ŷ_(−i))² / Σ (y_i − ȳ_(−i))²
 *
 * @example
 *   const cv = leaveOneModelOut(X, y, { screenOptions: { method: "thrush", ratio: 0.01 } });
 *   cv.r2Loo;  // > 0: the signature predicts held-out models better than their mean
 */
export function leaveOneModelOut(X: Features, y: ArrayLike<number>, opts: LooOptions = {}): LooResult {
  const n = X.rows.length, p = X.cols.length;
  if (y.length !== n) throw new RangeError(`leaveOneModelOut: y has ${y.length} values but X has ${n} rows`);
  if (n < 3) throw new RangeError("leaveOneModelOut: needs at least 3 models");
  const screenFn = opts.screen === undefined ? tailScreen : opts.screen;
  const select = opts.select ?? forwardSelector();
  const all = Int32Array.from({ length: p }, (_, j) => j);
  const folds: LooFold[] = [];
  let press = 0, pressMean = 0;
  for (let i = 0; i < n; i++) {
    const train = Int32Array.from({ length: n - 1 }, (_, t) => (t < i ? t : t + 1));
    const Xt = selectRows(X, train);
    const yt = Float64Array.from(train, (t) => y[t]);
    const candidates = screenFn ? screenFn(Xt, yt, opts.screenOptions ?? {}).kept : all;
    const model = select(Xt, yt, candidates);
    const predicted = predictLinear(model, selectRows(X, [i]))[0];
    const trainMean = yt.reduce((a, b) => a + b, 0) / yt.length;
    press += (y[i] - predicted) ** 2;
    pressMean += (y[i] - trainMean) ** 2;
    folds.push({ heldOut: X.rows[i], row: i, observed: y[i], predicted, trainMean, nCandidates: candidates.length, selected: Array.from(model.columns, (j) => X.cols[j]) });
  }
  return {
    folds, press, pressMean, r2Loo: 1 - press / pressMean, rmse: Math.sqrt(press / n), rmseMean: Math.sqrt(pressMean / n),
    correlation: pearson(folds.map((f) => f.predicted), folds.map((f) => f.observed)),
  };
}

function subColumns(X: Features, cols: Int32Array): Features {
  const n = X.rows.length, p = X.cols.length, q = cols.length;
  const values = new Float64Array(n * q);
  for (let i = 0; i < n; i++) for (let k = 0; k < q; k++) values[i * q + k] = X.values[i * p + cols[k]];
  return { rows: X.rows, cols: Array.from(cols, (j) => X.cols[j]), values };
}
