/**
 * Overlap against the zoo's known domain structure, and family / format inflation, for the zoo
 * ground-truth chapter. Four overlap matrices between the zoo-domain benchmarks:
 * - `signature-unsigned`: the paper's signature overlap (Spearman across models of the mean within-model
 *   z-scored surprisal over each signature);
 * - `signature-sign-coef`: the same with each piece weighted by the sign of its OLS coefficient;
 * - `signature-sign-screen`: weighted by the sign of its screening statistic (the pilot's variant);
 * - `performance`: Spearman across models of the scores.
 * Each is compared with the same-domain indicator (`overlapDomainCorrelation`), against the label
 * permutation null (`overlapLabelNull`) and the model-permutation null (`overlapDomainNull`).
 */
import type { LabeledMatrix, SquareMatrix } from "../core/matrix";
import { signatureOverlap, type Signature } from "../overlap/signature";
import { spearmanMatrix, compareWithinAcross } from "../overlap/performance";
import { splitPairs } from "../stats/label-permutation";
import { overlapDomainCorrelation, overlapDomainNull, overlapLabelNull, type DomainStructure } from "../zoo/groundtruth-overlap";
import type { NullSummary } from "../zoo/groundtruth-null";
import { benchmarkRows, signaturePipeline, type SignatureSelection } from "./zoo-groundtruth-pipelines";

type Features = LabeledMatrix<Float32Array | Float64Array>;

/** The overlap matrices compared. */
export type GroundTruthOverlapKind = "signature-unsigned" | "signature-sign-coef" | "signature-sign-screen" | "performance";
/** Every kind, in display order. */
export const GROUND_TRUTH_OVERLAP_KINDS: readonly GroundTruthOverlapKind[] = ["signature-unsigned", "signature-sign-coef", "signature-sign-screen", "performance"];
/** Display names of the kinds. */
export const GROUND_TRUTH_OVERLAP_LABELS: Record<GroundTruthOverlapKind, string> = {
  "signature-unsigned": "signature, unsigned (paper)",
  "signature-sign-coef": "signature, sign of coefficient",
  "signature-sign-screen": "signature, sign of screening γ",
  performance: "performance (Spearman of scores)",
};

/**
 * The four overlap matrices from observed signatures and scores (benchmarks in the order of `sigs`).
 *
 * overlap_sig(a, b) = ρ_s(u_a, u_b), u_a,i = mean_{j∈S_a} w_j z_ij (w = 1, sign β_j or sign γ_j);
 * overlap_perf(a, b) = ρ_s(y_a, y_b)
 *
 * @param scores models x benchmarks, oriented (higher = better), columns include every signature's benchmark
 * @example
 *   overlapMatrices(X, [{ benchmark: "zoo_wiki_nextword", sel }], scores)["signature-unsigned"].values
 */
export function overlapMatrices(X: Features, sigs: { benchmark: string; sel: SignatureSelection }[], scores: LabeledMatrix<Float64Array>): Record<GroundTruthOverlapKind, SquareMatrix> {
  const mk = (w: "coef" | "screen" | null): Signature[] => sigs.map(({ benchmark, sel }) => ({
    benchmark,
    pieces: Array.from(sel.indices, (j) => X.cols[j]),
    coefficients: w === "coef" ? Array.from(sel.coefficients) : w === "screen" ? Array.from(sel.signs) : undefined,
  }));
  const sq = (r: { labels: string[]; values: Float64Array }): SquareMatrix => ({ labels: r.labels, values: r.values });
  const cols = sigs.map((s) => {
    const j = scores.cols.indexOf(s.benchmark);
    if (j < 0) throw new Error(`benchmark '${s.benchmark}' is not a score column`);
    return j;
  });
  const p = scores.cols.length;
  const sub = { rows: scores.rows, cols: sigs.map((s) => s.benchmark), values: new Float64Array(scores.rows.length * cols.length) };
  scores.rows.forEach((_, i) => cols.forEach((j, k) => { sub.values[i * cols.length + k] = scores.values[i * p + j]; }));
  return {
    "signature-unsigned": sq(signatureOverlap(X, mk(null))),
    "signature-sign-coef": sq(signatureOverlap(X, mk("coef"), { signWeighted: true })),
    "signature-sign-screen": sq(signatureOverlap(X, mk("screen"), { signWeighted: true })),
    performance: spearmanMatrix(sub),
  };
}

/**
 * The square sub-matrix of the given labels (in the given order).
 *
 * @example
 *   subMatrix(O, ["a", "c"]).values  // [O_aa, O_ac, O_ca, O_cc]
 */
export function subMatrix(m: SquareMatrix, labels: readonly string[]): SquareMatrix {
  const n = m.labels.length, idx = labels.map((l) => {
    const i = m.labels.indexOf(l);
    if (i < 0) throw new Error(`subMatrix: '${l}' is not a label`);
    return i;
  });
  const k = idx.length, values = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) values[a * k + b] = m.values[idx[a] * n + idx[b]];
  return { labels: labels.slice(), values };
}

/** A null summarised without its draws (plain JSON). */
export type NullBrief = Omit<NullSummary, "draws"> & { permutations: number; seed: number };

/**
 * A null summary without its draws, with the permutations and seed that produced it.
 *
 * @example
 *   briefNull(r.null, 1000, 7).percentile
 */
export function briefNull(s: NullSummary, permutations: number, seed: number): NullBrief {
  const { draws: _d, ...rest } = s;
  return { ...rest, permutations, seed };
}

/** One overlap kind against the same-domain structure. */
export interface GroundTruthOverlapKindTruth {
  kind: GroundTruthOverlapKind;
  /** Over all zoo-domain benchmarks. */
  all: DomainStructure;
  /** Over the above-chance benchmarks only. */
  aboveChance: DomainStructure;
  /** Without the code benchmarks (the pilot: the unsigned overlap's success came from code vs prose). */
  noCode: DomainStructure;
  /** Benchmark labels shuffled over the fixed matrix (all zoo-domain benchmarks). */
  labelNull: NullBrief;
  /** Scores permuted across models per benchmark, the whole overlap pipeline re-run (all benchmarks). */
  modelNull: NullBrief | null;
}

/** Inputs of `overlapTruth`. */
export interface OverlapTruthInputs {
  X: Features;
  /** Observed signatures of the zoo-domain benchmarks. */
  sigs: { benchmark: string; sel: SignatureSelection }[];
  /** Oriented scores (models x benchmarks). */
  scores: LabeledMatrix<Float64Array>;
  domainsOf: Record<string, string[]>;
  aboveChance: string[];
  codeBenchmarks: string[];
  seed: number;
  labelPermutations: number;
  performanceModelPermutations: number;
  signatureModelPermutations: number;
  pipelineOptions?: import("./zoo-groundtruth-pipelines").GroundTruthPipelineOptions;
}

/**
 * Every overlap kind's Spearman with the same-domain indicator (all benchmarks, above-chance subset,
 * without code), with the label-permutation null and the model-permutation null. Signature-overlap model
 * nulls recompute every benchmark's signature per draw, so they use fewer permutations (recorded).
 *
 * r = ρ_s({O_ab}, {1[D_a ∩ D_b ≠ ∅]}), a < b
 *
 * @example
 *   overlapTruth({ X, sigs, scores, domainsOf, aboveChance, codeBenchmarks, seed: 1, labelPermutations: 1000,
 *                  performanceModelPermutations: 1000, signatureModelPermutations: 5 }).kinds[0].all.spearman
 */
export function overlapTruth(inp: OverlapTruthInputs): { matrices: Record<GroundTruthOverlapKind, SquareMatrix>; kinds: GroundTruthOverlapKindTruth[] } {
  const labels = inp.sigs.map((s) => s.benchmark);
  const matrices = overlapMatrices(inp.X, inp.sigs, inp.scores);
  const pipe = signaturePipeline(inp.X, inp.pipelineOptions);
  // signatures of permuted score tables, shared by the three signature kinds (same seed => same tables)
  const sigCache = new Map<string, Record<GroundTruthOverlapKind, SquareMatrix>>();
  const permutedMatrices = (s: LabeledMatrix<Float64Array>): Record<GroundTruthOverlapKind, SquareMatrix> => {
    const key = Array.from(s.values).join(",");
    let hit = sigCache.get(key);
    if (!hit) {
      const sigs = s.cols.map((b, j) => {
        const col = Float64Array.from(s.rows, (_, i) => s.values[i * s.cols.length + j]);
        const { X, y } = benchmarkRows(inp.X, col);
        return { benchmark: b, sel: pipe(X, y) as SignatureSelection };
      });
      hit = overlapMatrices(inp.X, sigs, s);
      sigCache.set(key, hit);
    }
    return hit;
  };
  const scoreSub = { rows: inp.scores.rows, cols: labels, values: Float64Array.from(inp.scores.rows.flatMap((_, i) => labels.map((b) => inp.scores.values[i * inp.scores.cols.length + inp.scores.cols.indexOf(b)]))) };
  const above = labels.filter((b) => inp.aboveChance.includes(b));
  const noCode = labels.filter((b) => !inp.codeBenchmarks.includes(b));
  const safe = (m: SquareMatrix, keep: string[]): DomainStructure => keep.length >= 3
    ? overlapDomainCorrelation(subMatrix(m, keep), inp.domainsOf)
    : { spearman: NaN, nPairs: 0, nSame: 0, meanSame: NaN, meanDifferent: NaN };
  const kinds = GROUND_TRUTH_OVERLAP_KINDS.map((kind, k): GroundTruthOverlapKindTruth => {
    const m = matrices[kind];
    const seed = inp.seed + 101 * k;
    const label = overlapLabelNull(m, inp.domainsOf, { permutations: inp.labelPermutations, seed });
    const B = kind === "performance" ? inp.performanceModelPermutations : inp.signatureModelPermutations;
    const model = B > 0
      ? overlapDomainNull(scoreSub, kind === "performance" ? (s) => spearmanMatrix(s) : (s) => permutedMatrices(s)[kind], inp.domainsOf, { permutations: B, seed: inp.seed + 7 })
      : null;
    return {
      kind, all: label.observed, aboveChance: safe(m, above), noCode: safe(m, noCode),
      labelNull: briefNull(label.null, inp.labelPermutations, seed),
      modelNull: model ? briefNull(model.null, B, inp.seed + 7) : null,
    };
  });
  return { matrices, kinds };
}

/** Within- vs across-group overlap for one factor and one overlap kind. */
export interface InflationCell {
  kind: GroundTruthOverlapKind;
  factor: "family" | "format";
  /** "different-domain pairs" (same-domain pairs excluded) or "all pairs" (for contrast). */
  pairs: "different-domain pairs" | "all pairs";
  nWithin: number;
  nAcross: number;
  meanWithin: number;
  meanAcross: number;
  /** mean(within) − mean(across). */
  difference: number;
  /** Mann–Whitney two-sided p (R's wilcox.test, normal approximation with continuity correction). */
  mannWhitneyP: number;
  /** One-sided (within larger). */
  mannWhitneyPGreater: number;
  /** Label-permutation p (within larger), the pairs' dependence kept. */
  permutationPGreater: number;
}

/**
 * Family / format inflation: mean overlap of pairs in the same family (format) vs different families
 * (formats), at performance and signature level. Same-domain pairs are excluded (set to NaN, so both the
 * Mann–Whitney test and the label permutation skip them): the zoo's ground truth — same source domain —
 * would otherwise be counted as "across family" (every domain has one benchmark per family), hiding or
 * faking inflation. The all-pairs version is reported beside it for contrast.
 *
 * difference = mean_{g_a = g_b} O_ab − mean_{g_a ≠ g_b} O_ab, over pairs with D_a ∩ D_b = ∅
 *
 * @example
 *   familyFormatInflation(matrices, { family, format }, domainsOf, { seed: 3, permutations: 1000 })
 */
export function familyFormatInflation(
  matrices: Record<GroundTruthOverlapKind, SquareMatrix>,
  groups: { family: Record<string, string>; format: Record<string, string> },
  domainsOf: Record<string, string[]>,
  opts: { seed: number; permutations: number },
): InflationCell[] {
  const out: InflationCell[] = [];
  for (const kind of GROUND_TRUTH_OVERLAP_KINDS) {
    const m = matrices[kind];
    const n = m.labels.length;
    const masked = Float64Array.from(m.values);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
      if (a !== b && domainsOf[m.labels[a]].some((d) => domainsOf[m.labels[b]].includes(d))) masked[a * n + b] = NaN;
    }
    for (const factor of ["family", "format"] as const) {
      const g = m.labels.map((l) => groups[factor][l]);
      for (const pairs of ["different-domain pairs", "all pairs"] as const) {
        const mm: SquareMatrix = { labels: m.labels, values: pairs === "all pairs" ? m.values : masked };
        const c = compareWithinAcross(mm, g, { factor, seed: opts.seed, permutations: opts.permutations });
        const split = splitPairs(mm, g);
        out.push({
          kind, factor, pairs, nWithin: split.within.length, nAcross: split.across.length,
          meanWithin: c.within.mean, meanAcross: c.across.mean, difference: c.difference,
          mannWhitneyP: c.mannWhitney.pValue, mannWhitneyPGreater: c.mannWhitneyGreater.pValue,
          permutationPGreater: c.permutation.pGreater,
        });
      }
    }
  }
  return out;
}
