/**
 * Median of a sample: the middle value for odd n, the mean of the two middle values for even n; NaN for
 * an empty sample.
 *
 * @example
 *   sampleMedian([3, 1, 2, 10])  // 2.5
 */
export function sampleMedian(x: ArrayLike<number>): number {
  const s = Float64Array.from(x).sort();
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
