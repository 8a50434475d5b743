/**
 * The unit ablation (paper §2.1 and §8: the paper keeps "the last token's perplexity" without saying what a
 * sub-word tokenizer does to it): signatures of every zoo benchmark computed three times, with each piece's
 * surprisal as the summed NLL of its tokens (`sum`, the study's default), the NLL of its last token only
 * (`last`), or its bits per byte (`bpb`), and how much the screened sets, the signatures and the signature-
 * overlap matrices change between units.
 *
 * Note: a piece's bits per byte is its summed NLL divided by a constant of the piece (ln 2 × its bytes), the
 * same for every model, so across-model ranks, Thrush screening and the OLS fits of `sum` and `bpb` agree up
 * to float32 rounding; only the within-model z-scoring of the signature overlap can tell them apart.
 */
import { upperTriangle, toNested } from "../core/matrix";
import { jaccard, signatureOverlap, type Signature } from "../overlap/signature";
import type { BenchmarkSignature } from "../signatures/pipeline";
import { spearman } from "../stats/correlation";
import { sampleMedian } from "../stats/describe";
import { screen } from "../stats/screening";
import { rankFeatures } from "../stats/screening-ranks";
import { defaultMinCandidates } from "../stats/screening-tails";
import type { ZooData } from "../zoo/zoo-data";
import { zooFeatureMatrix, zooSignatures, type ZooSignatureOptions } from "./zoo-signatures";

/** The piece-level units compared. */
export type ZooUnit = "sum" | "last" | "bpb";
export const ZOO_UNITS: readonly ZooUnit[] = ["sum", "last", "bpb"];
/** The unit pairs compared, as `a-b`. */
export type UnitPairKey = "sum-last" | "sum-bpb" | "last-bpb";
export const UNIT_PAIRS: readonly [ZooUnit, ZooUnit, UnitPairKey][] = [["sum", "last", "sum-last"], ["sum", "bpb", "sum-bpb"], ["last", "bpb", "last-bpb"]];

/** Options of {@link zooUnitAblation}: the signature pipeline's (everything but the unit). */
export interface UnitAblationOptions {
  signature?: Omit<ZooSignatureOptions, "feature">;
}

/** One benchmark across the three units. */
export interface UnitBenchmarkRow {
  benchmark: string;
  qualifying: boolean;
  category: string;
  /** Signature size per unit. */
  sizes: Record<ZooUnit, number>;
  /** Screened candidates per unit (both tails). */
  candidates: Record<ZooUnit, number>;
  /** In-sample R² of the signature per unit. */
  r2: Record<ZooUnit, number>;
  /** Jaccard of the screened candidate sets between units. */
  screened: Record<UnitPairKey, number>;
  /** Jaccard of the selected pieces between units (null when both signatures are empty). */
  selected: Record<UnitPairKey, number | null>;
}

type PairNumbers = Record<UnitPairKey, number>;

/** The unit ablation's result. */
export interface ZooUnitAblation {
  params: { screenMethod: string; screenRatio: number | null; minCandidates: string | number; criterion: string; minResidualDf: number; overlapPool: string };
  rows: UnitBenchmarkRow[];
  /** Medians over benchmarks (all, and the qualifying ones) of the Jaccards. */
  medians: { screened: PairNumbers; selected: PairNumbers };
  mediansQualifying: { screened: PairNumbers; selected: PairNumbers };
  /** Jaccard two independent random candidate sets of the same sizes would have on average (≈ ab/N / (a + b − ab/N)), median over benchmarks. */
  chanceScreened: number;
  /** Signature-overlap matrices per unit (each unit's own matrix and signatures) and their agreement. */
  overlap: {
    benchmarks: string[];
    /** Benchmarks left out because some unit's signature is empty. */
    excluded: string[];
    matrices: Record<ZooUnit, number[][]>;
    /** Spearman between the upper triangles of two units' overlap matrices (unsigned, the paper's). */
    spearman: PairNumbers;
    /** The same for the sign-weighted overlap. */
    spearmanSignWeighted: PairNumbers;
    /** Median |difference| of overlap values between units. */
    medianAbsDiff: PairNumbers;
  };
}

function sigOpts(unit: ZooUnit, base: Omit<ZooSignatureOptions, "feature">): ZooSignatureOptions {
  // the default unit without an explicit `feature` shares the memo with chapters that call zooSignatures(z)
  return unit === "sum" ? { ...base } : { ...base, feature: unit };
}

/**
 * The screened candidate sets (both Thrush tails, the pipeline's ratio and floor) of every benchmark for one
 * unit, as feature ids; the same screen the signature pipeline runs before selecting.
 *
 * @example
 *   screenedSets(z, "last").get("zoo_code_nextword")?.length   // 2 × max(1, ⌊0.01 d⌋), at least max(2m, 50)
 */
export function screenedSets(z: ZooData, unit: ZooUnit, base: Omit<ZooSignatureOptions, "feature"> = {}): Map<string, string[]> {
  const X = zooFeatureMatrix(z, unit, base.half ?? null);
  const n = X.rows.length, p = z.table.benchmarks.length;
  const ratio = base.screenRatio === undefined ? 0.01 : base.screenRatio;
  const out = new Map<string, string[]>();
  const chosen = z.table.benchmarks.filter((b) => !base.benchmarks || base.benchmarks.test(b));
  if (ratio === null) { for (const b of chosen) out.set(b, X.cols.slice()); return out; }
  const ranked = rankFeatures(X.values, n);
  for (const b of chosen) {
    const j = z.table.benchmarks.indexOf(b);
    const y = Float64Array.from(z.table.models, (_, i) => z.table.values[i * p + j]);
    if (y.some((v) => !Number.isFinite(v))) throw new Error(`screenedSets: benchmark '${b}' has missing scores (not expected in zoo data)`);
    const [res] = screen(ranked, n, [{ name: b, values: y, direction: z.table.meta[b]?.direction ?? "higher" }], base.screenMethod ?? "thrush",
      { ratio, minCandidates: base.minCandidates ?? defaultMinCandidates(n) });
    out.set(b, Array.from(res.tails.kept, (k) => X.cols[k]));
  }
  return out;
}

const pairMedian = (rows: UnitBenchmarkRow[], f: (r: UnitBenchmarkRow, k: UnitPairKey) => number | null): PairNumbers =>
  Object.fromEntries(UNIT_PAIRS.map(([, , k]) => [k, sampleMedian(rows.map((r) => f(r, k)).filter((v): v is number => v !== null && Number.isFinite(v)))])) as PairNumbers;

function toSignature(s: BenchmarkSignature): Signature {
  return { benchmark: s.benchmark, pieces: s.pieces.map((q) => q.feature), coefficients: s.pieces.map((q) => q.coefficient) };
}

/**
 * The unit ablation: signatures (zooSignatures) and screened sets per unit, Jaccard |A ∩ B| / |A ∪ B| of the
 * screened and of the selected pieces between units per benchmark, and the Spearman correlation between the
 * upper triangles of the units' signature-overlap matrices (each unit's overlap z-scores within model over
 * all pieces of its own matrix).
 *
 * @example
 *   const u = zooUnitAblation(z);
 *   u.medians.selected["sum-last"];     // median Jaccard of the signatures, sum vs last unit
 *   u.overlap.spearman["sum-last"];     // agreement of the two overlap matrices
 */
export function zooUnitAblation(z: ZooData, opts: UnitAblationOptions = {}): ZooUnitAblation {
  const base = opts.signature ?? {};
  const runs = Object.fromEntries(ZOO_UNITS.map((u) => [u, zooSignatures(z, sigOpts(u, base))])) as Record<ZooUnit, ReturnType<typeof zooSignatures>>;
  const screened = Object.fromEntries(ZOO_UNITS.map((u) => [u, screenedSets(z, u, base)])) as Record<ZooUnit, Map<string, string[]>>;
  const qualifying = new Set(Array.isArray(z.evalSummary.qualifying) ? (z.evalSummary.qualifying as string[]) : []);
  const spec = new Map(z.benchmarks.map((b) => [b.name, b]));
  const nPieces = zooFeatureMatrix(z, "sum", base.half ?? null).cols.length;
  const chance: number[] = [];
  const rows: UnitBenchmarkRow[] = runs.sum.signatures.map((s0, k) => {
    const sig = Object.fromEntries(ZOO_UNITS.map((u) => [u, runs[u].signatures[k]])) as Record<ZooUnit, BenchmarkSignature>;
    const b = s0.benchmark;
    for (const u of ZOO_UNITS) if (sig[u].benchmark !== b) throw new Error(`zooUnitAblation: benchmark order differs between units (${b} vs ${sig[u].benchmark})`);
    const feats = (u: ZooUnit) => sig[u].pieces.map((q) => q.feature);
    const a = screened.sum.get(b)!.length, c = screened.last.get(b)!.length;
    const e = (a * c) / nPieces;
    chance.push(e / (a + c - e));
    return {
      benchmark: b, qualifying: qualifying.has(b), category: spec.get(b)?.category ?? "unknown",
      sizes: Object.fromEntries(ZOO_UNITS.map((u) => [u, sig[u].pieces.length])) as Record<ZooUnit, number>,
      candidates: Object.fromEntries(ZOO_UNITS.map((u) => [u, screened[u].get(b)!.length])) as Record<ZooUnit, number>,
      r2: Object.fromEntries(ZOO_UNITS.map((u) => [u, sig[u].r2])) as Record<ZooUnit, number>,
      screened: Object.fromEntries(UNIT_PAIRS.map(([u, v, key]) => [key, jaccard(screened[u].get(b)!, screened[v].get(b)!)])) as PairNumbers,
      selected: Object.fromEntries(UNIT_PAIRS.map(([u, v, key]) => { const j = jaccard(feats(u), feats(v)); return [key, Number.isFinite(j) ? j : null]; })) as Record<UnitPairKey, number | null>,
    };
  });
  const keep = rows.filter((r) => ZOO_UNITS.every((u) => r.sizes[u] > 0)).map((r) => r.benchmark);
  const mats = {} as Record<ZooUnit, Float64Array>, matsW = {} as Record<ZooUnit, Float64Array>;
  for (const u of ZOO_UNITS) {
    const sigs = runs[u].signatures.filter((s) => keep.includes(s.benchmark)).map(toSignature);
    const X = zooFeatureMatrix(z, u, base.half ?? null);
    mats[u] = signatureOverlap(X, sigs, { pool: "all" }).values;
    matsW[u] = signatureOverlap(X, sigs, { pool: "all", signWeighted: true }).values;
  }
  const K = keep.length;
  const tri = (m: Float64Array) => upperTriangle(m, K);
  const pairs = (f: (a: ZooUnit, b: ZooUnit) => number) => Object.fromEntries(UNIT_PAIRS.map(([a, b, key]) => [key, f(a, b)])) as PairNumbers;
  const q = rows.filter((r) => r.qualifying);
  return {
    params: {
      screenMethod: base.screenMethod ?? "thrush", screenRatio: base.screenRatio === undefined ? 0.01 : base.screenRatio,
      minCandidates: base.minCandidates ?? "max(2m, 50)", criterion: base.criterion ?? "aic", minResidualDf: base.minResidualDf ?? 10,
      overlapPool: "all pieces of the unit's own matrix (within-model z-scores)",
    },
    rows,
    medians: { screened: pairMedian(rows, (r, k) => r.screened[k]), selected: pairMedian(rows, (r, k) => r.selected[k]) },
    mediansQualifying: { screened: pairMedian(q, (r, k) => r.screened[k]), selected: pairMedian(q, (r, k) => r.selected[k]) },
    chanceScreened: sampleMedian(chance),
    overlap: {
      benchmarks: keep, excluded: rows.filter((r) => !keep.includes(r.benchmark)).map((r) => r.benchmark),
      matrices: Object.fromEntries(ZOO_UNITS.map((u) => [u, toNested(mats[u], K)])) as Record<ZooUnit, number[][]>,
      spearman: pairs((a, b) => spearman(tri(mats[a]), tri(mats[b]))),
      spearmanSignWeighted: pairs((a, b) => spearman(tri(matsW[a]), tri(matsW[b]))),
      medianAbsDiff: pairs((a, b) => { const x = tri(mats[a]), y = tri(mats[b]); return sampleMedian(x.map((v, i) => Math.abs(v - y[i]))); }),
    },
  };
}
