import { readFileSync } from "node:fs";
import { join } from "node:path";
import { zooCorpusChapter, tokenizerOrder, type ModelSurprisal, type ZooCorpusResult } from "../chapters/zoo-corpus";
import { TABLE1_MEASURES, type Table1Level, type Table1Measure, type Table1Variant } from "../chapters/zoo-corpus-table1";
import { UNIT_PAIRS, ZOO_UNITS } from "../chapters/zoo-corpus-units";
import { barFigure } from "../figures/bar";
import { histogramFigure } from "../figures/histogram";
import { scatterFigure } from "../figures/scatter";
import { baseLayout, GROUP_COLORS, type PlotlyFigure, type PlotlyTrace } from "../figures/types";
import { upperTriangle } from "../core/matrix";
import type { TableSpec } from "../report/table";
import { loadZooData } from "../zoo/zoo-data";
import type { StepResult, StudyContext, StudyFigure, StudyStep } from "./types";

/**
 * Presenting the zoo corpus-and-perplexity chapter (src/chapters/zoo-corpus*.ts): figures, tables, prose and
 * headline numbers made from its result, used by the study step and by notebook 10. Nothing here computes a
 * statistic; every number comes from `zooCorpusChapter`.
 */

const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(3));
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");
const MEASURE_LABEL: Record<Table1Measure, string> = { std: "Std", iqr: "IQR", maxMinusQ99: "Max − Q99", q01MinusMin: "Q01 − Min", adjR2: "adj. R²" };
const LEVEL_LABEL: Record<Table1Level, string> = { piece: "piece (token)", chunk: "chunk (31 pieces)", document: "document" };
/** The two variants of Table 1's coarse levels. */
export type Table1VariantName = "tokenMean" | "bytes";
const VARIANT_LABEL: Record<Table1VariantName, string> = { tokenMean: "mean NLL per token", bytes: "bits per byte" };
const UNIT_LABEL = { sum: "summed NLL (nats)", last: "last-token NLL (nats)", bpb: "bits per byte" } as const;

/** The paper's Table 1 counterpart from `data/paper-numbers.json` (token level wins `wins` of `of` cells), or null. */
export interface Table1Paper { wins: number; of: number; where: string }

/**
 * The paper's Table 1 winner count (id `table1_token_level_wins`) from `<repoRoot>/data/paper-numbers.json`.
 *
 * @example
 *   table1PaperNumbers(".")   // { wins: 15, of: 20, where: "Table 1 (revision)" }
 */
export function table1PaperNumbers(repoRoot: string): Table1Paper | null {
  try {
    const d = JSON.parse(readFileSync(join(repoRoot, "data", "paper-numbers.json"), "utf8")) as { numbers: { id: string; value: number; of?: number; where?: string }[] };
    const e = d.numbers.find((x) => x.id === "table1_token_level_wins");
    return e && typeof e.of === "number" ? { wins: e.value, of: e.of, where: e.where ?? "" } : null;
  } catch {
    return null;
  }
}

/** Models in display order: by tokenizer (byte, bpe512, bpe1024), then by held-out nats/byte (best first). */
function orderedModels(r: ZooCorpusResult): ModelSurprisal[] {
  return r.surprisal.models.slice().sort((a, b) => tokenizerOrder(a.tokenizer, b.tokenizer) || a.heldoutNatsPerByte - b.heldoutNatsPerByte || (a.model < b.model ? -1 : 1));
}

/**
 * Per-model distribution of per-piece surprisal as boxes (box = quartiles, line = median, whiskers = 5th and
 * 95th percentiles, R type 7), one colour per tokenizer, models ordered by tokenizer then held-out quality.
 *
 * @example
 *   showFigure(zooSurprisalBoxes(r, "bpb").spec);
 */
export function zooSurprisalBoxes(r: ZooCorpusResult, unit: "sum" | "last" | "bpb" = "sum"): StudyFigure {
  const models = orderedModels(r);
  const key = unit === "sum" ? "nats" : unit;
  const toks = [...new Set(models.map((m) => m.tokenizer))];
  const data: PlotlyTrace[] = toks.map((t, k) => {
    const ms = models.filter((m) => m.tokenizer === t);
    const q = ms.map((m) => m.all[key]);
    return {
      type: "box", name: `${t} (${ms.length} models)`, x: ms.map((m) => m.model),
      q1: q.map((v) => v.q25), median: q.map((v) => v.median), q3: q.map((v) => v.q75), lowerfence: q.map((v) => v.q05), upperfence: q.map((v) => v.q95),
      marker: { color: GROUP_COLORS[k % GROUP_COLORS.length] }, line: { color: GROUP_COLORS[k % GROUP_COLORS.length], width: 1.2 },
      fillcolor: "rgba(255,255,255,0)", boxpoints: false, hoverinfo: "x+y",
    };
  });
  const layout = baseLayout({ title: `Per-piece ${UNIT_LABEL[unit]} of every zoo model on the wild pool (${r.pool.nPieces} pieces)` }, Math.max(760, 22 * models.length + 160), 460);
  layout.xaxis = { type: "category", categoryorder: "array", categoryarray: models.map((m) => m.model), tickangle: -60, tickfont: { size: 10 }, title: { text: "model (ordered by tokenizer, then held-out nats/byte)" } };
  layout.yaxis = { title: { text: UNIT_LABEL[unit] + " per piece" }, gridcolor: "#eeeeee", rangemode: "tozero" };
  layout.boxmode = "overlay";
  layout.legend = { orientation: "h", y: 1.08, x: 0 };
  layout.margin = { l: 70, r: 30, t: 90, b: 120 };
  return {
    id: `surprisal-${unit}`, spec: { data, layout, config: { displaylogo: false } },
    caption: `Box: quartiles; line: median; whiskers: 5th–95th percentile of the ${r.pool.nPieces} pieces' ${UNIT_LABEL[unit]}. Colour = tokenizer. Within a tokenizer, models are ordered by held-out nats per byte (best first).`,
  };
}

/**
 * Histograms of the normalised Thrush coefficients of one Table-1 benchmark at each level of one variant,
 * with the 1st and 99th percentiles marked (the paper's Fig. 3 style).
 *
 * @example
 *   zooThrushHistograms(r, "bytes").forEach((f) => showFigure(f.spec));
 */
export function zooThrushHistograms(r: ZooCorpusResult, variant: Table1VariantName = "tokenMean", benchmark: string = r.table1.benchmarks[0]): StudyFigure[] {
  const row = r.table1[variant].rows.find((x) => x.benchmark === benchmark);
  if (!row) return [];
  return row.levels.map((l) => ({
    id: `thrush-${variant === "tokenMean" ? "token-mean" : variant}-${l.level}`,
    spec: histogramFigure(l.coefficients, {
      title: `${benchmark}: ${l.level} level${l.level === "piece" ? "" : `, ${variant === "bytes" ? "per byte" : "per token"}`} (${l.nFeatures})`,
      percentiles: [1, 99], bins: Math.min(60, Math.max(8, Math.round(Math.sqrt(l.nFeatures)))), xTitle: "γ / (m(m²−1)/6)",
    }),
    caption: `Thrush coefficient of each ${l.level}-level feature against ${benchmark} across ${r.table1.nModels} models (normalised to Spearman units). SD ${f3(l.std)}, IQR ${f3(l.iqr)}, median ${f3(l.median)}.`,
  }));
}

/**
 * Table 1 as grouped bars: one measure (default SD) of the Thrush coefficients per benchmark, for the piece
 * level and both variants of the chunk and document levels.
 *
 * @example
 *   showFigure(zooTable1Bars(r).spec);
 */
export function zooTable1Bars(r: ZooCorpusResult, measure: Table1Measure = "std"): StudyFigure {
  const t = r.table1;
  const bars = t.benchmarks.flatMap((b) => {
    const tm = t.tokenMean.rows.find((x) => x.benchmark === b)!, by = t.bytes.rows.find((x) => x.benchmark === b)!;
    const lv = (row: typeof tm, l: Table1Level) => row.levels.find((x) => x.level === l)![measure];
    return [
      { label: b, value: lv(tm, "piece"), group: "piece (token)" },
      { label: b, value: lv(tm, "chunk"), group: "chunk, mean NLL per token" },
      { label: b, value: lv(by, "chunk"), group: "chunk, bits per byte" },
      { label: b, value: lv(tm, "document"), group: "document, mean NLL per token" },
      { label: b, value: lv(by, "document"), group: "document, bits per byte" },
    ];
  });
  return {
    id: `table1-${measure.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    spec: barFigure(bars, { title: `Table 1 on the zoo: ${MEASURE_LABEL[measure]} of the Thrush coefficients by level`, valueTitle: MEASURE_LABEL[measure], width: 900, height: 480 }),
    caption: `Piece level wins ${t.tokenMean.wins.piece} of ${t.tokenMean.cells} cells against the coarse levels as mean NLL per token, and ${t.bytes.wins.piece} of ${t.bytes.cells} against the coarse levels as bits per byte.`,
  };
}

/**
 * Unit ablation per benchmark: Jaccard of the screened sets and of the signatures, summed NLL vs last-token NLL.
 *
 * @example
 *   showFigure(zooUnitJaccardBars(r).spec);
 */
export function zooUnitJaccardBars(r: ZooCorpusResult): StudyFigure {
  const bars = r.units.rows.flatMap((row) => [
    { label: row.benchmark, value: row.screened["sum-last"], group: "screened sets, sum vs last" },
    { label: row.benchmark, value: row.selected["sum-last"] ?? NaN, group: "signatures, sum vs last" },
  ]);
  return {
    id: "unit-jaccard",
    spec: barFigure(bars, { title: "Summed NLL vs last-token NLL: Jaccard of what is screened and selected", valueTitle: "Jaccard", horizontal: true, height: 20 * r.units.rows.length + 180 }),
    caption: `Two independent random candidate sets of the same sizes would have Jaccard ≈ ${f3(r.units.chanceScreened)}. Summed NLL and bits per byte differ by a constant per piece (median Jaccard of their signatures ${f3(r.units.medians.selected["sum-bpb"])}; not drawn).`,
  };
}

/**
 * Signature overlap of every benchmark pair under one unit against another (summed NLL on x).
 *
 * @example
 *   showFigure(zooUnitOverlapScatter(r).spec);
 */
export function zooUnitOverlapScatter(r: ZooCorpusResult): StudyFigure {
  const o = r.units.overlap, K = o.benchmarks.length;
  const tri = (u: "sum" | "last" | "bpb") => upperTriangle(Float64Array.from(o.matrices[u].flat()), K);
  const x = tri("sum");
  return {
    id: "unit-overlap",
    spec: scatterFigure([
      { name: `last-token NLL (ρ = ${f3(o.spearman["sum-last"])})`, x, y: tri("last") },
      { name: `bits per byte (ρ = ${f3(o.spearman["sum-bpb"])})`, x, y: tri("bpb") },
    ], { title: `Signature overlap by unit (${x.length} benchmark pairs)`, xTitle: "overlap with summed-NLL signatures", yTitle: "overlap with the other unit's signatures", identity: true, labelPoints: false }),
    caption: "Each point is a benchmark pair; ρ is the Spearman correlation between the upper triangles of the two overlap matrices (each unit's own signatures, z-scored within model over all pieces of its own matrix).",
  };
}

/**
 * The wild pool per domain and half.
 *
 * @example
 *   showTable(zooPoolTable(r));
 */
export function zooPoolTable(r: ZooCorpusResult): TableSpec {
  const p = r.pool;
  return {
    caption: `Wild pool: ${p.nPieces} pieces scored by all ${p.nModels} models (${p.dropped} dropped), ${p.totalTextBytes} bytes of piece text (${p.totalScoredBytes} scored bytes incl. the whitespace before each piece); ${p.nChunks} chunks (31-piece windows) and ${p.nDocuments} documents at the coarser levels`,
    columns: ["domain", "half", "pieces", "text bytes", "scored bytes", "bytes per piece"],
    rows: p.cells.map((c) => [c.domain, c.half, c.pieces, c.textBytes, c.scoredBytes, c.scoredBytes / c.pieces]),
  };
}

/**
 * Medians per tokenizer of the per-model surprisal summaries.
 *
 * @example
 *   showTable(zooTokenizerTable(r));
 */
export function zooTokenizerTable(r: ZooCorpusResult): TableSpec {
  return {
    caption: "Per tokenizer: median over its models of each model's median per-piece surprisal, and of pooled bits per byte and held-out nats/byte",
    columns: ["tokenizer", "models", "median nats/piece", "median last-token nats", "median bits/byte (per piece)", "pooled bits/byte", "held-out nats/byte"],
    rows: r.surprisal.tokenizers.map((t) => [t.tokenizer, t.models, t.medianNats, t.medianLast, t.medianBpb, t.pooledBpb, t.heldoutNatsPerByte]),
  };
}

/**
 * One row per model: metadata, surprisal quantiles and pooled bits per byte per domain.
 *
 * @example
 *   showTable(zooModelTable(r), { digits: 3 });
 */
export function zooModelTable(r: ZooCorpusResult): TableSpec {
  const domains = r.pool.domains;
  return {
    caption: "Per model: median and IQR of nats per piece, median last-token nats, pooled bits per byte overall and per domain",
    columns: ["model", "tokenizer", "kind", "parameters", "held-out nats/byte", "median nats/piece", "IQR nats/piece", "median last nats", "pooled bpb", ...domains.map((d) => `bpb ${d}`)],
    rows: orderedModels(r).map((m) => [m.model, m.tokenizer, m.kind, m.parameters, m.heldoutNatsPerByte, m.all.nats.median, m.all.nats.q75 - m.all.nats.q25, m.all.last.median, m.all.pooledBpb, ...domains.map((d) => m.byDomain[d].pooledBpb)]),
  };
}

/**
 * Table 1 on the zoo for one variant: one row per benchmark and level, the five measures, and which measures
 * the level wins.
 *
 * @example
 *   showTable(zooTable1Table(r, "bytes"), { digits: 4 });
 */
export function zooTable1Table(r: ZooCorpusResult, variant: Table1VariantName = "tokenMean"): TableSpec {
  const v: Table1Variant = r.table1[variant];
  return {
    caption: `Table 1 on the zoo (coarse levels: ${v.coarse}): dispersion of the Thrush coefficients (γ / (m(m²−1)/6), m = ${r.table1.nModels}); adj. R² of OLS on the ${r.table1.params.fitK} features with the largest |γ|. Benchmarks: ${r.table1.params.rule}.`,
    columns: ["benchmark", "level", "features", ...TABLE1_MEASURES.map((m) => MEASURE_LABEL[m]), "median γ̃", "wins"],
    rows: v.rows.flatMap((row) => row.levels.map((l) => [
      row.benchmark, l.level, l.nFeatures, ...TABLE1_MEASURES.map((m) => l[m]), l.median,
      TABLE1_MEASURES.filter((m) => row.winner[m] === l.level).map((m) => MEASURE_LABEL[m]).join(", "),
    ])),
  };
}

/**
 * Winner counts of Table 1 (both variants, the four benchmarks and all qualifying ones) next to the paper's.
 *
 * @example
 *   showTable(zooTable1Wins(r, { wins: 15, of: 20, where: "Table 1" }));
 */
export function zooTable1Wins(r: ZooCorpusResult, paper: Table1Paper | null): TableSpec {
  const t = r.table1;
  const rows = (["tokenMean", "bytes"] as const).flatMap((k) => [
    [`zoo, ${t.benchmarks.length} benchmarks, coarse = ${VARIANT_LABEL[k]}`, t[k].cells, t[k].wins.piece, t[k].wins.chunk, t[k].wins.document, t[k].wins.tie],
    [`zoo, all ${t.qualifying.length} qualifying, coarse = ${VARIANT_LABEL[k]}`, t[k].allQualifying.cells, t[k].allQualifying.wins.piece, t[k].allQualifying.wins.chunk, t[k].allQualifying.wins.document, t[k].allQualifying.wins.tie],
  ]);
  return {
    caption: "Cells won by each level (a cell = one benchmark × one measure; the largest value wins)",
    columns: ["table", "cells", "piece (token)", "chunk", "document", "tie"],
    rows: [["paper, Table 1 (revision)", paper ? paper.of : "n/a", paper ? paper.wins : "n/a", "n/a", "n/a", "n/a"], ...rows],
  };
}

/**
 * The unit ablation per benchmark.
 *
 * @example
 *   showTable(zooUnitTable(r), { digits: 3 });
 */
export function zooUnitTable(r: ZooCorpusResult): TableSpec {
  return {
    caption: `Unit ablation: Jaccard of screened sets (${r.units.params.screenMethod}, ${r.units.params.screenRatio} per tail, floor ${r.units.params.minCandidates}) and of signatures (forward ${r.units.params.criterion.toUpperCase()}, ≥ ${r.units.params.minResidualDf} residual df) between units`,
    columns: ["benchmark", "qualifying", "size sum/last/bpb", ...UNIT_PAIRS.map(([, , k]) => `screened ${k}`), ...UNIT_PAIRS.map(([, , k]) => `selected ${k}`), "R² sum", "R² last"],
    rows: r.units.rows.map((row) => [
      row.benchmark, row.qualifying, ZOO_UNITS.map((u) => row.sizes[u]).join("/"),
      ...UNIT_PAIRS.map(([, , k]) => row.screened[k]), ...UNIT_PAIRS.map(([, , k]) => row.selected[k] ?? NaN), row.r2.sum, row.r2.last,
    ]),
  };
}

/**
 * The chapter's reading in words (markdown), every number filled in from the result.
 *
 * @example
 *   showMarkdown(zooCorpusProse(r, table1PaperNumbers("..")));
 */
export function zooCorpusProse(r: ZooCorpusResult, paper: Table1Paper | null): string {
  const p = r.pool, s = r.surprisal, t = r.table1, u = r.units;
  const lvl = (v: Table1Variant, l: Table1Level) => v.rows.map((row) => row.levels.find((x) => x.level === l)!);
  const rng = (a: number[]) => `${f3(Math.min(...a))}–${f3(Math.max(...a))}`;
  const sd = (v: Table1Variant, l: Table1Level) => rng(lvl(v, l).map((x) => x.std));
  const med = (v: Table1Variant, l: Table1Level) => rng(lvl(v, l).map((x) => x.median));
  const lost = (v: Table1Variant) => TABLE1_MEASURES.filter((m) => v.rows.some((row) => row.winner[m] !== "piece")).map((m) => MEASURE_LABEL[m]);
  const wins = (v: Table1Variant) => `**${v.wins.piece} of ${v.cells}** cells (chunk ${v.wins.chunk}, document ${v.wins.document}, ties ${v.wins.tie}; over all ${t.qualifying.length} qualifying benchmarks ${v.allQualifying.wins.piece} of ${v.allQualifying.cells})`;
  const list = (a: string[]) => (a.length <= 1 ? a.join("") : `${a.slice(0, -1).join(", ")} and ${a[a.length - 1]}`);
  const sizes = u.rows.map((x) => x.sizes.sum), cap = p.nModels - 11;
  const atCap = sizes.filter((x) => x === cap).length;
  const byNats = s.tokenizers.slice().sort((a, b) => b.medianNats - a.medianNats).map((x) => x.tokenizer);
  const byLast = s.tokenizers.slice().sort((a, b) => b.medianLast - a.medianLast).map((x) => x.tokenizer);
  const reversed = byNats.join() === byLast.slice().reverse().join();
  const tokLine = (k: "medianNats" | "medianLast" | "heldoutNatsPerByte") => s.tokenizers.map((x) => `${x.tokenizer} ${f3(x[k])}`).join(", ");
  const tm = t.tokenMean, by = t.bytes;
  const flip = lvl(tm, "piece").every((x) => x.median < 0) && lvl(tm, "chunk").every((x) => x.median > 0);
  const differ = u.medians.selected["sum-last"] < 0.5;
  return [
    `**The wild pool.** ${p.nPieces} pieces from ${p.domains.length} known domains (${p.domains.join(", ")}), balanced by domain and split into two halves, each scored by all ${p.nModels} zoo models with up to 30 preceding pieces of context, as in the paper (${p.dropped} pieces dropped because some model could not fit the window). That is ${p.totalTextBytes} bytes of piece text; the paper's pool is RedPajama, ~1.7e7 pieces after 1/50 downsampling, of unknown domain mix. The coarser levels have ${p.nChunks} chunks (windows of up to ${p.chunkPieces.max} pieces, median ${p.chunkPieces.median}) and ${p.nDocuments} documents.`,
    `**Perplexity and the unit.** Summed NLL per piece is the log-probability of the piece's bytes whatever the tokenizer, so it compares across tokenizers. Median nats per piece (median over each tokenizer's models): ${tokLine("medianNats")}; held-out nats/byte: ${tokLine("heldoutNatsPerByte")}. Median last-token NLL: ${tokLine("medianLast")}${reversed ? ", the reverse order" : ""}: a byte model's last token is one byte, a BPE model's last token a whole sub-word. Across the ${p.nModels} models, held-out nats/byte correlates with pooled bits per byte at ρ = ${f3(s.heldoutSpearman.pooledBpb)} and with median nats per piece at ρ = ${f3(s.heldoutSpearman.medianNats)}, but with median last-token NLL at ρ = ${f3(s.heldoutSpearman.medianLast)}: the last-token unit mixes the tokenizer into the model's surprisal.`,
    `**Table 1.** For ${t.benchmarks.join(", ")} (chosen by rule: ${t.params.rule}), piece level wins ${wins(tm)} against the coarse levels as the zoo data stores them (mean NLL per token, the paper's "average over the tokens"), and ${wins(by)} against the same windows and documents measured in bits per byte${paper ? `; the paper reports token level winning ${paper.wins} of ${paper.of}` : ""}. ${lost(tm).length ? `Against mean NLL per token, piece level loses some cells of ${list(lost(tm))}` : "Against mean NLL per token, piece level wins every cell"}; ${lost(by).length ? `against bits per byte, some cells of ${list(lost(by))}.` : "against bits per byte, every cell."} The SD of the coefficients is ${sd(tm, "piece")} at piece level against ${sd(tm, "chunk")} and ${sd(tm, "document")} (chunk and document, per token) or ${sd(by, "chunk")} and ${sd(by, "document")} (per byte).`,
    `Two cautions in reading it. First, **mean NLL per token is not one scale across tokenizers**: a byte model's token is one byte, a BPE model's a sub-word, so per-token averages favour byte models whatever their quality${flip ? " and here turn the coefficients' sign" : ""}: their median γ̃ is ${med(tm, "chunk")} for chunks and ${med(tm, "document")} for documents, against ${med(tm, "piece")} for pieces and ${med(by, "chunk")} / ${med(by, "document")} for the per-byte chunks / documents. The paper's 32 LLMs also mix tokenizers, so its coarse levels may carry the same artefact in a milder form. Second, the coarse levels average many tokens, so they all track one general factor (model quality) and their coefficients bunch together, while single pieces are noisier and more varied; with ${p.nChunks} chunks and ${p.nDocuments} documents against ${p.nPieces} pieces, the tail gaps (Max − Q99, Q01 − Min) of the coarse levels are small almost by construction, except where ${p.chunkPieces.short} of the ${p.nChunks} windows are short end-of-document windows (as few as ${p.chunkPieces.min} pieces, against ${p.chunkPieces.max}): those behave like single pieces and can make chunk-level outliers (the paper, too, attributes the chunk level's wins on tail gaps to outliers); and the adjusted R² of a ${t.params.fitK}-feature fit chosen among ${p.nPieces} pieces is inflated by the larger choice. A wider spread is what screening needs, but part of it is noise, so Table 1 supports the piece level as the level with the most *varied* coefficients, not as the most *informative* one.`,
    `**Unit ablation.** Bits per byte is the summed NLL divided by a constant of the piece, so the screens and signatures of the two units ${u.rows.every((x) => x.screened["sum-bpb"] === 1 && x.selected["sum-bpb"] === 1) ? "coincide for every benchmark" : "coincide up to float32 rounding"} (median Jaccard ${f3(u.medians.screened["sum-bpb"])} screened, ${f3(u.medians.selected["sum-bpb"])} selected); only the signature overlap changes, because the within-model z-scoring now weighs pieces by their length (Spearman between the two overlap matrices ${f3(u.overlap.spearman["sum-bpb"])}). The last-token unit is a different feature: median Jaccard with the summed unit is ${f3(u.medians.screened["sum-last"])} for the screened sets (random sets of the same size: ≈ ${f3(u.chanceScreened)}) and ${f3(u.medians.selected["sum-last"])} for the signatures (qualifying benchmarks: ${f3(u.mediansQualifying.screened["sum-last"])} and ${f3(u.mediansQualifying.selected["sum-last"])}); the overlap matrices agree at ρ = ${f3(u.overlap.spearman["sum-last"])} (sign-weighted ${f3(u.overlap.spearmanSignWeighted["sum-last"])}). ${differ ? "Which pieces form a signature therefore depends on a choice the paper leaves unstated (§8 of the method notes)." : "The two units mostly agree on which pieces form a signature."}`,
    `**Where the zoo differs from the paper:** ${p.nModels} small GPT-2 models trained on known mixtures of ${p.domains.length} domains (byte, bpe512 and bpe1024 tokenizers), not 32 LLMs; ${p.nPieces} pieces, not 1.7e7; chunk and document levels come from the same pool (the paper's documents are whole RedPajama documents); ${atCap === sizes.length ? `every signature stops at the 10-residual-df cap (m − 11 = ${cap} pieces), not at AIC's minimum` : `${atCap} of ${sizes.length} signatures stop at the 10-residual-df cap (m − 11 = ${cap} pieces) rather than at AIC's minimum`}.`,
  ].join("\n\n");
}

function table1VariantHeadline(v: Table1Variant) {
  return {
    coarse: v.coarse, nFeatures: v.nFeatures,
    rows: Object.fromEntries(v.rows.map((row) => [row.benchmark, Object.fromEntries(row.levels.map((l) => [l.level, {
      std: l.std, iqr: l.iqr, maxMinusQ99: l.maxMinusQ99, q01MinusMin: l.q01MinusMin, adjR2: l.adjR2, median: l.median,
    }]))])),
    winners: Object.fromEntries(v.rows.map((row) => [row.benchmark, row.winner])),
    wins: v.wins, cells: v.cells, allQualifying: v.allQualifying,
  };
}

/**
 * The chapter's headline numbers (plain JSON) as the study writes them to `zoo-corpus.json`.
 *
 * @example
 *   zooCorpusHeadline(r).table1.wins.piece
 */
export function zooCorpusHeadline(r: ZooCorpusResult, paper: Table1Paper | null = null) {
  const t = r.table1, u = r.units;
  return {
    profile: r.profile, nModels: r.pool.nModels, nPieces: r.pool.nPieces, nChunks: r.pool.nChunks, nDocuments: r.pool.nDocuments,
    totalTextBytes: r.pool.totalTextBytes, totalScoredBytes: r.pool.totalScoredBytes, dropped: r.pool.dropped, chunkPieces: r.pool.chunkPieces,
    tokenizers: r.surprisal.tokenizers, heldoutSpearman: r.surprisal.heldoutSpearman,
    table1: {
      benchmarks: t.benchmarks, rule: t.params.rule, fitK: t.params.fitK, thrushScale: t.thrushScale, qualifying: t.qualifying.length,
      tokenMean: table1VariantHeadline(t.tokenMean), bytes: table1VariantHeadline(t.bytes), paper,
    },
    units: {
      medians: u.medians, mediansQualifying: u.mediansQualifying, chanceScreened: u.chanceScreened,
      overlapSpearman: u.overlap.spearman, overlapSpearmanSignWeighted: u.overlap.spearmanSignWeighted, overlapMedianAbsDiff: u.overlap.medianAbsDiff,
      overlapBenchmarks: u.overlap.benchmarks.length, excluded: u.overlap.excluded,
      medianSize: Object.fromEntries(ZOO_UNITS.map((k) => [k, u.rows.map((row) => row.sizes[k]).sort((a, b) => a - b)[Math.floor(u.rows.length / 2)]])),
    },
  };
}

/**
 * Study step `zoo-corpus`: the wild pool, per-model surprisal distributions, Table 1 (piece vs chunk vs
 * document dispersion of Thrush coefficients) and the unit ablation, on the zoo data of this profile.
 */
export const zooCorpusStep: StudyStep = {
  id: "zoo-corpus",
  title: "Zoo: the wild corpus, perplexity distributions, Table 1 granularity and the unit ablation",
  async run(ctx: StudyContext): Promise<StepResult> {
    const z = loadZooData(ctx.outDir);
    const r = zooCorpusChapter(z);
    const paper = table1PaperNumbers(ctx.repoRoot);
    ctx.log(`${r.pool.nModels} models x ${r.pool.nPieces} pieces; Table 1: piece level wins ${r.table1.tokenMean.wins.piece}/${r.table1.tokenMean.cells} (per token), ${r.table1.bytes.wins.piece}/${r.table1.bytes.cells} (per byte); sum vs last median Jaccard ${f2(r.units.medians.selected["sum-last"])}`);
    return {
      headline: zooCorpusHeadline(r, paper),
      figures: [
        zooSurprisalBoxes(r, "sum"), zooSurprisalBoxes(r, "bpb"), zooSurprisalBoxes(r, "last"),
        ...zooThrushHistograms(r, "tokenMean"), ...zooThrushHistograms(r, "bytes").filter((f) => !f.id.endsWith("-piece")),
        zooTable1Bars(r), zooUnitJaccardBars(r), zooUnitOverlapScatter(r),
      ],
      prose: zooCorpusProse(r, paper),
      tables: [zooPoolTable(r), zooTokenizerTable(r), zooModelTable(r), zooTable1Wins(r, paper), zooTable1Table(r, "tokenMean"), zooTable1Table(r, "bytes"), zooUnitTable(r)],
      provenance: r.provenance,
    };
  },
};
