/**
 * Permutation nulls for the zoo's ground-truth measures.
 *
 * The null the zoo pilot recommends (`zoo-pilot.md`, "Nulls and reporting") is: run the same
 * computation on benchmark scores permuted across models. A permutation keeps the distribution of the
 * scores and of the features, and breaks only the link between which model has which score.
 *
 * Conventions (used by every measure in `groundtruth-*.ts`):
 * - `p = (1 + #{null_b >= observed}) / (1 + B)`: one-sided upper-tail permutation p-value
 *   (Phipson & Smyth 2010: never 0; counts the observed value as one of the permutations).
 * - `percentile = 100 · (#{null_b < observed} + ½ · #{null_b = observed}) / B`: the mid-rank percentile of
 *   the observed value within the null draws (50 = typical of the null, 100 = above every draw).
 * - Null draws that are NaN (e.g. an enrichment of an empty set) are dropped and counted in `nNaN`;
 *   `B` in the formulas is the number of finite draws.
 */
import { createRng, permutation, type Rng } from "../core/random";

/** Summary of a permutation null around one observed statistic. */
export interface NullSummary {
  /** The statistic on the real (unpermuted) scores. */
  observed: number;
  /** Finite null draws, in the order they were drawn. */
  draws: Float64Array;
  /** Number of null draws that were NaN and were dropped. */
  nNaN: number;
  /** Mean of the finite null draws. */
  mean: number;
  /** 95th percentile of the null draws (type-7 quantile, as R's default). */
  q95: number;
  /** Largest null draw. */
  max: number;
  /** (1 + #{draw >= observed}) / (1 + B). NaN when observed is NaN or there are no finite draws. */
  p: number;
  /** 100 · (#{draw < observed} + ½ #{draw = observed}) / B. NaN when observed is NaN or B = 0. */
  percentile: number;
}

/** Options shared by every permutation null. */
export interface NullOptions {
  /** Number of permutations (the pilot's rule: at least 100). Default 100. */
  permutations?: number;
  /** Seed for `createRng`; recorded by callers in provenance. Default 1. */
  seed?: number;
}

/**
 * Type-7 quantile (R's default) of a sample.
 *
 * q(p) = x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)), h = (n − 1)p (0-based order statistics).
 *
 * @example
 *   drawQuantile(new Float64Array([1, 2, 3, 4]), 0.5)  // 2.5
 */
export function drawQuantile(x: Float64Array, p: number): number {
  const n = x.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(x).sort();
  const h = (n - 1) * p;
  const lo = Math.floor(h), hi = Math.min(lo + 1, n - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/**
 * Summarise null draws around an observed value (p-value and percentile conventions in the module doc).
 *
 * p = (1 + #{d ≥ obs}) / (1 + B);  percentile = 100 (#{d < obs} + ½ #{d = obs}) / B
 *
 * @example
 *   summarizeNull(3, [0, 1, 2, 3]).p  // (1 + 1) / 5 = 0.4
 */
export function summarizeNull(observed: number, draws: ArrayLike<number>): NullSummary {
  const finite: number[] = [];
  let nNaN = 0;
  for (let i = 0; i < draws.length; i++) {
    if (Number.isFinite(draws[i])) finite.push(draws[i]);
    else nNaN++;
  }
  const d = Float64Array.from(finite);
  const B = d.length;
  let ge = 0, lt = 0, eq = 0, sum = 0, max = -Infinity;
  for (let i = 0; i < B; i++) {
    const v = d[i];
    sum += v;
    if (v > max) max = v;
    if (v >= observed) ge++;
    if (v < observed) lt++;
    else if (v === observed) eq++;
  }
  const ok = Number.isFinite(observed) && B > 0;
  return {
    observed,
    draws: d,
    nNaN,
    mean: B > 0 ? sum / B : NaN,
    q95: drawQuantile(d, 0.95),
    max: B > 0 ? max : NaN,
    p: ok ? (1 + ge) / (1 + B) : NaN,
    percentile: ok ? (100 * (lt + 0.5 * eq)) / B : NaN,
  };
}

/**
 * Run a statistic on B model permutations. `statistic(perm)` receives a permutation of 0..n−1 meaning
 * "model i gets the score of model perm[i]"; it returns one or more named values. The permutations
 * come from `createRng(seed)` in order, so the same seed gives the same draws.
 *
 * @example
 *   const draws = permutationDraws(32, (perm) => ({ r: spearman(permute(y, perm), x) }), { seed: 7 });
 *   draws.r.length  // 100
 */
export function permutationDraws(
  nModels: number,
  statistic: (perm: Int32Array, b: number) => Record<string, number>,
  opts: NullOptions = {},
): Record<string, Float64Array> {
  const B = opts.permutations ?? 100;
  if (!Number.isInteger(B) || B < 1) throw new Error(`permutations must be a positive integer, got ${B}`);
  const rng: Rng = createRng(opts.seed ?? 1);
  const out: Record<string, Float64Array> = {};
  for (let b = 0; b < B; b++) {
    const perm = permutation(nModels, rng);
    const vals = statistic(perm, b);
    for (const k of Object.keys(vals)) {
      if (!out[k]) out[k] = new Float64Array(B).fill(NaN);
      out[k][b] = vals[k];
    }
  }
  return out;
}

/**
 * Apply a model permutation to a score vector: out[i] = y[perm[i]].
 *
 * @example
 *   permute(new Float64Array([10, 20, 30]), Int32Array.from([2, 0, 1]))  // [30, 10, 20]
 */
export function permute(y: ArrayLike<number>, perm: ArrayLike<number>): Float64Array {
  if (perm.length !== y.length) throw new Error(`permute: ${y.length} scores but a permutation of ${perm.length}`);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[perm[i]];
  return out;
}
