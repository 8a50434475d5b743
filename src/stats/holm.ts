/**
 * Holm's step-down adjustment of p-values (Holm 1979), equal to R's `p.adjust(p, method = "holm")`.
 *
 * With the m non-NaN p-values sorted ascending, p_(1) ≤ … ≤ p_(m):
 *   p̃_(i) = min(1, max_{j ≤ i} (m − j + 1) · p_(j))
 * NaN entries stay NaN and do not count in m (as R with `n = sum(!is.na(p))`). Ties keep input order.
 *
 * @example
 *   holm([0.01, 0.04, 0.03])  // [0.03, 0.06, 0.06]
 */
export function holm(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length).fill(NaN);
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) {
    if (Number.isNaN(p[i])) continue;
    if (p[i] < 0 || p[i] > 1) throw new Error(`holm: p-value ${p[i]} at position ${i} is outside [0, 1]`);
    idx.push(i);
  }
  idx.sort((a, b) => p[a] - p[b] || a - b);
  const m = idx.length;
  let running = 0;
  idx.forEach((i, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p[i]));
    out[i] = running;
  });
  return out;
}
