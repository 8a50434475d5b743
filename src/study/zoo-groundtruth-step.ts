import { join } from "node:path";
import { zooGroundTruth, groundTruthSummary, type ZooGroundTruthResult, type GroundTruthSummary } from "../chapters/zoo-groundtruth";
import { GROUND_TRUTH_OVERLAP_KINDS, GROUND_TRUTH_OVERLAP_LABELS } from "../chapters/zoo-groundtruth-overlap";
import { loadZooData } from "../zoo/zoo-data";
import { barFigure } from "../figures/bar";
import { overlapPanels } from "../figures/overlap-figures";
import { baseLayout, GROUP_COLORS, jsonNumber, type PlotlyFigure } from "../figures/types";
import type { TableSpec } from "../report/table";
import { paperNumber } from "./performance-step";
import type { StepResult, StudyContext, StudyFigure, StudyStep } from "./types";

/**
 * Presenting the zoo ground-truth chapter (src/chapters/zoo-groundtruth.ts): figures, tables, prose and
 * headline numbers made from its result, used by the study step and by notebook 16. Nothing here computes
 * a statistic except counts and medians of the result's numbers.
 */

const f2 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(2));
const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(3));
const short = (b: string) => b.replace(/^zoo_/, "").replace(/^brown_/, "b.");
const pv = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

/** Reference numbers: the paper's (data/paper-numbers.json) and the zoo pilot's (shared notes, zoo-pilot.md, GPU pilot). */
export interface GroundTruthReference {
  paperSignatureSize: number | null;
  paperPerformanceOverlap: number | null;
  paperSignatureFamilyFormatDifference: number | null;
  /** zoo-pilot.md, stronger (GPU) pilot: 36 models, 23 benchmarks. */
  pilot: { screenedNegative: number; signatureNegative: number; lomoSignature: number; lomoDomainMean: number; unsigned: number; signWeighted: number; performance: number; unsignedWeakPilot: number };
}

/**
 * The numbers this chapter is read against: the paper's from `<repoRoot>/data/paper-numbers.json` (null when
 * absent) and the zoo pilot's as written in the project's notes (zoo-pilot.md; a pilot, not this zoo).
 *
 * @example
 *   groundTruthReference("..").paperSignatureSize  // 30
 */
export function groundTruthReference(repoRoot: string = join(__dirname, "..", "..")): GroundTruthReference {
  return {
    paperSignatureSize: paperNumber(repoRoot, "signature_size"),
    paperPerformanceOverlap: paperNumber(repoRoot, "performance_overlap_typical"),
    paperSignatureFamilyFormatDifference: paperNumber(repoRoot, "signature_family_format_difference"),
    pilot: { screenedNegative: 4.6, signatureNegative: 3.1, lomoSignature: 0.58, lomoDomainMean: 0.68, unsigned: 0.37, signWeighted: 0.47, performance: 0.45, unsignedWeakPilot: -0.005 },
  };
}

const zooRows = (r: ZooGroundTruthResult) => r.benchmarks.filter((b) => b.category === "zoo-domain" && b.screened && b.signature);

/**
 * Enrichment of each zoo-domain benchmark's negative pieces (surprisal falls as the score rises) in its
 * source domain: screened set and signature, with the screened null's mean–95th-percentile band.
 *
 * @example
 *   showFigure(groundTruthEnrichmentFigure(r).spec);
 */
export function groundTruthEnrichmentFigure(r: ZooGroundTruthResult): StudyFigure {
  const zb = zooRows(r), x = zb.map((b) => short(b.benchmark));
  const s = groundTruthSummary(r);
  const layout = baseLayout({ title: `Is the signature drawn from its benchmark's domain? (${s.screenedTopCorrect}/${s.nZoo} screened, ${s.signatureTopCorrect}/${s.nZoo} signatures point at it)` }, Math.max(760, 24 * zb.length + 200), 520);
  layout.xaxis = { type: "category", tickangle: -60, automargin: true, tickfont: { size: 10 } };
  layout.yaxis = { title: { text: "enrichment in the source domain" }, gridcolor: "#eeeeee", rangemode: "tozero" };
  layout.margin = { l: 70, r: 30, t: 110, b: 60 };
  layout.shapes = [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: 1, y1: 1, line: { color: "#888888", dash: "dot", width: 1 } }];
  layout.legend = { orientation: "h", y: 1.02, yanchor: "bottom", x: 0 };
  const spec: PlotlyFigure = {
    data: [
      { type: "bar", name: `screened null: mean to 95th pct (${r.budget.screened} permutations)`, x, base: zb.map((b) => jsonNumber(b.screened!.negative.mean)), y: zb.map((b) => jsonNumber(b.screened!.negative.q95 - b.screened!.negative.mean)), marker: { color: "#d9d9d9" }, hoverinfo: "skip" },
      { type: "scatter", mode: "markers", name: "screened set, −γ pieces", x, y: zb.map((b) => jsonNumber(b.screened!.observed.negative)), marker: { color: GROUP_COLORS[0], size: 9, symbol: "circle" } },
      { type: "scatter", mode: "markers", name: "AIC signature, −γ pieces", x, y: zb.map((b) => jsonNumber(b.signature!.observed.negative)), marker: { color: GROUP_COLORS[1], size: 9, symbol: "diamond" } },
      { type: "scatter", mode: "markers", name: "AIC signature, +γ pieces", x, y: zb.map((b) => jsonNumber(b.signature!.observed.positive)), marker: { color: GROUP_COLORS[2], size: 6, symbol: "x" } },
    ],
    layout, config: { displaylogo: false },
  };
  return { id: "enrichment", spec, caption: `Enrichment = share of the pieces from the benchmark's source domain / the domain's share of the pool (1 = none; dotted line). Grey: the screened set's model-permutation null (scores permuted across models, seed per benchmark) from its mean to its 95th percentile. The signature's own null (${r.budget.signature} permutations) is in the table.` };
}

/**
 * Leave-one-model-out R² per zoo-domain benchmark: AIC signature vs the screened-average and source-domain-mean
 * baselines; the dashed line is the 95th percentile of the signature's pooled permutation null.
 *
 * @example
 *   showFigure(groundTruthLomoFigure(r).spec);
 */
export function groundTruthLomoFigure(r: ZooGroundTruthResult): StudyFigure {
  const zb = zooRows(r);
  const bars = zb.flatMap((b) => [
    { label: short(b.benchmark), value: b.lomo.signature.r2, group: "AIC signature" },
    { label: short(b.benchmark), value: b.lomo.screenedAverage.r2, group: "mean of screened pieces (signed)" },
    { label: short(b.benchmark), value: b.lomo.domainMean?.r2 ?? NaN, group: "mean of source-domain pieces" },
  ]);
  const spec = barFigure(bars, { title: "Held-out prediction: does AIC selection beat averaging?", valueTitle: "leave-one-model-out R² (clipped at −2)", width: Math.max(900, 14 * bars.length + 200), height: 560 });
  spec.layout.yaxis = { ...(spec.layout.yaxis as object), range: [Math.max(-2, Math.min(0, ...bars.map((b) => b.value).filter(Number.isFinite)) - 0.05), 1] };
  spec.layout.xaxis = { ...(spec.layout.xaxis as object), tickangle: -60, tickfont: { size: 10 } };
  spec.layout.shapes = [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: r.pooledLomoNull.signature.q95, y1: r.pooledLomoNull.signature.q95, line: { color: "#444444", dash: "dash", width: 1 } }];
  spec.layout.legend = { orientation: "h", y: 1.02, yanchor: "bottom", x: 0 };
  spec.layout.margin = { l: 70, r: 30, t: 110, b: 60 };
  return { id: "lomo", spec, caption: `Screening (and selection) re-run without each model, which is then predicted; R² = 1 − PRESS / TSS. Dashed: 95th percentile of the AIC signature's LOMO R² under model-permuted scores, pooled over benchmarks (${r.pooledLomoNull.signature.n} draws). Bars below −2 are clipped.` };
}

/**
 * Spearman between each overlap matrix and the same-domain indicator (all zoo-domain benchmarks, the above-chance
 * subset, without code), with the 95th percentiles of the label and model permutation nulls.
 *
 * @example
 *   showFigure(groundTruthOverlapFigure(r).spec);
 */
export function groundTruthOverlapFigure(r: ZooGroundTruthResult): StudyFigure {
  const ks = r.overlap.kinds, pos = ks.map((_, k) => k), w = 0.26;
  const layout = baseLayout({ title: "Does overlap recover the zoo's domain structure?" }, 980, 560);
  layout.xaxis = { tickmode: "array", tickvals: pos, ticktext: ks.map((k) => GROUND_TRUTH_OVERLAP_LABELS[k.kind]), range: [-0.6, ks.length - 0.4], automargin: true, zeroline: false };
  layout.yaxis = { title: { text: "Spearman(overlap, same-domain indicator)" }, gridcolor: "#eeeeee", zerolinecolor: "#999999" };
  layout.legend = { orientation: "h", y: 1.02, yanchor: "bottom", x: 0 };
  layout.margin = { l: 70, r: 140, t: 150, b: 60 };
  const bar = (name: string, y: (number | null)[], c: number, dx: number) => ({ type: "bar", name, x: pos.map((p) => p + dx), y, width: w, marker: { color: GROUP_COLORS[c] } });
  const tick = (name: string, y: (number | null)[], colour: string) => ({ type: "scatter", mode: "markers", name, x: pos.map((p) => p - w), y, marker: { color: colour, symbol: "line-ew-open", size: 26, line: { width: 2.5, color: colour } } });
  const spec: PlotlyFigure = {
    data: [
      bar(`all ${ks[0]?.all.nPairs ?? 0} pairs`, ks.map((k) => jsonNumber(k.all.spearman)), 0, -w),
      bar("above-chance benchmarks", ks.map((k) => jsonNumber(k.aboveChance.spearman)), 1, 0),
      bar("without code", ks.map((k) => jsonNumber(k.noCode.spearman)), 2, w),
      tick("label null, 95th pct (all pairs)", ks.map((k) => jsonNumber(k.labelNull.q95)), "#111111"),
      tick("model null, 95th pct (all pairs)", ks.map((k) => jsonNumber(k.modelNull?.q95 ?? NaN)), "#b2182b"),
    ],
    layout, config: { displaylogo: false },
  };
  return { id: "overlap-domain", spec, caption: `Label null: benchmarks' domains shuffled over the fixed matrix (${r.budget.overlapLabel} permutations). Model null: scores permuted across models per benchmark and the whole overlap re-computed (performance ${r.budget.performanceModel}, signatures ${r.budget.signatureOverlapModel} permutations, every signature re-selected per draw). The null ticks belong to the all-pairs bar.` };
}

/**
 * The four overlap matrices of the zoo-domain benchmarks side by side, grouped by source domain.
 *
 * @example
 *   showFigure(groundTruthOverlapPanels(r).spec);
 */
export function groundTruthOverlapPanels(r: ZooGroundTruthResult): StudyFigure {
  const categories = Object.fromEntries(r.benchmarks.map((b) => [b.benchmark, b.domains.join("+")]));
  const spec = overlapPanels(GROUND_TRUTH_OVERLAP_KINDS.map((k) => ({ name: GROUND_TRUTH_OVERLAP_LABELS[k], matrix: r.overlap.matrices[k] })), { categories, categoryOrder: r.domains, title: "Overlap matrices of the zoo-domain benchmarks (blocks = source domain)", panelSize: 420 });
  return { id: "overlap-matrices", spec, caption: "Same-domain structure would show as red blocks on the diagonal." };
}

/**
 * Within- minus across-family (and format) mean overlap, same-domain pairs excluded, per overlap kind.
 *
 * @example
 *   showFigure(groundTruthInflationFigure(r).spec);
 */
export function groundTruthInflationFigure(r: ZooGroundTruthResult): StudyFigure {
  const cells = r.inflation.filter((c) => c.pairs === "different-domain pairs");
  const spec = barFigure(cells.map((c) => ({ label: GROUND_TRUTH_OVERLAP_LABELS[c.kind], value: c.difference, group: `same ${c.factor} minus different ${c.factor}` })),
    { title: "Family and format inflation (different-domain pairs only)", valueTitle: "mean(within) − mean(across)", width: 780, height: 500 });
  spec.layout.legend = { orientation: "h", y: 1.02, yanchor: "bottom", x: 0 };
  spec.layout.margin = { l: 70, r: 30, t: 110, b: 60 };
  return { id: "inflation", spec, caption: "Positive = benchmarks of the same family (format) overlap more than benchmarks of different ones, with the same-domain pairs removed so that the known ground truth is not counted. The paper finds ≈ 0 at signature level and a clear excess at performance level." };
}

/**
 * One row per benchmark: enrichment (screened, signature) with null percentiles, top domain, LOMO R².
 *
 * @example
 *   showTable(groundTruthBenchmarkTable(r));
 */
export function groundTruthBenchmarkTable(r: ZooGroundTruthResult): TableSpec {
  return {
    caption: `Per benchmark (negative-γ = surprisal falls as the score rises; percentile of the observed value in its model-permutation null: screened ${r.budget.screened}, signature ${r.budget.signature} permutations). Controls: enrichment in their top domain, whichever it is.`,
    columns: ["benchmark", "above chance", "screened enr. (−γ)", "pct", "screened top", "signature enr. (−γ)", "pct", "signature enr. (+γ)", "enr. by coef. sign (−)", "signature top", "size", "LOMO R² signature", "LOMO R² screened avg", "LOMO R² domain mean", "domain-mean pct"],
    rows: r.benchmarks.map((b) => b.screened && b.signature
      ? [b.benchmark, b.aboveChance, b.screened.observed.negative, b.screened.negative.percentile, b.screenedTop ?? "", b.signature.observed.negative, b.signature.negative.percentile, b.signature.observed.positive, b.signatureByCoefficient?.negative ?? NaN, b.signatureTop ?? "", b.signatureSize, b.lomo.signature.r2, b.lomo.screenedAverage.r2, b.lomo.domainMean?.r2 ?? NaN, b.lomo.domainMean?.null.percentile ?? NaN]
      : [b.benchmark, b.aboveChance, b.screenedTopEnrichment.observed, b.screenedTopEnrichment.percentile, b.screenedTop ?? "", b.signatureTopEnrichment?.observed ?? NaN, b.signatureTopEnrichment?.percentile ?? NaN, NaN, NaN, b.signatureTop ?? "", b.signatureSize, b.lomo.signature.r2, b.lomo.screenedAverage.r2, NaN, NaN]),
  };
}

/**
 * Overlap vs domain structure, one row per overlap kind.
 *
 * @example
 *   showTable(groundTruthOverlapTable(r));
 */
export function groundTruthOverlapTable(r: ZooGroundTruthResult): TableSpec {
  return {
    caption: "Spearman between overlap and the same-domain indicator; p = (1 + #{null ≥ observed}) / (1 + B)",
    columns: ["overlap", "ρ all", "ρ above chance", "ρ without code", "mean same-domain", "mean different-domain", "label-null p", "label-null 95th pct", "model-null p", "model-null B"],
    rows: r.overlap.kinds.map((k) => [GROUND_TRUTH_OVERLAP_LABELS[k.kind], k.all.spearman, k.aboveChance.spearman, k.noCode.spearman, k.all.meanSame, k.all.meanDifferent, k.labelNull.p, k.labelNull.q95, k.modelNull?.p ?? NaN, k.modelNull?.permutations ?? 0]),
  };
}

/**
 * Family / format inflation, one row per overlap kind, factor and pair set.
 *
 * @example
 *   showTable(groundTruthInflationTable(r));
 */
export function groundTruthInflationTable(r: ZooGroundTruthResult): TableSpec {
  return {
    caption: `Within vs across family / format: Mann–Whitney (R's wilcox.test, normal approximation; pairs treated as independent) and the label-permutation test (${r.budget.inflation} permutations, pairs' dependence kept)`,
    columns: ["overlap", "factor", "pairs", "n within", "n across", "mean within", "mean across", "difference", "MW p (two-sided)", "MW p (within >)", "permutation p (within >)"],
    rows: r.inflation.map((c) => [GROUND_TRUTH_OVERLAP_LABELS[c.kind], c.factor, c.pairs, c.nWithin, c.nAcross, c.meanWithin, c.meanAcross, c.difference, c.mannWhitneyP, c.mannWhitneyPGreater, c.permutationPGreater]),
  };
}

/**
 * The negative controls (real MMLU / HellaSwag items): LOMO R² and top-domain enrichment against their nulls.
 *
 * @example
 *   showTable(groundTruthControlsTable(r));
 */
export function groundTruthControlsTable(r: ZooGroundTruthResult): TableSpec {
  const ctl = r.benchmarks.filter((b) => b.category === "negative-control");
  return {
    caption: `Negative controls: their items come from no pool domain, so "enrichment" is that of the negative-γ pieces in whichever domain they are most enriched, against the same statistic under model-permuted scores (screened ${r.budget.screened}, signature ${r.budget.signature} permutations). LOMO percentiles are within the null pooled over the zoo-domain benchmarks.`,
    columns: ["benchmark", "mean score", "chance", "LOMO R² signature", "pooled-null pct", "LOMO R² screened avg", "pooled-null pct", "screened top domain", "top-domain enr.", "null pct", "signature top-domain enr.", "null pct"],
    rows: ctl.map((b) => [b.benchmark, b.meanScore, b.chance, b.lomo.signature.r2, b.lomo.signature.pooledPercentile, b.lomo.screenedAverage.r2, b.lomo.screenedAverage.pooledPercentile,
      b.screenedTop ?? "", b.screenedTopEnrichment.observed, b.screenedTopEnrichment.percentile, b.signatureTopEnrichment?.observed ?? NaN, b.signatureTopEnrichment?.percentile ?? NaN]),
  };
}

/**
 * This run beside the paper's and the zoo pilot's numbers.
 *
 * @example
 *   showTable(groundTruthReferenceTable(r, groundTruthReference()));
 */
export function groundTruthReferenceTable(r: ZooGroundTruthResult, ref: GroundTruthReference): TableSpec {
  const s = groundTruthSummary(r), k = (kind: string) => r.overlap.kinds.find((x) => x.kind === kind);
  const fam = r.inflation.find((c) => c.kind === "signature-unsigned" && c.factor === "family" && c.pairs === "different-domain pairs");
  return {
    caption: "This run vs the paper (data/paper-numbers.json) and the zoo pilot (36 stronger byte-level models, 23 benchmarks; zoo-pilot.md)",
    columns: ["quantity", "this run", "paper", "zoo pilot"],
    rows: [
      ["median signature size", s.medianSignatureSize, ref.paperSignatureSize ?? NaN, 30],
      ["median enrichment, screened −γ set", s.medianScreenedNegative, NaN, ref.pilot.screenedNegative],
      ["median enrichment, signature −γ pieces", s.medianSignatureNegative, NaN, ref.pilot.signatureNegative],
      ["median LOMO R², AIC signature", s.medianLomo.signature, NaN, ref.pilot.lomoSignature],
      ["median LOMO R², source-domain mean", s.medianLomo.domainMean, NaN, ref.pilot.lomoDomainMean],
      ["ρ(unsigned signature overlap, same domain)", k("signature-unsigned")?.all.spearman ?? NaN, NaN, ref.pilot.unsigned],
      ["ρ(sign-weighted overlap, same domain)", k("signature-sign-screen")?.all.spearman ?? NaN, NaN, ref.pilot.signWeighted],
      ["ρ(performance overlap, same domain)", k("performance")?.all.spearman ?? NaN, NaN, ref.pilot.performance],
      ["signature within − across family (unsigned)", fam?.difference ?? NaN, ref.paperSignatureFamilyFormatDifference ?? NaN, NaN],
    ],
  };
}

/**
 * The chapter's reading in words (markdown), every number from the result.
 *
 * @example
 *   showMarkdown(groundTruthProse(r, groundTruthReference()));
 */
export function groundTruthProse(r: ZooGroundTruthResult, ref: GroundTruthReference): string {
  const s = groundTruthSummary(r);
  const k = Object.fromEntries(r.overlap.kinds.map((x) => [x.kind, x]));
  const inf = (kind: string, factor: string) => r.inflation.find((c) => c.kind === kind && c.factor === factor && c.pairs === "different-domain pairs");
  const infLine = (kind: string, factor: string) => { const c = inf(kind, factor); return c ? `${f3(c.difference)} (MW p ${pv(c.mannWhitneyP)}, permutation p ${pv(c.permutationPGreater)})` : "n/a"; };
  const un = k["signature-unsigned"], sw = k["signature-sign-screen"], sc = k["signature-sign-coef"], pf = k.performance;
  const beats = (a: typeof un, b: typeof un) => !!a && !!b && a.all.spearman >= b.all.spearman;
  const verdict = !un ? "n/a"
    : !(un.all.spearman > un.labelNull.q95) ? "**confirmed**: the unsigned overlap does not recover same-domain structure (its ρ is within the label null)"
      : beats(un, sw) || beats(un, pf) ? `**refuted**: the unsigned overlap recovers same-domain structure (above its label null) at least as well as ${[beats(un, sw) ? "the sign-weighted overlap" : "", beats(un, pf) ? "performance overlap" : ""].filter(Boolean).join(" and ")}`
        : "**partly confirmed**: the unsigned overlap is above its label null but weaker than both the sign-weighted and the performance overlap";
  const dom = r.budget;
  return [
    `**Setting.** ${r.nModels} zoo models × ${r.nPieces.toLocaleString("en-US")} wild-pool pieces from ${r.domains.length} domains (unit: ${r.feature}), ${s.nZoo} zoo-domain benchmarks (${s.nAboveChance} above chance) and ${s.controls.length} negative controls. The pipeline is the paper's: Thrush screening, ${r.pipeline.screenRatio} per tail with the floor ${r.pipeline.minCandidates}, forward OLS by ${r.pipeline.criterion.toUpperCase()} with residual df ≥ ${r.pipeline.minResidualDf}. Every null permutes the scores across models (seed ${r.seed} + benchmark index): ${dom.screened} draws for the screened set, ${dom.signature} for the signature (AIC selection re-run per draw), ${dom.domainMeanLomo} / ${dom.screenedAverageLomo} / ${dom.signatureLomo} per benchmark for the LOMO R² of the domain-mean baseline / screened average / AIC signature (the last two pooled over benchmarks).`,
    `**Enrichment.** The screened negative-γ set (surprisal falls as the score rises) is enriched a median **${f2(s.medianScreenedNegative)}×** in the benchmark's source domain (null mean ${f2(s.medianScreenedNegativeNullMean)}×; above the null's 95th percentile for ${s.screenedNegativeAboveQ95}/${s.nZoo}); its top domain is the source domain for **${s.screenedTopCorrect}/${s.nZoo}**. The AIC signature's negative pieces: **${f2(s.medianSignatureNegative)}×** (null ${f2(s.medianSignatureNegativeNullMean)}×, above q95 for ${s.signatureNegativeAboveQ95}/${s.nZoo}), top domain correct for **${s.signatureTopCorrect}/${s.nZoo}**; its positive-γ pieces ${f2(s.medianSignaturePositive)}×. The zoo pilot found ${ref.pilot.screenedNegative}× and ${ref.pilot.signatureNegative}× with stronger models.`,
    `**Does AIC selection beat averaging?** Signatures have a median ${s.medianSignatureSize} pieces (the paper: about ${ref.paperSignatureSize ?? "n/a"}); ${s.stoppedAtDfCap}/${s.nZoo} stopped at the residual-df cap, not by AIC. Leave-one-model-out R²: AIC signature median **${f3(s.medianLomo.signature)}**, signed mean of the screened pieces **${f3(s.medianLomo.screenedAverage)}**, mean surprisal of the source domain's pieces **${f3(s.medianLomo.domainMean)}**. The signature beats the screened average on ${s.signatureBeatsScreenedAverage}/${s.nZoo} and the domain mean on ${s.signatureBeatsDomainMean}/${s.nZoo} benchmarks. Against model-permuted scores (95th percentiles of the nulls pooled over benchmarks: signature ${f3(r.pooledLomoNull.signature.q95)} from ${r.pooledLomoNull.signature.n} draws, screened average ${f3(r.pooledLomoNull.screenedAverage.q95)}, domain mean ${f3(r.pooledLomoNull.domainMean.q95)}) the signature is above its null for ${s.lomoAbovePooledQ95.signature}/${s.nZoo} benchmarks, the screened average for ${s.lomoAbovePooledQ95.screenedAverage}/${s.nZoo}, the domain mean for ${s.lomoAbovePooledQ95.domainMean}/${s.nZoo}. ${s.medianLomo.signature < s.medianLomo.screenedAverage ? `AIC selection does **not** beat averaging: a signature of ~${s.medianSignatureSize} pieces for ${r.nModels} models overfits where one averaged feature generalises.` : `AIC selection beats averaging here (median R² ${f3(s.medianLomo.signature)} vs ${f3(s.medianLomo.screenedAverage)}).`}`,
    un && sw && sc && pf ? `**Overlap vs domain structure.** Spearman with the same-domain indicator over ${un.all.nPairs} pairs: unsigned signature overlap (the paper's) **${f3(un.all.spearman)}** (label-null p ${pv(un.labelNull.p)}; mean overlap ${f3(un.all.meanSame)} same-domain vs ${f3(un.all.meanDifferent)} different), sign-weighted by screening γ **${f3(sw.all.spearman)}** (p ${pv(sw.labelNull.p)}), by coefficient sign ${f3(sc.all.spearman)} (p ${pv(sc.labelNull.p)}), performance overlap **${f3(pf.all.spearman)}** (p ${pv(pf.labelNull.p)}). Without code: ${f3(un.noCode.spearman)}, ${f3(sw.noCode.spearman)}, ${f3(sc.noCode.spearman)}, ${f3(pf.noCode.spearman)}. ${Math.abs(sc.all.spearman) <= sc.labelNull.q95 ? "Weighting by the sign of the OLS coefficient loses the structure (within its label null): in a signature of ~" + s.medianSignatureSize + " collinear pieces the coefficient signs are not the pieces' marginal direction. " : ""}The model null (scores permuted across models, every signature re-selected) gives p ${pv(un.modelNull?.p ?? NaN)} / ${pv(sw.modelNull?.p ?? NaN)} / ${pv(pf.modelNull?.p ?? NaN)} for unsigned / sign-weighted / performance with ${un.modelNull?.permutations ?? 0} / ${sw.modelNull?.permutations ?? 0} / ${pf.modelNull?.permutations ?? 0} draws (the smallest p B draws can give is 1/(1 + B)). The pilot's finding that the unsigned overlap fails (weak pilot ${ref.pilot.unsignedWeakPilot}; stronger pilot ${ref.pilot.unsigned}) is ${verdict} at this scale.` : "",
    s.controls.length ? `**Negative controls.** ${s.controls.map((c) => `${c.benchmark} (mean score ${f3(r.benchmarks.find((b) => b.benchmark === c.benchmark)?.meanScore)}, chance ${f2(r.benchmarks.find((b) => b.benchmark === c.benchmark)?.chance)}): LOMO R² ${f3(c.lomoSignature)} (signature; percentile ${f2(c.lomoSignaturePooledPercentile)} of the pooled null) and ${f3(c.lomoScreenedAverage)} (screened average; percentile ${f2(c.lomoScreenedAveragePooledPercentile)}); its screened negative pieces are enriched ${f2(c.screenedTopEnrichment)}× in their best domain (percentile ${f2(c.screenedTopEnrichmentPercentile)}), the signature's at percentile ${f2(c.signatureTopEnrichmentPercentile)} — **${c.withinNull ? "within the null" : "outside the null"}**`).join("; ")}. ${s.controls.every((c) => c.withinNull) ? "The controls stay unpredictable." : "Not every control stays within its null (percentile ≥ 95 somewhere above): the method finds a signal that predicts held-out models on items the benchmark design meant to be noise — the zoo pilot's warning (finding 6) that fixed items measure a projection of each model's domain preferences even when nobody intended them to."}` : "",
    `**Family and format inflation** (different-domain pairs only, so that sharing a source domain — the ground truth — is not counted as "across family"). Within − across family: performance ${infLine("performance", "family")}, unsigned signature ${infLine("signature-unsigned", "family")}, sign-weighted ${infLine("signature-sign-screen", "family")}. Within − across format: performance ${infLine("performance", "format")}, unsigned signature ${infLine("signature-unsigned", "format")}, sign-weighted ${infLine("signature-sign-screen", "format")}. The paper reports ≈ ${ref.paperSignatureFamilyFormatDifference ?? 0} at signature level and clear inflation at performance level (typical performance overlap ${ref.paperPerformanceOverlap ?? "n/a"}).`,
    `**Where the zoo differs from the paper.** Small byte-level GPT models with known training mixtures instead of 32 real LLMs; a balanced ${r.domains.length}-domain wild pool of ${r.nPieces.toLocaleString("en-US")} pieces instead of 1.7e7 RedPajama tokens; synthetic word-level benchmarks whose families and formats cross the domains by design; summed piece NLL. The paper has no ground truth, so enrichment, the permutation nulls and the baselines are this workbook's additions.`,
  ].filter(Boolean).join("\n\n");
}

/**
 * The chapter's headline numbers (plain JSON), as the study writes them to `zoo-ground-truth.json`.
 *
 * @example
 *   groundTruthHeadline(r).summary.screenedTopCorrect
 */
export function groundTruthHeadline(r: ZooGroundTruthResult): Record<string, unknown> {
  const s: GroundTruthSummary = groundTruthSummary(r);
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    profile: r.profile, feature: r.feature, nModels: r.nModels, nPieces: r.nPieces, domains: r.domains, seed: r.seed,
    budget: r.budget, pipeline: r.pipeline, summary: s, pooledLomoNull: r.pooledLomoNull,
    benchmarks: Object.fromEntries(r.benchmarks.map((b) => [b.benchmark, {
      category: b.category, aboveChance: b.aboveChance, signatureSize: b.signatureSize, stoppedBecause: b.stoppedBecause,
      screenedNegative: num(b.screened?.observed.negative ?? NaN), screenedNegativePercentile: num(b.screened?.negative.percentile ?? NaN), screenedNegativeP: num(b.screened?.negative.p ?? NaN),
      signatureNegative: num(b.signature?.observed.negative ?? NaN), signatureNegativePercentile: num(b.signature?.negative.percentile ?? NaN),
      signaturePositive: num(b.signature?.observed.positive ?? NaN), screenedTop: b.screenedTop, signatureTop: b.signatureTop,
      screenedTopEnrichment: num(b.screenedTopEnrichment.observed), screenedTopEnrichmentPercentile: num(b.screenedTopEnrichment.percentile),
      lomoSignature: num(b.lomo.signature.r2), lomoScreenedAverage: num(b.lomo.screenedAverage.r2), lomoDomainMean: num(b.lomo.domainMean?.r2 ?? NaN),
      lomoDomainMeanPercentile: num(b.lomo.domainMean?.null.percentile ?? NaN), lomoSignaturePooledPercentile: num(b.lomo.signature.pooledPercentile),
    }])),
    overlapDomain: Object.fromEntries(r.overlap.kinds.map((k) => [k.kind, {
      spearman: num(k.all.spearman), aboveChance: num(k.aboveChance.spearman), noCode: num(k.noCode.spearman), nPairs: k.all.nPairs, nSame: k.all.nSame,
      meanSame: num(k.all.meanSame), meanDifferent: num(k.all.meanDifferent), labelNullP: num(k.labelNull.p), labelNullQ95: num(k.labelNull.q95),
      modelNullP: k.modelNull ? num(k.modelNull.p) : null, modelNullPermutations: k.modelNull?.permutations ?? 0,
    }])),
    inflation: r.inflation.map((c) => ({ ...c, mannWhitneyP: num(c.mannWhitneyP), mannWhitneyPGreater: num(c.mannWhitneyPGreater), meanWithin: num(c.meanWithin), meanAcross: num(c.meanAcross), difference: num(c.difference) })),
  };
}

/**
 * Study step `zoo-ground-truth`: the zoo ground truth (enrichment, LOMO R² vs baselines, overlap vs domain,
 * negative controls, family / format inflation) on the zoo data the zoo-data step wrote to this profile's folder.
 */
export const zooGroundTruthStep: StudyStep = {
  id: "zoo-ground-truth",
  title: "Zoo ground truth: do signatures come from their benchmark's domain? (beyond the paper)",
  async run(ctx: StudyContext): Promise<StepResult> {
    const z = loadZooData(ctx.outDir);
    const t0 = Date.now();
    const r = zooGroundTruth(z);
    const seconds = (Date.now() - t0) / 1000;
    ctx.log(`${r.benchmarks.length} benchmarks, ${r.nModels} models x ${r.nPieces} pieces: ${seconds.toFixed(1)} s`);
    const ref = groundTruthReference(ctx.repoRoot);
    return {
      headline: groundTruthHeadline(r),
      figures: [groundTruthEnrichmentFigure(r), groundTruthLomoFigure(r), groundTruthOverlapFigure(r), groundTruthOverlapPanels(r), groundTruthInflationFigure(r)],
      prose: groundTruthProse(r, ref),
      tables: [groundTruthReferenceTable(r, ref), groundTruthBenchmarkTable(r), groundTruthOverlapTable(r), groundTruthControlsTable(r), groundTruthInflationTable(r)],
      provenance: r.provenance,
    };
  },
};
