/**
 * The paper's screening statistics for ONE feature and ONE score vector, written exactly as defined
 * (O(m²) pair sums). They are the reference the fast all-benchmark path (`screening.ts`) is tested
 * against, and convenient for small examples.
 *
 * Orientation: x is a surprisal (lower = the model found the piece easier); y is a score with
 * higher = better (negate scores whose direction is "lower" before calling).
 */
import { midranks } from "./ranks";

/**
 * Thrush correlation (Def. 3.1): γ = Σ_{k<l} sign(y_k − y_l)·(rank(x_k) − rank(x_l)).
 *
 * Tie rule: mid-ranks for x; a pair tied in y has sign 0 and contributes nothing. Identity used by the
 * fast path: Σ_l sign(y_k − y_l) = #{y_l < y_k} − #{y_l > y_k} = 2·midrank(y_k) − m − 1, so
 * γ = Σ_k rank(x_k)·(2·midrank(y_k) − m − 1) = 2·Σ_k (r_k − r̄)(s_k − s̄) with r, s the mid-ranks of x and y.
 * Hence γ = 2ρ_s·sqrt(S_rr·S_ss) with ρ_s the Spearman correlation, and without ties
 * (S_rr = S_ss = m(m² − 1)/12) γ = ρ_s·m(m² − 1)/6. A constant x gives γ = 0.
 * The paper's released code (regression_run.py) computes 2·Σ_k R_k·v_k with ordinal ranks (pandas
 * `rank(method="first")`), i.e. 2γ when there are no ties: the factor 2 does not change which features
 * are kept; with ties the ordinal ranks depend on row order, which mid-ranks avoid.
 *
 * @example
 *   thrushCorrelation([3, 1, 2], [10, 30, 20]);  // -4  (= ρ_s·3·8/6 with ρ_s = −1)
 */
export function thrushCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const m = x.length;
  if (y.length !== m) throw new Error(`thrushCorrelation: lengths differ (${m} vs ${y.length})`);
  const r = midranks(x);
  let g = 0;
  for (let k = 0; k < m; k++) for (let l = k + 1; l < m; l++) g += Math.sign(y[k] - y[l]) * (r[k] - r[l]);
  return g;
}

/**
 * Pre-select correlation (Def. 3.2, after Shum et al. 2025), direction chosen here: the fraction of
 * model pairs in which the better model (strictly higher y) has the strictly lower surprisal x.
 *
 * η = (1/Z) Σ_{k<l} 1{(y_k − y_l)·(x_k − x_l) < 0},  Z = m(m − 1)/2.
 *
 * 1 = surprisal orders the models perfectly by score (better model always less surprised), 0 = the
 * reverse; pairs tied in x or in y count as neither, so a constant feature gives 0 and, without ties,
 * η = (1 − τ)/2 with τ Kendall's tau. Tail selection treats η − 1/2 as the signed statistic.
 *
 * @example
 *   preselectCorrelation([3, 1, 2], [10, 30, 20]);  // 1
 */
export function preselectCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const m = x.length;
  if (y.length !== m) throw new Error(`preselectCorrelation: lengths differ (${m} vs ${y.length})`);
  if (m < 2) return NaN;
  let d = 0;
  for (let k = 0; k < m; k++) for (let l = k + 1; l < m; l++) if ((y[k] - y[l]) * (x[k] - x[l]) < 0) d++;
  return d / ((m * (m - 1)) / 2);
}
