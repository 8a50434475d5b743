/**
 * Seeded pseudo-random numbers. Every random choice in the workbook goes through an `Rng` made by
 * `createRng(seed)`, and the seed is recorded in the result's provenance. `Math.random` is never used.
 *
 * Generator: xoshiro128** (Blackman & Vigna), state seeded by splitmix32 from a 32-bit seed.
 * Portable and exactly reproducible across platforms (32-bit integer arithmetic only).
 */
export interface Rng {
  /** The seed the generator was created with. */
  readonly seed: number;
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n). Unbiased (rejection sampling). */
  int(n: number): number;
  /** Standard normal deviate (Box–Muller, one value per call). */
  normal(): number;
}

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Create a seeded generator.
 *
 * @example
 *   const rng = createRng(42);
 *   rng.next();   // same value on every machine, every run
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const sm = splitmix32(seed >>> 0);
  let s0 = sm(), s1 = sm(), s2 = sm(), s3 = sm();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => {
    const hi = nextUint32() >>> 5; // 27 bits
    const lo = nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  const int = (n: number): number => {
    if (!(n > 0) || n > 2 ** 32 || !Number.isInteger(n)) throw new Error(`int(n): n must be an integer in [1, 2^32], got ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x: number;
    do x = nextUint32(); while (x >= limit);
    return x % n;
  };
  const normal = (): number => {
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { seed, nextUint32, next, int, normal };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Fisher–Yates shuffle in place; returns the same array.
 *
 * @example
 *   shuffleInPlace([1, 2, 3, 4], createRng(1));
 */
export function shuffleInPlace<T extends { length: number; [i: number]: any }>(a: T, rng: Rng): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  return a;
}

/** A random permutation of 0..n-1 as an Int32Array. */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(p, rng);
}

/** n indices drawn uniformly with replacement from 0..m-1 (a bootstrap resample). */
export function resampleIndices(n: number, m: number, rng: Rng): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(m);
  return out;
}
