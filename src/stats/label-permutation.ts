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

/** Integer codes of the group labels, in order of first appearance. */
function groupCodes(groups: readonly string[]): Int32Array {
  const codes = new Map<string, number>();
  return Int32Array.from(groups, (s) => { if (!codes.has(s)) codes.set(s, codes.size); return codes.get(s)!; });
}

/** The full permutation distribution of mean(within) − mean(across) for a given list of label permutations. */
export interface LabelPermutationDistribution {
  /** Observed T = mean(within) − mean(across) under the original labels. */
  observed: number;
  /** T_b for each permutation b, in the order of the permutations given. */
  nullDistribution: Float64Array;
  /** #{b : T_b ≥ T_obs − ε}, ε = 1e-12 · max(1, |T_obs|). */
  countGreater: number;
  /** #{b : |T_b − T̄| ≥ |T_obs − T̄| − ε}. */
  countExtreme: number;
  /** (1 + countGreater) / (B + 1). */
  pGreater: number;
  /** (1 + countExtreme) / (B + 1). */
  pTwoSided: number;
  /** T̄ = mean of the T_b. */
  nullMean: number;
  /** Sample standard deviation of the T_b (divisor B − 1; B when B = 1). */
  nullSd: number;
}

/**
 * The label-permutation statistics for explicit permutations: the computation behind
 * {@link labelPermutationTest}, exposed so that it can be checked against an independent script given the
 * same committed permutations (tests/golden/permutation/).
 *
 * Permutation b is an index permutation π_b of 0..n−1 and relabels benchmark i with the group of benchmark
 * π_b(i): g⁽ᵇ⁾_i = g_{π_b(i)} (group sizes are kept). Over the pairs i < j whose value is not NaN,
 * T(g) = mean{m_ij : g_i = g_j} − mean{m_ij : g_i ≠ g_j}; T_obs = T(g), T_b = T(g⁽ᵇ⁾), T̄ = (1/B) Σ_b T_b, and
 *
 * p_greater = (1 + #{b : T_b ≥ T_obs − ε}) / (B + 1),
 * p_two-sided = (1 + #{b : |T_b − T̄| ≥ |T_obs − T̄| − ε}) / (B + 1),  ε = 1e-12 · max(1, |T_obs|)
 *
 * (ε counts statistics equal to T_obs up to rounding, which ties in the matrix produce, as ties).
 *
 * @example
 *   const m = { labels: ["a", "b", "c", "d"], values: Float64Array.of(1, .9, .1, .2, .9, 1, .3, .1, .1, .3, 1, .8, .2, .1, .8, 1) };
 *   const r = labelPermutationFromIndices(m, ["x", "x", "y", "y"], [Int32Array.of(0, 2, 1, 3), Int32Array.of(1, 0, 3, 2)]);
 *   // r.observed = 0.85 − 0.175 = 0.675; r.nullDistribution ≈ [0.1 − 0.55, 0.675]; r.countGreater = 1; r.pGreater = 2 / 3
 */
export function labelPermutationFromIndices(
  m: SquareMatrix,
  groups: readonly string[],
  permutations: readonly Int32Array[],
): LabelPermutationDistribution {
  const n = m.labels.length;
  if (groups.length !== n) throw new Error(`labelPermutationFromIndices: ${groups.length} groups for ${n} labels`);
  const B = permutations.length;
  if (B < 1) throw new Error("labelPermutationFromIndices: at least one permutation is needed");
  const g = groupCodes(groups);
  const observed = meanDifference(m.values, n, g);
  if (Number.isNaN(observed)) throw new Error("labelPermutationFromIndices: no within-group or no across-group pair");
  const relabelled = new Int32Array(n), seen = new Uint8Array(n);
  const stats = new Float64Array(B);
  let geq = 0, sum = 0;
  const eps = 1e-12 * Math.max(1, Math.abs(observed));
  for (let b = 0; b < B; b++) {
    const p = permutations[b];
    if (p.length !== n) throw new Error(`labelPermutationFromIndices: permutation ${b} has length ${p.length}, expected ${n}`);
    seen.fill(0);
    for (let i = 0; i < n; i++) {
      const k = p[i];
      if (!(k >= 0 && k < n) || seen[k]) throw new Error(`labelPermutationFromIndices: permutation ${b} is not a permutation of 0..${n - 1}`);
      seen[k] = 1;
      relabelled[i] = g[k];
    }
    const t = meanDifference(m.values, n, relabelled);
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
    observed, nullDistribution: stats, countGreater: geq, countExtreme: extreme,
    pGreater: (1 + geq) / (B + 1), pTwoSided: (1 + extreme) / (B + 1),
    nullMean, nullSd: Math.sqrt(ss / Math.max(1, B - 1)),
  };
}

/**
 * The B index permutations {@link labelPermutationTest} uses for a seed: one index vector, starting at
 * 0..n−1, Fisher–Yates shuffled in place B times in a row with `createRng(seed)`; permutation b is a copy
 * of it after the (b+1)-th shuffle.
 *
 * @example
 *   seededLabelPermutations(9, 3, 7); // three Int32Array permutations of 0..8, the same on every run
 */
export function seededLabelPermutations(n: number, B: number, seed: number): Int32Array[] {
  const rng = createRng(seed);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const out: Int32Array[] = [];
  for (let b = 0; b < B; b++) out.push(Int32Array.from(shuffleInPlace(idx, rng)));
  return out;
}

/**
 * Permutation test of mean(within) − mean(across) under random reassignment of the group labels to
 * benchmarks (the group sizes are kept). Deterministic for a given seed (src/core/random.ts): the
 * permutations are {@link seededLabelPermutations}(n, B, seed) and the statistics are
 * {@link labelPermutationFromIndices} of them.
 *
 * p_greater = (1 + #{b : T_b ≥ T_obs}) / (B + 1); p_two-sided = (1 + #{b : |T_b − T̄| ≥ |T_obs − T̄|}) / (B + 1)
 * (both up to ε = 1e-12 · max(1, |T_obs|)).
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
  if (Number.isNaN(meanDifference(m.values, n, groupCodes(groups)))) {
    throw new Error("labelPermutationTest: no within-group or no across-group pair");
  }
  const d = labelPermutationFromIndices(m, groups, seededLabelPermutations(n, B, opts.seed));
  return {
    observed: d.observed, permutations: B, seed: opts.seed, pGreater: d.pGreater, pTwoSided: d.pTwoSided,
    nullMean: d.nullMean, nullSd: d.nullSd, statistic: "mean(within) - mean(across)",
  };
}
