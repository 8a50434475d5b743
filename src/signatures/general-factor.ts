/**
 * How strongly one general factor runs through a feature matrix (rows = models): the share of variance on
 * the first principal component, and each feature's rank correlation with a score vector. When every
 * feature is nearly the same ranking of the models, screening cannot tell features apart and forward
 * selection is choosing among nearly collinear columns.
 */
import { Matrix, SVD } from "ml-matrix";
import type { LabeledMatrix } from "../core/matrix";
import { spearman } from "../stats/correlation";

/** Principal-component variance shares of a models × features matrix. */
export interface PcShares {
  /** λ_k / Σλ for the first few components (descending). */
  shares: number[];
  /** Share of the first component. */
  pc1: number;
}

/**
 * Variance shares of the principal components of X (columns centred over models; `standardise` also divides
 * each column by its SD, i.e. PCA of the correlation matrix). Shares are s_k² / Σ s², s = singular values of
 * the centred (scaled) matrix — the same as R's `prcomp(X, scale. = standardise)$sdev^2 / sum(...)`.
 *
 * @example
 *   pcShares({ rows: ["a", "b", "c"], cols: ["x", "y"], values: Float64Array.of(1, 2, 2, 4, 3, 6) }).pc1  // 1
 */
export function pcShares(x: LabeledMatrix<Float32Array | Float64Array>, standardise = false, keep = 5): PcShares {
  const n = x.rows.length, p = x.cols.length;
  const a = new Matrix(n, p);
  for (let j = 0; j < p; j++) {
    let mu = 0;
    for (let i = 0; i < n; i++) mu += x.values[i * p + j];
    mu /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (x.values[i * p + j] - mu) ** 2;
    const sd = standardise ? Math.sqrt(ss / (n - 1)) : 1;
    for (let i = 0; i < n; i++) a.set(i, j, sd > 0 ? (x.values[i * p + j] - mu) / sd : 0);
  }
  const s = new SVD(a, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).diagonal;
  const sq = s.map((v) => v * v).sort((u, v) => v - u);
  const tot = sq.reduce((u, v) => u + v, 0);
  const shares = sq.slice(0, keep).map((v) => v / tot);
  return { shares, pc1: shares[0] };
}

/** Summary of the per-feature Spearman correlations with one score vector. */
export interface FeatureCorrelationSummary {
  median: number;
  min: number;
  max: number;
  /** Fraction of features with ρ > 0. */
  fractionPositive: number;
  /** Every feature's ρ, in column order. */
  values: Float64Array;
}

/**
 * Spearman ρ (mid-ranks) of every feature column with y across models, summarised (median by type 7).
 *
 * ρ_f = Spearman(x_{·f}, y)
 *
 * @example
 *   featureSpearman(X, errors).median  // 0.97 for the Thrush documents vs arc_easy error
 */
export function featureSpearman(x: LabeledMatrix<Float32Array | Float64Array>, y: ArrayLike<number>): FeatureCorrelationSummary {
  const n = x.rows.length, p = x.cols.length;
  const values = new Float64Array(p);
  const col = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) col[i] = x.values[i * p + j];
    values[j] = spearman(col, y);
  }
  const s = Float64Array.from(values).sort();
  const h = (p - 1) * 0.5, lo = Math.floor(h);
  const median = s[lo] + (h - lo) * ((s[Math.min(lo + 1, p - 1)] ?? s[lo]) - s[lo]);
  return { median, min: s[0], max: s[p - 1], fractionPositive: values.filter((v) => v > 0).length / p, values };
}
