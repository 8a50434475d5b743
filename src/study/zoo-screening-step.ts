import { zooScreeningChapter, summarizeZooScreening, type ZooScreeningResult, type ZooScreeningSummary } from "../chapters/zoo-screening";
import { loadZooData } from "../zoo/zoo-data";
import { barFigure } from "../figures/bar";
import { baseLayout, type PlotlyFigure, type PlotlyTrace } from "../figures/types";
import type { TableSpec } from "../report/table";
import { paperNumber } from "./performance-step";
import type { StepResult, StudyContext, StudyFigure, StudyStep } from "./types";

/**
 * Presenting the zoo screening chapter (src/chapters/zoo-screening.ts): Fig. 3, the spread-vs-null and
 * tail-composition figures, the tail and shape tables, prose and headline numbers. Nothing here computes a
 * statistic; every number comes from `zooScreeningChapter`.
 */

const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(3));
const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "n/a");
const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? "n/a" : `${(100 * x).toFixed(1)}%`);

/** Equal-width bin counts of values over [lo, hi] (the last bin includes hi). */
function binCounts(values: ArrayLike<number>, lo: number, hi: number, nb: number): number[] {
  const w = (hi - lo) / nb, c = new Array<number>(nb).fill(0);
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) c[Math.min(nb - 1, Math.max(0, Math.floor((values[i] - lo) / w)))]++;
  return c;
}

/**
 * Fig. 3 on the zoo: histograms of the Thrush coefficients of every piece for the three representative
 * benchmarks (best, median and worst reliability), red dashed lines at the 1st and 99th percentiles, and
 * the outline of one permuted-score draw (chance) on the same bins.
 *
 * @example
 *   showFigure(zooFig3Histograms(zooScreeningChapter(z)).spec);
 */
export function zooFig3Histograms(r: ZooScreeningResult, bins = 60): StudyFigure {
  const k = r.histograms.length, gap = 0.06, w = (1 - gap * (k - 1)) / Math.max(1, k);
  const data: PlotlyTrace[] = [];
  const layout = baseLayout({ title: `Thrush coefficients of all ${r.nPieces.toLocaleString("en-US")} pieces (${r.nModels} zoo models), three benchmarks` }, 360 * Math.max(1, k) + 60, 460);
  const shapes: unknown[] = [], annotations: unknown[] = [];
  r.histograms.forEach((h, p) => {
    const ax = p === 0 ? "" : String(p + 1);
    const lo = -r.gammaMax, hi = r.gammaMax, bw = (hi - lo) / bins;
    const centres = Array.from({ length: bins }, (_, q) => lo + (q + 0.5) * bw);
    const role = r.representative[p];
    data.push({ type: "bar", x: centres, y: binCounts(h.gamma, lo, hi, bins), width: bw, xaxis: `x${ax}`, yaxis: `y${ax}`, marker: { color: "#4a78b0" }, name: "pieces", showlegend: p === 0, legendgroup: "obs" });
    data.push({ type: "scatter", mode: "lines", line: { shape: "hvh", color: "#555555", width: 1.2, dash: "dot" }, x: centres, y: binCounts(h.nullGamma, lo, hi, bins), xaxis: `x${ax}`, yaxis: `y${ax}`, name: "one permuted-score draw", showlegend: p === 0, legendgroup: "null" });
    layout[`xaxis${ax}`] = { domain: [p * (w + gap), p * (w + gap) + w], range: [lo, hi], title: { text: "Thrush γ" }, anchor: `y${ax}`, gridcolor: "#eeeeee", zeroline: true, zerolinecolor: "#999999" };
    layout[`yaxis${ax}`] = { anchor: `x${ax}`, title: { text: p === 0 ? "pieces" : "" }, gridcolor: "#eeeeee" };
    for (const [x, lab] of [[h.q01, "1st"], [h.q99, "99th"]] as const) {
      shapes.push({ type: "line", xref: `x${ax}`, yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line: { color: "#c0392b", dash: "dash", width: 1.5 } });
      annotations.push({ x, y: 0.99, xref: `x${ax}`, yref: "paper", yanchor: "top", xanchor: lab === "1st" ? "left" : "right", xshift: lab === "1st" ? 3 : -3, text: `${lab} pct<br>${f0(x)}`, showarrow: false, font: { size: 10, color: "#c0392b" }, bgcolor: "rgba(255,255,255,0.8)" });
    }
    annotations.push({ x: p * (w + gap) + w / 2, y: 1.02, yanchor: "bottom", xref: "paper", yref: "paper", text: `<b>${h.benchmark}</b><br>${role?.role ?? ""} reliability ${f3(role?.reliability ?? null)}`, showarrow: false, font: { size: 11 } });
  });
  layout.shapes = shapes;
  layout.annotations = annotations;
  layout.bargap = 0;
  layout.margin = { l: 60, r: 20, t: 110, b: 100 };
  layout.legend = { orientation: "h", x: 0.5, xanchor: "center", y: -0.3 };
  const spec: PlotlyFigure = { data, layout, config: { displaylogo: false } };
  return {
    id: "fig3-thrush-histograms", spec,
    caption: `Paper Fig. 3 on the zoo. Each panel: the Thrush coefficient γ of every wild-pool piece against one benchmark's scores (x axis: ±γ_max = ±${f0(r.gammaMax)}, perfect rank agreement), red dashed lines at the 1st and 99th percentiles, dotted outline: the same pieces against one draw of the scores permuted across models (chance). Benchmarks: ${r.representativeRule}. γ < 0: the better the model on the benchmark, the lower its surprisal on the piece.`,
  };
}

/**
 * SD of γ per benchmark against the 95th percentile of its model-permutation draws.
 *
 * @example
 *   showFigure(zooSpreadVsNull(r).spec);
 */
export function zooSpreadVsNull(r: ZooScreeningResult): StudyFigure {
  const bars = r.benchmarks.flatMap((b) => [
    { label: b.benchmark, value: b.thrush.sd, group: "observed SD of γ" },
    { label: b.benchmark, value: b.null.sd.q95, group: `95th percentile of ${r.permutations} permuted-score draws` },
  ]);
  const spec = barFigure(bars, { title: "Is the spread of Thrush coefficients wider than chance?", valueTitle: "SD of γ over pieces", horizontal: true, width: 760, height: 16 * bars.length + 160 });
  spec.layout.legend = { orientation: "h", x: 0, y: 1.0, yanchor: "bottom" };
  return {
    id: "thrush-spread-vs-null", spec,
    caption: `For every benchmark, the standard deviation of γ over the ${r.nPieces.toLocaleString("en-US")} pieces, and the 95th percentile of the same SD when the benchmark's scores are permuted across models (${r.permutations} draws, seed ${r.seed}).`,
  };
}

/**
 * Where each tail comes from: share of the bottom tail (γ < 0 side) and top tail from the benchmark's
 * source domain, with the pool's share, for the zoo-domain benchmarks.
 *
 * @example
 *   showFigure(zooTailSources(r).spec);
 */
export function zooTailSources(r: ZooScreeningResult): StudyFigure {
  const bs = r.benchmarks.filter((b) => b.tails.poolSourceShare !== null);
  const bars = bs.flatMap((b) => [
    { label: b.benchmark, value: b.tails.bottomSourceShare ?? NaN, group: "bottom tail (surprisal falls as score rises)" },
    { label: b.benchmark, value: b.tails.topSourceShare ?? NaN, group: "top tail" },
  ]);
  const pool = bs.length ? bs[0].tails.poolSourceShare! : NaN;
  const spec = barFigure(bars, { title: "Share of each screening tail from the benchmark's source domain", valueTitle: "share from the source domain", horizontal: true, width: 760, height: 18 * bars.length + 160 });
  spec.layout.legend = { orientation: "h", x: 0, y: 1.0, yanchor: "bottom" };
  spec.layout.xaxis = { ...(spec.layout.xaxis as object), range: [0, 1] };
  spec.layout.shapes = [{ type: "line", xref: "x", yref: "paper", x0: pool, x1: pool, y0: 0, y1: 1, line: { color: "#c0392b", dash: "dash", width: 1.5 } }];
  spec.layout.annotations = [{ x: pool, y: 0, xref: "x", yref: "paper", yanchor: "top", yshift: -20, text: `pool share ${f3(pool)}`, showarrow: false, font: { size: 10, color: "#c0392b" } }];
  return {
    id: "thrush-tail-sources", spec,
    caption: `Each tail holds ${r.screen.nTop} + ${r.screen.nBottom} pieces (${r.screen.ratio} per tail of ${r.nPieces.toLocaleString("en-US")}, floor ${r.screen.minCandidates}); red dashed line: the source domain's share of the pool (balanced over ${Number.isFinite(pool) ? Math.round(1 / pool) : "n/a"} domains), the share a tail drawn at random would have.`,
  };
}

/**
 * Per benchmark: the percentiles, thresholds, tail sizes and the tails' source-domain shares.
 *
 * @example
 *   showTable(zooTailTable(r));
 */
export function zooTailTable(r: ZooScreeningResult): TableSpec {
  return {
    caption: `Thrush screening tails (${r.screen.ratio} per tail, floor max(2m, 50) = ${r.screen.minCandidates} candidates): thresholds are the last γ kept in each tail`,
    columns: ["benchmark", "reliability", "qualifies", "1st pct", "99th pct", "bottom threshold", "top threshold", "n bottom", "n top", "bottom from source", "top from source", "pool from source"],
    rows: r.benchmarks.map((b) => [b.benchmark, b.reliability ?? NaN, b.qualifies, b.thrush.q01, b.thrush.q99, b.tails.bottomThreshold, b.tails.topThreshold, b.tails.nBottom, b.tails.nTop,
      b.tails.bottomSourceShare ?? "n/a", b.tails.topSourceShare ?? "n/a", b.tails.poolSourceShare ?? "n/a"]),
  };
}

/**
 * Per benchmark: the shape of the γ distribution against the model-permutation null.
 *
 * @example
 *   showTable(zooShapeTable(r));
 */
export function zooShapeTable(r: ZooScreeningResult): TableSpec {
  return {
    caption: `Shape of the Thrush distribution vs ${r.permutations} model permutations (p: upper tail, (1 + #{draw ≥ observed}) / (1 + B)); chance band = mean of the draws' 1st and 99th percentiles`,
    columns: ["benchmark", "median γ / γmax", "SD", "null SD (mean)", "p (SD)", "IQR", "excess kurtosis", "null kurtosis (mean)", "p (kurtosis)", "share beyond chance band", "same, within-model z", "within-model kurtosis"],
    rows: r.benchmarks.map((b) => [b.benchmark, b.thrush.median / r.gammaMax, b.thrush.sd, b.null.sd.mean, b.null.sd.p, b.thrush.iqr, b.thrush.excessKurtosis, b.null.excessKurtosis.mean, b.null.excessKurtosis.p,
      b.null.shareBeyond, b.null.shareBeyondWithinModel, b.thrushWithinModel.excessKurtosis]),
  };
}

/** The paper's numbers this chapter compares with (from data/paper-numbers.json; null when absent). */
export interface ZooScreeningPaper { screenRatio: number | null; candidates: number | null }

/**
 * The paper's screening numbers from `<repoRoot>/data/paper-numbers.json`.
 *
 * @example
 *   zooScreeningPaper("..").screenRatio   // 0.01
 */
export function zooScreeningPaper(repoRoot: string): ZooScreeningPaper {
  return { screenRatio: paperNumber(repoRoot, "screen_ratio_per_tail"), candidates: paperNumber(repoRoot, "candidates_after_screen") };
}

/** The sparsity paragraph of the prose, worded by what the numbers show. */
function shapeParagraph(r: ZooScreeningResult, zd: ZooScreeningSummary): string {
  const broad = zd.medianShareBeyond > 0.1, shifted = Math.abs(zd.medianCentre) > 0.2;
  const head = broad ? (shifted ? "**Not sparse: one general factor.**" : "**Not sparse.**") : "**Sparse, as the paper reads it.**";
  const centre = shifted
    ? `On the zoo the centre is not at zero: the median piece has γ/γ_max = ${f3(zd.medianCentre)} (median over the ${zd.n} zoo-domain benchmarks), i.e. for most pieces ${zd.medianCentre < 0 ? "the better models on the benchmark are also the less surprised ones" : "the better models on the benchmark are the more surprised ones"}, whatever the piece.`
    : `The centre of the distribution is near zero (median γ/γ_max = ${f3(zd.medianCentre)}, median over the ${zd.n} zoo-domain benchmarks).`;
  const verdict = broad
    ? `the distribution is broad, not a sharp centre with thin tails. The 1% tails are therefore not "the few informative pieces" but the extremes of a distribution in which most pieces${shifted ? " carry the general factor" : " are informative"}.`
    : "most pieces sit inside the chance band and only the tails stand out, as the paper's reading of Fig. 3 requires.";
  return `${head} The paper reads Fig. 3 as a sharp peak at the "random" centre with thin tails. ${centre} The spread is wider than chance for **${zd.widerThanChance} of ${zd.n}** zoo-domain benchmarks (SD of γ above the 95th percentile of ${r.permutations} model permutations; median SD ${f0(zd.medianSd)} against a null mean of ${f0(zd.medianNullSd)}), and a median **${pct(zd.medianShareBeyond)}** of the pieces lie outside the chance band (2% expected under the null). Excess kurtosis is ${f3(zd.medianExcessKurtosis)} (null mean ${f3(zd.medianNullExcessKurtosis)}; above the null for ${zd.moreKurticThanChance} of ${zd.n}); after removing each model's general surprisal level (within-model z-scores) ${pct(zd.medianShareBeyondWithinModel)} of the pieces are outside the chance band and the kurtosis is ${f3(zd.medianWithinModelKurtosis)}: ${verdict}`;
}

/** The negative-control paragraph of the prose: each control against the null, by name. */
function controlsParagraph(r: ZooScreeningResult, nc: ZooScreeningSummary): string {
  const each = r.benchmarks.filter((b) => b.category === "negative-control").map((b) => {
    const wide = b.null.sd.p < 0.05;
    return `${b.benchmark}: SD of γ p = ${f3(b.null.sd.p)}, ${pct(b.null.shareBeyond)} of the pieces outside the chance band, centre γ/γ_max = ${f3(b.thrush.median / r.gammaMax)}${wide ? " — wider than chance: its scores rank the models much as the zoo-domain benchmarks do (the general factor), so it is not a clean null in this profile" : " — like the null"}`;
  });
  return `**Negative controls.** The ${nc.n} control benchmarks are real MMLU and HellaSwag items, meant to be at chance for these models. ${each.join("; ")}.`;
}

/**
 * The chapter's reading in words (markdown), every number from the result.
 *
 * @example
 *   showMarkdown(zooScreeningProse(r, zooScreeningPaper("..")));
 */
export function zooScreeningProse(r: ZooScreeningResult, paper: ZooScreeningPaper): string {
  const zd = summarizeZooScreening(r, r.benchmarks.filter((b) => b.category !== "negative-control"));
  const q = summarizeZooScreening(r, r.benchmarks.filter((b) => b.qualifies));
  const nc = summarizeZooScreening(r, r.benchmarks.filter((b) => b.category === "negative-control"));
  const rep = r.representative.map((x) => `${x.benchmark} (${x.role}, reliability ${f3(x.reliability)})`).join(", ");
  const cand = r.screen.nTop + r.screen.nBottom;
  return [
    `**Setting.** ${r.nModels} zoo models × ${r.nPieces.toLocaleString("en-US")} wild-pool pieces (unit: ${r.feature === "sum" ? "summed NLL of the piece" : r.feature}), ${r.benchmarks.length} benchmarks. Screening keeps ${r.screen.ratio} per tail${paper.screenRatio !== null ? ` (the paper's ${paper.screenRatio})` : ""}: ${r.screen.perTail} per tail${cand > 2 * r.screen.perTail ? `, widened to ${r.screen.nTop} + ${r.screen.nBottom} = ${cand} candidates by the floor max(2m, 50) = ${r.screen.minCandidates}` : `, ${cand} candidates (the floor max(2m, 50) = ${r.screen.minCandidates} does not bind)`}${paper.candidates !== null ? ` (the paper keeps about ${paper.candidates.toLocaleString("en-US")} of 1.7e7 token instances)` : ""}. Fig. 3's benchmarks are ${rep}.`,
    zd ? shapeParagraph(r, zd) : "",
    zd && zd.medianBottomSourceShare !== null ? `**Where the tails come from.** The bottom tail (surprisal falls as the score rises: what exposure to the source domain predicts) takes a median ${pct(zd.medianBottomSourceShare)} of its pieces from the benchmark's source domain, against ${pct(zd.poolSourceShare)} of the pool; it is enriched for ${zd.bottomEnriched} of ${zd.n} zoo-domain benchmarks. The top tail takes ${pct(zd.medianTopSourceShare)}.${q ? ` On the ${q.n} qualifying benchmarks (above chance and reliable): bottom tail ${pct(q.medianBottomSourceShare)}, enriched for ${q.bottomEnriched} of ${q.n}.` : ""}` : "",
    nc ? controlsParagraph(r, nc) : "",
    `**Where the zoo differs from the paper.** Small byte-level models whose training mixtures are known, a balanced 7-domain pool instead of RedPajama, summed piece NLL instead of the last token's, and 40 models, so one piece's γ has a chance band of about ±${f0(Math.max(...r.benchmarks.map((b) => b.null.q99)))}; the null here permutes scores across models (${r.permutations} draws, seed ${r.seed}), which the paper does not report.`,
  ].filter(Boolean).join("\n\n");
}

/**
 * The chapter's headline numbers (plain JSON), as the study writes them to `zoo-screening.json`.
 *
 * @example
 *   zooScreeningHeadline(r, paper).summary.zooDomain.widerThanChance
 */
export function zooScreeningHeadline(r: ZooScreeningResult, paper: ZooScreeningPaper) {
  return {
    profile: r.profile, nModels: r.nModels, nPieces: r.nPieces, feature: r.feature, gammaMax: r.gammaMax, screen: r.screen,
    permutations: r.permutations, seed: r.seed, representative: r.representative, representativeRule: r.representativeRule,
    benchmarks: Object.fromEntries(r.benchmarks.map((b) => [b.benchmark, {
      reliability: b.reliability, qualifies: b.qualifies, q01: b.thrush.q01, q99: b.thrush.q99, median: b.thrush.median, sd: b.thrush.sd, iqr: b.thrush.iqr,
      excessKurtosis: b.thrush.excessKurtosis, maxMinusQ99: b.thrush.maxMinusQ99, q01MinusMin: b.thrush.q01MinusMin,
      bottomThreshold: b.tails.bottomThreshold, topThreshold: b.tails.topThreshold, nBottom: b.tails.nBottom, nTop: b.tails.nTop,
      bottomSourceShare: b.tails.bottomSourceShare, topSourceShare: b.tails.topSourceShare, poolSourceShare: b.tails.poolSourceShare,
      nullSdMean: b.null.sd.mean, nullSdQ95: b.null.sd.q95, pSd: b.null.sd.p, nullKurtosisMean: b.null.excessKurtosis.mean, pKurtosis: b.null.excessKurtosis.p,
      chanceBand: [b.null.q01, b.null.q99], shareBeyond: b.null.shareBeyond, shareBeyondWithinModel: b.null.shareBeyondWithinModel,
      withinModelSd: b.thrushWithinModel.sd, withinModelKurtosis: b.thrushWithinModel.excessKurtosis,
    }])),
    summary: {
      zooDomain: summarizeZooScreening(r, r.benchmarks.filter((b) => b.category !== "negative-control")),
      qualifying: summarizeZooScreening(r, r.benchmarks.filter((b) => b.qualifies)),
      negativeControl: summarizeZooScreening(r, r.benchmarks.filter((b) => b.category === "negative-control")),
    },
    paper: { screenRatioPerTail: paper.screenRatio, candidatesAfterScreen: paper.candidates },
  };
}

/** Model permutations of the null per profile. */
export const ZOO_SCREENING_PERMUTATIONS = { default: 200, smoke: 100 } as const;

/**
 * Study step `zoo-screening`: Thrush coefficients of every wild-pool piece for every zoo benchmark,
 * paper Fig. 3 on the zoo, tails and their source domains, and the sparsity claim against a
 * model-permutation null (seeded with the profile's seed).
 */
export const zooScreeningStep: StudyStep = {
  id: "zoo-screening",
  title: "Zoo: screening (Fig. 3) — Thrush coefficients, tails and the sparsity claim",
  async run(ctx: StudyContext): Promise<StepResult> {
    const z = loadZooData(ctx.outDir);
    const t0 = Date.now();
    const r = zooScreeningChapter(z, { permutations: ZOO_SCREENING_PERMUTATIONS[ctx.profile.name], seed: ctx.profile.seed });
    ctx.log(`${r.nModels} models x ${r.nPieces} pieces, ${r.benchmarks.length} benchmarks, ${r.permutations} permutations: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const paper = zooScreeningPaper(ctx.repoRoot);
    return {
      headline: zooScreeningHeadline(r, paper),
      figures: [zooFig3Histograms(r), zooSpreadVsNull(r), zooTailSources(r)],
      prose: zooScreeningProse(r, paper),
      tables: [zooTailTable(r), zooShapeTable(r)],
      provenance: r.provenance,
    };
  },
};
