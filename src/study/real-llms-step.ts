import { join } from "node:path";
import { realLlmsChapter, type RealLlmsResult } from "../chapters/real-llms";
import { barFigure } from "../figures/bar";
import { heatmapFigure } from "../figures/heatmap";
import { scatterFigure } from "../figures/scatter";
import type { TableSpec } from "../report/table";
import type { StepResult, StudyContext, StudyFigure, StudyStep } from "./types";

/**
 * Presenting the real-LLM chapter (src/chapters/real-llms.ts): figures, tables, prose and headline
 * numbers made from its result, used by the study step and by notebook 09. Nothing here computes a
 * statistic; every number comes from `realLlmsChapter`.
 */

const f3 = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));
const pair = (k: number) => {
  const out: [number, number][] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) out.push([i, j]);
  return out;
};

/**
 * The signature overlap heatmap and the performance overlap heatmap of the 9 benchmarks (shared −1..1 scale).
 *
 * @example
 *   showFigure(realOverlapHeatmaps(realLlmsChapter())[0].spec);
 */
export function realOverlapHeatmaps(r: RealLlmsResult): StudyFigure[] {
  const labels = r.benchmarks;
  const mk = (id: string, m: number[][], title: string, caption: string): StudyFigure => ({
    id, spec: heatmapFigure({ labels, values: Float64Array.from(m.flat()) }, { title, colorbarTitle: "Spearman ρ", showValues: true }), caption,
  });
  return [
    mk("signature-overlap", r.overlap.signature, `Signature overlap (${r.nModels} LLMs, document signatures)`,
      "Spearman across models of the per-model mean within-model z-scored BPB over each signature's documents (the paper's unsigned overlap)."),
    mk("performance-overlap", r.overlap.performance, `Performance overlap (${r.nModels} LLMs)`,
      "Spearman across models of the benchmark scores (errors and perplexities)."),
  ];
}

/**
 * Signature overlap against performance overlap, one point per benchmark pair.
 *
 * @example
 *   showFigure(realOverlapScatter(r).spec);
 */
export function realOverlapScatter(r: RealLlmsResult): StudyFigure {
  const k = r.benchmarks.length, pr = pair(k);
  return {
    id: "signature-vs-performance",
    spec: scatterFigure([
      { name: "unsigned (paper)", x: pr.map(([i, j]) => r.overlap.performance[i][j]), y: pr.map(([i, j]) => r.overlap.signature[i][j]), text: pr.map(([i, j]) => `${r.benchmarks[i]} × ${r.benchmarks[j]}`) },
      { name: "sign-weighted", x: pr.map(([i, j]) => r.overlap.performance[i][j]), y: pr.map(([i, j]) => r.overlap.signatureSignWeighted[i][j]) },
    ], { title: `Signature vs performance overlap (${pr.length} pairs, ρ = ${f3(r.overlap.signatureVsPerformanceSpearman)})`, xTitle: "performance overlap", yTitle: "signature overlap", labelPoints: false }),
    caption: `Each point is a pair of benchmarks. Performance overlaps sit in ${f3(Math.min(...pr.map(([i, j]) => r.overlap.performance[i][j])))}–${f3(Math.max(...pr.map(([i, j]) => r.overlap.performance[i][j])))}; unsigned signature overlaps spread over ${f3(Math.min(...pr.map(([i, j]) => r.overlap.signature[i][j])))}–${f3(Math.max(...pr.map(([i, j]) => r.overlap.signature[i][j])))}; ρ is the Spearman correlation of the unsigned signature overlaps with the performance overlaps.`,
  };
}

/**
 * In-sample R², leave-one-model-out R² of the signature, and LOO R² of the mean-BPB baseline, per benchmark.
 *
 * @example
 *   showFigure(realR2Bars(r).spec);
 */
export function realR2Bars(r: RealLlmsResult): StudyFigure {
  const bars = r.signatures.flatMap((s) => [
    { label: s.benchmark, value: s.r2, group: "in-sample R² (signature)" },
    { label: s.benchmark, value: s.r2Loo ?? NaN, group: "leave-one-model-out R² (signature)" },
    { label: s.benchmark, value: s.r2LooMeanBpb, group: "leave-one-model-out R² (mean BPB only)" },
  ]);
  return {
    id: "r2",
    spec: barFigure(bars, { title: "How well document-level signatures predict real LLMs' scores", valueTitle: "R²" }),
    caption: "LOO: for each of the models, screening and forward selection re-run on the others, then the held-out model predicted; R² against predicting the training mean. The mean-BPB baseline is one predictor: the model's average bits per byte over all 263 documents.",
  };
}

/**
 * One row per benchmark: signature size (AIC, BIC), R², LOO R², document correlations.
 *
 * @example
 *   showTable(realSignatureTable(r));
 */
export function realSignatureTable(r: RealLlmsResult): TableSpec {
  return {
    caption: `Document-level signatures (${r.screen.method} screening, ${r.screen.ratio} per tail = ${r.screen.candidates} candidates of ${r.nDocuments}; forward selection by ${r.criterion.toUpperCase()})`,
    columns: ["benchmark", "score", "pieces (AIC)", "pieces (BIC)", "R²", "adj. R²", "LOO R²", "LOO R² mean BPB", "median doc ρ", "min doc ρ", "max doc ρ", "stopped"],
    rows: r.signatures.map((s) => [s.benchmark, s.transform === "log" ? "log perplexity" : "error", s.size, s.sizeBic, s.r2, s.adjR2, s.r2Loo ?? NaN, s.r2LooMeanBpb, s.docSpearmanMedian, s.docSpearmanMin, s.docSpearmanMax, s.stoppedBecause]),
  };
}

/**
 * The first pieces of each signature with their context text (document titles), as a table.
 *
 * @example
 *   showTable(realPiecesTable(r, 3));
 */
export function realPiecesTable(r: RealLlmsResult, top = 3): TableSpec {
  return {
    caption: `First ${top} documents added to each signature (titles of the QuALITY articles the synthetic text is about)`,
    columns: ["benchmark", "step", "document", "title", "coefficient"],
    rows: r.signatures.flatMap((s) => s.pieces.slice(0, top).map((p, k) => [s.benchmark, k + 1, p.feature, p.context ?? "", p.coefficient])),
  };
}

/**
 * Thrush benchmarks against Sloth's Open LLM Leaderboard v1 scores on the shared models (oriented: positive = agree).
 *
 * @example
 *   showTable(realJoinTable(r));
 */
export function realJoinTable(r: RealLlmsResult): TableSpec {
  return {
    caption: `Spearman of −(Thrush error or perplexity) with Sloth scores over the ${r.join.sharedModels.length} models in both sources (n per cell in brackets when fewer)`,
    columns: ["Thrush benchmark", ...r.join.sloth],
    rows: r.benchmarks.map((b, i) => [b, ...r.join.correlation[i].map((v, j) => (v === null ? "n/a" : r.join.n[i][j] < r.join.sharedModels.length ? `${v.toFixed(3)} (${r.join.n[i][j]})` : v))]),
  };
}

/**
 * The chapter's reading in words (markdown), every number filled in from the result.
 *
 * @example
 *   showMarkdown(realLlmsProse(r));
 */
export function realLlmsProse(r: RealLlmsResult): string {
  const s = r.signatures, g = r.generalFactor, o = r.overlap;
  const sizes = s.map((x) => x.size), bic = s.map((x) => x.sizeBic);
  const loo = s.map((x) => x.r2Loo ?? NaN), looM = s.map((x) => x.r2LooMeanBpb);
  const rng = (a: number[]) => `${f3(Math.min(...a))}–${f3(Math.max(...a))}`;
  const beats = s.filter((x) => (x.r2Loo ?? -Infinity) > x.r2LooMeanBpb).length;
  const arc = s.find((x) => x.benchmark === "arc_easy");
  const v1 = r.join.sloth.indexOf("arc_challenge"), ae = r.benchmarks.indexOf("arc_easy");
  return [
    `**Data.** Real bits per byte of **${r.nModels} open LLMs** on **${r.nDocuments} documents** (Thrush et al. 2024) and their real lm-eval errors on 9 benchmarks. The documents are **EntiGraph synthetic text written about the QuALITY articles, not naturally written text**; the text is not distributed, so each document's only context is its article's title. One model, LLM360/Amber, is listed twice upstream under two names with identical values and is kept once.`,
    `**A strong general factor.** The first principal component carries **${(100 * g.pc1Share).toFixed(2)}%** of the variance of the BPB matrix (${(100 * g.pc1ShareStandardised).toFixed(2)}% standardised). Every document's BPB ranks the models almost the same way as the benchmark error: for arc_easy the documents' Spearman ρ with the error lies in ${arc ? `${f3(arc.docSpearmanMin)}–${f3(arc.docSpearmanMax)} (median ${f3(arc.docSpearmanMedian)})` : "n/a"}, and the median over the 9 benchmarks of the per-benchmark median is ${f3(g.medianDocSpearmanOverBenchmarks)}. The features are nearly collinear: for arc_easy the whole spread of the documents' ρ is ${arc ? f3(arc.docSpearmanMax - arc.docSpearmanMin) : "n/a"}, and screening ranks documents inside that narrow band.`,
    `**Signatures.** Screening keeps ${r.screen.ratio} per tail (${r.screen.candidates} of ${r.nDocuments} documents; the paper's 0.01 would keep only 2 per tail, and the default floor of max(2m, 50) would keep most documents). Forward selection by ${r.criterion.toUpperCase()} does **not** stop after a few documents: signatures have ${Math.min(...sizes)}–${Math.max(...sizes)} documents (BIC: ${Math.min(...bic)}–${Math.max(...bic)}), in-sample R² ${rng(s.map((x) => x.r2))}. With 89 models and nearly collinear candidates, small differences between documents keep lowering AIC, so AIC keeps adding documents (stop reasons: ${[...new Set(s.map((x) => x.stoppedBecause))].join(", ")}). Held out, the signatures still predict: leave-one-model-out R² ${rng(loo)} against the training mean, but the single predictor "mean BPB over all documents" already reaches ${rng(looM)}; the signature beats it on ${beats} of ${s.length} benchmarks.`,
    `**Overlaps.** Performance overlap of the 9 benchmarks is uniformly high (mean ${f3(o.meanPerformance)}), as the paper finds for its benchmarks. Signature overlap (within-model z-scores remove each model's general level) is much lower and more varied (mean ${f3(o.meanSignature)}), and it is unrelated to performance overlap: Spearman between the two over the 36 pairs is ${f3(o.signatureVsPerformanceSpearman)} (sign-weighted signatures: ${f3(o.signWeightedVsPerformanceSpearman)}).`,
    `**Join with the performance chapter.** ${r.join.sharedModels.length} models are in both the Thrush data and Sloth (data/model-aliases.csv). On them, arc_easy error agrees with Sloth's arc_challenge score at ρ = ${v1 >= 0 && ae >= 0 ? f3(r.join.correlation[ae][v1]) : "n/a"}; the table shows all 9 × ${r.join.sloth.length} correlations (oriented so positive = agreement).`,
    `**Where this differs from the paper:** documents (263), not token pieces (1.7e7); synthetic text, not RedPajama; bits per byte, not last-token surprisal; 89 models, not 32; errors and perplexities of 9 benchmarks, not 89 accuracy benchmarks.`,
    r.notes.map((t) => `- ${t}`).join("\n"),
  ].join("\n\n");
}

/**
 * The chapter's headline numbers (plain JSON) as the study writes them to `real-llms.json`.
 *
 * @example
 *   realLlmsHeadline(r).pc1Share
 */
export function realLlmsHeadline(r: RealLlmsResult) {
  return {
    nModels: r.nModels, nDocuments: r.nDocuments, screenRatio: r.screen.ratio, candidates: r.screen.candidates, criterion: r.criterion,
    signatures: Object.fromEntries(r.signatures.map((s) => [s.benchmark, {
      size: s.size, sizeBic: s.sizeBic, r2: s.r2, adjR2: s.adjR2, r2Loo: s.r2Loo, r2LooMeanBpb: s.r2LooMeanBpb,
      docSpearmanMedian: s.docSpearmanMedian, stoppedBecause: s.stoppedBecause, selected: s.pieces.map((p) => p.feature),
    }])),
    pc1Share: r.generalFactor.pc1Share, pc1ShareStandardised: r.generalFactor.pc1ShareStandardised,
    medianDocSpearmanOverBenchmarks: r.generalFactor.medianDocSpearmanOverBenchmarks,
    meanSignatureOverlap: r.overlap.meanSignature, meanPerformanceOverlap: r.overlap.meanPerformance,
    signatureVsPerformanceSpearman: r.overlap.signatureVsPerformanceSpearman, signWeightedVsPerformanceSpearman: r.overlap.signWeightedVsPerformanceSpearman,
    sharedModelsWithSloth: r.join.sharedModels.length,
  };
}

/**
 * Study step `real-llms`: document-level signatures of 9 benchmarks from the real per-document BPB of 89
 * LLMs, their LOOCV, the signature vs performance overlap, the general factor and the join with Sloth.
 * The smoke profile skips LOOCV (the slowest part); everything else is the same.
 */
export const realLlmsStep: StudyStep = {
  id: "real-llms",
  title: "Real LLMs: document-level signatures of 9 benchmarks (89 LLMs, Thrush et al. BPB)",
  async run(ctx: StudyContext): Promise<StepResult> {
    const r = realLlmsChapter({ dataDir: join(ctx.repoRoot, "data"), loocv: !ctx.profile.smoke });
    ctx.log(`${r.nModels} models x ${r.nDocuments} documents, ${r.benchmarks.length} benchmarks${ctx.profile.smoke ? " (smoke: no LOOCV)" : ""}`);
    return {
      headline: realLlmsHeadline(r),
      figures: [...realOverlapHeatmaps(r), realOverlapScatter(r), realR2Bars(r)],
      prose: realLlmsProse(r),
      tables: [realSignatureTable(r), realPiecesTable(r), realJoinTable(r)],
      provenance: r.provenance,
    };
  },
};
