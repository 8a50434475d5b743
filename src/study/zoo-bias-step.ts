import { zooBias, ZOO_BIAS_LEVELS, type ZooBiasCell, type ZooBiasFactor, type ZooBiasLevel, type ZooBiasResult } from "../chapters/zoo-bias";
import { ZOO_LEVEL_NAMES } from "../chapters/zoo-overlaps";
import { biasComparisonFigure } from "../figures/overlap-figures";
import { baseLayout, formatLog10P, GROUP_COLORS, jsonNumber, type PlotlyFigure } from "../figures/types";
import type { TableSpec } from "../report/table";
import { loadZooData } from "../zoo/zoo-data";
import { paperNumber } from "./performance-step";
import type { StepResult, StudyContext, StudyFigure, StudyStep } from "./types";

/**
 * Presenting the zoo bias chapter (src/chapters/zoo-bias.ts): Fig. 5 and Table 5 on the zoo as figures,
 * tables, prose and headline numbers, used by the study step and by notebook 14. Nothing here computes a
 * statistic except through the chapter.
 */

/** Label permutations and Table 5 bootstrap replicates per profile (the paper's 10,000 on default). */
export const ZOO_BIAS_PROFILE = {
  default: { permutations: 10000, bootstrapResamples: 10000 },
  smoke: { permutations: 2000, bootstrapResamples: 2000 },
} as const;

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "NA");
const p3 = (x: number) => (Number.isFinite(x) ? (x < 1e-3 ? x.toExponential(1) : x.toFixed(3)) : "NA");
const FACTOR_WORD: Record<ZooBiasFactor, string> = { family: "family", format: "format", domain: "source domain" };

/**
 * A cell of the bias result by level, factor and pair set.
 *
 * @example
 *   zooBiasCell(b, "performance", "family").summary.withinMean
 */
export function zooBiasCell(b: ZooBiasResult, level: ZooBiasLevel, factor: ZooBiasFactor, pairs: "all" | "different-domain" = "all"): ZooBiasCell {
  const c = b.cells.find((x) => x.level === level && x.factor === factor && x.pairs === pairs);
  if (!c) throw new Error(`zooBiasCell: no cell ${level} / ${factor} / ${pairs}`);
  return c;
}

/**
 * Fig. 5 on the zoo for one factor: same vs different group at performance, unsigned signature and
 * sign-weighted signature level side by side, each panel with its Mann–Whitney and permutation p.
 *
 * @example
 *   showFigure(zooBiasFigure(b, "family").spec);
 */
export function zooBiasFigure(b: ZooBiasResult, factor: ZooBiasFactor, pairs: "all" | "different-domain" = "all"): StudyFigure {
  const w = FACTOR_WORD[factor];
  return {
    id: `${factor}-bias${pairs === "all" ? "" : "-different-domain"}`,
    spec: biasComparisonFigure(ZOO_BIAS_LEVELS.map((l) => {
      const c = zooBiasCell(b, l, factor, pairs);
      return {
        title: `${ZOO_LEVEL_NAMES[l]}`,
        groups: [{ name: `same ${w}`, values: c.within }, { name: `different ${w}`, values: c.across }],
        pValues: [
          { label: "Mann–Whitney", p: c.summary.mannWhitneyP, text: `p = ${formatLog10P(c.summary.mannWhitneyLog10P)}` },
          { label: "label permutation (one-sided)", p: c.summary.permutationP },
        ],
      };
    }), { title: `Within vs across ${w}${pairs === "all" ? "" : " (different-domain pairs only)"}, by overlap level`, yTitle: "overlap", yRange: [-1.02, 1.02] }),
    caption: `Pairs of the ${b.labels.length} zoo-domain benchmarks${pairs === "all" ? "" : " whose source domains differ"}; Mann–Whitney as R's wilcox.test (exact = FALSE, continuity correction, two-sided; pairs treated as independent, as the paper does) and the one-sided label-permutation p (${b.permutations} permutations; dependence between pairs kept).`,
  };
}

/**
 * Table 5 on the zoo as a figure: within − cross per source domain with its 95% bootstrap interval, one
 * series per level.
 *
 * @example
 *   showFigure(zooTable5Figure(b).spec);
 */
export function zooTable5Figure(b: ZooBiasResult): StudyFigure {
  const data = ZOO_BIAS_LEVELS.map((l, k) => {
    const rows = b.categoryTests[l];
    return {
      type: "scatter", mode: "markers", name: ZOO_LEVEL_NAMES[l], x: rows.map((c) => c.category), y: rows.map((c) => jsonNumber(c.diff)),
      marker: { size: 10, color: GROUP_COLORS[k] }, offsetgroup: l,
      error_y: { type: "data", symmetric: false, color: GROUP_COLORS[k], array: rows.map((c) => jsonNumber(c.upper - c.diff)), arrayminus: rows.map((c) => jsonNumber(c.diff - c.lower)) },
      text: rows.map((c) => `p = ${p3(c.p)}, Holm ${p3(c.pHolm)}`), hovertemplate: "%{x}: %{y:.3f} (%{text})<extra></extra>",
    };
  });
  const layout = baseLayout({ title: "Table 5 on the zoo: within-domain minus cross-domain overlap, per source domain" }, 900, 500);
  layout.xaxis = { type: "category" };
  layout.yaxis = { title: { text: "within − cross" }, zeroline: true, zerolinecolor: "#888888", gridcolor: "#eeeeee" };
  layout.scattermode = "group";
  layout.margin = { l: 70, r: 30, t: 80, b: 80 };
  const spec: PlotlyFigure = { data, layout, config: { displaylogo: false } };
  return {
    id: "table5-intervals", spec,
    caption: `Points: D(c) = mean within-domain overlap − mean over other domains of the between-domain mean; bars: 95% percentile interval of the stratified benchmark bootstrap (${b.bootstrapResamples} replicates, seed ${b.seed}).`,
  };
}

/**
 * Every Fig. 5 comparison as one table.
 *
 * @example
 *   showTable(zooBiasTable(b), { digits: 3 });
 */
export function zooBiasTable(b: ZooBiasResult): TableSpec {
  return {
    caption: `Within vs across group (Fig. 5): Mann–Whitney U (R's W; two-sided and "within greater") and label permutation (${b.permutations} permutations)`,
    columns: ["factor", "pairs", "level", "n within", "n across", "mean within", "mean across", "difference", "W", "p (two-sided)", "p (greater)", "AUC", "permutation p (greater)"],
    rows: b.cells.map((c) => [c.factor, c.pairs, ZOO_LEVEL_NAMES[c.level], c.summary.nWithin, c.summary.nAcross, c.summary.withinMean, c.summary.acrossMean, c.summary.difference,
      c.summary.mannWhitneyW, c.summary.mannWhitneyP, c.summary.mannWhitneyPGreater, c.summary.auc, c.summary.permutationP]),
  };
}

/**
 * Table 5 for one level: per source domain, within vs cross, the bootstrap interval, signed percentile and p (Holm).
 *
 * @example
 *   showTable(zooCategoryTable(b, "signature"), { digits: 3 });
 */
export function zooCategoryTable(b: ZooBiasResult, level: ZooBiasLevel): TableSpec {
  return {
    caption: `Table 5 on the zoo, ${ZOO_LEVEL_NAMES[level]}: within- vs cross-domain overlap per source domain (stratified benchmark bootstrap, ${b.bootstrapResamples} replicates, seed ${b.seed}; Holm across domains)`,
    columns: ["domain", "benchmarks", "within", "cross", "within − cross", "95% low", "95% high", "signed percentile", "p", "p (Holm)"],
    rows: b.categoryTests[level].map((c) => [c.category, c.size, c.within, c.cross, c.diff, c.lower, c.upper, c.signedPercentile, c.p, c.pHolm]),
  };
}

/**
 * The chapter's reading in words, every number from the result.
 *
 * @example
 *   showMarkdown(zooBiasProse(b, 0));
 */
export function zooBiasProse(b: ZooBiasResult, paperSignatureDifference: number | null): string {
  const line = (factor: ZooBiasFactor, pairs: "all" | "different-domain" = "all") => ZOO_BIAS_LEVELS.map((l) => {
    const c = zooBiasCell(b, l, factor, pairs).summary;
    return `${ZOO_LEVEL_NAMES[l]} ${f3(c.withinMean)} vs ${f3(c.acrossMean)} (Mann–Whitney p = ${p3(c.mannWhitneyP)}, permutation p = ${p3(c.permutationP)})`;
  }).join("; ");
  const sig = (l: ZooBiasLevel) => b.categoryTests[l].filter((c) => c.pHolm < 0.05);
  const perfInflated = (["family", "format"] as const).filter((f) => { const c = zooBiasCell(b, "performance", f).summary; return c.difference > 0 && c.permutationP < 0.05; });
  const sigInflated = (["family", "format"] as const).filter((f) => { const c = zooBiasCell(b, "signature", f).summary; return c.difference > 0 && c.permutationP < 0.05; });
  const dom = zooBiasCell(b, "signature", "domain").summary, domP = zooBiasCell(b, "performance", "domain").summary, domW = zooBiasCell(b, "signatureSigned", "domain").summary;
  return [
    `**The paper's claim (Fig. 5).** On real LLMs, performance overlap is inflated for benchmarks of the same family or format, and signature overlap is not (difference ≈ ${paperSignatureDifference ?? 0}, not significant). On the zoo (${b.nModels} models, ${b.labels.length} benchmarks), pairs of the same **family** vs different families: ${line("family")}. Same vs different **format**: ${line("format")}.`,
    `**Reading.** At performance level, ${perfInflated.length ? `same-${perfInflated.join(" and same-")} pairs overlap more than the rest (one-sided permutation p < 0.05), as in the paper` : "neither family nor format raises the overlap significantly (one-sided permutation p ≥ 0.05), unlike the paper"}; at (unsigned) signature level, ${sigInflated.length ? `same-${sigInflated.join(" and same-")} pairs overlap more, unlike the paper` : "neither does, as in the paper"}. On different-domain pairs only (the same-domain nextword pairs removed): family ${line("family", "different-domain")}; format ${line("format", "different-domain")}.`,
    `**The zoo's ground truth.** Pairs from the same **source domain** — benchmarks whose scores are driven by exposure to the same text — vs different domains: ${line("domain")}. So the unsigned signature ${dom.permutationP < 0.05 && dom.difference > 0 ? "does" : "does not"} separate same-domain pairs (permutation p = ${p3(dom.permutationP)}), the sign-weighted signature ${domW.permutationP < 0.05 && domW.difference > 0 ? "does" : "does not"} (p = ${p3(domW.permutationP)}), and performance ${domP.permutationP < 0.05 && domP.difference > 0 ? "does" : "does not"} (p = ${p3(domP.permutationP)}). A statistic free of family/format bias is only useful if it also sees this contrast.`,
    `**Table 5 on the zoo** (within − cross per source domain, ${b.bootstrapResamples} bootstrap replicates, Holm across ${b.categoryTests.signature.length} domains): significant at 0.05 after Holm — unsigned signature: ${sig("signature").map((c) => `${c.category} (${f3(c.diff)})`).join(", ") || "none"}; sign-weighted: ${sig("signatureSigned").map((c) => `${c.category} (${f3(c.diff)})`).join(", ") || "none"}; performance: ${sig("performance").map((c) => `${c.category} (${f3(c.diff)})`).join(", ") || "none"}. The paper's Table 5 values were not recovered, so only the procedure is compared.`,
    `**Where the zoo differs.** The paper's families are MMLU vs BBH (two suites with different authors, topics and scoring); the zoo's are four item templates applied to the same seven text domains, crossed with domain by design, so family and domain can be separated. The formats are 4-way multiple choice vs 2-way "true/false" (two-option) items. The models are tiny and the scores noisy (binomial noise at ${b.items} items per benchmark).`,
    b.notes.map((t) => `- ${t}`).join("\n"),
  ].join("\n\n");
}

/**
 * Headline numbers (plain JSON) as the study writes them to `zoo-bias.json`.
 *
 * @example
 *   zooBiasHeadline(b).cells[0].mannWhitneyP
 */
export function zooBiasHeadline(b: ZooBiasResult) {
  return {
    profile: b.profile, nModels: b.nModels, nBenchmarks: b.labels.length, permutations: b.permutations, bootstrapResamples: b.bootstrapResamples, seed: b.seed,
    cells: b.cells.map((c) => ({
      level: c.level, factor: c.factor, pairs: c.pairs, nWithin: c.summary.nWithin, nAcross: c.summary.nAcross, withinMean: c.summary.withinMean, acrossMean: c.summary.acrossMean,
      difference: c.summary.difference, mannWhitneyW: c.summary.mannWhitneyW, mannWhitneyP: c.summary.mannWhitneyP, mannWhitneyPGreater: c.summary.mannWhitneyPGreater,
      auc: c.summary.auc, permutationP: c.summary.permutationP,
    })),
    table5: Object.fromEntries(ZOO_BIAS_LEVELS.map((l) => [l, b.categoryTests[l].map((c) => ({ domain: c.category, size: c.size, within: c.within, cross: c.cross, diff: c.diff, lower: c.lower, upper: c.upper, signedPercentile: c.signedPercentile, p: c.p, pHolm: c.pHolm }))])),
    paperSignatureDifference: null as number | null,
  };
}

/**
 * Study step `zoo-bias`: Fig. 5 (family / format bias at performance vs signature level, plus the
 * same-domain ground truth) and Table 5 (per-domain within vs cross bootstrap) on the model zoo.
 */
export const zooBiasStep: StudyStep = {
  id: "zoo-bias",
  title: "Zoo: family and format bias at performance vs signature level (paper Fig. 5) and Table 5, with the same-domain ground truth",
  async run(ctx: StudyContext): Promise<StepResult> {
    const p = ZOO_BIAS_PROFILE[ctx.profile.name];
    const z = loadZooData(ctx.outDir);
    const b = zooBias(z, { seed: ctx.profile.seed, permutations: p.permutations, bootstrapResamples: p.bootstrapResamples });
    const paper = paperNumber(ctx.repoRoot, "signature_family_format_difference");
    return {
      headline: { ...zooBiasHeadline(b), paperSignatureDifference: paper },
      figures: [zooBiasFigure(b, "family"), zooBiasFigure(b, "format"), zooBiasFigure(b, "domain"), zooBiasFigure(b, "family", "different-domain"), zooTable5Figure(b)],
      prose: zooBiasProse(b, paper),
      tables: [zooBiasTable(b), ...ZOO_BIAS_LEVELS.map((l) => zooCategoryTable(b, l))],
      provenance: b.provenance,
    };
  },
};
