import { InputError } from "../core/errors";
import type { LabeledMatrix, SquareMatrix } from "../core/matrix";
import { provenance, type Provenance } from "../core/provenance";
import { pearson } from "../stats/correlation";
import { midranks } from "../stats/ranks";
import { mannWhitney, type MannWhitneyResult } from "../stats/mann-whitney";
import { labelPermutationTest, splitPairs, type LabelPermutationResult } from "../stats/label-permutation";
import type { ScoreTable } from "../scores/table";

/**
 * Performance-level overlap (paper §3.7): the Spearman correlation, across models, between the score
 * vectors of every pair of benchmarks; and the family / format bias check of Fig. 5 (within- vs
 * across-group pairs, Mann–Whitney U plus a label-permutation test).
 */

/**
 * Spearman correlation (mid-ranks) between every pair of columns of a models x benchmarks matrix.
 * ρ(a, b) = Pearson(midranks(y_{:,a}), midranks(y_{:,b})); the diagonal is 1 (NaN for a constant column,
 * whose correlations are all NaN). Throws on a NaN cell: take a complete block first.
 *
 * @example
 *   spearmanMatrix({ rows: ["m1", "m2", "m3"], cols: ["a", "b"], values: Float64Array.of(1, 3, 2, 2, 3, 1) }).values
 *   // Float64Array [1, -0.5, -0.5, 1]
 */
export function spearmanMatrix(m: LabeledMatrix<Float64Array | Float32Array>): SquareMatrix {
  const n = m.rows.length, p = m.cols.length;
  const ranks: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = m.values[i * p + j];
      if (Number.isNaN(v)) throw new InputError(null, `spearmanMatrix: missing value for row '${m.rows[i]}', column '${m.cols[j]}' (take a complete block first)`);
      col[i] = v;
    }
    ranks.push(midranks(col));
  }
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    out[a * p + a] = pearson(ranks[a], ranks[a]);
    for (let b = a + 1; b < p; b++) {
      const r = pearson(ranks[a], ranks[b]);
      out[a * p + b] = r; out[b * p + a] = r;
    }
  }
  return { labels: m.cols.slice(), values: out };
}

/** A performance-overlap matrix and what it was computed from. */
export interface PerformanceOverlap {
  matrix: SquareMatrix;
  models: string[];
  /** Benchmarks whose scores were negated because lower is better (so every column reads "higher = better"). */
  negated: string[];
  provenance: Provenance;
}

/**
 * Performance overlap of a score table over `benchmarks` (default: all columns, in table order). With
 * `orient` (default true) columns whose direction is `lower` are negated first, so a positive ρ always
 * means "models good at a are good at b". Every cell must be present (use completeBlock first).
 *
 * @example
 *   performanceOverlap(completeBlock(t, ids).table).matrix.labels  // ids
 */
export function performanceOverlap(table: ScoreTable, opts: { benchmarks?: readonly string[]; orient?: boolean } = {}): PerformanceOverlap {
  const benchmarks = opts.benchmarks ? opts.benchmarks.slice() : table.benchmarks.slice();
  const orient = opts.orient ?? true;
  if (benchmarks.length < 2) throw new InputError(table.source || null, `need at least 2 benchmarks for an overlap matrix, got ${benchmarks.length}`);
  if (table.models.length < 3) throw new InputError(table.source || null, `need at least 3 models for a rank correlation, got ${table.models.length}`);
  const p = table.benchmarks.length, q = benchmarks.length, n = table.models.length;
  const values = new Float64Array(n * q);
  const negated: string[] = [];
  benchmarks.forEach((b, k) => {
    const j = table.benchmarks.indexOf(b);
    if (j < 0) throw new InputError(table.source || null, `benchmark '${b}' is not in the score table`);
    const sign = orient && table.meta[b]?.direction === "lower" ? -1 : 1;
    if (sign < 0) negated.push(b);
    for (let i = 0; i < n; i++) {
      const v = table.values[i * p + j];
      if (Number.isNaN(v)) throw new InputError(table.source || null, `model '${table.models[i]}' has no score on '${b}' (missing cells: take the complete block first)`);
      values[i * q + k] = sign * v;
    }
  });
  const matrix = spearmanMatrix({ rows: table.models, cols: benchmarks, values });
  const hashes: Record<string, string> = {};
  if (table.source) hashes[table.source] = table.sha256;
  return {
    matrix, models: table.models.slice(), negated,
    provenance: provenance("performance-overlap: Spearman rank correlation (mid-ranks) between benchmark score vectors across models", {
      nModels: n, nBenchmarks: q, orient, negated, ties: "mid-ranks",
    }, null, hashes),
  };
}

/** Summary of one set of pair values. */
export interface PairSummary { n: number; mean: number; median: number; sd: number }

function summarise(x: Float64Array): PairSummary {
  const n = x.length;
  if (n === 0) return { n, mean: NaN, median: NaN, sd: NaN };
  let s = 0;
  for (const v of x) s += v;
  const mean = s / n;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  const sorted = Float64Array.from(x).sort();
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { n, mean, median, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}

/** Within- vs across-group comparison of an overlap matrix for one grouping factor (family, format, ...). */
export interface GroupComparison {
  factor: string;
  /** Benchmarks per group. */
  groupSizes: Record<string, number>;
  within: PairSummary;
  across: PairSummary;
  /** mean(within) − mean(across). */
  difference: number;
  /** wilcox.test(within, across, exact = FALSE, correct = TRUE), two-sided. */
  mannWhitney: MannWhitneyResult;
  /** The same test, alternative = "greater" (within larger). */
  mannWhitneyGreater: MannWhitneyResult;
  permutation: LabelPermutationResult;
  skippedNaN: number;
}

/**
 * Compare the overlap of pairs within a group with pairs across groups: summaries, the Mann–Whitney U
 * test (R-equal, pairs treated as independent) and the label-permutation test (pairs' dependence kept).
 *
 * @example
 *   compareWithinAcross(ov.matrix, ov.matrix.labels.map((b) => labels.byBenchmark[b].family), { factor: "family", seed: 1 })
 */
export function compareWithinAcross(
  matrix: SquareMatrix,
  groups: readonly string[],
  opts: { factor: string; seed: number; permutations?: number },
): GroupComparison {
  const split = splitPairs(matrix, groups);
  if (split.within.length === 0 || split.across.length === 0) {
    throw new InputError(null, `${opts.factor}: need pairs both within and across groups (within ${split.within.length}, across ${split.across.length})`);
  }
  const groupSizes: Record<string, number> = {};
  for (const g of groups) groupSizes[g] = (groupSizes[g] ?? 0) + 1;
  const within = summarise(split.within), across = summarise(split.across);
  return {
    factor: opts.factor, groupSizes, within, across, difference: within.mean - across.mean,
    mannWhitney: mannWhitney(split.within, split.across),
    mannWhitneyGreater: mannWhitney(split.within, split.across, { alternative: "greater" }),
    permutation: labelPermutationTest(matrix, groups, { seed: opts.seed, permutations: opts.permutations }),
    skippedNaN: split.skippedNaN,
  };
}
