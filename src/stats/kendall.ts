/**
 * Kendall's rank correlation tau-b (ties corrected), as R's `cor(x, y, method = "kendall")` and
 * scipy's `kendalltau(x, y)` (variant "b").
 */

/**
 * Kendall's tau-b of two equal-length samples.
 *
 * tau_b = S / sqrt((n0 − n1)(n0 − n2)), with S = Σ_{k<l} sign(x_k − x_l)·sign(y_k − y_l),
 * n0 = n(n−1)/2, n1 = #pairs tied in x, n2 = #pairs tied in y.
 *
 * O(n²) pair loop (n is the number of models, 32 in the paper). Returns NaN when either sample is
 * constant (the denominator is 0) or n < 2, as R does (R warns; scipy also gives nan).
 *
 * @example
 *   kendallTauB([1, 2, 3, 4], [1, 3, 2, 4])  // 0.6666...
 *   kendallTauB([1, 2, 2, 3], [1, 2, 3, 3])  // 0.8 = 4 / sqrt(5·5) (one tied pair in each)
 */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new Error(`kendallTauB: lengths differ (${n} vs ${y.length})`);
  if (n < 2) return NaN;
  let s = 0, tx = 0, ty = 0;
  for (let k = 0; k < n; k++) {
    const xk = x[k], yk = y[k];
    if (Number.isNaN(xk) || Number.isNaN(yk)) throw new Error(`kendallTauB: NaN at position ${k}`);
    for (let l = k + 1; l < n; l++) {
      const sx = Math.sign(xk - x[l]), sy = Math.sign(yk - y[l]);
      s += sx * sy;
      if (sx === 0) tx++;
      if (sy === 0) ty++;
    }
  }
  const n0 = (n * (n - 1)) / 2;
  const den = Math.sqrt((n0 - tx) * (n0 - ty));
  if (den === 0) return NaN;
  return Math.max(-1, Math.min(1, s / den));
}
