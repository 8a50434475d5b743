import { readFileSync } from "node:fs";
import { join } from "node:path";
import { zooRobustness, type RegressorMethod, type ZooRobustnessResult } from "../chapters/zoo-robustness";
import type { MatrixAgreement } from "../chapters/zoo-robustness-common";
import { barFigure } from "../figures/bar";
import { heatmapFigure } from "../figures/heatmap";
import { overlapPanels } from "../figures/overlap-figures";
import { scatterFigure } from "../figures/scatter";
import type { TableSpec } from "../report/table";
import { sampleMedian } from "../stats/describe";
import { tailSizes } from "../stats/screening-tails";
import { loadZooData } from "../zoo/zoo-data";
import type { StepResult, StudyContext, StudyFigure, StudyStep } from "./types";

/**
 * Presenting the zoo robustness chapter (src/chapters/zoo-robustness.ts): the paper's A.7 numbers, figures,
 * tables, prose and headline numbers made from its result; used by the study step and by notebook 15. Nothing
 * here computes a statistic except reading the paper's numbers from data/paper-numbers.json.
 */

/** The paper's A.7 numbers (data/paper-numbers.json); null where the file lacks one. */
export interface PaperRobustness {
  aicLasso: number | null;
  aicEnet: number | null;
  lassoEnet: number | null;
  random50Aic: number | null;
  dolma: number | null;
  /** Consecutive-ratio Pearson correlations (A.7.4 table). */
  ratioRows: { from: number; to: number; rho: number }[];
}

/**
 * The paper's robustness numbers from `<repoRoot>/data/paper-numbers.json`.
 *
 * @example
 *   paperRobustnessNumbers().aicLasso   // 0.763
 */
export function paperRobustnessNumbers(repoRoot: string = join(__dirname, "..", "..")): PaperRobustness {
  const d = JSON.parse(readFileSync(join(repoRoot, "data", "paper-numbers.json"), "utf8")) as {
    numbers: { id: string; value: number }[]; ratio_sensitivity?: { rows: { from: number; to: number; rho: number }[] };
  };
  const num = (id: string) => d.numbers.find((x) => x.id === id)?.value ?? null;
  return {
    aicLasso: num("regressor_aic_lasso"), aicEnet: num("regressor_aic_enet"), lassoEnet: num("regressor_lasso_enet"),
    random50Aic: num("regressor_random50_aic"), dolma: num("dolma_redpajama_bbh"), ratioRows: d.ratio_sensitivity?.rows ?? [],
  };
}

/** A screening ratio as text: 1e-6 … 1e-3 in exponent form, larger ones as decimals. */
const fmtRatio = (r: number) => (r < 0.01 ? r.toExponential(0) : String(r));
/** The paper's pool after downsampling (A.5.1) and its floor max(2·32, 50). */
const PAPER_PIECES = 1.69e7;
const paperCandidates = (ratio: number) => { const t = tailSizes(PAPER_PIECES, ratio, 64); return t.nTop + t.nBottom; };
const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(3));
const SHORT: Record<RegressorMethod, string> = { aic: "AIC", lasso: "lasso", enet: "elastic net", "lasso-released": "lasso α=0.01", random50: "random 50", "random50-pool": "random 50 (pool)" };

/** The paper's value for a pair of methods (A.7.2), or null. */
function paperPair(p: PaperRobustness, a: RegressorMethod, b: RegressorMethod): number | null {
  const k = [a, b].sort().join("|");
  return ({ "aic|lasso": p.aicLasso, "aic|enet": p.aicEnet, "enet|lasso": p.lassoEnet, "aic|random50": p.random50Aic } as Record<string, number | null>)[k] ?? null;
}

function pairOf(r: ZooRobustnessResult, a: RegressorMethod, b: RegressorMethod) {
  return r.regressors.pairs.find((q) => (q.a === a && q.b === b) || (q.a === b && q.b === a))!;
}

/** The paper's consecutive-ratio value for (from, to), or null. */
function paperRatio(p: PaperRobustness, from: number, to: number): number | null {
  return p.ratioRows.find((x) => Math.abs(x.from - from) < 1e-12 * to && Math.abs(x.to - to) < 1e-12 * to)?.rho ?? null;
}

/**
 * Every pair of selectors: agreement of their overlap matrices (unsigned and sign-weighted), shared pieces, and
 * the paper's value where it reports one.
 *
 * @example
 *   showTable(zooRegressorPairsTable(r, paperRobustnessNumbers()));
 */
export function zooRegressorPairsTable(r: ZooRobustnessResult, paper: PaperRobustness): TableSpec {
  return {
    caption: `Regressor agreement: correlation of the ${r.benchmarks.length}x${r.benchmarks.length} signature-overlap matrices' upper triangles (${r.regressors.pairs[0]?.unsigned.pairs ?? 0} benchmark pairs), same screened candidates`,
    columns: ["method A", "method B", "Spearman (unsigned)", "Pearson (unsigned)", "paper", "Spearman (sign-weighted)", "mean Jaccard of pieces"],
    rows: r.regressors.pairs.map((q) => [SHORT[q.a], SHORT[q.b], q.unsigned.spearman, q.unsigned.pearson, paperPair(paper, q.a, q.b) ?? "—", q.signWeighted ? q.signWeighted.spearman : "—", q.meanJaccard]),
  };
}

/**
 * One row per selector: signature sizes, in-sample R², λ, and agreement with forward AIC.
 *
 * @example
 *   showTable(zooRegressorTable(r));
 */
export function zooRegressorTable(r: ZooRobustnessResult): TableSpec {
  return {
    caption: `Selectors on the same Thrush-screened candidates (${Math.min(...r.regressors.candidates)}–${Math.max(...r.regressors.candidates)} per benchmark, ratio 0.01 per tail with the max(2m, 50) floor)`,
    columns: ["method", "median size", "min size", "max size", "median in-sample R²", "median λ", "median overlap", "vs AIC: Spearman", "vs AIC: Pearson"],
    rows: r.regressors.methods.map((m) => {
      const v = m.method === "aic" ? null : pairOf(r, "aic", m.method).unsigned;
      return [m.label, sampleMedian(m.sizes), Math.min(...m.sizes), Math.max(...m.sizes), sampleMedian(m.r2), m.lambda ? sampleMedian(m.lambda) : "—", m.medianOverlap, v ? v.spearman : "—", v ? v.pearson : "—"];
    }),
  };
}

/**
 * Heatmap of the selectors' agreement (Spearman of the overlap matrices' upper triangles).
 *
 * @example
 *   showFigure(zooRegressorAgreementFigure(r).spec);
 */
export function zooRegressorAgreementFigure(r: ZooRobustnessResult): StudyFigure {
  const ms = r.regressors.methods.map((m) => m.method), k = ms.length;
  const values = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) values[i * k + j] = i === j ? 1 : pairOf(r, ms[i], ms[j]).unsigned.spearman;
  return {
    id: "regressor-agreement",
    spec: heatmapFigure({ labels: ms.map((m) => SHORT[m]), values }, { title: `Selector agreement<br>(Spearman of overlap matrices, ${r.benchmarks.length} benchmarks)`, colorbarTitle: "Spearman ρ", showValues: true }),
    caption: "Each cell: Spearman correlation between two selectors' signature-overlap matrices (upper triangles). The paper reports 0.763 (AIC–lasso), 0.765 (AIC–elastic net), 0.786 (lasso–elastic net) and 0.334 (AIC–50 random).",
  };
}

/**
 * The paper's four regressor-agreement numbers beside this run's (Spearman and Pearson).
 *
 * @example
 *   showFigure(zooRegressorVsPaperFigure(r, paperRobustnessNumbers()).spec);
 */
export function zooRegressorVsPaperFigure(r: ZooRobustnessResult, paper: PaperRobustness): StudyFigure {
  const want: [RegressorMethod, RegressorMethod][] = [["aic", "lasso"], ["aic", "enet"], ["lasso", "enet"], ["aic", "random50"]];
  const bars = want.flatMap(([a, b]) => {
    const label = `${SHORT[a]} vs ${SHORT[b]}`, q = pairOf(r, a, b).unsigned;
    return [
      { label, value: paperPair(paper, a, b) ?? NaN, group: "paper (32 LLMs, RedPajama)" },
      { label, value: q.spearman, group: "zoo: Spearman" },
      { label, value: q.pearson, group: "zoo: Pearson" },
    ];
  });
  return {
    id: "regressor-vs-paper",
    spec: barFigure(bars, { title: "Regressor agreement: the paper's A.7.2 numbers and the zoo's", valueTitle: "correlation of overlap matrices" }),
    caption: "Correlation between the signature-overlap matrices found by two selectors. The paper does not say whether its ρ is Pearson or Spearman; both are shown.",
  };
}

/**
 * The unsigned signature-overlap matrices of forward AIC, the size-matched lasso and the random baseline side by
 * side (one colour scale, benchmarks grouped by source domain).
 *
 * @example
 *   showFigure(zooRegressorOverlapPanels(r).spec);
 */
export function zooRegressorOverlapPanels(r: ZooRobustnessResult): StudyFigure {
  const pick: RegressorMethod[] = ["aic", "lasso", "random50"];
  return {
    id: "regressor-overlaps",
    spec: overlapPanels(pick.map((m) => ({ name: SHORT[m], matrix: r.regressors.methods.find((x) => x.method === m)!.overlap })), { categories: r.domainOf, title: "Signature overlap by selector (benchmarks grouped by source domain)", colorbarTitle: "overlap" }),
    caption: "The paper's unsigned signature overlap (Spearman across models of the mean within-model z-scored surprisal over each signature) for three selectors on the same candidates.",
  };
}

/**
 * The screening-ratio table (paper A.7.4): candidates asked and effective, sizes, R², agreement with the 0.01
 * matrix and with the previous ratio, beside the paper's consecutive-ratio value where the pair is the paper's.
 *
 * @example
 *   showTable(zooRatioTable(r, paperRobustnessNumbers()));
 */
export function zooRatioTable(r: ZooRobustnessResult, paper: PaperRobustness): TableSpec {
  const rows = r.ratios.rows;
  return {
    caption: `Screening ratio per tail on ${r.ratios.nPieces} pieces, ${r.ratios.nModels} models (floor max(2m, 50) = ${r.ratios.minCandidates} candidates); agreement = correlation of the overlap matrices' upper triangles`,
    columns: ["ratio", "asked per tail (r·d)", "asked candidates", "effective candidates", "paper's candidates (d = 1.69e7, m = 32)", "median size", "median R²", "vs 0.01: Pearson", "vs 0.01: Spearman", "Jaccard vs 0.01", "vs previous: Pearson", "paper (previous → this)"],
    rows: rows.map((x, g) => [fmtRatio(x.ratio), x.askedPerTailExact, x.askedCandidates, x.effectiveCandidates, paperCandidates(x.ratio), x.medianSize, x.medianR2, x.vsPaperRatio.pearson, x.vsPaperRatio.spearman, x.jaccardVsPaperRatio,
      x.vsPrevious ? x.vsPrevious.pearson : "—", g > 0 ? paperRatio(paper, rows[g - 1].ratio, x.ratio) ?? "—" : "—"]),
  };
}

/**
 * The paper's consecutive-ratio pairs that lie on this run's grid: the paper's Pearson and this run's.
 *
 * @example
 *   showTable(zooPaperRatioPairsTable(r, paperRobustnessNumbers()));
 */
export function zooPaperRatioPairsTable(r: ZooRobustnessResult, paper: PaperRobustness): TableSpec {
  return {
    caption: "The paper's ratio pairs (A.7.4) on this grid: Pearson of the overlap matrices' upper triangles",
    columns: ["from", "to", "paper (BBH, 1.69e7 pieces)", "zoo: Pearson", "zoo: Spearman"],
    rows: r.ratios.paperPairs.map((q) => [q.from, q.to, paperRatio(paper, q.from, q.to) ?? "—", q.agreement.pearson, q.agreement.spearman]),
  };
}

/**
 * Agreement with the 0.01 matrix and with the previous ratio across the grid (log ratio axis), with the paper's
 * consecutive-ratio values.
 *
 * @example
 *   showFigure(zooRatioFigure(r, paperRobustnessNumbers()).spec);
 */
export function zooRatioFigure(r: ZooRobustnessResult, paper: PaperRobustness): StudyFigure {
  const rows = r.ratios.rows, x = rows.map((q) => q.ratio);
  const series = [
    { name: "zoo: vs ratio 0.01 (Pearson)", x, y: rows.map((q) => q.vsPaperRatio.pearson), text: rows.map((q) => `${q.effectiveCandidates} cand.`) },
    { name: "zoo: vs previous ratio (Pearson)", x: x.slice(1), y: rows.slice(1).map((q) => q.vsPrevious!.pearson) },
    { name: "paper: vs previous ratio", x: paper.ratioRows.map((q) => q.to), y: paper.ratioRows.map((q) => q.rho) },
  ];
  const spec = scatterFigure(series, { title: "Screening-ratio sensitivity of the signature-overlap matrix", xTitle: "screening ratio per tail (log scale)", yTitle: "correlation of overlap matrices", labelPoints: false });
  spec.data.forEach((t) => { t.mode = "lines+markers"; });
  const ticks = [...x, ...(x.includes(1) ? [] : [1])];
  spec.layout.xaxis = { ...(spec.layout.xaxis as Record<string, unknown>), type: "log", tickvals: ticks, ticktext: ticks.map(fmtRatio), tickangle: -45 };
  spec.layout.yaxis = { ...(spec.layout.yaxis as Record<string, unknown>), range: [-0.2, 1.05] };
  spec.layout.legend = { orientation: "h", x: 0, y: -0.3, yanchor: "top" };
  spec.layout.height = 560;
  spec.layout.margin = { l: 70, r: 30, t: 70, b: 150 };
  return {
    id: "ratio-sensitivity", spec,
    caption: `Each ratio's overlap matrix against the 0.01 one and against the previous ratio on the grid. Ratios whose candidates are fixed by the ${r.ratios.minCandidates}-candidate floor give identical signatures (agreement 1). The paper's points are its consecutive pairs on 1.69e7 pieces.`,
  };
}

/**
 * The corpus swap: each benchmark pair's overlap on wild-a against its overlap on wild-b.
 *
 * @example
 *   showFigure(zooSwapFigure(r).spec);
 */
export function zooSwapFigure(r: ZooRobustnessResult): StudyFigure {
  const [a, b] = r.swap.halves, k = r.benchmarks.length, xs: number[] = [], ys: number[] = [], text: string[] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) { xs.push(a.overlap.values[i * k + j]); ys.push(b.overlap.values[i * k + j]); text.push(`${r.benchmarks[i]} × ${r.benchmarks[j]}`); }
  return {
    id: "corpus-swap",
    spec: scatterFigure([{ name: "benchmark pairs", x: xs, y: ys, text }], { title: `Corpus swap: signature overlap on wild-a vs wild-b (Spearman ${f3(r.swap.agreement.spearman)})`, xTitle: `overlap, signatures from ${a.half} (${a.pieces} pieces)`, yTitle: `overlap, signatures from ${b.half} (${b.pieces} pieces)`, identity: true, labelPoints: false }),
    caption: "Each point is a pair of zoo benchmarks; the two axes come from disjoint halves of the wild pool (same domains, different text), each with its own signatures and its own z-scores. The paper's RedPajama-vs-Dolma check gives Spearman 0.895 on BBH.",
  };
}

/**
 * The corpus-swap table: each half's pool, candidates, sizes, R², and agreement with the full-pool matrix.
 *
 * @example
 *   showTable(zooSwapTable(r));
 */
export function zooSwapTable(r: ZooRobustnessResult): TableSpec {
  return {
    caption: `Corpus swap: wild-a vs wild-b overlap matrices agree at Spearman ${f3(r.swap.agreement.spearman)}, Pearson ${f3(r.swap.agreement.pearson)} (${r.swap.agreement.pairs} pairs)`,
    columns: ["pool", "pieces", "candidates", "median size", "median R²", "vs full pool: Spearman", "vs full pool: Pearson"],
    rows: r.swap.halves.map((h, i) => [h.half, h.pieces, h.candidates, h.medianSize, h.medianR2, r.swap.vsFullPool[i].agreement.spearman, r.swap.vsFullPool[i].agreement.pearson]),
  };
}

const agr = (a: MatrixAgreement) => `${f3(a.spearman)} (Pearson ${f3(a.pearson)})`;

/**
 * The chapter's reading in words (markdown), every number filled in from the result.
 *
 * @example
 *   showMarkdown(zooRobustnessProse(r, paperRobustnessNumbers()));
 */
export function zooRobustnessProse(r: ZooRobustnessResult, paper: PaperRobustness): string {
  const pr = (a: RegressorMethod, b: RegressorMethod) => pairOf(r, a, b).unsigned;
  const meth = (m: RegressorMethod) => r.regressors.methods.find((x) => x.method === m)!;
  const size = (m: RegressorMethod) => sampleMedian(meth(m).sizes);
  const cmin = Math.min(...r.regressors.candidates), cmax = Math.max(...r.regressors.candidates);
  const cands = cmin === cmax ? `${cmin}` : `${cmin}–${cmax}`;
  const rows = r.ratios.rows, floorRows = rows.filter((x) => x.floorApplies), ref = rows.find((x) => x.ratio === 0.01)!;
  const big = rows.filter((x) => x.ratio > 0.01), last = rows[rows.length - 1];
  const penalised = Math.max(pr("aic", "lasso").spearman, pr("aic", "enet").spearman);
  const randVsAic = pr("aic", "random50").spearman, poolVsAic = pr("aic", "random50-pool").spearman;
  const k = r.regressors.params.randomK;
  const floorSame = floorRows.filter((x) => x.jaccardVsPaperRatio === 1);
  const prevLast = last.vsPrevious;
  return [
    `**Setting.** ${r.nModels} zoo models, ${r.nPieces} wild pieces (summed-token surprisal), ${r.benchmarks.length} zoo-domain benchmarks (negative controls left out); the paper's pipeline is Thrush screening at 0.01 per tail with a floor of ${r.ratios.minCandidates} candidates, then forward AIC with at least 10 residual df. Agreement between two variants is the correlation of their ${r.benchmarks.length}x${r.benchmarks.length} signature-overlap matrices over the ${pr("aic", "lasso").pairs} benchmark pairs (Spearman first, Pearson in brackets).`,
    `**Regressors.** On the same ${cands} screened candidates per benchmark, forward AIC keeps a median of ${size("aic")} pieces; the glmnet lasso and elastic net (α = ${r.regressors.params.enetAlpha}) are stopped on glmnet's default λ path just before they exceed the AIC signature's size (median ${size("lasso")} and ${size("enet")} pieces); the released code's lasso (scikit-learn α = ${r.regressors.params.releasedAlpha}) keeps a median of ${size("lasso-released")}. Their overlap matrices agree with AIC's at ${agr(pr("aic", "lasso"))} for the lasso and ${agr(pr("aic", "enet"))} for the elastic net (paper: ${f3(paper.aicLasso)} and ${f3(paper.aicEnet)}), and with each other at ${agr(pr("lasso", "enet"))} (paper ${f3(paper.lassoEnet)}); the released code's lasso agrees with AIC at ${agr(pr("aic", "lasso-released"))}. The baseline of ${k} random screened pieces agrees with AIC at ${agr(pr("aic", "random50"))} (paper ${f3(paper.random50Aic)}); ${k} random pieces of the whole pool, with no screening at all, agree with AIC at ${agr(pr("aic", "random50-pool"))}.` +
      (randVsAic >= penalised
        ? ` **Unlike the paper, the random baseline agrees with AIC at least as well as the penalised regressors do.**${k / cmax >= 0.3 ? ` ${k} pieces are ${Math.round((100 * k) / cmax)}% of the screened set here.` : ""} Every overlap matrix carries a large common level (median off-diagonal overlap: AIC ${f3(meth("aic").medianOverlap)}, lasso ${f3(meth("lasso").medianOverlap)}, random ${f3(meth("random50").medianOverlap)}), so the agreement is driven by the few benchmarks whose rows depart from it (the heatmaps show which) rather than by the choice of regressor.`
        : ` As in the paper, the penalised regressors agree with AIC better than the random baseline does.`) +
      (poolVsAic >= 0.5 * Math.max(penalised, randVsAic)
        ? ` That unscreened random pieces reach ${f3(poolVsAic)} says that much of the structure comes from the pool's domains (which pieces a model finds hard), not from the benchmark's scores.`
        : ` Unscreened random pieces agree with AIC at only ${f3(poolVsAic)}, so what the selectors share comes from the screened candidates, which depend on the scores.`),
    `**Screening ratio.** On ${r.ratios.nPieces} pieces, ratios ${floorRows.map((x) => fmtRatio(x.ratio)).join(", ")} ask for ${floorRows.map((x) => x.askedCandidates).join(", ")} candidates but the floor widens them to ${[...new Set(floorRows.map((x) => x.effectiveCandidates))].join(", ")}` +
      (floorSame.length ? `, so the signatures at ${floorSame.map((x) => fmtRatio(x.ratio)).join(", ")} are identical to the 0.01 ones (agreement 1)` : floorRows.length > 1 ? `, so these ratios give identical signatures (agreement 1 between them)` : "") +
      `: the paper's unstable regime (1e-6 to 1e-3) does not exist at this pool size; on the paper's ${PAPER_PIECES.toExponential(2).replace("e+", "e")} pieces with 32 models the same ratios screen ${floorRows.filter((x) => x.ratio <= 1e-3).map((x) => paperCandidates(x.ratio)).join(", ")} candidates. Above 0.01 the effective candidates grow to ${big.map((x) => x.effectiveCandidates).join(", ")} and the overlap matrix moves away from the 0.01 one: Pearson ${big.map((x) => `${f3(x.vsPaperRatio.pearson)} at ${fmtRatio(x.ratio)}`).join(", ")}, the signatures sharing a mean Jaccard of ${f3(last.jaccardVsPaperRatio)} of their pieces with the 0.01 ones at ${fmtRatio(last.ratio)}. Median in-sample R² is ${f3(ref.medianR2)} at 0.01 and ${f3(last.medianR2)} at ${fmtRatio(last.ratio)}` +
      (Math.min(ref.medianR2, last.medianR2) > 0.95 ? `: with ${r.nModels} models and up to ${r.nModels - 11} pieces, forward AIC fits every candidate pool almost perfectly, whichever pieces it picks.` : ".") +
      ` On the paper's own ratio pairs the zoo gives Pearson ${r.ratios.paperPairs.map((q) => `${f3(q.agreement.pearson)} for ${fmtRatio(q.from)} → ${fmtRatio(q.to)} (paper ${f3(paperRatio(paper, q.from, q.to))})`).join(", ")}.` +
      (prevLast ? (prevLast.pearson >= 0.95 ? ` As in the paper, the structure settles at large ratios (${fmtRatio(rows[rows.length - 2].ratio)} → ${fmtRatio(last.ratio)}: ${f3(prevLast.pearson)}).` : ` Unlike the paper (0.999–1.000 between consecutive ratios above 0.1), the structure keeps changing at large ratios (${fmtRatio(rows[rows.length - 2].ratio)} → ${fmtRatio(last.ratio)}: Pearson ${f3(prevLast.pearson)}).`) : ""),
    `**Corpus swap.** Signatures built on wild-a only and on wild-b only (${r.swap.halves.map((h) => `${h.pieces} pieces, ${h.candidates} candidates`).join(" vs ")}) share no pieces by construction; their overlap matrices, each on its own half, agree at Spearman ${agr(r.swap.agreement)} (paper, RedPajama vs Dolma on BBH: ${f3(paper.dolma)}). Each half's matrix agrees with the full-pool one at ${r.swap.vsFullPool.map((v) => `${f3(v.agreement.spearman)} (${v.half})`).join(" and ")}.`,
    `**Where the zoo differs from the paper.** Small byte-level models with known mixtures (${r.nModels}), not 32 LLMs; a pool about ${Number((PAPER_PIECES / r.ratios.nPieces).toPrecision(2)).toLocaleString("en-US")}x smaller than the paper's 1.69e7 pieces, so each ratio keeps proportionally fewer candidates and the floor binds up to about ${f3(r.ratios.minCandidates / 2 / r.ratios.nPieces)} per tail; ${r.benchmarks.length} zoo benchmarks (formats x domains), not 27 BBH subtasks; the "second corpus" is the other half of the same pool (same domains, disjoint text), not a different crawl; λ is matched to the AIC signature's size rather than cross-validated, and the paper says neither how it chose its λ nor whether its ρ is Pearson or Spearman.`,
  ].join("\n\n");
}

/**
 * The chapter's headline numbers (plain JSON) as the study writes them to `zoo-robustness.json`.
 *
 * @example
 *   zooRobustnessHeadline(r).regressorAgreement.aic_lasso.spearman
 */
export function zooRobustnessHeadline(r: ZooRobustnessResult) {
  const a = (x: MatrixAgreement) => ({ pearson: x.pearson, spearman: x.spearman, pairs: x.pairs });
  return {
    profile: r.profile, nModels: r.nModels, nPieces: r.nPieces, nBenchmarks: r.benchmarks.length,
    screenedCandidates: { min: Math.min(...r.regressors.candidates), max: Math.max(...r.regressors.candidates) },
    regressorAgreement: Object.fromEntries(r.regressors.pairs.map((q) => [`${q.a}_${q.b}`.replace(/-/g, ""), { ...a(q.unsigned), signWeightedSpearman: q.signWeighted?.spearman ?? null, meanJaccard: q.meanJaccard }])),
    medianSignatureSize: Object.fromEntries(r.regressors.methods.map((m) => [m.method, sampleMedian(m.sizes)])),
    ratios: r.ratios.rows.map((x) => ({
      ratio: x.ratio, askedPerTail: x.askedPerTail, askedCandidates: x.askedCandidates, effectiveCandidates: x.effectiveCandidates,
      medianSize: x.medianSize, medianR2: x.medianR2, vsPaperRatio: a(x.vsPaperRatio), vsPrevious: x.vsPrevious ? a(x.vsPrevious) : null, jaccardVsPaperRatio: x.jaccardVsPaperRatio,
    })),
    paperRatioPairs: r.ratios.paperPairs.map((q) => ({ from: q.from, to: q.to, ...a(q.agreement) })),
    corpusSwap: { ...a(r.swap.agreement), halves: r.swap.halves.map((h) => ({ half: h.half, pieces: h.pieces, candidates: h.candidates, medianSize: h.medianSize })), vsFullPool: r.swap.vsFullPool.map((v) => ({ half: v.half, ...a(v.agreement) })) },
    seed: r.regressors.params.seed,
  };
}

/**
 * Study step `zoo-robustness`: regressor agreement, screening-ratio sensitivity and the corpus swap on the zoo
 * (paper A.7), read from the zoo-data step's output in the same results folder.
 */
export const zooRobustnessStep: StudyStep = {
  id: "zoo-robustness",
  title: "Zoo: robustness of signature overlap to the regressor, the screening ratio and the corpus (paper A.7)",
  async run(ctx: StudyContext): Promise<StepResult> {
    const z = loadZooData(ctx.outDir);
    const t0 = Date.now();
    const r = zooRobustness(z, { seed: ctx.profile.seed });
    ctx.log(`${r.nModels} models x ${r.nPieces} pieces, ${r.benchmarks.length} benchmarks, ${r.ratios.rows.length} ratios: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const paper = paperRobustnessNumbers(ctx.repoRoot);
    return {
      headline: { ...zooRobustnessHeadline(r), paper },
      figures: [zooRegressorVsPaperFigure(r, paper), zooRegressorAgreementFigure(r), zooRegressorOverlapPanels(r), zooRatioFigure(r, paper), zooSwapFigure(r)],
      prose: zooRobustnessProse(r, paper),
      tables: [zooRegressorTable(r), zooRegressorPairsTable(r, paper), zooRatioTable(r, paper), zooPaperRatioPairsTable(r, paper), zooSwapTable(r)],
      provenance: r.provenance,
    };
  },
};
