/**
 * Describing a distribution of screening statistics (the Thrush coefficients of every corpus piece for
 * one benchmark): location, spread, tail percentiles, tail gaps and excess kurtosis. These are the numbers
 * behind the paper's sparsity argument (Fig. 3: "a sharp peak at the centre and thin tails") and Table 1's
 * dispersion measures (SD, IQR, Max − Q99, Q01 − Min).
 */

/** Summary of one distribution of values (NaN values dropped). */
export interface ValueDistribution {
  n: number;
  mean: number;
  /** Population standard deviation, sqrt(Σ (x − x̄)² / n). */
  sd: number;
  min: number;
  q01: number;
  q25: number;
  median: number;
  q75: number;
  q99: number;
  max: number;
  /** q75 − q25. */
  iqr: number;
  /** q99 − q01: the width of the central 98 %. */
  width98: number;
  /** Max − Q99 (Table 1's upper tail gap). */
  maxMinusQ99: number;
  /** Q01 − Min (Table 1's lower tail gap). */
  q01MinusMin: number;
  /** Excess kurtosis m4 / m2² − 3 with population moments (scipy.stats.kurtosis defaults); 0 for a normal. */
  excessKurtosis: number;
}

/**
 * Type-7 quantile (R's default, numpy's "linear") of values already sorted ascending.
 *
 * q(p) = x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)),  h = (n − 1)·p  (0-based order statistics)
 *
 * @example
 *   sortedQuantile(Float64Array.of(1, 2, 3, 4), 0.5)  // 2.5
 */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h), hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Location, spread, percentiles, tail gaps and excess kurtosis of a sample (NaN values dropped).
 *
 * sd = sqrt(m2), excess kurtosis = m4 / m2² − 3 with m_k = Σ (x − x̄)^k / n; quantiles are type 7.
 *
 * @example
 *   const d = describeDistribution([-2, -1, 0, 1, 2]);
 *   d.sd;              // sqrt(2)
 *   d.excessKurtosis;  // -1.3
 */
export function describeDistribution(values: ArrayLike<number>): ValueDistribution {
  let nan = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) nan++;
  const x = new Float64Array(values.length - nan);
  for (let i = 0, k = 0; i < values.length; i++) if (!Number.isNaN(values[i])) x[k++] = values[i];
  x.sort();
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let m2 = 0, m4 = 0;
  for (let i = 0; i < n; i++) { const d = x[i] - mean, d2 = d * d; m2 += d2; m4 += d2 * d2; }
  m2 /= n; m4 /= n;
  const q = (p: number) => sortedQuantile(x, p);
  const q01 = q(0.01), q25 = q(0.25), q75 = q(0.75), q99 = q(0.99);
  const min = n ? x[0] : NaN, max = n ? x[n - 1] : NaN;
  return {
    n, mean: n ? mean : NaN, sd: n ? Math.sqrt(m2) : NaN, min, q01, q25, median: q(0.5), q75, q99, max,
    iqr: q75 - q25, width98: q99 - q01, maxMinusQ99: max - q99, q01MinusMin: q01 - min,
    excessKurtosis: m2 > 0 ? m4 / (m2 * m2) - 3 : NaN,
  };
}

/**
 * Share of values strictly outside [lo, hi] (NaN values dropped).
 *
 * share = #{x < lo or x > hi} / #{x}
 *
 * @example
 *   shareOutsideBand([-3, -1, 0, 1, 3], -2, 2)  // 0.4
 */
export function shareOutsideBand(values: ArrayLike<number>, lo: number, hi: number): number {
  let out = 0, n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    n++;
    if (v < lo || v > hi) out++;
  }
  return n ? out / n : NaN;
}

/**
 * Within-model z-scores of a models x pieces matrix (row-major): every model's row minus its mean over
 * the pieces, divided by its population SD. This removes each model's general surprisal level (the
 * paper z-scores "within the model" for signature overlap).
 *
 * z_ij = (x_ij − mean_j x_ij) / sd_j x_ij
 *
 * @example
 *   zScoreWithinModel(Float32Array.of(1, 2, 3, 10, 20, 30), 2)  // [-1.22, 0, 1.22, -1.22, 0, 1.22]
 */
export function zScoreWithinModel(values: Float32Array | Float64Array, nRows: number): Float64Array {
  const p = values.length / nRows, out = new Float64Array(values.length);
  for (let i = 0; i < nRows; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += values[i * p + j];
    const mu = s / p;
    let ss = 0;
    for (let j = 0; j < p; j++) ss += (values[i * p + j] - mu) ** 2;
    const sd = Math.sqrt(ss / p);
    for (let j = 0; j < p; j++) out[i * p + j] = sd > 0 ? (values[i * p + j] - mu) / sd : 0;
  }
  return out;
}
