/**
 * Performance overlap with the first principal component partialled out (beyond the paper): how much
 * of the "uniformly high" Spearman correlation between benchmarks is one general factor across models.
 *
 * With Y (models x benchmarks, complete):
 *   1. R = mid-ranks of each column (Spearman scale; `scale: "values"` keeps the raw scores);
 *   2. Z = R with every column centred and scaled to unit population SD;
 *   3. PC1: t = Z w₁ (model scores), w₁ the first right singular vector of Z;
 *      varianceExplained = σ₁² / Σ σ_k²;
 *   4. residuals e_j = z_j − (z_jᵀ t / tᵀ t) t;
 *   5. partial overlap(a, b) = Pearson(e_a, e_b) (= partial Spearman given PC1 when scale = "ranks").
 * PC1 is estimated from the same benchmarks it is removed from.
 */
import { Matrix, SVD } from "ml-matrix";
import { InputError } from "../core/errors";
import type { LabeledMatrix } from "../core/matrix";
import { provenance, type Provenance } from "../core/provenance";
import { midranks } from "../stats/ranks";
import { pearson } from "../stats/correlation";

/** Result of `partialPc1Overlap`. */
export interface PartialOverlapResult {
  labels: string[];
  /** Partial correlations, row-major n x n (diagonal 1). */
  values: Float64Array;
  /** Share of the total variance of Z on PC1. */
  varianceExplained: number;
  /** PC1 loadings per benchmark (sign fixed so that their sum is ≥ 0). */
  loadings: Float64Array;
  /** PC1 score per model. */
  modelScores: Float64Array;
  provenance: Provenance;
}

/**
 * Performance overlap with PC1 of the (ranked, standardised) score matrix partialled out.
 *
 * ρ_ab·PC1 = Pearson(z_a − β_a t, z_b − β_b t),  β_j = z_jᵀt / tᵀt
 *
 * @example
 *   const r = partialPc1Overlap({ rows: models, cols: benchmarks, values: Y });
 *   r.varianceExplained  // e.g. 0.8 when one factor dominates
 */
export function partialPc1Overlap(y: LabeledMatrix, opts: { scale?: "ranks" | "values" } = {}): PartialOverlapResult {
  const m = y.rows.length, n = y.cols.length;
  if (m < 4) throw new InputError(null, `partial overlap needs at least 4 models, got ${m}`);
  const z = new Matrix(m, n);
  for (let j = 0; j < n; j++) {
    const col = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const v = y.values[i * n + j];
      if (!Number.isFinite(v)) throw new InputError(null, `score of model '${y.rows[i]}' on '${y.cols[j]}' is missing or not finite (partial overlap needs a complete block)`);
      col[i] = v;
    }
    const r = opts.scale === "values" ? col : midranks(col);
    let mean = 0;
    for (const v of r) mean += v;
    mean /= m;
    let ss = 0;
    for (const v of r) ss += (v - mean) ** 2;
    const sd = Math.sqrt(ss / m);
    if (!(sd > 0)) throw new InputError(null, `benchmark '${y.cols[j]}' has the same score for every model`);
    for (let i = 0; i < m; i++) z.set(i, j, (r[i] - mean) / sd);
  }
  const svd = new SVD(z, { autoTranspose: true });
  const sv = svd.diagonal;
  let total = 0;
  for (const s of sv) total += s * s;
  const w = svd.rightSingularVectors.getColumn(0);
  let sumW = 0;
  for (const v of w) sumW += v;
  const sign = sumW < 0 ? -1 : 1;
  const loadings = Float64Array.from(w, (v) => sign * v);
  const t = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[i] += z.get(i, j) * loadings[j];
  let tt = 0;
  for (const v of t) tt += v * v;
  const resid = Array.from({ length: n }, (_, j) => {
    let b = 0;
    for (let i = 0; i < m; i++) b += z.get(i, j) * t[i];
    b /= tt;
    return Float64Array.from({ length: m }, (_, i) => z.get(i, j) - b * t[i]);
  });
  const values = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    values[a * n + a] = 1;
    for (let b = a + 1; b < n; b++) values[a * n + b] = values[b * n + a] = pearson(resid[a], resid[b]);
  }
  return {
    labels: y.cols.slice(), values, varianceExplained: (sv[0] * sv[0]) / total, loadings, modelScores: t,
    provenance: provenance("performance-overlap-pc1-partialled", {
      scale: opts.scale ?? "ranks", standardise: "column z-score, population SD", pc: "first right singular vector of Z",
      models: m, benchmarks: n,
    }),
  };
}
