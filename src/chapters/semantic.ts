import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { toNested, upperTriangle, type SquareMatrix } from "../core/matrix";
import { provenance, type Provenance } from "../core/provenance";
import { lsaConcatEmbedder, type EmbedderInfo } from "../embed/embedder";
import { fitLsa } from "../embed/lsa";
import { functionLevelMatrix } from "../overlap/aggregate";
import { compareWithinAcross, type GroupComparison } from "../overlap/performance";
import { semanticOverlap, type QuestionSet } from "../overlap/semantic";
import { allQuestionBenchmarks, loadAllQuestions } from "../questions/loaders";
import { groupByCategory, withinCrossBootstrap, type CategoryTest } from "../stats/bootstrap-category";
import { maxCliqueLabels } from "../stats/clique";
import { spearman } from "../stats/correlation";
import { labelOf, orderByCategory, readLabels } from "../scores/labels";

/**
 * The semantic-overlap chapter (paper Fig. 4(b), §2 / A.4.1) as a pure computation over the committed
 * real benchmark questions (`data/questions/`: 57 MMLU subjects, 27 BBH tasks, GSM8K, HumanEval,
 * HellaSwag): the size-matched bootstrap overlap with the offline TF-IDF + LSA embedder fitted on all
 * questions, ordered by category; the function-level matrix; within- vs cross-category bootstrap with
 * Holm; family / format / category comparisons; the maximum clique at a stated threshold; and the range
 * and median of the overlaps against the paper's 0.1–0.4 band.
 */

/** Default seed (the paper's arXiv date, as every chapter). */
export const SEMANTIC_SEED = 20250927;
/** Default edge threshold of the maximum clique: overlap > 0.5. */
export const SEMANTIC_CLIQUE_THRESHOLD = 0.5;

/** Options of {@link semanticChapter}. */
export interface SemanticChapterOptions {
  /** Folder with `labels.csv` and `questions/` (default: the repository's `data`). */
  dataDir?: string;
  /** Benchmarks (default: all 87 with carried questions). */
  benchmarks?: string[];
  /** Keep only the first N questions of each benchmark (smoke; default: all). */
  maxQuestions?: number;
  /** Size-matched resamples per pair T (default 1000). */
  resamples?: number;
  /** LSA dimension (default 100) and truncation length in word tokens (default 384). */
  lsaDim?: number;
  maxTokens?: number;
  /** Randomized-SVD settings of the LSA fit; leave unset for the default converged Lanczos SVD (setting either switches to the randomized SVD). */
  lsaPowerIterations?: number;
  lsaOversample?: number;
  /** Replicates of the within/cross bootstrap (default 10,000) and of the label permutations (default 10,000). */
  bootstrapResamples?: number;
  permutations?: number;
  /** Edge threshold of the maximum clique (default 0.5). */
  cliqueThreshold?: number;
  seed?: number;
  /** Progress: called after every pair. */
  onPair?: (done: number, total: number) => void;
}

/** One grouping factor's within vs across comparison, JSON-able. */
export interface SemanticFactor {
  groups: Record<string, number>;
  nWithin: number;
  nAcross: number;
  withinMean: number;
  acrossMean: number;
  withinMedian: number;
  acrossMedian: number;
  difference: number;
  mannWhitneyW: number;
  mannWhitneyP: number;
  mannWhitneyLog10P: number;
  auc: number;
  permutationP: number;
  permutationPTwoSided: number;
}

/** Everything the chapter reports, as plain JSON. */
export interface SemanticChapterResult {
  /** Benchmarks in display order (by category). */
  order: string[];
  categories: string[];
  functions: string[];
  families: string[];
  formats: string[];
  /** Questions used per benchmark, in `order`. */
  nQuestions: number[];
  nPairs: number;
  embedder: EmbedderInfo;
  resamples: number;
  matrix: { labels: string[]; values: number[][]; lower: number[][]; upper: number[][] };
  summary: { mean: number; median: number; min: number; max: number; q25: number; q75: number; fractionInPaperBand: number; paperBand: [number, number] };
  /** Paper Fig. 1-style aggregation over the `function` labels. */
  functionLevel: { labels: string[]; values: number[][]; sizes: number[]; meanWithin: number; meanCross: number };
  /** Table 5-style within vs cross test over the `category` labels (Holm-adjusted). */
  categoryTests: CategoryTest[];
  family: SemanticFactor;
  format: SemanticFactor;
  category: SemanticFactor;
  clique: { threshold: number; members: string[]; categories: string[] };
  notes: string[];
  provenance: Provenance;
}

/** The paper's 0.1–0.4 band of semantic overlaps (Fig. 4(b)); the default of `overlapSummary` only (the chapter reads `data/paper-numbers.json`). */
export const PAPER_SEMANTIC_BAND: [number, number] = [0.1, 0.4];

/**
 * The paper's band of semantic overlaps from `<dataDir>/paper-numbers.json` (ids `semantic_overlap_low`,
 * `semantic_overlap_high`); an InputError naming the file when it or an id is missing.
 *
 * @example
 *   paperBand("data")  // [0.1, 0.4]
 */
export function paperBand(dataDir: string): [number, number] {
  const file = join(dataDir, "paper-numbers.json");
  if (!existsSync(file)) throw new InputError(file, "file not found");
  let numbers: { id: string; value: number }[];
  try {
    numbers = (JSON.parse(readFileSync(file, "utf8")) as { numbers: { id: string; value: number }[] }).numbers;
  } catch (e) {
    throw new InputError(file, `not valid JSON: ${(e as Error).message}`);
  }
  const get = (id: string) => {
    const v = numbers?.find((x) => x.id === id)?.value;
    if (typeof v !== "number") throw new InputError(file, `no number with id '${id}'`);
    return v;
  };
  return [get("semantic_overlap_low"), get("semantic_overlap_high")];
}

/**
 * Summarise a GroupComparison as plain JSON.
 *
 * @example
 *   factorJson(compareWithinAcross(m, families, { factor: "family", seed: 1 })).withinMean
 */
export function factorJson(c: GroupComparison): SemanticFactor {
  return {
    groups: c.groupSizes, nWithin: c.within.n, nAcross: c.across.n, withinMean: c.within.mean, acrossMean: c.across.mean,
    withinMedian: c.within.median, acrossMedian: c.across.median, difference: c.difference,
    mannWhitneyW: c.mannWhitney.statistic, mannWhitneyP: c.mannWhitney.pValue, mannWhitneyLog10P: c.mannWhitney.log10PValue,
    auc: c.mannWhitney.auc, permutationP: c.permutation.pGreater, permutationPTwoSided: c.permutation.pTwoSided,
  };
}

/**
 * Type-7 quantile of a sorted array (R's default).
 *
 * Q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]),  h = (n − 1)p
 *
 * @example
 *   q7([1, 2, 3, 4], 0.5)  // 2.5
 */
function q7(s: ArrayLike<number>, p: number): number {
  const h = (s.length - 1) * p, lo = Math.floor(h), hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/**
 * Range, quartiles and the share of pairs inside the paper's band, over the upper triangle.
 *
 * @example
 *   overlapSummary(Float64Array.of(1, 0.2, 0.2, 1), 2).median  // 0.2
 */
export function overlapSummary(values: ArrayLike<number>, n: number, band: [number, number] = PAPER_SEMANTIC_BAND): SemanticChapterResult["summary"] {
  const tri = Array.from(upperTriangle(values, n)).filter((v) => !Number.isNaN(v));
  const s = Float64Array.from(tri).sort();
  const mean = tri.reduce((a, v) => a + v, 0) / tri.length;
  const inBand = tri.filter((v) => v >= band[0] && v <= band[1]).length;
  return { mean, median: q7(s, 0.5), min: s[0], max: s[s.length - 1], q25: q7(s, 0.25), q75: q7(s, 0.75), fractionInPaperBand: inBand / tri.length, paperBand: band };
}

/**
 * The aggregation half of the chapter, given a semantic overlap matrix already in display order: the
 * function-level matrix, the within/cross bootstrap with Holm, the three factor comparisons and the
 * maximum clique. Exposed so that checks can run it on a committed matrix with committed replicates.
 *
 * @example
 *   const a = semanticAggregates(m, labelsOf(m.labels), { bootstrapResamples: 1000, permutations: 1000, seed: 1 });
 */
export function semanticAggregates(
  m: SquareMatrix,
  lab: { functions: string[]; categories: string[]; families: string[]; formats: string[] },
  opts: { bootstrapResamples?: number; permutations?: number; cliqueThreshold?: number; seed?: number; replicates?: Int32Array[][]; band?: [number, number] } = {},
): Pick<SemanticChapterResult, "functionLevel" | "categoryTests" | "family" | "format" | "category" | "clique" | "summary"> {
  const n = m.labels.length;
  const seed = opts.seed ?? SEMANTIC_SEED;
  const permutations = opts.permutations ?? 10000;
  const threshold = opts.cliqueThreshold ?? SEMANTIC_CLIQUE_THRESHOLD;
  const fl = functionLevelMatrix(m.values, n, lab.functions);
  const categoryTests = withinCrossBootstrap(m.values, n, groupByCategory(lab.categories), {
    resamples: opts.bootstrapResamples ?? 10000, seed, replicates: opts.replicates,
  });
  const members = maxCliqueLabels(m, threshold);
  const catOf = new Map(m.labels.map((l, i) => [l, lab.categories[i]] as const));
  return {
    summary: overlapSummary(m.values, n, opts.band),
    functionLevel: { labels: fl.labels, values: toNested(fl.values, fl.labels.length), sizes: fl.sizes, meanWithin: fl.meanWithin, meanCross: fl.meanCross },
    categoryTests,
    family: factorJson(compareWithinAcross(m, lab.families, { factor: "family", seed, permutations })),
    format: factorJson(compareWithinAcross(m, lab.formats, { factor: "format", seed: seed + 1, permutations })),
    category: factorJson(compareWithinAcross(m, lab.categories, { factor: "category", seed: seed + 2, permutations })),
    clique: { threshold, members, categories: members.map((b) => catOf.get(b) as string) },
  };
}

/**
 * Compute the semantic chapter from the committed questions and labels.
 *
 * @example
 *   const r = await semanticChapter({ resamples: 20, maxQuestions: 100 });   // smoke-sized
 *   r.summary.median, r.clique.members
 */
export async function semanticChapter(opts: SemanticChapterOptions = {}): Promise<SemanticChapterResult> {
  const dataDir = opts.dataDir ?? join(__dirname, "..", "..", "data");
  const root = join(dataDir, "questions");
  const labels = readLabels(join(dataDir, "labels.csv"));
  const seed = opts.seed ?? SEMANTIC_SEED;
  const resamples = opts.resamples ?? 1000;
  const lsaDim = opts.lsaDim ?? 100;
  const maxTokens = opts.maxTokens ?? 384;
  const order = orderByCategory(opts.benchmarks ?? allQuestionBenchmarks(root), labels);
  const loaded = loadAllQuestions(order, { root });
  const sets: QuestionSet[] = loaded.map((b) => ({
    benchmark: b.benchmark, sha256: b.sha256,
    questions: opts.maxQuestions ? b.questions.slice(0, opts.maxQuestions) : b.questions,
  }));
  const lsa = fitLsa(sets.flatMap((s) => s.questions), { dim: lsaDim, seed, powerIterations: opts.lsaPowerIterations, oversample: opts.lsaOversample });
  const embedder = lsaConcatEmbedder(lsa, { maxTokens });
  const sem = await semanticOverlap(sets, embedder, { resamples, seed, onPair: opts.onPair });
  const n = order.length;
  const lab = {
    functions: order.map((b) => labelOf(labels, b).function),
    categories: order.map((b) => labelOf(labels, b).category),
    families: order.map((b) => labelOf(labels, b).family),
    formats: order.map((b) => labelOf(labels, b).format),
  };
  const agg = semanticAggregates({ labels: order, values: sem.values }, lab, { ...opts, band: paperBand(dataDir) });
  const params = {
    benchmarks: n, maxQuestions: opts.maxQuestions ?? null, resamples, lsaDim, maxTokens,
    bootstrapResamples: opts.bootstrapResamples ?? 10000, permutations: opts.permutations ?? 10000,
    cliqueThreshold: agg.clique.threshold, lsaFit: "all questions used, every benchmark", questionForm: "stems without answer options",
    functionLevel: "labels.csv function", withinCross: "labels.csv category", semantic: sem.provenance.params,
  };
  const hashes: Record<string, string> = { [labels.source]: labels.sha256 };
  for (const b of loaded) hashes[b.source] = b.sha256;
  return {
    order, ...lab, nQuestions: sets.map((s) => s.questions.length), nPairs: (n * (n - 1)) / 2,
    embedder: sem.embedder, resamples,
    matrix: { labels: order, values: toNested(sem.values, n), lower: toNested(sem.lower, n), upper: toNested(sem.upper, n) },
    ...agg,
    notes: [
      `Embedder: ${sem.embedder.name} (dim ${sem.embedder.dim}, ${maxTokens} word tokens per concatenation) fitted on the ${sets.reduce((s, x) => s + x.questions.length, 0)} questions used; the paper used MPNet (all-mpnet-base-v2), whose cosines sit on another scale (MPNet cosines of unrelated English text are rarely below 0), so compare patterns, not levels, with the paper's 0.1–0.4 band.`,
      "Benchmarks: the 87 with carried questions (57 MMLU subjects, 27 BBH tasks, GSM8K, HumanEval, HellaSwag); the paper's 89 include MBPP, IFEval and AbsenceBench, which are not carried here.",
      ...(opts.maxQuestions ? [`Smoke-sized: only the first ${opts.maxQuestions} questions of each benchmark.`] : []),
    ],
    provenance: provenance("semantic-chapter: size-matched bootstrap of TF-IDF+LSA question embeddings, aggregated by function and category", params, seed, hashes),
  };
}

/** The semantic and performance overlaps on their common benchmarks, in the semantic display order. */
export interface SemanticPerformanceJoin {
  labels: string[];
  semantic: SquareMatrix;
  performance: SquareMatrix;
  /** Spearman correlation of the two upper triangles (pairs as observations; descriptive). */
  spearmanOfPairs: number;
  nPairs: number;
}

/**
 * Restrict both matrices to their common benchmarks (semantic order) and correlate their pairs.
 *
 * @example
 *   const j = joinSemanticPerformance(sem.matrix, perf.matrix);   // j.labels: MMLU + BBH + gsm8k + hellaswag
 */
export function joinSemanticPerformance(sem: { labels: string[]; values: number[][] }, perf: { labels: string[]; values: number[][] }): SemanticPerformanceJoin {
  const pIdx = new Map(perf.labels.map((l, i) => [l, i] as const));
  const keep = sem.labels.map((l, i) => [l, i] as const).filter(([l]) => pIdx.has(l));
  const k = keep.length;
  const s = new Float64Array(k * k), p = new Float64Array(k * k);
  keep.forEach(([la, ia], a) => keep.forEach(([lb, ib], b) => {
    s[a * k + b] = sem.values[ia][ib];
    p[a * k + b] = perf.values[pIdx.get(la) as number][pIdx.get(lb) as number];
  }));
  const ts = upperTriangle(s, k), tp = upperTriangle(p, k);
  return {
    labels: keep.map(([l]) => l), semantic: { labels: keep.map(([l]) => l), values: s }, performance: { labels: keep.map(([l]) => l), values: p },
    spearmanOfPairs: spearman(ts, tp), nPairs: ts.length,
  };
}

/** One (level, factor) cell of the bias comparison: the pair values and both tests. */
export interface BiasCell {
  level: string;
  factor: "family" | "format";
  within: number[];
  across: number[];
  summary: SemanticFactor;
}

/**
 * Family and format comparison at several overlap levels on the same benchmarks (the paper's Fig. 5
 * compares performance with signature level; here any named matrices with the same labels, e.g. the
 * joined semantic and performance matrices).
 *
 * @example
 *   const cells = biasByLevel([{ level: "performance", matrix: j.performance }, { level: "semantic", matrix: j.semantic }],
 *                             j.labels.map((b) => labelOf(labels, b).family), j.labels.map((b) => labelOf(labels, b).format), { seed: 1, permutations: 2000 });
 */
export function biasByLevel(
  levels: { level: string; matrix: SquareMatrix }[],
  families: readonly string[],
  formats: readonly string[],
  opts: { seed: number; permutations?: number },
): BiasCell[] {
  const out: BiasCell[] = [];
  for (const factor of ["family", "format"] as const) {
    const groups = factor === "family" ? families : formats;
    for (const { level, matrix } of levels) {
      const n = matrix.labels.length;
      const within: number[] = [], across: number[] = [];
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) (groups[i] === groups[j] ? within : across).push(matrix.values[i * n + j]);
      const c = compareWithinAcross(matrix, groups, { factor, seed: opts.seed + (factor === "format" ? 1 : 0), permutations: opts.permutations });
      out.push({ level, factor, within, across, summary: factorJson(c) });
    }
  }
  return out;
}
