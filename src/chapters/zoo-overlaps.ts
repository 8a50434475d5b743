/**
 * The three overlaps of the paper (Fig. 4: (a) signature, (b) semantic, (c) performance) on the model zoo,
 * whose benchmarks have a known source domain, family and format. Pure: every input comes in a ZooData and
 * the benchmarks' item texts (see `zooQuestionSets` in src/study/zoo-overlaps-step.ts); nothing is read here.
 *
 * - (a) signature overlap: `signatureOverlap` on the zoo's default signatures (`zooSignatures(z)`: Thrush, 1 %
 *   per tail, forward OLS by AIC, residual df ≥ 10), z-score pool = every wild-pool piece, the paper's
 *   unsigned mean and, beside it, the sign-weighted mean (sign of each piece's screening correlation, as the
 *   zoo pilot defines it; the OLS-coefficient sign, the library's other convention, is reported as a check:
 *   in a signature that fills the residual-df cap the coefficients' signs are close to arbitrary);
 * - (b) semantic overlap: the size-matched bootstrap of concatenated item contexts with an LSA embedder fitted
 *   on all item contexts (the same machinery as the real-question chapter, src/chapters/semantic.ts);
 * - (c) performance overlap: Spearman of the benchmark scores across models.
 *
 * Main matrices: the 36 zoo-domain benchmarks (6 source domains x 6 benchmarks), ordered by domain, then
 * family (nextword, nextspan, wordorder, spelling), then format (multiple choice first). The two negative
 * controls (real MMLU / HellaSwag items, at chance for these models) are kept out of the main matrices and
 * summarised separately. Intervals: a seeded bootstrap over models (one draw shared by every cell and level)
 * for (a) and (c); the size-matched resample interval for (b). Function-level matrices (Fig. 1) by domain
 * (the zoo's "functions") and by family, with bootstrap intervals of their mean within / mean cross.
 */
import type { SquareMatrix } from "../core/matrix";
import { toNested, upperTriangle } from "../core/matrix";
import { provenance, type Provenance } from "../core/provenance";
import { createRng, resampleIndices } from "../core/random";
import { lsaConcatEmbedder, type EmbedderInfo } from "../embed/embedder";
import { fitLsa } from "../embed/lsa";
import { functionLevelMatrix } from "../overlap/aggregate";
import { performanceOverlap } from "../overlap/performance";
import { semanticOverlap, type QuestionSet } from "../overlap/semantic";
import { bootstrapModelsCi, signatureOverlap, type MatrixCi } from "../overlap/signature";
import { quantile7 } from "../stats/bootstrap-category";
import { pearson, spearman } from "../stats/correlation";
import { midranks } from "../stats/ranks";
import { overlapDomainCorrelation, type DomainStructure } from "../zoo/groundtruth-overlap";
import { zooMemo, type ZooData } from "../zoo/zoo-data";
import { zooSignatures, type ZooSignatureOptions } from "./zoo-signatures";

/** Default seed of every random choice in the zoo overlap chapters (the paper's arXiv date). */
export const ZOO_OVERLAP_SEED = 20250927;
/** Display order of the families inside a domain block. */
export const ZOO_FAMILY_ORDER = ["nextword", "nextspan", "wordorder", "spelling", "mmlu", "hellaswag"];
/** Display order of the formats inside a family (multiple choice first). */
export const ZOO_FORMAT_ORDER = ["multiple-choice", "true-false"];

/** The overlap levels: three computed from the models (bootstrap-able) and the semantic level. */
export type ZooLevel = "signature" | "signatureSigned" | "semantic" | "performance";
/** Display name of each level (figure panels, tables, prose). */
export const ZOO_LEVEL_NAMES: Record<ZooLevel, string> = {
  signature: "signature (unsigned, paper)", signatureSigned: "signature (sign-weighted)", semantic: "semantic (item texts)", performance: "performance (scores)",
};

/** Benchmarks in display order with their labels; `controls` are the negative-control benchmarks. */
export interface ZooBenchmarkLabels {
  labels: string[];
  domains: string[];
  families: string[];
  formats: string[];
  controls: string[];
}

/**
 * The zoo-domain benchmarks ordered by source domain (order of first appearance in the score table), then
 * family (ZOO_FAMILY_ORDER), then format (multiple choice first), then name; controls listed apart.
 *
 * @example
 *   zooBenchmarkOrder(z).labels.slice(0, 2)  // ["zoo_brown_fiction_nextword", "zoo_brown_fiction_nextword2"]
 */
export function zooBenchmarkOrder(z: ZooData): ZooBenchmarkLabels {
  const main = z.benchmarks.filter((b) => b.category === "zoo-domain");
  const dom = (b: (typeof main)[number]) => b.domains.join("+");
  const domRank = new Map<string, number>();
  for (const b of main) if (!domRank.has(dom(b))) domRank.set(dom(b), domRank.size);
  const rank = (list: string[], x: string) => (list.includes(x) ? list.indexOf(x) : list.length);
  const sorted = main.slice().sort((a, b) => domRank.get(dom(a))! - domRank.get(dom(b))!
    || rank(ZOO_FAMILY_ORDER, a.family) - rank(ZOO_FAMILY_ORDER, b.family)
    || rank(ZOO_FORMAT_ORDER, a.format) - rank(ZOO_FORMAT_ORDER, b.format)
    || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    labels: sorted.map((b) => b.name), domains: sorted.map(dom), families: sorted.map((b) => b.family), formats: sorted.map((b) => b.format),
    controls: z.benchmarks.filter((b) => b.category !== "zoo-domain").map((b) => b.name),
  };
}

/** The model-based overlap matrices over every benchmark (main block first, then the controls). */
export interface ZooOverlapMatrices extends ZooBenchmarkLabels {
  /** Main labels then controls: the order of every matrix and vector list below. */
  all: string[];
  models: string[];
  signature: SquareMatrix;
  signatureSigned: SquareMatrix;
  performance: SquareMatrix;
  /** Per-model vectors the matrices are Spearman correlations of (for the bootstrap over models). */
  vectors: { signature: Float64Array[]; signatureSigned: Float64Array[]; performance: Float64Array[] };
  /** The signatures used: pieces, their OLS coefficients and oriented screening statistics, and why selection stopped. */
  signatures: { benchmark: string; pieces: string[]; coefficients: number[]; screenStatistics: number[]; stoppedBecause: string }[];
  /** Sign-weighted by the OLS coefficients instead (the check), and the share of pieces where the two signs agree. */
  signatureCoefSigned: SquareMatrix;
  signAgreement: number;
  signatureOptions: ZooSignatureOptions;
}

const memo = zooMemo<ZooOverlapMatrices>();

/**
 * Signature (unsigned and sign-weighted) and performance overlap of every zoo benchmark; memoised per
 * ZooData and signature options.
 *
 * signature(a, b) = ρ_s(u_a, u_b), u_a,i = mean_{j ∈ S_a} z_ij (z within model over all pieces);
 * signed: u_a,i = mean_{j ∈ S_a} sign(β_j) z_ij;  performance(a, b) = ρ_s(y_a, y_b)
 *
 * @example
 *   const m = zooOverlapMatrices(z);
 *   mainBlock(m.signature, m.labels.length).labels.length  // 35
 */
export function zooOverlapMatrices(z: ZooData, signatureOptions: ZooSignatureOptions = {}): ZooOverlapMatrices {
  return memo(z, signatureOptions, () => computeOverlapMatrices(z, signatureOptions));
}

function computeOverlapMatrices(z: ZooData, signatureOptions: ZooSignatureOptions): ZooOverlapMatrices {
  const lab = zooBenchmarkOrder(z);
  const all = [...lab.labels, ...lab.controls];
  const run = zooSignatures(z, signatureOptions);
  const byName = new Map(run.signatures.map((s) => [s.benchmark, s] as const));
  const sigs = all.map((b) => {
    const s = byName.get(b);
    if (!s || s.pieces.length === 0) throw new Error(`zooOverlapMatrices: benchmark '${b}' has no signature`);
    const screenStatistics = s.pieces.map((p) => {
      if (p.screenStatistic === null) throw new Error(`zooOverlapMatrices: '${b}' has no screening statistic (sign weighting uses it)`);
      return p.screenStatistic;
    });
    return { benchmark: b, pieces: s.pieces.map((p) => p.feature), coefficients: s.pieces.map((p) => p.coefficient), screenStatistics, stoppedBecause: s.stoppedBecause };
  });
  const X = z.features[signatureOptions.feature ?? "sum"];
  const un = signatureOverlap(X, sigs, { pool: "all" });
  const sw = signatureOverlap(X, sigs.map((s) => ({ ...s, coefficients: s.screenStatistics })), { pool: "all", signWeighted: true });
  const cw = signatureOverlap(X, sigs, { pool: "all", signWeighted: true });
  let agree = 0, total = 0;
  for (const s of sigs) s.coefficients.forEach((c, t) => { total++; if (Math.sign(c) === Math.sign(s.screenStatistics[t])) agree++; });
  const perf = performanceOverlap(z.table, { benchmarks: all });
  const p = z.scores.cols.length, n = z.scores.rows.length;
  const perfVectors = all.map((b) => {
    const j = z.scores.cols.indexOf(b);
    const sign = z.table.meta[b]?.direction === "lower" ? -1 : 1;
    return Float64Array.from({ length: n }, (_, i) => sign * z.scores.values[i * p + j]);
  });
  const out: ZooOverlapMatrices = {
    ...lab, all, models: z.models.slice(),
    signature: { labels: all, values: un.values }, signatureSigned: { labels: all, values: sw.values }, performance: perf.matrix,
    vectors: { signature: un.scores, signatureSigned: sw.scores, performance: perfVectors },
    signatures: sigs, signatureOptions, signatureCoefSigned: { labels: all, values: cw.values }, signAgreement: agree / total,
  };
  return out;
}

/**
 * The top-left k x k block of a square matrix (the main benchmarks when they come first).
 *
 * @example
 *   mainBlock({ labels: ["a", "b", "c"], values: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) }, 2).values  // [1, 2, 4, 5]
 */
export function mainBlock(m: SquareMatrix, k: number): SquareMatrix {
  const n = m.labels.length, out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[i * k + j] = m.values[i * n + j];
  return { labels: m.labels.slice(0, k), values: out };
}

/**
 * Spearman matrix of vectors restricted to resampled rows, ranking each vector once (equal to
 * `correlationMatrix(vectors, rows)` up to floating-point summation order; used inside bootstrap loops).
 *
 * @example
 *   rankCorrelationMatrix([Float64Array.of(1, 2, 3), Float64Array.of(3, 1, 2)], Int32Array.of(0, 1, 2))[1]  // -0.5
 */
export function rankCorrelationMatrix(vectors: Float64Array[], rows: ArrayLike<number>): Float64Array {
  const k = vectors.length;
  const ranks = vectors.map((v) => midranks(Float64Array.from(rows, (r) => v[r])));
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    out[a * k + a] = 1;
    for (let b = a + 1; b < k; b++) out[a * k + b] = out[b * k + a] = pearson(ranks[a], ranks[b]);
  }
  return out;
}

/** Range and quartiles of the upper triangle of a matrix (NaN pairs skipped). */
export interface OverlapSummary { nPairs: number; mean: number; median: number; q25: number; q75: number; min: number; max: number }

/**
 * Summary of the strict upper triangle (type-7 quartiles).
 *
 * @example
 *   upperSummary(Float64Array.of(1, 0.2, 0.2, 1), 2).median  // 0.2
 */
export function upperSummary(values: ArrayLike<number>, n: number): OverlapSummary {
  const t = Float64Array.from(Array.from(upperTriangle(values, n)).filter((v) => !Number.isNaN(v))).sort();
  const mean = t.reduce((s, v) => s + v, 0) / t.length;
  return { nPairs: t.length, mean, median: quantile7(t, 0.5), q25: quantile7(t, 0.25), q75: quantile7(t, 0.75), min: t[0], max: t[t.length - 1] };
}

/** One function-level view: a level aggregated by a grouping, with bootstrap intervals when model-based. */
export interface ZooFunctionLevel {
  level: ZooLevel;
  grouping: "domain" | "family";
  labels: string[];
  values: number[][];
  sizes: number[];
  meanWithin: number;
  meanCross: number;
  /** Percentile intervals over the bootstrap over models (null for the semantic level). */
  ci: { within: [number, number]; cross: [number, number]; difference: [number, number]; valid: number } | null;
}

/** One overlap level over the main benchmarks. */
export interface ZooLevelMatrix {
  level: ZooLevel;
  name: string;
  values: number[][];
  lower: number[][];
  upper: number[][];
  /** What the interval is. */
  interval: string;
  summary: OverlapSummary;
}

/** Options of {@link zooOverlaps}. */
export interface ZooOverlapsOptions {
  seed?: number;
  /** Bootstrap replicates over models for (a) and (c) and the function-level means (default 1000). */
  ciResamples?: number;
  /** Size-matched resamples per pair of the semantic overlap (default 1000). */
  semanticResamples?: number;
  /** LSA dimension (default 100) and truncation in word tokens (default 384). */
  lsaDim?: number;
  maxTokens?: number;
  signatureOptions?: ZooSignatureOptions;
  onPair?: (done: number, total: number) => void;
}

/** Everything the overlaps chapter reports. */
export interface ZooOverlapsResult {
  profile: string;
  nModels: number;
  nPieces: number;
  labels: string[];
  domains: string[];
  families: string[];
  formats: string[];
  levels: Record<ZooLevel, ZooLevelMatrix>;
  functionLevel: ZooFunctionLevel[];
  /** Spearman of each level's pairs with the same-domain indicator (the zoo's ground truth). */
  domainStructure: Record<ZooLevel, DomainStructure>;
  /** Spearman between levels over the main pairs. */
  agreement: { a: ZooLevel; b: ZooLevel; spearman: number }[];
  /** Negative controls: mean overlap with the main benchmarks at each model-based level. */
  controls: { benchmark: string; signature: number; signatureSigned: number; performance: number; signatureSize: number }[];
  signatures: { benchmark: string; size: number; stoppedBecause: string }[];
  /** Check: sign weighting by the OLS coefficients instead of the screening correlations (main block). */
  coefSignCheck: { signAgreement: number; summary: OverlapSummary; domainStructure: DomainStructure; vsPerformance: number; vsScreenSigned: number };
  semantic: { embedder: EmbedderInfo; resamples: number; items: number[] };
  ci: { resamples: number; seed: number; level: number };
  notes: string[];
  provenance: Provenance;
}

const pairsMean = (values: ArrayLike<number>, n: number, rows: number[], cols: number[]) => {
  let s = 0, k = 0;
  for (const i of rows) for (const j of cols) if (i !== j && !Number.isNaN(values[i * n + j])) { s += values[i * n + j]; k++; }
  return k ? s / k : NaN;
};

/**
 * Bootstrap intervals of a function-level matrix's mean within and mean cross (and their difference), with
 * pre-drawn model indices (one draw per replicate, shared by every level).
 *
 * @example
 *   functionLevelCi(m.vectors.signature.slice(0, 35), r.domains, draws, 0.95).within  // [lo, hi]
 */
export function functionLevelCi(vectors: Float64Array[], groups: string[], draws: Int32Array[], level = 0.95): NonNullable<ZooFunctionLevel["ci"]> {
  const w: number[] = [], c: number[] = [], d: number[] = [];
  for (const idx of draws) {
    const f = functionLevelMatrix(rankCorrelationMatrix(vectors, idx), vectors.length, groups);
    if (Number.isNaN(f.meanWithin) || Number.isNaN(f.meanCross)) continue;
    w.push(f.meanWithin); c.push(f.meanCross); d.push(f.meanWithin - f.meanCross);
  }
  const iv = (x: number[]): [number, number] => {
    const s = Float64Array.from(x).sort();
    return [quantile7(s, (1 - level) / 2), quantile7(s, (1 + level) / 2)];
  };
  return { within: iv(w), cross: iv(c), difference: iv(d), valid: w.length };
}

const nested = (v: ArrayLike<number>, n: number) => toNested(v, n);

/**
 * The overlaps chapter: Fig. 4 (a)–(c) on the zoo's main benchmarks with intervals, Fig. 1 by domain and by
 * family, how each level recovers the same-domain structure, agreement between levels, and the controls.
 *
 * @example
 *   const r = await zooOverlaps(z, zooQuestionSets(z), { ciResamples: 200, semanticResamples: 50 });
 *   r.functionLevel.find((f) => f.level === "signature" && f.grouping === "domain")?.meanWithin
 */
export async function zooOverlaps(z: ZooData, questions: QuestionSet[], opts: ZooOverlapsOptions = {}): Promise<ZooOverlapsResult> {
  const seed = opts.seed ?? ZOO_OVERLAP_SEED;
  const B = opts.ciResamples ?? 1000, T = opts.semanticResamples ?? 1000;
  const lsaDim = opts.lsaDim ?? 100, maxTokens = opts.maxTokens ?? 384, ciLevel = 0.95;
  const m = zooOverlapMatrices(z, opts.signatureOptions ?? {});
  const k = m.labels.length, nAll = m.all.length, nModels = m.models.length;
  const rng = createRng(seed);
  const draws = Array.from({ length: B }, () => resampleIndices(nModels, nModels, rng));
  const modelLevels = ["signature", "signatureSigned", "performance"] as const;
  const levels = {} as Record<ZooLevel, ZooLevelMatrix>;
  const cis = {} as Record<(typeof modelLevels)[number], MatrixCi>;
  for (const l of modelLevels) {
    const ci = bootstrapModelsCi(m.vectors[l].slice(0, k), { draws, seed, level: ciLevel });
    cis[l] = ci;
    const v = mainBlock(m[l], k).values;
    levels[l] = { level: l, name: ZOO_LEVEL_NAMES[l], values: nested(v, k), lower: nested(ci.lower, k), upper: nested(ci.upper, k), interval: `95% percentile bootstrap over models (${B} replicates, seed ${seed})`, summary: upperSummary(v, k) };
  }
  const qByName = new Map(questions.map((q) => [q.benchmark, q] as const));
  const sets = m.labels.map((b) => {
    const q = qByName.get(b);
    if (!q) throw new Error(`zooOverlaps: no item texts for benchmark '${b}'`);
    return q;
  });
  const lsa = fitLsa(sets.flatMap((s) => s.questions), { dim: lsaDim, seed });
  const sem = await semanticOverlap(sets, lsaConcatEmbedder(lsa, { maxTokens }), { resamples: T, seed, onPair: opts.onPair });
  levels.semantic = { level: "semantic", name: ZOO_LEVEL_NAMES.semantic, values: nested(sem.values, k), lower: nested(sem.lower, k), upper: nested(sem.upper, k), interval: `2.5–97.5% of the ${T} size-matched resamples`, summary: upperSummary(sem.values, k) };
  const matrixOf = (l: ZooLevel): SquareMatrix => ({ labels: m.labels, values: l === "semantic" ? sem.values : mainBlock(m[l], k).values });
  const functionLevel: ZooFunctionLevel[] = [];
  for (const grouping of ["domain", "family"] as const) {
    const groups = grouping === "domain" ? m.domains : m.families;
    for (const l of ["signature", "signatureSigned", "semantic", "performance"] as const) {
      const f = functionLevelMatrix(matrixOf(l).values, k, groups);
      functionLevel.push({
        level: l, grouping, labels: f.labels, values: nested(f.values, f.labels.length), sizes: f.sizes, meanWithin: f.meanWithin, meanCross: f.meanCross,
        ci: l === "semantic" ? null : functionLevelCi(m.vectors[l].slice(0, k), groups, draws, ciLevel),
      });
    }
  }
  const domainsOf: Record<string, string[]> = {};
  m.labels.forEach((b, i) => (domainsOf[b] = [m.domains[i]]));
  const all4 = ["signature", "signatureSigned", "semantic", "performance"] as const;
  const domainStructure = {} as Record<ZooLevel, DomainStructure>;
  for (const l of all4) domainStructure[l] = overlapDomainCorrelation(matrixOf(l), domainsOf);
  const agreement: ZooOverlapsResult["agreement"] = [];
  for (let a = 0; a < all4.length; a++) for (let b = a + 1; b < all4.length; b++) {
    agreement.push({ a: all4[a], b: all4[b], spearman: spearman(upperTriangle(matrixOf(all4[a]).values, k), upperTriangle(matrixOf(all4[b]).values, k)) });
  }
  const mainIdx = m.labels.map((_, i) => i);
  const controls = m.controls.map((b, c) => {
    const i = k + c;
    return {
      benchmark: b, signature: pairsMean(m.signature.values, nAll, [i], mainIdx), signatureSigned: pairsMean(m.signatureSigned.values, nAll, [i], mainIdx),
      performance: pairsMean(m.performance.values, nAll, [i], mainIdx), signatureSize: m.signatures[i].pieces.length,
    };
  });
  const sizes = m.signatures.slice(0, k).map((s) => s.pieces.length);
  const coef = mainBlock(m.signatureCoefSigned, k);
  const coefSignCheck = {
    signAgreement: m.signAgreement, summary: upperSummary(coef.values, k), domainStructure: overlapDomainCorrelation(coef, domainsOf),
    vsPerformance: spearman(upperTriangle(coef.values, k), upperTriangle(matrixOf("performance").values, k)),
    vsScreenSigned: spearman(upperTriangle(coef.values, k), upperTriangle(matrixOf("signatureSigned").values, k)),
  };
  return {
    profile: z.profile, nModels, nPieces: z.features[m.signatureOptions.feature ?? "sum"].cols.length,
    labels: m.labels, domains: m.domains, families: m.families, formats: m.formats,
    levels, functionLevel, domainStructure, agreement, controls,
    signatures: m.signatures.map((s) => ({ benchmark: s.benchmark, size: s.pieces.length, stoppedBecause: s.stoppedBecause })), coefSignCheck,
    semantic: { embedder: sem.embedder, resamples: T, items: sets.map((s) => s.questions.length) },
    ci: { resamples: B, seed, level: ciLevel },
    notes: [
      `Main matrices: the ${k} zoo-domain benchmarks (${new Set(m.domains).size} source domains x ${new Set(m.families).size} families, ${new Set(m.formats).size} formats); the ${m.controls.length} negative controls (${m.controls.join(", ")}) are summarised apart.`,
      `Signatures: zooSignatures defaults (Thrush screening 1% per tail with a floor of max(2m, 50) candidates, forward OLS by AIC, residual df >= 10); ${Math.min(...sizes) === Math.max(...sizes) ? `${sizes[0]} pieces each` : `${Math.min(...sizes)}–${Math.max(...sizes)} pieces`}, stop reasons ${[...new Set(m.signatures.slice(0, k).map((s) => s.stoppedBecause))].join(", ")}.`,
      "The bootstrap over models resamples the per-model signature scores (and score vectors) and recomputes every Spearman; the signatures themselves are not re-selected inside the bootstrap, so the interval reflects the choice of models, not the selection step.",
      `Semantic level: ${sem.embedder.name} fitted on the item contexts (the text each benchmark's options continue, without the options), T = ${T}; the paper used MPNet on real questions, so compare patterns, not levels.`,
      `Sign-weighted signature overlap: each piece's z-score multiplied by the sign of its (oriented) screening correlation, as the zoo pilot defines it. Weighting by the sign of the OLS coefficient instead (the real-LLM chapter's convention) is reported as a check: the two signs agree on only ${(100 * m.signAgreement).toFixed(1)}% of signature pieces, because signatures fill the residual-df cap and their coefficients are unstable.`,
    ],
    provenance: provenance("zoo overlaps: signature (unsigned + sign-weighted), semantic (LSA size-matched bootstrap), performance (Spearman); bootstrap over models; function level by domain and family", {
      benchmarks: k, controls: m.controls, ciResamples: B, ciLevel, semanticResamples: T, lsaDim, maxTokens, signatureOptions: JSON.stringify(m.signatureOptions),
      zscorePool: "all wild-pool pieces", signWeights: "sign of the oriented screening statistic (check: sign of the OLS coefficient)", order: "domain, family (nextword, nextspan, wordorder, spelling), format (MC first)",
    }, seed),
  };
}
