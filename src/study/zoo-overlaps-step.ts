import { join } from "node:path";
import { zooOverlaps, ZOO_LEVEL_NAMES, type ZooFunctionLevel, type ZooLevel, type ZooOverlapsResult } from "../chapters/zoo-overlaps";
import { functionLevelHeatmap, overlapPanels } from "../figures/overlap-figures";
import { baseLayout, GROUP_COLORS, jsonNumber, type PlotlyFigure } from "../figures/types";
import type { QuestionSet } from "../overlap/semantic";
import type { TableSpec } from "../report/table";
import { readBenchmarkDir } from "../zoo/benchmarks-io";
import { loadZooData, type ZooData } from "../zoo/zoo-data";
import { paperNumber } from "./performance-step";
import type { StepResult, StudyContext, StudyFigure, StudyStep } from "./types";

/**
 * Presenting the zoo overlaps chapter (src/chapters/zoo-overlaps.ts): the benchmarks' item texts (the one
 * file read), figures, tables, prose and headline numbers, used by the study step and by notebook 13.
 * Nothing here computes a statistic except through the chapter.
 */

/** Bootstrap replicates over models and semantic resamples per profile (smoke keeps the step to seconds). */
export const ZOO_OVERLAPS_PROFILE = {
  default: { ciResamples: 1000, semanticResamples: 1000 },
  smoke: { ciResamples: 200, semanticResamples: 50 },
} as const;

/** The paper's Fig. 1 numbers (signature level, real LLMs) from data/paper-numbers.json. */
export interface PaperFunctionNumbers { within: number; cross: number; mathLogic: number | null; performanceTypical: number | null }

/**
 * The paper's mean within- / cross-function signature overlap (and math–logic), or null when absent.
 *
 * @example
 *   zooPaperFunctionNumbers(".")  // { within: 0.285, cross: 0.105, mathLogic: 0.21, performanceTypical: 0.8 }
 */
export function zooPaperFunctionNumbers(repoRoot: string): PaperFunctionNumbers | null {
  const w = paperNumber(repoRoot, "mean_within_function_overlap"), c = paperNumber(repoRoot, "mean_cross_function_overlap");
  return w === null || c === null ? null : { within: w, cross: c, mathLogic: paperNumber(repoRoot, "math_logic_overlap"), performanceTypical: paperNumber(repoRoot, "performance_overlap_typical") };
}

/**
 * Item texts of the zoo benchmarks as question sets: each item's context (the text its options continue),
 * the first `items` items of each benchmark as the zoo data's profile scored them.
 *
 * @example
 *   const q = zooQuestionSets(z);   // [{ benchmark: "zoo_wiki_nextword", questions: [...400 contexts] }, ...]
 */
export function zooQuestionSets(z: ZooData, repoRoot: string = join(__dirname, "..", "..")): QuestionSet[] {
  const names = z.benchmarks.map((b) => b.name);
  const { benchmarks } = readBenchmarkDir(join(repoRoot, "data", "zoo", "benchmarks"), names);
  const used = new Map(z.benchmarks.map((b) => [b.name, b.items] as const));
  return benchmarks.map((b) => ({ benchmark: b.spec.name, sha256: b.spec.sha256, questions: b.items.slice(0, used.get(b.spec.name) ?? b.items.length).map((i) => i.context) }));
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "NA");
const short = (b: string) => b.replace(/^zoo_/, "");
const iv = (x: [number, number] | undefined) => (x ? `[${f3(x[0])}, ${f3(x[1])}]` : "");

function categories(r: ZooOverlapsResult): { cats: Record<string, string>; order: string[] } {
  const cats: Record<string, string> = {};
  r.labels.forEach((b, i) => (cats[short(b)] = r.domains[i]));
  return { cats, order: [...new Set(r.domains)] };
}

function named(r: ZooOverlapsResult, l: ZooLevel) {
  return { name: ZOO_LEVEL_NAMES[l], matrix: { labels: r.labels.map(short), values: Float64Array.from(r.levels[l].values.flat()) } };
}

/**
 * Fig. 4 on the zoo: signature, semantic and performance overlap of the 35 zoo-domain benchmarks, one −1..1
 * colour axis, ordered by source domain (blocks) then family then format.
 *
 * @example
 *   showFigure(zooOverlapPanels(r).spec);
 */
export function zooOverlapPanels(r: ZooOverlapsResult): StudyFigure {
  const { cats, order } = categories(r);
  return {
    id: "fig4-panels",
    spec: overlapPanels([named(r, "signature"), named(r, "semantic"), named(r, "performance")], {
      categories: cats, categoryOrder: order, labels: r.labels.map(short), colorbarTitle: "overlap",
      title: `Fig. 4 on the zoo: ${r.labels.length} benchmarks, ${r.nModels} models (profile ${r.profile})`,
    }),
    caption: `(a) signature overlap (paper's unsigned mean of within-model z-scores), (b) semantic overlap of the item contexts (${r.semantic.embedder.name}, T = ${r.semantic.resamples}), (c) performance overlap (Spearman of scores). Blocks = source domains; inside a block: nextword (MC), nextword2 (T/F), nextspan, wordorder, spelling. Negative controls not shown.`,
  };
}

/**
 * The paper's unsigned signature overlap next to the sign-weighted one (same order and scale).
 *
 * @example
 *   showFigure(zooSignedPanels(r).spec);
 */
export function zooSignedPanels(r: ZooOverlapsResult): StudyFigure {
  const { cats, order } = categories(r);
  return {
    id: "signature-unsigned-vs-signed",
    spec: overlapPanels([named(r, "signature"), named(r, "signatureSigned")], {
      categories: cats, categoryOrder: order, labels: r.labels.map(short), title: "Signature overlap: unsigned (paper) and sign-weighted",
    }),
    caption: "Sign-weighted: each piece's z-scored surprisal multiplied by the sign of its screening correlation before averaging, so pieces whose surprisal rises and falls with the score no longer cancel or add up regardless of direction.",
  };
}

/**
 * Fig. 1 (function level) on the zoo for one level and grouping (domain = the zoo's "functions", or family).
 *
 * @example
 *   showFigure(zooFunctionLevelFigure(r, "signature", "domain", zooPaperFunctionNumbers(".")).spec);
 */
export function zooFunctionLevelFigure(r: ZooOverlapsResult, level: ZooLevel, grouping: "domain" | "family", paper: PaperFunctionNumbers | null): StudyFigure {
  const f = r.functionLevel.find((x) => x.level === level && x.grouping === grouping);
  if (!f) throw new Error(`zooFunctionLevelFigure: no ${level} x ${grouping} view`);
  const k = f.labels.length;
  return {
    id: `function-level-${level}-${grouping}`,
    spec: functionLevelHeatmap({ labels: f.labels, values: Float64Array.from(f.values.flat(), (v) => (v === null ? NaN : v)) }, {
      title: `${ZOO_LEVEL_NAMES[level]} by ${grouping}`, sizes: f.sizes, meanWithin: f.meanWithin, meanCross: f.meanCross,
      paper: level === "signature" && paper ? { within: paper.within, cross: paper.cross } : undefined,
    }),
    caption: `Mean overlap of benchmark pairs within (diagonal) and between the ${k} ${grouping === "domain" ? "source domains" : "families"}.${f.ci ? ` Bootstrap over models (95%): mean within ${iv(f.ci.within)}, mean cross ${iv(f.ci.cross)}.` : ""}`,
  };
}

/**
 * Mean within vs mean cross (Fig. 1's two numbers) for every level and grouping, with 95% bootstrap
 * intervals over models, and the paper's 0.285 / 0.105 as dotted lines.
 *
 * @example
 *   showFigure(zooWithinCrossFigure(r, zooPaperFunctionNumbers(".")).spec);
 */
export function zooWithinCrossFigure(r: ZooOverlapsResult, paper: PaperFunctionNumbers | null): StudyFigure {
  const views = r.functionLevel;
  const x = views.map((f) => `${f.level === "signatureSigned" ? "signature ±" : f.level} · ${f.grouping}`);
  const trace = (which: "within" | "cross", k: number) => ({
    type: "scatter", mode: "markers", name: `mean ${which}`, x, y: views.map((f) => jsonNumber(which === "within" ? f.meanWithin : f.meanCross)),
    marker: { size: 10, color: GROUP_COLORS[k], symbol: which === "within" ? "circle" : "diamond" },
    error_y: {
      type: "data", symmetric: false, color: GROUP_COLORS[k],
      array: views.map((f) => (f.ci ? jsonNumber(f.ci[which][1] - (which === "within" ? f.meanWithin : f.meanCross)) : null)),
      arrayminus: views.map((f) => (f.ci ? jsonNumber((which === "within" ? f.meanWithin : f.meanCross) - f.ci[which][0]) : null)),
    },
    offsetgroup: which, hovertemplate: `%{x}: ${which} %{y:.3f}<extra></extra>`,
  });
  const layout = baseLayout({ title: "Mean within vs mean cross overlap (Fig. 1's summary numbers), by level and grouping" }, 900, 520);
  layout.xaxis = { type: "category", tickangle: -30 };
  layout.yaxis = { title: { text: "mean overlap" }, zeroline: true, zerolinecolor: "#bbbbbb", gridcolor: "#eeeeee" };
  layout.margin = { l: 70, r: 30, t: 80, b: 140 };
  layout.shapes = paper ? [
    { type: "line", xref: "paper", x0: 0, x1: 1, y0: paper.within, y1: paper.within, line: { dash: "dot", color: GROUP_COLORS[0] } },
    { type: "line", xref: "paper", x0: 0, x1: 1, y0: paper.cross, y1: paper.cross, line: { dash: "dot", color: GROUP_COLORS[1] } },
  ] : [];
  const spec: PlotlyFigure = { data: [trace("within", 0), trace("cross", 1)], layout, config: { displaylogo: false } };
  return {
    id: "within-cross-intervals", spec,
    caption: `Points: the run's mean within / mean cross of each function-level matrix; bars: 95% percentile bootstrap over models (${r.ci.resamples} replicates; none for the semantic level, whose resampling is over items).${paper ? ` Dotted lines: the paper's signature-level ${paper.within} (within) and ${paper.cross} (cross) on real LLMs.` : ""}`,
  };
}

/**
 * Fig. 1's two numbers for every level and grouping, with intervals and the paper's values beside them.
 *
 * @example
 *   showTable(zooFunctionLevelTable(r, zooPaperFunctionNumbers(".")), { digits: 3 });
 */
export function zooFunctionLevelTable(r: ZooOverlapsResult, paper: PaperFunctionNumbers | null): TableSpec {
  return {
    caption: `Function level (Fig. 1): mean within vs mean cross (each group or group pair weighted equally); 95% bootstrap over models, ${r.ci.resamples} replicates, seed ${r.ci.seed}`,
    columns: ["level", "grouping", "mean within", "95% CI", "mean cross", "95% CI", "within − cross", "95% CI", "paper within", "paper cross"],
    rows: r.functionLevel.map((f: ZooFunctionLevel) => [
      ZOO_LEVEL_NAMES[f.level], f.grouping, f.meanWithin, iv(f.ci?.within), f.meanCross, iv(f.ci?.cross), f.meanWithin - f.meanCross, iv(f.ci?.difference),
      f.level === "signature" && paper ? paper.within : "", f.level === "signature" && paper ? paper.cross : "",
    ]),
  };
}

/**
 * How each level recovers the zoo's ground truth (same source domain), and the summary of each matrix.
 *
 * @example
 *   showTable(zooLevelTable(r), { digits: 3 });
 */
export function zooLevelTable(r: ZooOverlapsResult): TableSpec {
  const ls: ZooLevel[] = ["signature", "signatureSigned", "semantic", "performance"];
  return {
    caption: `Each overlap level over the ${r.levels.signature.summary.nPairs} pairs: range, and Spearman with the same-domain indicator (${r.domainStructure.signature.nSame} same-domain pairs)`,
    columns: ["level", "median", "quartiles", "min", "max", "ρ with same domain", "mean same domain", "mean different domain"],
    rows: [
      ...ls.map((l) => {
        const s = r.levels[l].summary, d = r.domainStructure[l];
        return [ZOO_LEVEL_NAMES[l], s.median, `${f3(s.q25)}–${f3(s.q75)}`, s.min, s.max, d.spearman, d.meanSame, d.meanDifferent];
      }),
      ["signature (sign of OLS coefficient; check)", r.coefSignCheck.summary.median, `${f3(r.coefSignCheck.summary.q25)}–${f3(r.coefSignCheck.summary.q75)}`, r.coefSignCheck.summary.min, r.coefSignCheck.summary.max, r.coefSignCheck.domainStructure.spearman, r.coefSignCheck.domainStructure.meanSame, r.coefSignCheck.domainStructure.meanDifferent],
    ],
  };
}

/**
 * The negative controls' mean overlap with the 35 zoo-domain benchmarks.
 *
 * @example
 *   showTable(zooOverlapControlsTable(r), { digits: 3 });
 */
export function zooOverlapControlsTable(r: ZooOverlapsResult): TableSpec {
  return {
    caption: "Negative controls (real MMLU / HellaSwag items the zoo models answer at chance): mean overlap with the zoo-domain benchmarks",
    columns: ["control", "signature pieces", "signature (unsigned)", "signature (sign-weighted)", "performance"],
    rows: r.controls.map((c) => [c.benchmark, c.signatureSize, c.signature, c.signatureSigned, c.performance]),
  };
}

/**
 * The chapter's reading in words, every number from the result.
 *
 * @example
 *   showMarkdown(zooOverlapsProse(r, zooPaperFunctionNumbers(".")));
 */
export function zooOverlapsProse(r: ZooOverlapsResult, paper: PaperFunctionNumbers | null): string {
  const L = r.levels, D = r.domainStructure;
  const fl = (l: ZooLevel, g: "domain" | "family") => r.functionLevel.find((f) => f.level === l && f.grouping === g)!;
  const sd = fl("signature", "domain"), pd = fl("performance", "domain"), wd = fl("signatureSigned", "domain"), sf = fl("signature", "family"), pf = fl("performance", "family");
  const ag = (a: ZooLevel, b: ZooLevel) => r.agreement.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a))!.spearman;
  const sizes = r.signatures.slice(0, r.labels.length).map((s) => s.size);
  return [
    `**Setting.** ${r.nModels} zoo models (small GPT-2 models with known training mixtures), ${r.nPieces} wild-pool pieces, ${r.labels.length} zoo-domain benchmarks (${new Set(r.domains).size} source domains × 5 benchmarks; profile \`${r.profile}\`). Signatures have ${Math.min(...sizes)}–${Math.max(...sizes)} pieces. The paper has 32 real LLMs, ~1.7e7 RedPajama pieces and 89 benchmarks whose "functions" are assigned by hand; here the function of a benchmark is the domain its items come from, which is known.`,
    `**(a) Signature overlap** (the paper's unsigned statistic) ${L.signature.summary.q25 > 0.5 ? "is high almost everywhere" : L.signature.summary.median > 0.5 ? "is high for most pairs" : "is spread out"}: median ${f3(L.signature.summary.median)} (quartiles ${f3(L.signature.summary.q25)}–${f3(L.signature.summary.q75)}). The **sign-weighted** variant has median ${f3(L.signatureSigned.summary.median)} (quartiles ${f3(L.signatureSigned.summary.q25)}–${f3(L.signatureSigned.summary.q75)}). **(b) Semantic overlap** of the item contexts has median ${f3(L.semantic.summary.median)}, range ${f3(L.semantic.summary.min)}–${f3(L.semantic.summary.max)} (LSA, not MPNet: its level is not comparable with the paper's 0.1–0.4 band). **(c) Performance overlap** has median ${f3(L.performance.summary.median)} (quartiles ${f3(L.performance.summary.q25)}–${f3(L.performance.summary.q75)})${paper?.performanceTypical ? `, against the paper's typical ≈ ${paper.performanceTypical} for real LLMs` : ""}.`,
    `**Fig. 1 on the zoo.** Aggregated by source domain, the unsigned signature overlap has mean within-domain **${f3(sd.meanWithin)}** ${iv(sd.ci?.within)} and mean cross-domain **${f3(sd.meanCross)}** ${iv(sd.ci?.cross)} (difference ${iv(sd.ci?.difference)})${paper ? `; the paper reports ${paper.within} within and ${paper.cross} across functions on real LLMs` : ""}. Sign-weighted: ${f3(wd.meanWithin)} vs ${f3(wd.meanCross)} (difference ${iv(wd.ci?.difference)}). Performance: ${f3(pd.meanWithin)} vs ${f3(pd.meanCross)} (difference ${iv(pd.ci?.difference)}). Aggregated by family instead, signature ${f3(sf.meanWithin)} vs ${f3(sf.meanCross)} (difference ${iv(sf.ci?.difference)}), performance ${f3(pf.meanWithin)} vs ${f3(pf.meanCross)} (difference ${iv(pf.ci?.difference)}). Intervals: 95% bootstrap over models (${r.ci.resamples} replicates, seed ${r.ci.seed}), signatures held fixed.`,
    `**Ground truth.** Spearman of each level's pair overlaps with the same-domain indicator: unsigned signature ${f3(D.signature.spearman)}, sign-weighted ${f3(D.signatureSigned.spearman)}, semantic ${f3(D.semantic.spearman)}, performance ${f3(D.performance.spearman)} (${D.signature.nSame} same-domain of ${D.signature.nPairs} pairs). Agreement between levels over the pairs: signature vs performance ${f3(ag("signature", "performance"))}, sign-weighted vs performance ${f3(ag("signatureSigned", "performance"))}, signature vs semantic ${f3(ag("signature", "semantic"))}. Weighting by the sign of the OLS coefficient instead gives ρ ${f3(r.coefSignCheck.domainStructure.spearman)} with the same-domain indicator; the two signs agree on ${(100 * r.coefSignCheck.signAgreement).toFixed(1)}% of pieces.`,
    `**Negative controls.** ${r.controls.map((c) => `${c.benchmark}: mean unsigned signature overlap with the zoo benchmarks ${f3(c.signature)}, sign-weighted ${f3(c.signatureSigned)}, performance ${f3(c.performance)}`).join("; ")} (zoo pairs: unsigned mean ${f3(L.signature.summary.mean)}, performance mean ${f3(L.performance.summary.mean)}). ${r.controls.every((c) => c.signature >= L.signature.summary.q25) ? "Benchmarks the models answer at chance still get signatures whose unsigned overlap with everything is as high as that of real zoo benchmarks: the unsigned statistic picks up a surprisal factor shared by all signatures, not a shared skill." : "The controls' unsigned overlaps fall below most zoo pairs, as a benchmark without signal should."}`,
    r.notes.map((t) => `- ${t}`).join("\n"),
  ].join("\n\n");
}

/**
 * Headline numbers (plain JSON) as the study writes them to `zoo-overlaps.json`.
 *
 * @example
 *   zooOverlapsHeadline(r, null).functionLevel[0].meanWithin
 */
export function zooOverlapsHeadline(r: ZooOverlapsResult, paper: PaperFunctionNumbers | null) {
  const sizes = r.signatures.slice(0, r.labels.length).map((s) => s.size);
  return {
    profile: r.profile, nModels: r.nModels, nPieces: r.nPieces, nBenchmarks: r.labels.length, controls: r.controls,
    summary: Object.fromEntries((Object.keys(r.levels) as ZooLevel[]).map((l) => [l, r.levels[l].summary])),
    functionLevel: r.functionLevel.map((f) => ({ level: f.level, grouping: f.grouping, meanWithin: f.meanWithin, meanCross: f.meanCross, ci: f.ci })),
    paper, domainStructure: r.domainStructure, agreement: r.agreement, coefSignCheck: r.coefSignCheck,
    signatureSize: { min: Math.min(...sizes), max: Math.max(...sizes) },
    ci: r.ci, semantic: { embedder: r.semantic.embedder.name, resamples: r.semantic.resamples, items: r.semantic.items.reduce((a, b) => a + b, 0) },
  };
}

/**
 * Study step `zoo-overlaps`: Fig. 4 (a)–(c) and Fig. 1 on the model zoo, with intervals.
 */
export const zooOverlapsStep: StudyStep = {
  id: "zoo-overlaps",
  title: "Zoo: signature, semantic and performance overlap (paper Fig. 4 and Fig. 1) with known ground truth",
  async run(ctx: StudyContext): Promise<StepResult> {
    const p = ZOO_OVERLAPS_PROFILE[ctx.profile.name];
    const z = loadZooData(ctx.outDir);
    let last = 0;
    const r = await zooOverlaps(z, zooQuestionSets(z, ctx.repoRoot), {
      seed: ctx.profile.seed, ciResamples: p.ciResamples, semanticResamples: p.semanticResamples,
      onPair: (d, t) => { if (d === t || d - last >= 200) { last = d; ctx.log(`semantic pairs ${d}/${t}`); } },
    });
    const paper = zooPaperFunctionNumbers(ctx.repoRoot);
    return {
      headline: zooOverlapsHeadline(r, paper),
      figures: [
        zooOverlapPanels(r), zooSignedPanels(r),
        zooFunctionLevelFigure(r, "signature", "domain", paper), zooFunctionLevelFigure(r, "performance", "domain", paper),
        zooFunctionLevelFigure(r, "signature", "family", paper), zooWithinCrossFigure(r, paper),
      ],
      prose: zooOverlapsProse(r, paper),
      tables: [zooFunctionLevelTable(r, paper), zooLevelTable(r), zooOverlapControlsTable(r)],
      provenance: r.provenance,
    };
  },
};
