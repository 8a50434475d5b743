import { methodChapter, methodSweep, type MethodChapterResult, type MethodPath, type MethodSweep } from "../chapters/method";
import { barFigure } from "../figures/bar";
import { histogramFigure } from "../figures/histogram";
import { scatterFigure } from "../figures/scatter";
import type { TableSpec } from "../report/table";
import type { StepResult, StudyContext, StudyFigure, StudyStep } from "./types";

/**
 * Presenting the worked example (src/chapters/method.ts): figures, tables, prose and headline numbers
 * made from its result, used by the study step and by notebook 02. Nothing here computes a statistic
 * beyond formatting; every number comes from `methodChapter` / `methodSweep`.
 */

/** Worlds averaged by the seed sweep per profile. */
export const METHOD_SWEEP_SEEDS = { default: 100, smoke: 20 } as const;

const f3 = (x: number) => x.toFixed(3);
const f2 = (x: number) => x.toFixed(2);
const list = (xs: string[]) => (xs.length ? xs.map((x) => `\`${x}\``).join(", ") : "none");
const aicText = (a: number | null) => (a === null ? "−∞" : f2(a));
const neg = (signs: number[]) => signs.filter((x) => x < 0).length;

/**
 * The worked Thrush correlation as a table: one row per model pair k < l with sign(y_k − y_l), the
 * two surprisal ranks, their difference and the product; the last row is the sum, γ.
 *
 * @example
 *   showTable(methodPairsTable(methodChapter()), { maxRows: 70 });
 */
export function methodPairsTable(r: MethodChapterResult): TableSpec {
  const w = r.worked;
  return {
    caption: `Thrush correlation of piece ${w.piece} with benchmark A, pair by pair (γ = Σ sign(y_k − y_l)·(r_k − r_l))`,
    columns: ["k", "l", "y_k", "y_l", "sign(y_k − y_l)", "rank r_k", "rank r_l", "r_k − r_l", "term"],
    rows: [
      ...w.pairs.map((p) => [p.k, p.l, p.yk, p.yl, p.sign, p.rk, p.rl, p.rankDiff, p.term]),
      ["sum", "", null, null, null, null, null, null, w.gamma],
    ],
  };
}

/**
 * The worked piece as a picture: each model's surprisal on the piece against its score on A.
 *
 * @example
 *   showFigure(methodWorkedFigure(r).spec);
 */
export function methodWorkedFigure(r: MethodChapterResult): StudyFigure {
  const w = r.worked;
  return {
    id: "worked-piece",
    spec: scatterFigure([{ name: w.piece, x: w.surprisal, y: r.world.scoresA, text: r.world.models.map((_, i) => `${String(i + 1).padStart(2, "0")} (r${w.ranks[i]})`) }],
      { title: `Piece ${w.piece}: surprisal vs score on A (γ = ${w.gamma}, ρ_s = ${f3(w.spearman)})`, xTitle: "surprisal of the piece (nats)", yTitle: "score on benchmark A" }),
    caption: "Each point is a model, labelled with its number (model-NN) and the rank r of its surprisal on this piece. Abler models are less surprised by a planted piece, so the points fall from left to right: most pairs are discordant and γ is negative.",
  };
}

/**
 * Histogram of the Thrush correlations of all pieces with the 1st/99th percentiles and the screening cuts.
 *
 * @example
 *   showFigure(methodHistogram(r).spec);
 */
export function methodHistogram(r: MethodChapterResult): StudyFigure {
  const pct = Math.round(100 * r.screening.ratio);
  return {
    id: "thrush-histogram",
    spec: histogramFigure(r.thrush.values, {
      bins: 30, xTitle: "Thrush correlation γ (benchmark A)",
      // In left-to-right order so that neighbouring labels alternate rows (the chapter's type-7 percentiles).
      lines: [
        { x: r.thrush.p01, label: "1st percentile" }, { x: r.screening.bottomThreshold, label: `${pct}% cut` },
        { x: r.screening.topThreshold, label: `${pct}% cut` }, { x: r.thrush.p99, label: "99th percentile" },
      ],
      title: `Thrush correlations of ${r.world.nPieces} pieces (m = ${r.world.models.length} models, |γ| ≤ ${r.worked.scale})`,
    }),
    caption: `Dashed lines: the 1st and 99th percentiles (the paper's Fig. 3 marks) and this chapter's ${pct}%-per-tail screening cuts. Planted pieces: ${Object.entries(r.thrush.plantedValues).map(([p, g]) => `${p} (γ = ${g})`).join(", ")}.`,
  };
}

/**
 * The screened pieces: tail, γ, and whether the piece was planted.
 *
 * @example
 *   showTable(methodScreenTable(r));
 */
export function methodScreenTable(r: MethodChapterResult): TableSpec {
  const g = (p: string) => r.thrush.values[Number(p.slice(1))];
  const planted = new Set(r.world.plantedA);
  return {
    caption: `Screened set: ${r.screening.perTail} pieces per tail`,
    columns: ["piece", "tail", "γ", "ρ_s", "planted for A"],
    rows: [...r.screening.bottom.map((p) => [p, "bottom", g(p), r.thrush.spearman[Number(p.slice(1))], planted.has(p)]),
      ...r.screening.top.map((p) => [p, "top", g(p), r.thrush.spearman[Number(p.slice(1))], planted.has(p)])],
  };
}

/**
 * The first forward step as R's add1 table, sorted by AIC (the current model `<none>` included).
 *
 * @example
 *   showTable(methodAdd1Table(r));
 */
export function methodAdd1Table(r: MethodChapterResult): TableSpec {
  const rows = [...r.add1.rows].sort((a, b) => a.aic - b.aic);
  return {
    caption: "First forward step: every screened candidate refitted as y ~ 1 + piece (R's add1), sorted by AIC = n·log(RSS/n) + 2·edf",
    columns: ["piece", "RSS", "AIC", "planted for A"],
    rows: rows.map((x) => [x.piece ?? "<none> (intercept only)", x.rss, x.aic, x.piece === null ? null : x.planted]),
  };
}

/**
 * A forward path as a table (step, piece added, parameters, RSS, AIC, R², adjusted R², planted).
 *
 * @example
 *   showTable(methodPathTable(r.saturated, "uncapped"));
 */
export function methodPathTable(p: MethodPath, caption: string): TableSpec {
  return {
    caption: `${caption} (minResidualDf = ${p.minResidualDf}; stopped: ${p.stoppedBecause})`,
    columns: ["step", "added", "parameters", "RSS", "AIC", "R²", "adjusted R²", "planted for A"],
    rows: p.steps.map((s) => [s.step, s.added ?? "(intercept)", s.edf, s.rss, s.aic === null ? "−∞" : s.aic, s.r2, s.adjR2, s.added === null ? null : s.planted]),
  };
}

/**
 * AIC along the capped and the uncapped forward paths.
 *
 * @example
 *   showFigure(methodPathFigure(r).spec);
 */
export function methodPathFigure(r: MethodChapterResult): StudyFigure {
  const ser = (p: MethodPath, name: string) => ({
    name, x: p.steps.map((s) => s.step), y: p.steps.map((s) => s.aic ?? NaN), text: p.steps.map((s) => (s.added === null ? "∅" : s.planted ? `${s.added}*` : s.added)),
  });
  return {
    id: "forward-path",
    spec: scatterFigure([ser(r.saturated, "uncapped (minResidualDf = 0)"), ser(r.path, `capped (minResidualDf = ${r.path.minResidualDf})`)], {
      title: `Forward selection for A: AIC after each added piece (${r.world.models.length} models)`, xTitle: "pieces in the model", yTitle: "AIC (R's extractAIC)", labelPoints: true,
    }),
    caption: "Labels name the piece added (* = planted). With as many parameters as models the fit is exact: RSS = 0 and AIC = −∞ (or a rounding artefact far below every other value), so AIC alone never stops before saturation.",
  };
}

/**
 * The toy overlaps of benchmarks A and B side by side, one bar each.
 *
 * @example
 *   showFigure(methodOverlapFigure(r).spec);
 */
export function methodOverlapFigure(r: MethodChapterResult): StudyFigure {
  const o = r.overlap;
  return {
    id: "overlap",
    spec: barFigure([
      { label: "latent abilities (truth)", value: o.latent, group: "truth" },
      { label: "performance (scores)", value: o.performance, group: "performance" },
      { label: "signature, paper (unsigned)", value: o.signature, group: "signature" },
      { label: "signature, sign-weighted", value: o.signedSignature, group: "signature" },
      { label: "planted pieces (oracle)", value: o.oracleSignature, group: "signature" },
    ], { title: "Overlap of benchmarks A and B: Spearman across the 12 models", valueTitle: "Spearman ρ", horizontal: true }),
    caption: "All five are Spearman correlations over the same models. The truth is the correlation of the latent abilities the world was built from.",
  };
}

/**
 * The seed sweep as a table: how typical the one world shown is.
 *
 * @example
 *   showTable(methodSweepTable(r, methodSweep(100)));
 */
export function methodSweepTable(r: MethodChapterResult, s: MethodSweep): TableSpec {
  return {
    caption: `This world (seed ${r.world.seed}) beside the mean over seeds 1..${s.nSeeds}`,
    columns: ["quantity", "this world", `mean of ${s.nSeeds} worlds`],
    rows: [
      ["planted pieces kept by screening (of 3)", r.recovery.plantedInScreen, s.plantedInScreen],
      ["planted pieces selected (of 3)", r.recovery.plantedSelected.length, s.plantedSelected],
      ["noise pieces selected", r.recovery.falseSelected.length, s.falseSelected],
      ["first step adds a planted piece", r.path.steps[1]?.planted ? 1 : 0, s.firstStepPlanted],
      ["overlap: latent abilities", r.overlap.latent, s.latent],
      ["overlap: performance", r.overlap.performance, s.performance],
      ["overlap: signature (paper, unsigned)", r.overlap.signature, s.signature],
      ["overlap: signature (sign-weighted)", r.overlap.signedSignature, s.signedSignature],
      ["overlap: planted pieces (oracle)", r.overlap.oracleSignature, s.oracleSignature],
    ],
  };
}

/**
 * The chapter's reading in words (markdown), every number filled in from the result and the sweep.
 *
 * @example
 *   showMarkdown(methodProse(r, methodSweep(100)));
 */
export function methodProse(r: MethodChapterResult, s: MethodSweep): string {
  const w = r.worked, m = r.world.models.length, sat = r.saturated.steps.at(-1)!, cap = r.path.steps.at(-1)!;
  const falls = r.saturated.steps.every((x, i, a) => i === 0 || (x.aic ?? -Infinity) < (a[i - 1].aic ?? -Infinity));
  return [
    `**The world.** ${m} models, ${r.world.nPieces} corpus pieces; benchmark A's score is driven by a latent ability that also lowers the surprisal of ${r.world.plantedA.length} planted pieces (${list(r.world.plantedA)}); benchmark B has its own (${list(r.world.plantedB)}), with latent abilities correlated ${r.world.abilityCorrelation} by design (${f3(r.overlap.latent)} in this sample of ${m}). Every other piece is noise.`,
    `**One Thrush correlation.** For piece \`${w.piece}\` the ${w.nPairs} model pairs give γ = Σ sign(y_k − y_l)(r_k − r_l) = **${w.gamma}**. Its Spearman correlation with A is ρ_s = ${f3(w.spearman)}, and ρ_s·m(m²−1)/6 = ${f3(w.spearman)}·${w.scale} = ${f2(w.spearmanTimesScale)}: without ties γ is Spearman's ρ rescaled (largest difference over all ${r.world.nPieces} pieces: ${r.thrush.maxIdentityError.toExponential(1)}).`,
    `**Screening.** γ ranges from ${r.thrush.min} to ${r.thrush.max}; the 1st and 99th percentiles are ${f2(r.thrush.p01)} and ${f2(r.thrush.p99)}. Keeping ${Math.round(100 * r.screening.ratio)}% per tail (${r.screening.perTail} + ${r.screening.perTail} pieces) retains ${r.screening.plantedKept.length} of ${r.world.plantedA.length} planted pieces (missed: ${list(r.screening.plantedMissed)}). The paper's 1% per tail would keep only ${r.screening.paperTails.perTail} + ${r.screening.paperTails.perTail} pieces here (${list(r.screening.paperTails.kept)}), ${r.screening.paperTails.plantedKept.length} of them planted.`,
    `**One forward step.** Starting from the intercept-only model (AIC ${f2(r.add1.noneAic)}), each of the ${r.add1.rows.length - 1} screened pieces is tried alone; the smallest RSS gives the smallest AIC, and \`${r.add1.winner}\` wins (AIC ${f2(r.add1.winnerAic)})${r.world.plantedA.includes(r.add1.winner) ? ", a planted piece" : ", a noise piece"}.`,
    `**The path.** Capped at ${r.path.minResidualDf} residual df the path adds ${list(r.path.selected)} and stops (${r.path.stoppedBecause}) at AIC ${aicText(cap.aic)}; the signature holds ${r.recovery.plantedSelected.length} of the ${r.world.plantedA.length} planted pieces and ${r.recovery.falseSelected.length} noise pieces. Uncapped, AIC ${falls ? "keeps falling at every step" : "does not fall at every step, but keeps going"} until the model has ${sat.edf} parameters for ${m} models and fits exactly (RSS ${sat.rss.toExponential(1)}, AIC ${aicText(sat.aic)}; in exact arithmetic RSS = 0 and AIC = −∞, which is what R reports). With few models AIC alone never says stop before saturation: that is why the workbook caps the residual degrees of freedom, and why the paper's ~30 pieces per signature with 32 models is most likely the saturation limit rather than a sparsity found in the data (an inference, not the paper's statement).`,
    `**Toy overlap.** The paper's signature overlap of A and B (unsigned mean of z-scored surprisal) is ${f3(r.overlap.signature)}; weighting each piece by the sign of its coefficient gives ${f3(r.overlap.signedSignature)}; the planted pieces themselves give ${f3(r.overlap.oracleSignature)}; the performance overlap is ${f3(r.overlap.performance)}. The unsigned mean adds pieces whose surprisal falls with ability (γ < 0) to pieces whose surprisal rises with it (γ > 0), and they cancel: A's signature has ${neg(r.overlap.gammaSignsA)} pieces with γ < 0 and ${r.overlap.gammaSignsA.length - neg(r.overlap.gammaSignsA)} with γ > 0, B's ${neg(r.overlap.gammaSignsB)} and ${r.overlap.gammaSignsB.length - neg(r.overlap.gammaSignsB)}.`,
    `**How typical is this world?** Over seeds 1..${s.nSeeds}, screening keeps ${f2(s.plantedInScreen)} of 3 planted pieces on average, the first step is planted in ${(100 * s.firstStepPlanted).toFixed(0)}% of worlds, and the capped signature holds ${f2(s.plantedSelected)} planted and ${f2(s.falseSelected)} noise pieces. Mean overlaps: truth ${f3(s.latent)}, performance ${f3(s.performance)}, unsigned signature ${f3(s.signature)}, sign-weighted ${f3(s.signedSignature)}, oracle ${f3(s.oracleSignature)}.`,
    `Where this differs from the paper: ${m} synthetic models instead of 32 LLMs, ${r.world.nPieces} pieces instead of ~1.7·10⁷, surprisals drawn from a known model instead of measured, ${Math.round(100 * r.screening.ratio)}% tails instead of 1%, and a cap of ${r.path.minResidualDf} residual df that the paper does not state.`,
  ].join("\n\n");
}

/**
 * The chapter's headline numbers (plain JSON) as the study writes them to `method.json`.
 *
 * @example
 *   methodHeadline(r, methodSweep(20)).worked.gamma
 */
export function methodHeadline(r: MethodChapterResult, s: MethodSweep) {
  return {
    seed: r.world.seed, models: r.world.models.length, pieces: r.world.nPieces, plantedA: r.world.plantedA, plantedB: r.world.plantedB,
    worked: { piece: r.worked.piece, gamma: r.worked.gamma, spearman: r.worked.spearman, spearmanTimesScale: r.worked.spearmanTimesScale, nPairs: r.worked.nPairs },
    thrush: { p01: r.thrush.p01, p99: r.thrush.p99, min: r.thrush.min, max: r.thrush.max, maxIdentityError: r.thrush.maxIdentityError },
    screening: { ratio: r.screening.ratio, perTail: r.screening.perTail, kept: r.screening.kept, topThreshold: r.screening.topThreshold, bottomThreshold: r.screening.bottomThreshold },
    add1: { winner: r.add1.winner, winnerAic: r.add1.winnerAic, noneAic: r.add1.noneAic },
    path: { selected: r.path.selected, stoppedBecause: r.path.stoppedBecause, minResidualDf: r.path.minResidualDf, aic: r.path.steps.map((x) => x.aic) },
    saturated: { selected: r.saturated.selected, stoppedBecause: r.saturated.stoppedBecause, aic: r.saturated.steps.map((x) => x.aic) },
    recovery: r.recovery,
    overlap: { signature: r.overlap.signature, signedSignature: r.overlap.signedSignature, oracleSignature: r.overlap.oracleSignature, performance: r.overlap.performance, latent: r.overlap.latent },
    sweep: s,
  };
}

/**
 * Study step `method`: the method on a small worked example (teaching chapter; paper §3.2–3.5 on a
 * seeded synthetic world with planted pieces).
 */
export const methodStep: StudyStep = {
  id: "method",
  title: "The method on a small worked example (paper §3.2–3.5, Algorithm 4)",
  async run(ctx: StudyContext): Promise<StepResult> {
    const r = methodChapter({ seed: ctx.profile.seed });
    const s = methodSweep(METHOD_SWEEP_SEEDS[ctx.profile.name]);
    ctx.log(`${r.world.models.length} models x ${r.world.nPieces} pieces; signature ${r.path.selected.join(" ")}; sweep of ${s.nSeeds} worlds`);
    return {
      headline: methodHeadline(r, s),
      figures: [methodWorkedFigure(r), methodHistogram(r), methodPathFigure(r), methodOverlapFigure(r)],
      prose: methodProse(r, s),
      tables: [methodScreenTable(r), methodAdd1Table(r), methodPathTable(r.path, "Capped forward path"), methodPathTable(r.saturated, "Uncapped forward path"), methodSweepTable(r, s)],
      provenance: r.provenance,
    };
  },
};
