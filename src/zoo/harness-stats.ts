/**
 * Statistics over a zoo evaluation (models x items): split-half reliability across models, the
 * qualifying rule for benchmarks, the 99% binomial interval of chance for negative controls, and
 * accuracy vs domain exposure. Pure.
 */
import { createRng, permutation } from "../core/random";
import { pearson, spearman } from "../stats/correlation";

/** Split-half reliability of a benchmark across models. */
export interface Reliability {
  /** Mean over random splits of the Pearson r between the models' accuracies on the two halves. */
  rHalf: number;
  /** Spearman–Brown step-up of the mean r to the full length: 2r / (1 + r). The qualifying rule uses this. */
  spearmanBrown: number;
  /** Random splits used (splits where every model had the same accuracy on a half are skipped). */
  splits: number;
}

/**
 * Split-half reliability across models. Items are split at random into two halves `splits` times
 * (seeded); for each split, each model's accuracy on each half; r = Pearson over models.
 *
 * r̄ = mean_s pearson(acc_A,s, acc_B,s);  reliability = 2 r̄ / (1 + r̄)
 *
 * @param correct row-major [model][item] 0/1
 * @example
 *   splitHalfReliability(correct, 36, 400, { splits: 50, seed: 1 }).spearmanBrown
 */
export function splitHalfReliability(correct: Uint8Array, nModels: number, nItems: number, opts: { splits?: number; seed?: number } = {}): Reliability {
  if (correct.length !== nModels * nItems) throw new Error(`splitHalfReliability: ${correct.length} cells for ${nModels} x ${nItems}`);
  const S = opts.splits ?? 50;
  const rng = createRng(opts.seed ?? 1);
  const half = Math.floor(nItems / 2);
  let sum = 0, used = 0;
  const a = new Float64Array(nModels), b = new Float64Array(nModels);
  for (let s = 0; s < S; s++) {
    const perm = permutation(nItems, rng);
    for (let m = 0; m < nModels; m++) {
      let ca = 0, cb = 0;
      for (let t = 0; t < half; t++) ca += correct[m * nItems + perm[t]];
      for (let t = half; t < 2 * half; t++) cb += correct[m * nItems + perm[t]];
      a[m] = ca / half; b[m] = cb / half;
    }
    const r = pearson(a, b);
    if (Number.isFinite(r)) { sum += r; used++; }
  }
  const r = used > 0 ? sum / used : NaN;
  return { rHalf: r, spearmanBrown: Number.isFinite(r) ? (2 * r) / (1 + r) : NaN, splits: used };
}

/**
 * Binomial quantile, as R's `qbinom(p, n, prob)`: the smallest k with P(X ≤ k) ≥ p.
 * The pmf is accumulated in log space (log pmf(k+1) = log pmf(k) + ln((n−k)/(k+1)) + ln(prob/(1−prob))).
 *
 * @example
 *   binomQuantile(0.995, 400, 0.25)  // 123 (R: qbinom(0.995, 400, 0.25))
 */
export function binomQuantile(p: number, n: number, prob: number): number {
  if (prob <= 0) return 0;
  if (prob >= 1) return n;
  let logPmf = n * Math.log1p(-prob);
  const lr = Math.log(prob) - Math.log1p(-prob);
  let cdf = 0;
  // R fuzzes p by 64 ulps downwards to be robust to rounding in the cdf sum
  const target = p * (1 - 64 * 2.220446049250313e-16);
  for (let k = 0; k <= n; k++) {
    cdf += Math.exp(logPmf);
    if (cdf >= target) return k;
    logPmf += Math.log((n - k) / (k + 1)) + lr;
  }
  return n;
}

/**
 * Central binomial interval of chance accuracy: [qbinom(α/2), qbinom(1 − α/2)] / n.
 *
 * @example
 *   chanceInterval(400, 0.25, 0.99)  // [lo, hi] with lo = qbinom(0.005, 400, .25) / 400
 */
export function chanceInterval(nItems: number, chance: number, level = 0.99): [number, number] {
  const a = (1 - level) / 2;
  return [binomQuantile(a, nItems, chance) / nItems, binomQuantile(1 - a, nItems, chance) / nItems];
}

/** The qualifying rule for a zoo benchmark. */
export const QUALIFY = { minAboveChance: 0.1, maxMedian: 0.9, minReliability: 0.7 } as const;

/**
 * Which parts of the qualifying rule a benchmark fails (empty = qualifies):
 * median ≥ chance + 0.1, median < 0.9, split-half reliability (Spearman–Brown) ≥ 0.7.
 *
 * @example
 *   qualifyReasons(0.3, 0.25, 0.8)  // ["median 0.300 < chance + 0.1 = 0.350"]
 */
export function qualifyReasons(med: number, chance: number, reliability: number): string[] {
  const out: string[] = [];
  if (!(med >= chance + QUALIFY.minAboveChance)) out.push(`median ${med.toFixed(3)} < chance + 0.1 = ${(chance + QUALIFY.minAboveChance).toFixed(3)}`);
  if (!(med < QUALIFY.maxMedian)) out.push(`median ${med.toFixed(3)} >= ${QUALIFY.maxMedian}`);
  if (!(reliability >= QUALIFY.minReliability)) out.push(`reliability ${Number.isFinite(reliability) ? reliability.toFixed(3) : "NaN"} < ${QUALIFY.minReliability}`);
  return out;
}

/**
 * Partial Spearman correlation of x and y controlling for z: the partial correlation of the
 * Spearman coefficients.
 *
 * ρ_xy·z = (ρ_xy − ρ_xz ρ_yz) / sqrt((1 − ρ_xz²)(1 − ρ_yz²))
 *
 * @example
 *   partialSpearman(acc, exposure, heldoutNatsPerByte)  // exposure effect beyond overall model quality
 */
export function partialSpearman(x: ArrayLike<number>, y: ArrayLike<number>, z: ArrayLike<number>): number {
  const rxy = spearman(x, y), rxz = spearman(x, z), ryz = spearman(y, z);
  const d = Math.sqrt((1 - rxz * rxz) * (1 - ryz * ryz));
  return d > 0 ? (rxy - rxz * ryz) / d : NaN;
}

/**
 * Spearman between a benchmark's accuracies and its source domain(s)' share of each model's training.
 *
 * ρ = spearman(acc_i, Σ_{d ∈ D} share_{i,d})
 *
 * @param shares row-major [model][domain], each row a model's training share per domain
 * @example
 *   exposureSpearman(acc, shares, ["wiki", "code"], ["wiki"])
 */
export function exposureSpearman(acc: ArrayLike<number>, shares: Float64Array, domainNames: readonly string[], sourceDomains: readonly string[]): number {
  const s = sourceShare(acc.length, shares, domainNames, sourceDomains);
  return s ? spearman(acc, s) : NaN;
}

/**
 * Each model's training share of the given source domains (null when a domain is unknown).
 *
 * s_i = Σ_{d ∈ D} share_{i,d}
 *
 * @example
 *   sourceShare(3, shares, ["a", "b"], ["a"])  // Float64Array of 3 shares
 */
export function sourceShare(n: number, shares: Float64Array, domainNames: readonly string[], sourceDomains: readonly string[]): Float64Array | null {
  const nD = domainNames.length;
  if (shares.length !== n * nD) throw new Error(`exposure: ${shares.length} shares for ${n} models x ${nD} domains`);
  const idx = sourceDomains.map((d) => domainNames.indexOf(d));
  if (idx.some((i) => i < 0)) return null;
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) for (const d of idx) s[i] += shares[i * nD + d];
  return s;
}
