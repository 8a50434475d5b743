import { join } from "node:path";
import { performanceChapter } from "../chapters/performance";
import {
  biasByLevel, joinSemanticPerformance, semanticChapter,
  type BiasCell, type SemanticChapterResult, type SemanticPerformanceJoin,
} from "../chapters/semantic";
import { biasComparisonFigure, cliqueHeatmap, functionLevelHeatmap, overlapPanels } from "../figures/overlap-figures";
import { formatLog10P } from "../figures/types";
import type { TableSpec } from "../report/table";
import { labelOf, readLabels } from "../scores/labels";
import { paperNumber } from "./performance-step";
import type { StepResult, StudyContext, StudyFigure, StudyStep } from "./types";

/**
 * Presenting the semantic chapter (src/chapters/semantic.ts): figures, tables, prose and headline
 * numbers made from its result, used by the study step and by the chapter notebook. Nothing here
 * computes a statistic except through the chapter's functions.
 */

/** Parameters per profile: smoke keeps the step to seconds (first 100 questions, T = 20). */
export const SEMANTIC_PROFILE = {
  default: { resamples: 1000, maxQuestions: undefined, bootstrapResamples: 10000, permutations: 10000 },
  smoke: { resamples: 20, maxQuestions: 100, bootstrapResamples: 2000, permutations: 2000 },
} as const;

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "NA");

function categoryMap(r: { order: string[]; categories: string[] }): Record<string, string> {
  const m: Record<string, string> = {};
  r.order.forEach((b, i) => { m[b] = r.categories[i]; });
  return m;
}

/**
 * The category-ordered semantic overlap heatmap (paper Fig. 4(b)) with the maximum clique outlined.
 *
 * @example
 *   showFigure(semanticHeatmap(r).spec);
 */
export function semanticHeatmap(r: SemanticChapterResult): StudyFigure {
  return {
    id: "heatmap",
    spec: cliqueHeatmap(
      { labels: r.matrix.labels, values: Float64Array.from(r.matrix.values.flat()) },
      r.clique.members,
      {
        title: `Semantic overlap of benchmark questions (${r.embedder.name}, T = ${r.resamples}, ${r.order.length} benchmarks)`,
        categories: categoryMap(r), categoryOrder: [...new Set(r.categories)], colorbarTitle: "mean cosine", threshold: r.clique.threshold,
      },
    ),
    caption: `Mean cosine of the size-matched bootstrap; benchmarks ordered by category (labels.csv), lines between categories, scale fixed at −1..1. Green outlines (dots when there are many benchmarks): the maximum clique of the graph with an edge where overlap > ${r.clique.threshold}.`,
  };
}

/**
 * The function-level matrix (paper Fig. 1 left) of the semantic overlaps.
 *
 * @example
 *   showFigure(semanticFunctionLevel(r, { within: 0.285, cross: 0.105 }).spec);
 */
export function semanticFunctionLevel(r: SemanticChapterResult, paper: { within: number; cross: number } | null): StudyFigure {
  const f = r.functionLevel, k = f.labels.length;
  return {
    id: "function-level",
    spec: functionLevelHeatmap(
      { labels: f.labels, values: Float64Array.from(f.values.flat(), (v) => (v === null ? NaN : v)) },
      { title: "Semantic overlap by function", sizes: f.sizes, meanWithin: f.meanWithin, meanCross: f.meanCross, paper: paper ?? undefined, order: ["mathematics", "logic", "knowledge", "reasoning", "language", "world-knowledge", "coding"] },
    ),
    caption: `Mean overlap of benchmark pairs within (diagonal) and between the ${k} functions; a function with one benchmark has no within value. The paper's 0.285 / 0.105 are signature-level numbers, shown for orientation only.`,
  };
}

/**
 * Semantic and performance overlap of the common benchmarks side by side, one −1..1 colour axis, one order.
 *
 * @example
 *   showFigure(semanticPerformancePanels(j, r).spec);
 */
export function semanticPerformancePanels(j: SemanticPerformanceJoin, r: SemanticChapterResult): StudyFigure {
  const cats = categoryMap(r);
  return {
    id: "semantic-vs-performance",
    spec: overlapPanels([{ name: "semantic (questions)", matrix: j.semantic }, { name: "performance (scores of real LLMs)", matrix: j.performance }], {
      categories: cats, labels: j.labels, title: `The same ${j.labels.length} benchmarks at two levels (Spearman of the ${j.nPairs} pairs: ${f3(j.spearmanOfPairs)})`,
    }),
    caption: "Benchmarks with both carried questions and complete Sloth scores, in the semantic chapter's category order; shared colour axis −1..1.",
  };
}

/**
 * The bias comparison at performance and semantic level side by side (paper Fig. 5 layout).
 *
 * @example
 *   showFigure(semanticBiasFigure(cells, "family").spec);
 */
export function semanticBiasFigure(cells: BiasCell[], factor: "family" | "format"): StudyFigure {
  const mine = cells.filter((c) => c.factor === factor);
  return {
    id: `${factor}-bias`,
    spec: biasComparisonFigure(mine.map((c) => ({
      title: `${c.level} · ${factor}`,
      groups: [{ name: `same ${factor}`, values: c.within }, { name: `different ${factor}`, values: c.across }],
      pValues: [
        { label: "Mann–Whitney", p: c.summary.mannWhitneyP, text: `p = ${formatLog10P(c.summary.mannWhitneyLog10P)}` },
        { label: "label permutation", p: c.summary.permutationP },
      ],
    })), { title: `Within vs across ${factor}, by overlap level`, yTitle: "overlap", yRange: [-0.3, 1.02] }),
    caption: `Pairs of the common benchmarks; Mann–Whitney as R's wilcox.test (pairs treated as independent) and the one-sided label-permutation p (dependence between pairs kept).`,
  };
}

/**
 * Within- vs cross-category bootstrap (paper Table 5 style), one row per category, Holm-adjusted.
 *
 * @example
 *   showTable(semanticCategoryTable(r), { digits: 3 });
 */
export function semanticCategoryTable(r: SemanticChapterResult): TableSpec {
  return {
    caption: "Within vs cross category (stratified benchmark bootstrap; Holm across categories)",
    columns: ["category", "benchmarks", "within", "cross", "within − cross", "95% low", "95% high", "signed percentile", "p", "p (Holm)"],
    rows: r.categoryTests.map((c) => [c.category, c.size, c.within, c.cross, c.diff, c.lower, c.upper, c.signedPercentile, c.p, c.pHolm]),
  };
}

/**
 * The chapter's reading in words, every number from the result.
 *
 * @example
 *   showMarkdown(semanticProse(r, j, [0.1, 0.4]));
 */
export function semanticProse(r: SemanticChapterResult, j: SemanticPerformanceJoin | null, band: [number, number] | null): string {
  const s = r.summary, fl = r.functionLevel;
  const sig = r.categoryTests.filter((c) => c.pHolm < 0.05);
  return [
    `Over **${r.nPairs} pairs** of ${r.order.length} benchmarks, the semantic overlap (${r.embedder.name}, T = ${r.resamples}) has median **${f3(s.median)}** (quartiles ${f3(s.q25)}–${f3(s.q75)}, range ${f3(s.min)} to ${f3(s.max)}); ${(100 * s.fractionInPaperBand).toFixed(1)}% of pairs fall inside ${band ? `the paper's ${band[0]}–${band[1]} band` : "the band"}.`,
    `Aggregated by function, the mean within-function overlap is ${f3(fl.meanWithin)} and the mean cross-function overlap ${f3(fl.meanCross)}. Pairs in the same family overlap ${f3(r.family.withinMean)} against ${f3(r.family.acrossMean)} across (permutation p = ${r.family.permutationP.toPrecision(3)}); same format ${f3(r.format.withinMean)} against ${f3(r.format.acrossMean)} (permutation p = ${r.format.permutationP.toPrecision(3)}).`,
    `In ${sig.length} of ${r.categoryTests.filter((c) => Number.isFinite(c.p)).length} testable categories the within-category overlap differs from the cross-category overlap after Holm's correction (p < 0.05; within − cross in brackets): ${sig.map((c) => `${c.category} (${f3(c.diff)})`).join(", ") || "none"}.`,
    `The maximum clique at overlap > ${r.clique.threshold} has **${r.clique.members.length}** members, from the categories ${[...new Set(r.clique.categories)].join(", ")}.`,
    ...(j ? [`On the ${j.labels.length} benchmarks that also have complete scores, the semantic and the performance overlap of a pair agree with Spearman ${f3(j.spearmanOfPairs)} over ${j.nPairs} pairs.`] : []),
    r.notes.map((t) => `- ${t}`).join("\n"),
  ].join("\n\n");
}

/**
 * Headline numbers (plain JSON) as the study writes them to `semantic.json`.
 *
 * @example
 *   semanticHeadline(r, j).summary.median
 */
export function semanticHeadline(r: SemanticChapterResult, j: SemanticPerformanceJoin | null, cells: BiasCell[]) {
  return {
    nBenchmarks: r.order.length, nPairs: r.nPairs, embedder: r.embedder.name, resamples: r.resamples,
    nQuestions: r.nQuestions.reduce((a, b) => a + b, 0), summary: r.summary,
    functionLevel: { labels: r.functionLevel.labels, meanWithin: r.functionLevel.meanWithin, meanCross: r.functionLevel.meanCross },
    family: r.family, format: r.format, category: r.category,
    categoryTests: r.categoryTests.map((c) => ({ category: c.category, size: c.size, diff: c.diff, p: c.p, pHolm: c.pHolm })),
    clique: r.clique,
    joinWithPerformance: j ? { nBenchmarks: j.labels.length, nPairs: j.nPairs, spearmanOfPairs: j.spearmanOfPairs } : null,
    bias: cells.map((c) => ({ level: c.level, factor: c.factor, withinMean: c.summary.withinMean, acrossMean: c.summary.acrossMean, mannWhitneyP: c.summary.mannWhitneyP, permutationP: c.summary.permutationP })),
  };
}

/**
 * Study step `semantic`: the semantic arm of the paper (Fig. 4(b), semantic Fig. 1) on the real
 * questions, joined with the performance overlap of the real LLMs for the side-by-side figures.
 */
export const semanticStep: StudyStep = {
  id: "semantic",
  title: "Semantic overlap of real benchmark questions (paper Fig. 4b, Fig. 1 and Fig. 5 side by side)",
  async run(ctx: StudyContext): Promise<StepResult> {
    const p = SEMANTIC_PROFILE[ctx.profile.name];
    const dataDir = join(ctx.repoRoot, "data");
    let last = 0;
    const r = await semanticChapter({
      dataDir, seed: ctx.profile.seed, resamples: p.resamples, maxQuestions: p.maxQuestions,
      bootstrapResamples: p.bootstrapResamples, permutations: p.permutations,
      onPair: (d, t) => { if (d === t || d - last >= 500) { last = d; ctx.log(`semantic pairs ${d}/${t}`); } },
    });
    const perf = performanceChapter({ dataDir, permutations: 100, seed: ctx.profile.seed });
    const j = joinSemanticPerformance(r.matrix, perf.matrix);
    const labels = readLabels(join(dataDir, "labels.csv"));
    const cells = biasByLevel(
      [{ level: "performance", matrix: j.performance }, { level: "semantic", matrix: j.semantic }],
      j.labels.map((b) => labelOf(labels, b).family), j.labels.map((b) => labelOf(labels, b).format),
      { seed: ctx.profile.seed, permutations: p.permutations },
    );
    const w = paperNumber(ctx.repoRoot, "mean_within_function_overlap"), c = paperNumber(ctx.repoRoot, "mean_cross_function_overlap");
    const band = r.summary.paperBand;
    return {
      headline: { ...semanticHeadline(r, j, cells), paperBand: band },
      figures: [semanticHeatmap(r), semanticFunctionLevel(r, w !== null && c !== null ? { within: w, cross: c } : null), semanticPerformancePanels(j, r), semanticBiasFigure(cells, "family"), semanticBiasFigure(cells, "format")],
      prose: semanticProse(r, j, band),
      tables: [semanticCategoryTable(r)],
      provenance: r.provenance,
    };
  },
};
