import type { SquareMatrix } from "../core/matrix";
import { createRng, shuffleInPlace } from "../core/random";

/**
 * Within- vs across-group comparison of the pairs of an overlap matrix, and a permutation test that
 * respects the dependence between pairs. Pairs (a, b) that share a benchmark are not independent, so
 * the Mann–Whitney p-value (which assumes independent values) is too small; shuffling the *group labels
 * over benchmarks* and recomputing the within/across pair sets keeps that dependence structure intact
 * (a Mantel-style test on the matrix).
 */

/** The strict upper triangle of an overlap matrix split by whether the two benchmarks share a group. */
export interface PairSplit {
  within: Float64Array;
  across: Float64Array;
  /** Pairs skipped because the overlap value is NaN (for example a constant score column). */
  skippedNaN: number;
}

/**
 * Split the pairs i < j of a square matrix into within-group (g_i = g_j) and across-group values.
 *
 * @example
 *   splitPairs({ labels: ["a", "b", "c"], values: Float64Array.of(1, .9, .1, .9, 1, .2, .1, .2, 1) }, ["x", "x", "y"])
 *   // { within: [0.9], across: [0.1, 0.2], skippedNaN: 0 }
 */
export function splitPairs(m: SquareMatrix, groups: readonly string[]): PairSplit {
  const n = m.labels.length;
  if (groups.length !== n) throw new Error(`splitPairs: ${groups.length} groups for ${n} labels`);
  const within: number[] = [], across: number[] = [];
  let skipped = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const v = m.values[i * n + j];
    if (Number.isNaN(v)) { skipped++; continue; }
    (groups[i] === groups[j] ? within : across).push(v);
  }
  return { within: Float64Array.from(within), across: Float64Array.from(across), skippedNaN: skipped };
}

/** Result of the label-permutation test. */
export interface LabelPermutationResult {
  /** Observed mean(within) − mean(across). */
  observed: number;
  permutations: number;
  seed: number;
  /** (1 + #{perm ≥ observed}) / (B + 1): one-sided, within larger. */
  pGreater: number;
  /** (1 + #{|perm − null mean| ≥ |observed − null mean|}) / (B + 1), centred at the permutation mean. */
  pTwoSided: number;
  /** Mean and standard deviation of the permutation distribution. */
  nullMean: number;
  nullSd: number;
  statistic: "mean(within) - mean(across)";
}

function meanDifference(vals: Float64Array, n: number, groups: Int32Array): number {
  let sw = 0, nw = 0, sa = 0, na = 0;
  for (let i = 0; i < n; i++) {
    const gi = groups[i], row = i * n;
    for (let j = i + 1; j < n; j++) {
      const v = vals[row + j];
      if (v !== v) continue; // NaN
      if (gi === groups[j]) { sw += v; nw++; } else { sa += v; na++; }
    }
  }
  return nw === 0 || na === 0 ? NaN : sw / nw - sa / na;
}

/**
 * Permutation test of mean(within) − mean(across) under random reassignment of the group labels to
 * benchmarks (the group sizes are kept). Deterministic for a given seed (src/core/random.ts).
 *
 * p_greater = (1 + #{b : T_b ≥ T_obs}) / (B + 1); p_two-sided = (1 + #{b : |T_b − T̄| ≥ |T_obs − T̄|}) / (B + 1)
 *
 * @example
 *   labelPermutationTest(matrix, families, { permutations: 10000, seed: 20250927 }).pGreater
 */
export function labelPermutationTest(
  m: SquareMatrix,
  groups: readonly string[],
  opts: { permutations?: number; seed: number },
): LabelPermutationResult {
  const n = m.labels.length;
  if (groups.length !== n) throw new Error(`labelPermutationTest: ${groups.length} groups for ${n} labels`);
  const B = opts.permutations ?? 10000;
  if (!Number.isInteger(B) || B < 1) throw new Error(`labelPermutationTest: permutations must be a positive integer, got ${B}`);
  const codes = new Map<string, number>();
  const g = Int32Array.from(groups, (s) => { if (!codes.has(s)) codes.set(s, codes.size); return codes.get(s)!; });
  const observed = meanDifference(m.values, n, g);
  if (Number.isNaN(observed)) throw new Error("labelPermutationTest: no within-group or no across-group pair");
  const rng = createRng(opts.seed);
  const perm = Int32Array.from(g);
  const stats = new Float64Array(B);
  let geq = 0, sum = 0;
  const eps = 1e-12 * Math.max(1, Math.abs(observed));
  for (let b = 0; b < B; b++) {
    shuffleInPlace(perm, rng);
    const t = meanDifference(m.values, n, perm);
    stats[b] = t; sum += t;
    if (t >= observed - eps) geq++;
  }
  const nullMean = sum / B;
  let ss = 0, extreme = 0;
  const dObs = Math.abs(observed - nullMean);
  for (let b = 0; b < B; b++) {
    ss += (stats[b] - nullMean) ** 2;
    if (Math.abs(stats[b] - nullMean) >= dObs - eps) extreme++;
  }
  return {
    observed, permutations: B, seed: opts.seed, pGreater: (1 + geq) / (B + 1), pTwoSided: (1 + extreme) / (B + 1),
    nullMean, nullSd: Math.sqrt(ss / Math.max(1, B - 1)), statistic: "mean(within) - mean(across)",
  };
}
