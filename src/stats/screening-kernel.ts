/**
 * The screening kernel: one blocked matrix product that scores a block of features against every
 * benchmark at once, in plain TypeScript over typed arrays.
 */

/**
 * out[b·n + i] = Σ_{k<m} a[(aOffset + i)·m + k] · t[b·m + k]   for i < n, b < nb.
 *
 * `a` is feature-major (n features of m values each, e.g. centred mid-ranks), `t` is benchmark-major
 * (nb target vectors of m values). Register-blocked 2 features x 4 benchmarks; every sum runs over
 * k = 0..m−1 in order, so each entry is bit-identical whatever the block size or thread that computes it.
 *
 * @example
 *   const out = new Float64Array(1 * 2);
 *   crossBlock(new Float32Array([1, 2, 3, 4]), 0, 2, 2, new Float64Array([1, 1]), 1, out);
 *   out;  // Float64Array [3, 7]
 */
export function crossBlock(
  a: Float32Array | Float64Array, aOffset: number, n: number, m: number,
  t: Float64Array, nb: number, out: Float64Array,
): void {
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o0 = (aOffset + i) * m, o1 = o0 + m;
    let b = 0;
    for (; b + 3 < nb; b += 4) {
      const p0 = b * m, p1 = p0 + m, p2 = p1 + m, p3 = p2 + m;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < m; k++) {
        const a0 = a[o0 + k], a1 = a[o1 + k];
        const u0 = t[p0 + k], u1 = t[p1 + k], u2 = t[p2 + k], u3 = t[p3 + k];
        s00 += a0 * u0; s01 += a0 * u1; s02 += a0 * u2; s03 += a0 * u3;
        s10 += a1 * u0; s11 += a1 * u1; s12 += a1 * u2; s13 += a1 * u3;
      }
      out[b * n + i] = s00; out[(b + 1) * n + i] = s01; out[(b + 2) * n + i] = s02; out[(b + 3) * n + i] = s03;
      out[b * n + i + 1] = s10; out[(b + 1) * n + i + 1] = s11; out[(b + 2) * n + i + 1] = s12; out[(b + 3) * n + i + 1] = s13;
    }
    for (; b < nb; b++) {
      const p0 = b * m;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < m; k++) { const u = t[p0 + k]; s0 += a[o0 + k] * u; s1 += a[o1 + k] * u; }
      out[b * n + i] = s0; out[b * n + i + 1] = s1;
    }
  }
  for (; i < n; i++) {
    const o0 = (aOffset + i) * m;
    for (let b = 0; b < nb; b++) {
      const p0 = b * m;
      let s0 = 0;
      for (let k = 0; k < m; k++) s0 += a[o0 + k] * t[p0 + k];
      out[b * n + i] = s0;
    }
  }
}
