/**
 * The screening kernel: one blocked matrix product that scores a block of features against every
 * benchmark at once, in plain TypeScript over typed arrays.
 */

/**
 * out[b·n + i] = Σ_{k<m} a[(aOffset + i)·m + k] · t[b·m + k]   for i < n, b < nb.
 *
 * `a` is feature-major Float32 (n features of m values each: centred mid-ranks or pair signs, both
 * exact in Float32), `t` is benchmark-major (nb target vectors of m values). Register-blocked
 * 2 features x 4 benchmarks; every sum runs over k = 0..m−1 in order, so each entry is bit-identical
 * whatever the block size. Only ever called with Float32Array `a`, so V8 keeps it monomorphic (a
 * Float64Array caller halves its speed); Float64 features go through `crossPlain`.
 *
 * @example
 *   const out = new Float64Array(1 * 2);
 *   crossBlock(new Float32Array([1, 2, 3, 4]), 0, 2, 2, new Float64Array([1, 1]), 1, out);
 *   out;  // Float64Array [3, 7]
 */
export function crossBlock(
  a: Float32Array, aOffset: number, n: number, m: number,
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

/**
 * The same product as `crossBlock` for Float64 features (Pearson's standardised values), plain loops.
 *
 * @example
 *   const out = new Float64Array(2);
 *   crossPlain(new Float64Array([1, 2, 3, 4]), 0, 2, 2, new Float64Array([1, 1]), 1, out);  // [3, 7]
 */
export function crossPlain(a: Float64Array, aOffset: number, n: number, m: number, t: Float64Array, nb: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = (aOffset + i) * m;
    for (let b = 0; b < nb; b++) {
      const p = b * m;
      let s = 0;
      for (let k = 0; k < m; k++) s += a[o + k] * t[p + k];
      out[b * n + i] = s;
    }
  }
}

/**
 * Exact integer products with several benchmarks packed into one float64 lane.
 *
 * When every a·scaleA and every target is an integer (scaled mid-ranks times 2·rank(y) − m − 1, or
 * pair signs times pair signs), each dot product is an integer bounded by
 * bound = m·max|a·scaleA|·max|t|. With B the smallest power of two above 2·bound, p = ⌊53/log2 B⌋
 * targets are packed as T = t_0 + t_1·B + … + t_{p−1}·B^{p−1}; every partial sum stays an integer
 * below 2^53, so the packed dot product is exact and its balanced base-B digits are the p dot products.
 * For m = 32 ranks this packs 3 benchmarks per lane (B = 2^16), for 496 pair signs 5 (B = 2^10): the
 * kernel does p times fewer multiply-adds, with bit-exact results.
 *
 * @example
 *   const pk = new PackedProduct(new Float64Array([1, 2, 3, 4]), 2, 2, 1, 1, 4);
 *   const out = new Float64Array(2);
 *   pk.cross(new Float32Array([1, -1]), 0, 1, out);  // out = [-1, -1]
 */
export class PackedProduct {
  /** Targets per lane. */
  readonly perLane: number;
  /** Base of the packing (a power of two). */
  readonly base: number;
  private readonly lanes: number;
  private readonly packed: Float64Array;
  private readonly weights: Float64Array;
  private readonly inverseWeights: Float64Array;
  private scratch = new Float64Array(0);

  /**
   * @param targets benchmark-major nb x m integer targets
   * @param maxAbsA largest |a| that will be passed to `cross`
   * @param scaleA a·scaleA is an integer for every a (2 for mid-ranks, 1 for signs)
   * @param maxAbsT largest |target|
   */
  constructor(targets: Float64Array, readonly nb: number, readonly m: number, maxAbsA: number, readonly scaleA: number, maxAbsT: number) {
    const bound = m * maxAbsA * scaleA * maxAbsT;
    let bits = 1;
    while (2 ** bits <= 2 * bound) bits++;
    this.base = 2 ** bits;
    this.perLane = Math.max(1, Math.floor(53 / bits));
    this.lanes = Math.ceil(nb / this.perLane);
    this.packed = new Float64Array(this.lanes * m);
    this.weights = Float64Array.from({ length: this.perLane }, (_, q) => this.base ** q);
    this.inverseWeights = Float64Array.from(this.weights, (v) => 1 / v);
    for (let b = 0; b < nb; b++) {
      const lane = Math.floor(b / this.perLane), pos = b % this.perLane, w = scaleA * this.base ** pos;
      for (let k = 0; k < m; k++) {
        const t = targets[b * m + k];
        if (!Number.isInteger(t) || Math.abs(t) > maxAbsT) throw new Error(`PackedProduct: target ${t} is not an integer within ±${maxAbsT}`);
        this.packed[lane * m + k] += w * t;
      }
    }
  }

  /** out[b·n + i] = Σ_k a[(aOffset + i)·m + k] · targets[b·m + k], exactly, for i < n and every b. */
  cross(a: Float32Array, aOffset: number, n: number, out: Float64Array): void {
    const L = this.lanes, p = this.perLane, s = this.scaleA;
    if (this.scratch.length < L * n) this.scratch = new Float64Array(L * n);
    const sc = this.scratch;
    crossBlock(a, aOffset, n, this.m, this.packed, L, sc);
    const w = this.weights, iw = this.inverseWeights, R = 6755399441055744; // 1.5·2^52: x + R − R rounds x
    for (let lane = 0; lane < L; lane++) {
      const b0 = lane * p, cnt = Math.min(p, this.nb - b0), src = lane * n;
      for (let i = 0; i < n; i++) {
        let rem = sc[src + i];
        for (let pos = p - 1; pos >= 1; pos--) {
          // |rem − g·w| < w/2 by construction, so rounding is never at a tie and ×1/w is exact (powers of 2)
          const g = rem * iw[pos] + R - R;
          rem -= g * w[pos];
          if (pos < cnt) out[(b0 + pos) * n + i] = g / s + 0; // + 0 turns −0 into 0
        }
        out[b0 * n + i] = rem / s + 0;
      }
    }
  }
}
