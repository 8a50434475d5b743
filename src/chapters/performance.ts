import { join } from "node:path";
import { toNested, upperTriangle } from "../core/matrix";
import { provenance, type Provenance } from "../core/provenance";
import { BBH_IDS, MMLU_IDS } from "../scores/benchmark-ids";
import { readScoreTable } from "../scores/table";
import { readLabels, orderByCategory, labelOf } from "../scores/labels";
import { completeBlock } from "../scores/missing";
import { excludeAggregates, type AggregateReport } from "../scores/aggregates";
import { compareWithinAcross, performanceOverlap, type GroupComparison } from "../overlap/performance";

/**
 * The performance chapter (paper Fig. 4(c) and the performance half of Fig. 5) as a pure computation
 * over the committed data: the complete block of real LLMs in Sloth's `data_v2.csv` on 57 MMLU subjects,
 * the BBH, GPQA, MATH and MuSR subtasks and the Open LLM Leaderboard v1 columns; aggregates excluded;
 * the Spearman overlap matrix ordered by category; within- vs across-family and -format comparisons.
 */

/** Default data folder: `<repo>/data` (this file is src/chapters or dist/chapters). */
export const DEFAULT_DATA_DIR = join(__dirname, "..", "..", "data");
/** Default seed of the permutation tests (the paper's arXiv date). */
export const PERFORMANCE_SEED = 20250927;
/** Open LLM Leaderboard v1 columns (canonical ids). */
export const OPEN_LLM_V1 = ["mmlu", "arc_challenge", "hellaswag", "winogrande", "truthfulqa", "gsm8k"];

/** Options of performanceChapter. */
export interface PerformanceChapterOptions {
  dataDir?: string;
  permutations?: number;
  seed?: number;
}

/** Summary numbers of one grouping factor, JSON-able. */
export interface FactorSummary {
  groups: Record<string, number>;
  withinMean: number;
  acrossMean: number;
  withinMedian: number;
  acrossMedian: number;
  nWithin: number;
  nAcross: number;
  difference: number;
  mannWhitneyW: number;
  mannWhitneyP: number;
  /** log10 of the two-sided p-value (finite where p underflows to 0, as for the family factor). */
  mannWhitneyLog10P: number;
  mannWhitneyZ: number;
  mannWhitneyPGreater: number;
  auc: number;
  permutationP: number;
  permutationPTwoSided: number;
  permutationNullMean: number;
  permutationNullSd: number;
  /** Mean overlap of the pairs inside each group (NaN-free; groups of one benchmark are omitted). */
  withinByGroup: Record<string, number>;
}

/** Everything the chapter reports, as plain JSON. */
export interface PerformanceChapterResult {
  nModels: number;
  nBenchmarks: number;
  nPairs: number;
  models: string[];
  requested: number;
  droppedModels: number;
  droppedAggregates: { benchmark: string; members: number; meanAbsDiff: number; pearson: number; verified: boolean }[];
  meanOverlap: number;
  medianOverlap: number;
  minOverlap: number;
  maxOverlap: number;
  fractionAbove05: number;
  family: FactorSummary;
  format: FactorSummary;
  /** Within vs across the heatmap categories (labels.csv `category`: MMLU areas, BBH functions, ...). */
  category: FactorSummary;
  /**
   * Format within each family that mixes formats (BBH: multiple-choice vs true/false; OpenLLMv1: gsm8k is
   * free-answer): separates the format effect from the family effect, which share most pairs overall.
   */
  formatWithinFamily: Record<string, FactorSummary>;
  order: string[];
  categories: string[];
  matrix: { labels: string[]; values: number[][] };
  notes: string[];
  provenance: Provenance;
}

function factorSummary(c: GroupComparison, labels: readonly string[], groups: readonly string[], values: Float64Array): FactorSummary {
  const n = labels.length;
  const sums: Record<string, [number, number]> = {};
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    if (groups[i] !== groups[j]) continue;
    const s = (sums[groups[i]] ??= [0, 0]);
    s[0] += values[i * n + j]; s[1]++;
  }
  const withinByGroup: Record<string, number> = {};
  for (const [g, [s, k]] of Object.entries(sums)) withinByGroup[g] = s / k;
  return {
    groups: c.groupSizes, withinMean: c.within.mean, acrossMean: c.across.mean, withinMedian: c.within.median,
    acrossMedian: c.across.median, nWithin: c.within.n, nAcross: c.across.n, difference: c.difference,
    mannWhitneyW: c.mannWhitney.statistic, mannWhitneyP: c.mannWhitney.pValue,
    mannWhitneyLog10P: c.mannWhitney.log10PValue, mannWhitneyZ: c.mannWhitney.z,
    mannWhitneyPGreater: c.mannWhitneyGreater.pValue, auc: c.mannWhitney.auc,
    permutationP: c.permutation.pGreater, permutationPTwoSided: c.permutation.pTwoSided,
    permutationNullMean: c.permutation.nullMean, permutationNullSd: c.permutation.nullSd, withinByGroup,
  };
}

function subMatrix(values: Float64Array, n: number, idx: readonly number[]): Float64Array {
  const q = idx.length, out = new Float64Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) out[a * q + b] = values[idx[a] * n + idx[b]];
  return out;
}

/**
 * Compute the performance chapter from `data/`: reads `scores/sloth-v2.csv` (+ sidecar) and `labels.csv`.
 *
 * @example
 *   const r = performanceChapter();
 *   r.nModels, r.nBenchmarks          // 80, 99
 *   r.family.withinMean > r.family.acrossMean
 */
export function performanceChapter(opts: PerformanceChapterOptions = {}): PerformanceChapterResult {
  const dataDir = opts.dataDir ?? DEFAULT_DATA_DIR;
  const seed = opts.seed ?? PERFORMANCE_SEED;
  const permutations = opts.permutations ?? 10000;
  const scoresPath = join(dataDir, "scores", "sloth-v2.csv");
  const labelsPath = join(dataDir, "labels.csv");
  const table = readScoreTable(scoresPath);
  const labels = readLabels(labelsPath);
  const has = (b: string) => table.benchmarks.includes(b);
  const requested = [
    ...MMLU_IDS.filter(has), ...BBH_IDS.filter(has),
    ...table.benchmarks.filter((b) => /^gpqa_.+/.test(b) || /^math_.+_hard$/.test(b) || /^musr_.+/.test(b)),
    ...OPEN_LLM_V1.filter(has),
  ];
  const block = completeBlock(table, requested);
  const { kept, excluded } = excludeAggregates(table, requested);
  const order = orderByCategory(kept, labels);
  const ov = performanceOverlap(block.table, { benchmarks: order });
  const n = order.length;
  const tri = upperTriangle(ov.matrix.values, n);
  const nan = tri.filter(Number.isNaN).length;
  if (nan) throw new Error(`performanceChapter: ${nan} NaN overlaps (a constant score column in the block)`);
  const sorted = Float64Array.from(tri).sort();
  const mean = tri.reduce((s, v) => s + v, 0) / tri.length;
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const families = order.map((b) => labelOf(labels, b).family);
  const formats = order.map((b) => labelOf(labels, b).format);
  const fam = compareWithinAcross(ov.matrix, families, { factor: "family", seed, permutations });
  const fmt = compareWithinAcross(ov.matrix, formats, { factor: "format", seed: seed + 1, permutations });
  const categories = order.map((b) => labelOf(labels, b).category);
  const cat = compareWithinAcross(ov.matrix, categories, { factor: "category", seed: seed + 2, permutations });
  const formatWithinFamily: Record<string, FactorSummary> = {};
  for (const f of [...new Set(families)].sort()) {
    const idx = order.map((_, k) => k).filter((k) => families[k] === f);
    const fmts = idx.map((k) => formats[k]);
    if (new Set(fmts).size < 2) continue;
    const sub = subMatrix(ov.matrix.values, n, idx);
    const c = compareWithinAcross({ labels: idx.map((k) => order[k]), values: sub }, fmts, { factor: `format within ${f}`, seed, permutations });
    formatWithinFamily[f] = factorSummary(c, idx.map((k) => order[k]), fmts, sub);
  }
  const dropped = (a: AggregateReport) => ({ benchmark: a.benchmark, members: a.members.length, meanAbsDiff: a.meanAbsDiff, pearson: a.pearson, verified: a.verified });
  return {
    nModels: block.table.models.length, nBenchmarks: n, nPairs: tri.length, models: block.table.models,
    requested: requested.length, droppedModels: block.dropped.length, droppedAggregates: excluded.map(dropped),
    meanOverlap: mean, medianOverlap: median, minOverlap: sorted[0], maxOverlap: sorted[sorted.length - 1],
    fractionAbove05: tri.filter((v) => v > 0.5).length / tri.length,
    family: factorSummary(fam, order, families, ov.matrix.values),
    format: factorSummary(fmt, order, formats, ov.matrix.values),
    category: factorSummary(cat, order, categories, ov.matrix.values),
    formatWithinFamily,
    order, categories,
    matrix: { labels: order, values: toNested(ov.matrix.values, n) },
    notes: [
      `${block.policy}: ${block.table.models.length} of ${table.models.length} models have all ${requested.length} requested columns`,
      ...excluded.map((a) => `excluded aggregate ${a.benchmark}: ${a.reason}`),
      "family, format and category labels from labels.csv; permutation seeds: family seed, format seed + 1, category seed + 2, format-within-family seed",
    ],
    provenance: provenance("performance chapter: Spearman overlap of benchmark scores; within vs across family/format (Mann-Whitney U = R wilcox.test exact=FALSE correct=TRUE; label-permutation test)", {
      scores: "scores/sloth-v2.csv", labels: "labels.csv", requested: requested.length, permutations,
      permutationStatistic: "mean(within) - mean(across)", missingPolicy: block.policy, aggregates: "excluded",
    }, seed, { "data/scores/sloth-v2.csv": table.sha256, "data/scores/sloth-v2.meta.json": table.metaSha256 ?? "", "data/labels.csv": labels.sha256 }),
  };
}
