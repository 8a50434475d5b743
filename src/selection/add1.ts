/**
 * R's `add1()` for linear models, computed the slow, direct way: one QR refit per candidate. It is
 * the reference the fast forward search is tested against, and a tool for inspecting one step.
 */
import type { LabeledMatrix } from "../core/matrix";
import { olsFit } from "./ols";

/** One row of an add1 table; the first row is the current model (`term: null`, R's `<none>`). */
export interface Add1Row {
  term: string | null;
  /** Column index of the candidate (−1 for the current model). */
  column: number;
  /** Rank added by the candidate (R's `Df`): 0 when it is collinear with the model; null for `<none>`. */
  df: number | null;
  rss: number;
  /** n·log(RSS/n) + k·rank (R's `extractAIC`). */
  aic: number;
}

/**
 * Single-term additions to the model y ~ 1 + X[:, selected], as R's `add1(fit, scope, k)`.
 *
 * For each candidate c: fit y ~ 1 + X_S + x_c by QR (R's rank rule, tol 1e-7),
 * Df = rank − rank₀, AIC = n·log(RSS/n) + k·rank.
 *
 * @example
 *   const t = add1(X, y, [4, 9], [0, 1, 2, 3]);
 *   t[0];  // { term: null, df: null, rss: RSS of y ~ 1 + x4 + x9, ... }
 */
export function add1(
  X: LabeledMatrix<Float64Array | Float32Array>, y: ArrayLike<number>, selected: ArrayLike<number>, candidates: ArrayLike<number>, k = 2,
): Add1Row[] {
  const n = X.rows.length, p = X.cols.length, s = selected.length;
  const design = (extra: number): { d: Float64Array; q: number } => {
    const q = s + (extra >= 0 ? 1 : 0);
    const d = new Float64Array(n * q);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < s; t++) d[i * q + t] = X.values[i * p + selected[t]];
      if (extra >= 0) d[i * q + s] = X.values[i * p + extra];
    }
    return { d, q };
  };
  const aic = (rss: number, rank: number) => n * Math.log(rss / n) + k * rank;
  const base = design(-1);
  const f0 = olsFit(base.d, n, base.q, y);
  const rows: Add1Row[] = [{ term: null, column: -1, df: null, rss: f0.rss, aic: aic(f0.rss, f0.rank) }];
  for (let t = 0; t < candidates.length; t++) {
    const c = candidates[t];
    const des = design(c);
    const f = olsFit(des.d, n, des.q, y);
    rows.push({ term: X.cols[c], column: c, df: f.rank - f0.rank, rss: f.rss, aic: aic(f.rss, f.rank) });
  }
  return rows;
}
