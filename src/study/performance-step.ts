import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performanceChapter, type FactorSummary, type PerformanceChapterResult } from "../chapters/performance";
import { comparisonFigure } from "../figures/comparison";
import { heatmapFigure } from "../figures/heatmap";
import { formatLog10P } from "../figures/types";
import type { TableSpec } from "../report/table";
import { labelOf, readLabels, type Labels } from "../scores/labels";
import type { StepResult, StudyContext, StudyFigure, StudyStep } from "./types";

/**
 * Presenting the performance chapter (src/chapters/performance.ts): figures, tables, prose and
 * headline numbers made from its result, used by the study step and by the chapter notebook.
 * Nothing here computes a statistic; every number comes from `performanceChapter`.
 */

/** Permutations of the label-permutation tests per profile (smoke keeps CI fast). */
export const PERFORMANCE_PERMUTATIONS = { default: 10000, smoke: 2000 } as const;

/**
 * The pairwise overlaps of a square matrix (nested rows, n x n) split by a grouping: pairs i < j
 * whose two benchmarks share a group ("within") and the rest ("across").
 *
 * @example
 *   withinAcrossValues([[1, 0.9, 0.1], [0.9, 1, 0.2], [0.1, 0.2, 1]], ["a", "a", "b"])
 *   // { within: [0.9], across: [0.1, 0.2] }
 */
export function withinAcrossValues(values: number[][], groups: readonly string[]): { within: number[]; across: number[] } {
  const within: number[] = [], across: number[] = [];
  for (let i = 0; i < groups.length; i++) for (let j = i + 1; j < groups.length; j++) {
    (groups[i] === groups[j] ? within : across).push(values[i][j]);
  }
  return { within, across };
}

/**
 * A number the paper reports, by id, from `data/paper-numbers.json`; null when absent.
 *
 * @example
 *   paperNumber(".", "performance_overlap_typical")  // 0.8
 */
export function paperNumber(repoRoot: string, id: string): number | null {
  try {
    const d = JSON.parse(readFileSync(join(repoRoot, "data", "paper-numbers.json"), "utf8")) as { numbers: { id: string; value: number }[] };
    return d.numbers.find((x) => x.id === id)?.value ?? null;
  } catch {
    return null;
  }
}

const f3 = (x: number) => x.toFixed(3);

function permutationsOf(r: PerformanceChapterResult): number {
  const p = r.provenance.params.permutations;
  return typeof p === "number" ? p : NaN;
}

/**
 * The category-ordered Spearman overlap heatmap of the chapter (paper Fig. 4(c)), on the shared
 * −1..1 colour scale with lines between function categories.
 *
 * @example
 *   showFigure(performanceHeatmap(performanceChapter()));
 */
export function performanceHeatmap(r: PerformanceChapterResult): StudyFigure {
  const categories: Record<string, string> = {};
  r.order.forEach((b, i) => { categories[b] = r.categories[i]; });
  return {
    id: "heatmap",
    spec: heatmapFigure(
      { labels: r.matrix.labels, values: Float64Array.from(r.matrix.values.flat()) },
      { title: `Performance overlap: Spearman ρ of scores over ${r.nModels} LLMs (${r.order.length} benchmarks)`, categories, categoryOrder: [...new Set(r.categories)], colorbarTitle: "Spearman ρ" },
    ),
    caption: "Benchmarks ordered by function category (labels.csv); lines separate the categories; colour scale fixed at −1..1 as in every overlap figure.",
  };
}

/**
 * Box/strip plot of the overlaps of benchmark pairs that share a family (or format, or function
 * category) against pairs that do not (the performance half of paper Fig. 5), with both tests'
 * p-values in the title.
 *
 * @example
 *   showFigure(performanceComparison(r, readLabels("data/labels.csv"), "family").spec);
 */
export function performanceComparison(r: PerformanceChapterResult, labels: Labels, factor: "family" | "format" | "category"): StudyFigure {
  const f = r[factor];
  const { within, across } = withinAcrossValues(r.matrix.values, r.order.map((b) => labelOf(labels, b)[factor]));
  return {
    id: `${factor}-comparison`,
    spec: comparisonFigure(
      [{ name: `same ${factor}`, values: within }, { name: `different ${factor}`, values: across }],
      {
        title: `Performance overlap within vs across ${factor}`,
        yTitle: "Spearman overlap of scores",
        yRange: [-0.2, 1.02],
        pValues: [
          { label: "Mann–Whitney (two-sided)", p: f.mannWhitneyP, text: `p = ${formatLog10P(f.mannWhitneyLog10P)}` },
          { label: `label permutation (${permutationsOf(r)}, one-sided)`, p: f.permutationP },
        ],
      },
    ),
    caption: `Each point is one pair of benchmarks. Mann–Whitney U as R's \`wilcox.test(within, across, exact = FALSE, correct = TRUE)\`; the permutation test shuffles the ${factor} labels over benchmarks (pairs sharing a benchmark are not independent, so its p is the honest one).`,
  };
}

/**
 * Mean overlap of the benchmark pairs inside each family (or format, or category), as a table.
 *
 * @example
 *   showTable(performanceGroupTable(r, "family"));
 */
export function performanceGroupTable(r: PerformanceChapterResult, factor: "family" | "format" | "category"): TableSpec {
  const f = r[factor];
  return {
    caption: `Mean within-${factor} overlap by ${factor}`,
    columns: [factor, "benchmarks", "mean overlap of pairs inside"],
    rows: Object.entries(f.groups).map(([g, k]) => [g, k, f.withinByGroup[g] ?? NaN]),
  };
}

/**
 * The format comparison inside each family that mixes formats (separating the format effect from
 * the family effect), one row per family.
 *
 * @example
 *   showTable(formatWithinFamilyTable(r));
 */
export function formatWithinFamilyTable(r: PerformanceChapterResult): TableSpec {
  return {
    caption: "Same vs different format inside one family",
    columns: ["family", "pairs same format", "pairs different format", "mean same", "mean different", "difference", "Mann–Whitney p", "permutation p"],
    rows: Object.entries(r.formatWithinFamily ?? {}).map(([fam, f]) => [
      fam, f.nWithin, f.nAcross, f.withinMean, f.acrossMean, f.difference, formatLog10P(f.mannWhitneyLog10P), f.permutationP,
    ]),
  };
}

/**
 * The chapter's reading in words (markdown), every number filled in from the result; `paper` is
 * the paper's typical performance overlap (null when unknown).
 *
 * @example
 *   showMarkdown(performanceProse(r, 0.8));
 */
export function performanceProse(r: PerformanceChapterResult, paper: number | null): string {
  const fam = r.family, fmt = r.format, cat = r.category, n = r.order.length, perms = permutationsOf(r);
  const more = (f: FactorSummary) => (f.withinMean > f.acrossMean ? "more" : "less");
  const agg = r.droppedAggregates.length;
  return [
    `On the complete block of **${r.nModels} real LLMs** and **${n} benchmarks** (${r.nPairs} pairs; ${r.droppedModels} models dropped for missing scores, ${agg} aggregate column${agg === 1 ? "" : "s"} excluded), the Spearman overlap of benchmark scores has mean **${f3(r.meanOverlap)}** and median **${f3(r.medianOverlap)}** (range ${f3(r.minOverlap)} to ${f3(r.maxOverlap)}); ${(100 * r.fractionAbove05).toFixed(1)}% of pairs exceed 0.5.` +
      (paper !== null ? ` The paper describes performance overlaps as almost uniformly high (about ${paper}) on its 32 models.` : ""),
    `Pairs from the **same family** overlap ${more(fam)} than pairs across families (mean ${f3(fam.withinMean)} vs ${f3(fam.acrossMean)}; Mann–Whitney p = ${formatLog10P(fam.mannWhitneyLog10P)}; label-permutation p = ${fam.permutationP.toPrecision(3)} with ${perms} permutations). Pairs with the **same question format** overlap ${more(fmt)} than pairs across formats (${f3(fmt.withinMean)} vs ${f3(fmt.acrossMean)}; Mann–Whitney p = ${formatLog10P(fmt.mannWhitneyLog10P)}; permutation p = ${fmt.permutationP.toPrecision(3)}). The paper reads such differences as performance overlap being inflated by family and format rather than by what the benchmarks test.`,
    ...(cat ? [`Pairs in the **same function category** (the heatmap blocks) overlap ${more(cat)} than pairs across categories (${f3(cat.withinMean)} vs ${f3(cat.acrossMean)}; Mann–Whitney p = ${formatLog10P(cat.mannWhitneyLog10P)}; permutation p = ${cat.permutationP.toPrecision(3)}): compare the within-family gap of ${f3(fam.difference)} with the within-category gap of ${f3(cat.difference)}.`] : []),
    ...(r.formatWithinFamily && Object.keys(r.formatWithinFamily).length ? [`Inside a single family, where family cannot explain it, same-format pairs differ from different-format pairs by ${Object.entries(r.formatWithinFamily).map(([k, f]) => `${f3(f.difference)} in ${k} (permutation p = ${f.permutationP.toPrecision(3)})`).join(" and ")}.`] : []),
    `Where this differs from the paper: the models are the ${r.nModels} LLMs with complete scores in Sloth (Maia Polo et al. 2024), not the paper's 32; the benchmarks are those Sloth covers.`,
    r.notes.map((t) => `- ${t}`).join("\n"),
  ].join("\n\n");
}

function factorHeadline(f: FactorSummary) {
  return {
    withinMean: f.withinMean, acrossMean: f.acrossMean, difference: f.difference, nWithin: f.nWithin, nAcross: f.nAcross,
    mannWhitneyP: f.mannWhitneyP, mannWhitneyLog10P: f.mannWhitneyLog10P, auc: f.auc, permutationP: f.permutationP,
  };
}

/**
 * The chapter's headline numbers (plain JSON) as the study writes them to `performance.json`.
 *
 * @example
 *   performanceHeadline(r, 0.8).family.withinMean
 */
export function performanceHeadline(r: PerformanceChapterResult, paper: number | null) {
  return {
    nModels: r.nModels, nBenchmarks: r.order.length, nPairs: r.nPairs, droppedModels: r.droppedModels,
    excludedAggregates: r.droppedAggregates.map((a) => a.benchmark),
    meanOverlap: r.meanOverlap, medianOverlap: r.medianOverlap, minOverlap: r.minOverlap, maxOverlap: r.maxOverlap,
    fractionAbove05: r.fractionAbove05, permutations: permutationsOf(r), family: factorHeadline(r.family), format: factorHeadline(r.format),
    category: r.category ? factorHeadline(r.category) : null,
    formatWithinFamily: Object.fromEntries(Object.entries(r.formatWithinFamily ?? {}).map(([k, f]) => [k, factorHeadline(f)])),
    paperTypicalPerformanceOverlap: paper,
  };
}

/**
 * Study step `performance`: the performance arm of the paper (Fig. 4(c), performance half of Fig. 5)
 * on the complete block of real LLMs in the committed Sloth scores: the category-ordered Spearman
 * overlap heatmap and the within- vs across-family and -format comparisons with both tests.
 */
export const performanceStep: StudyStep = {
  id: "performance",
  title: "Performance overlap of real LLMs (paper Fig. 4c and Fig. 5, performance arm)",
  async run(ctx: StudyContext): Promise<StepResult> {
    const permutations = PERFORMANCE_PERMUTATIONS[ctx.profile.name];
    const r = performanceChapter({ dataDir: join(ctx.repoRoot, "data"), permutations, seed: ctx.profile.seed });
    const labels = readLabels(join(ctx.repoRoot, "data", "labels.csv"));
    ctx.log(`${r.nModels} models x ${r.nBenchmarks} benchmarks, ${r.nPairs} pairs, ${permutations} permutations`);
    const paper = paperNumber(ctx.repoRoot, "performance_overlap_typical");
    return {
      headline: performanceHeadline(r, paper),
      figures: [performanceHeatmap(r), performanceComparison(r, labels, "family"), performanceComparison(r, labels, "format"), performanceComparison(r, labels, "category")],
      prose: performanceProse(r, paper),
      tables: [performanceGroupTable(r, "family"), performanceGroupTable(r, "format"), formatWithinFamilyTable(r), performanceGroupTable(r, "category")],
      provenance: r.provenance,
    };
  },
};
