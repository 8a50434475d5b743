/**
 * Ranked features: the across-model mid-ranks of every feature (corpus piece), computed once and
 * reused for every benchmark a screen is run against.
 *
 * Input convention (the workbook's): a row-major matrix with **rows = models**, columns = features,
 * `values[k * nFeatures + f]`. The ranks are stored **feature-major** (`centred[f * nModels + k]`) so
 * that the screening kernel reads one feature's m ranks contiguously.
 *
 * Tie rule: mid-ranks (R `rank(ties.method = "average")`). The stored value is the *centred* mid-rank
 * r − (m + 1)/2, a multiple of 1/2, so Float32 storage is exact for any m < 2^23.
 */

/** Across-model mid-ranks of every feature, centred, plus what the estimators need about them. */
export interface RankedFeatures {
  /** Number of models (rows of the source matrix). */
  nModels: number;
  /** Number of features (columns of the source matrix). */
  nFeatures: number;
  /** Centred mid-ranks, feature-major: centred[f * nModels + k] = rank_f(x_kf) − (m + 1)/2. */
  centred: Float32Array;
  /** Euclidean norm of each feature's centred mid-ranks, sqrt(Σ_k centred²); 0 for a constant feature. */
  norm: Float64Array;
  /** Number of features that have at least one tie across models. */
  nTied: number;
  /** The source matrix (row-major models x features), kept for estimators that need raw values. */
  source: Float32Array | Float64Array;
}

/**
 * Rank every feature of a models x features matrix across models (mid-ranks), once.
 *
 * centred[f·m + k] = 1 + #{l : x_lf < x_kf} + (#{l : x_lf = x_kf} − 1)/2 − (m + 1)/2
 *
 * Without ties the norm is sqrt(m(m² − 1)/12) for every feature. NaN in the input throws (validate
 * at the file edge first; `src/io/features.ts` does).
 *
 * @example
 *   // 3 models x 2 features, row-major
 *   const r = rankFeatures(new Float64Array([1, 5, 2, 5, 3, 5]), 3);
 *   r.centred;  // Float32Array [-1, 0, 1,  0, 0, 0]  (feature 1 is constant)
 *   r.norm;     // Float64Array [1.414..., 0]
 */
export function rankFeatures(values: Float32Array | Float64Array, nModels: number): RankedFeatures {
  const m = nModels;
  if (!Number.isInteger(m) || m < 1) throw new Error(`rankFeatures: nModels must be a positive integer, got ${m}`);
  if (values.length % m !== 0) throw new Error(`rankFeatures: ${values.length} values is not a multiple of ${m} models`);
  const d = values.length / m;
  const centred = new Float32Array(d * m);
  const norm = new Float64Array(d);
  const nTied = rankBlockInto(values, m, d, 0, d, centred, norm, 0);
  return { nModels: m, nFeatures: d, centred, norm, nTied, source: values };
}

const BLOCK = 256;

/**
 * Rank features f0 .. f0+n−1 of a row-major m x nCols matrix into feature-major storage:
 * centred[(outOffset + i)·m + k] and norm[outOffset + i] for i < n. Returns the number of tied features.
 * This is the block primitive behind `rankFeatures` and the streaming screen.
 *
 * @example
 *   const c = new Float32Array(2 * 3), nrm = new Float64Array(2);
 *   rankBlockInto(new Float64Array([1, 5, 2, 5, 3, 5]), 3, 2, 0, 2, c, nrm, 0);  // 1 (feature 1 is all ties)
 */
export function rankBlockInto(
  values: ArrayLike<number>, m: number, nCols: number, f0: number, n: number,
  centred: Float32Array | Float64Array, norm: Float64Array, outOffset: number,
): number {
  const v = new Float64Array(m), idx = new Int32Array(m), t = new Float64Array(BLOCK * m);
  const half = (m + 1) / 2;
  const noTieNorm = Math.sqrt((m * (m * m - 1)) / 12);
  let nTied = 0;
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const nb = Math.min(BLOCK, n - b0);
    // transpose the block to feature-major (contiguous per feature)
    for (let k = 0; k < m; k++) {
      const r = k * nCols + f0 + b0;
      for (let i = 0; i < nb; i++) t[i * m + k] = values[r + i];
    }
    for (let i = 0; i < nb; i++) {
      const o = i * m;
      // insertion sort of (value, model) pairs; stable, so equal values keep model order
      for (let k = 0; k < m; k++) {
        const xv = t[o + k];
        if (xv !== xv) throw new Error(`rankFeatures: NaN at model ${k}, feature ${f0 + b0 + i}`);
        let j = k - 1;
        while (j >= 0 && v[j] > xv) { v[j + 1] = v[j]; idx[j + 1] = idx[j]; j--; }
        v[j + 1] = xv; idx[j + 1] = k;
      }
      const out = (outOffset + b0 + i) * m;
      let tied = false;
      let a = 0;
      while (a < m) {
        let j = a + 1;
        while (j < m && v[j] === v[a]) j++;
        if (j - a > 1) tied = true;
        const r = (a + 1 + j) / 2 - half; // mean of positions a+1..j, centred
        for (let q = a; q < j; q++) centred[out + idx[q]] = r;
        a = j;
      }
      if (tied) {
        nTied++;
        let s = 0;
        for (let k = 0; k < m; k++) { const c = centred[out + k]; s += c * c; }
        norm[outOffset + b0 + i] = Math.sqrt(s);
      } else {
        norm[outOffset + b0 + i] = noTieNorm;
      }
    }
  }
  return nTied;
}
