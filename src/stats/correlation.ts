import { midranks } from "./ranks";

/**
 * Pearson correlation of two equal-length samples.
 *
 * r = Σ (x_i − x̄)(y_i − ȳ) / sqrt(Σ (x_i − x̄)² · Σ (y_i − ȳ)²)
 *
 * Returns NaN when either sample has zero variance (as R's `cor` does, with a warning there).
 *
 * @example
 *   pearson([1, 2, 3], [2, 4, 7])  // 0.9934...
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new Error(`pearson: lengths differ (${n} vs ${y.length})`);
  if (n < 2) return NaN;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/**
 * Spearman rank correlation with mid-ranks for ties: the Pearson correlation of the mid-ranks.
 * (The shortcut 1 − 6Σd²/(n(n²−1)) is exact only without ties, so it is not used.)
 * Equal to R's `cor(x, y, method = "spearman")` and scipy's `spearmanr`.
 *
 * @example
 *   spearman([1, 2, 2, 3], [1, 3, 2, 4])  // 0.9486...
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(midranks(x), midranks(y));
}
