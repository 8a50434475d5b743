/**
 * The zoo ground-truth chapter (beyond the paper): on the model zoo, where every benchmark's source domain
 * and every model's training mixture are known, does the paper's method find what is there?
 * 1. Enrichment: is each benchmark's signature (and its screened set) drawn from the benchmark's source
 *    domain, split by the sign of the screening statistic, against the model-permutation null?
 * 2. Prediction: leave-one-model-out R² of the AIC signature vs two one-feature baselines (the sign-weighted
 *    mean of the screened pieces; the mean surprisal of the source domain's pieces), each with its null.
 * 3. Overlap vs domain structure: unsigned and sign-weighted signature overlap and performance overlap
 *    against the same-domain indicator (`zoo-groundtruth-overlap.ts`).
 * 4. Negative controls (real MMLU / HellaSwag items): do they stay unpredictable?
 * 5. Family / format inflation at performance vs signature level, same-domain pairs excluded.
 * Pure: no file I/O. The measures are those of src/zoo/groundtruth-*.ts.
 */
import type { LabeledMatrix, SquareMatrix } from "../core/matrix";
import { provenance, type Provenance } from "../core/provenance";
import { sampleMedian } from "../stats/describe";
import { zooMemo, type ZooData } from "../zoo/zoo-data";
import { enrichment, enrichmentNull, topDomain, type Enrichment, type EnrichmentWithNull, type SelectionPipeline } from "../zoo/groundtruth-enrichment";
import { domainMeanPipeline, lomoR2Null, type LomoWithNull } from "../zoo/groundtruth-lomo";
import { permutationDraws, permute, summarizeNull } from "../zoo/groundtruth-null";
import { zooFeatureMatrix } from "./zoo-signatures";
import {
  benchmarkRows, domainMeanFeature, screenPipeline, screenedAverageFitPipeline, signatureFitPipeline, signaturePipeline,
  type GroundTruthPipelineOptions, type SignatureSelection,
} from "./zoo-groundtruth-pipelines";
import { briefNull, familyFormatInflation, overlapTruth, type InflationCell, type NullBrief, type GroundTruthOverlapKind, type GroundTruthOverlapKindTruth } from "./zoo-groundtruth-overlap";

/** How many permutations each null gets (the expensive nulls re-run screening + AIC selection per draw). */
export interface GroundTruthBudget {
  /** Enrichment null of the screened set (screening only per draw; ranks reused). */
  screened: number;
  /** Enrichment null of the AIC signature (screening + forward selection per draw). */
  signature: number;
  /** LOMO null of the source-domain-mean baseline (cheap). */
  domainMeanLomo: number;
  /** LOMO null of the screened-average baseline (m screens per draw), per benchmark; also pooled. */
  screenedAverageLomo: number;
  /** LOMO null of the AIC signature (m screens + m selections per draw), per benchmark; also pooled. */
  signatureLomo: number;
  /** Label-permutation null of overlap vs domain (cheap). */
  overlapLabel: number;
  /** Model-permutation null of performance overlap vs domain (cheap). */
  performanceModel: number;
  /** Model-permutation null of signature overlap vs domain (every signature recomputed per draw). */
  signatureOverlapModel: number;
  /** Label permutations of the family / format comparison. */
  inflation: number;
}

/**
 * The permutation budget of a profile: `smoke` (560 pieces) affords many draws everywhere; `default`
 * (36,000 pieces) keeps ≥ 100 draws for the screened-set and domain-mean nulls and fewer for the nulls
 * that re-run AIC selection (pooled over benchmarks for LOMO). Chosen to keep the step within ~5 min.
 *
 * @example
 *   groundTruthBudget("default").screened  // 100
 */
export function groundTruthBudget(profile: string): GroundTruthBudget {
  return profile === "smoke"
    ? { screened: 200, signature: 50, domainMeanLomo: 200, screenedAverageLomo: 5, signatureLomo: 1, overlapLabel: 2000, performanceModel: 1000, signatureOverlapModel: 10, inflation: 2000 }
    : { screened: 100, signature: 30, domainMeanLomo: 100, screenedAverageLomo: 2, signatureLomo: 1, overlapLabel: 2000, performanceModel: 1000, signatureOverlapModel: 19, inflation: 2000 };
}

/** Options of the chapter. */
export interface ZooGroundTruthOptions extends GroundTruthPipelineOptions {
  /** Piece-level unit (default "sum", the paper's summed surprisal). */
  feature?: "sum" | "last" | "bpb";
  /** Base seed of every null (default 20250927); benchmark k's nulls use seed + k. */
  seed?: number;
  /** Overrides of the profile's budget. */
  budget?: Partial<GroundTruthBudget>;
  /** Only benchmarks whose name matches (default all). */
  benchmarks?: RegExp | null;
}

/** Leave-one-model-out R² of one pipeline, with its per-benchmark null and its percentile in the pooled null. */
export interface LomoTruth {
  r2: number;
  null: NullBrief;
  /** Percentile of r2 in the null draws pooled over the zoo-domain benchmarks (controls are placed in the same pool). */
  pooledPercentile: number;
}

/** Everything the chapter reports about one benchmark. */
export interface BenchmarkTruth {
  benchmark: string;
  family: string;
  format: string;
  category: "zoo-domain" | "negative-control";
  domains: string[];
  chance: number;
  items: number;
  models: number;
  meanScore: number;
  /** Median score over models above chance by more than 2 binomial SEs of one model, sqrt(c(1 − c)/items). */
  aboveChance: boolean;
  seed: number;
  signatureSize: number;
  nCandidates: number;
  stoppedBecause: string;
  /** Enrichment in the source domain with nulls (null for a control: its domain is not in the pool). */
  screened: EnrichmentWithNull | null;
  signature: EnrichmentWithNull | null;
  /** Signature enrichment split by the sign of the OLS coefficient instead (observed only). */
  signatureByCoefficient: Enrichment | null;
  /** Domain where the negative (surprisal falls as score rises) screened / signature pieces are most enriched. */
  screenedTop: string | null;
  signatureTop: string | null;
  screenedTopCorrect: boolean | null;
  signatureTopCorrect: boolean | null;
  /** Enrichment of the negative pieces in their top domain, whatever it is, with its null (the controls' test). */
  screenedTopEnrichment: NullBrief;
  /** The same for the signature; computed for the controls only (it re-runs AIC selection per draw). */
  signatureTopEnrichment: NullBrief | null;
  lomo: { signature: LomoTruth; screenedAverage: LomoTruth; domainMean: LomoTruth | null };
  /** Piece indices (into the pool) of the screened set and the signature, with their signs, for inspection and golden tests. */
  selections: { screened: { indices: number[]; signs: number[] }; signature: { indices: number[]; signs: number[]; coefficients: number[] } };
}

/** The chapter's result. */
export interface ZooGroundTruthResult {
  profile: string;
  feature: string;
  nModels: number;
  nPieces: number;
  domains: string[];
  budget: GroundTruthBudget;
  seed: number;
  pipeline: { screen: string; screenRatio: number; minCandidates: string | number; criterion: string; minResidualDf: number };
  benchmarks: BenchmarkTruth[];
  /** LOMO null draws pooled over the zoo-domain benchmarks, per pipeline. */
  pooledLomoNull: Record<"signature" | "screenedAverage" | "domainMean", { n: number; mean: number; q95: number; max: number }>;
  overlap: { labels: string[]; matrices: Record<GroundTruthOverlapKind, SquareMatrix>; kinds: GroundTruthOverlapKindTruth[] };
  inflation: InflationCell[];
  provenance: Provenance;
}

const memo = zooMemo<ZooGroundTruthResult>();

/** A pipeline that remembers its selections on `X` by score vector (the enrichment and top-domain nulls draw the same permutations). */
function memoPipeline(X: LabeledMatrix<Float32Array | Float64Array>, pipe: SelectionPipeline): SelectionPipeline {
  const cache = new Map<string, ReturnType<SelectionPipeline>>();
  return (Xa, y) => {
    if (Xa !== X) return pipe(Xa, y);
    const k = Array.from(y).join(",");
    let hit = cache.get(k);
    if (!hit) { hit = pipe(Xa, y); cache.set(k, hit); }
    return hit;
  };
}

function topEnrichmentNull(X: LabeledMatrix<Float32Array | Float64Array>, y: Float64Array, pd: Int32Array, nd: number, pipe: SelectionPipeline, B: number, seed: number): NullBrief {
  const stat = (yy: Float64Array): number => {
    const sel = pipe(X, yy);
    const t = topDomain(sel, pd, nd, -1);
    return t < 0 ? NaN : enrichment(sel, pd, [t]).negative;
  };
  const draws = permutationDraws(X.rows.length, (perm) => ({ e: stat(permute(y, perm)) }), { permutations: B, seed });
  return briefNull(summarizeNull(stat(y), draws.e), B, seed);
}

/**
 * The zoo ground truth: enrichment with nulls, LOMO R² against two baselines with nulls, overlap vs the
 * same-domain structure, negative controls and family / format inflation. Memoised per ZooData and options.
 *
 * enrichment = (share of S from D) / (share of pool from D);  R²_LOMO = 1 − Σ(y_i − ŷ_(−i))² / Σ(y_i − ȳ)²
 *
 * @example
 *   const r = zooGroundTruth(z);
 *   r.benchmarks.filter((b) => b.screenedTopCorrect).length   // benchmarks whose screen points at their domain
 */
export function zooGroundTruth(z: ZooData, opts: ZooGroundTruthOptions = {}): ZooGroundTruthResult {
  return memo(z, opts, () => computeGroundTruth(z, opts));
}

function computeGroundTruth(z: ZooData, opts: ZooGroundTruthOptions): ZooGroundTruthResult {
  const feature = opts.feature ?? "sum", seed = opts.seed ?? 20250927;
  const budget = { ...groundTruthBudget(z.profile), ...(opts.budget ?? {}) };
  const X = zooFeatureMatrix(z, feature);
  if (X.rows.length !== z.scores.rows.length || X.rows.some((r, i) => r !== z.scores.rows[i])) throw new Error("zooGroundTruth: feature rows and score rows differ");
  if (X.cols.length !== z.pieces.length || X.cols.some((c, j) => c !== z.pieces[j].id)) throw new Error(`zooGroundTruth: the ${X.cols.length} feature columns are not the ${z.pieces.length} pieces in order`);
  const domains = [...new Set(z.pieces.map((p) => p.domain))].sort();
  const pd = Int32Array.from(z.pieces, (p) => domains.indexOf(p.domain));
  const po: GroundTruthPipelineOptions = { screenRatio: opts.screenRatio, minCandidates: opts.minCandidates, criterion: opts.criterion, minResidualDf: opts.minResidualDf };
  const specs = z.benchmarks.filter((b) => !opts.benchmarks || opts.benchmarks.test(b.name));
  const p = z.scores.cols.length;
  const oriented: LabeledMatrix<Float64Array> = { rows: z.scores.rows, cols: z.scores.cols, values: Float64Array.from(z.scores.values) };
  z.scores.cols.forEach((b, j) => {
    if ((z.table.meta[b]?.direction ?? "higher") === "lower") for (let i = 0; i < z.scores.rows.length; i++) oriented.values[i * p + j] *= -1;
  });
  const raw: { truth: BenchmarkTruth; draws: Record<string, Float64Array> }[] = [];
  specs.forEach((spec, k) => {
    const j = z.scores.cols.indexOf(spec.name);
    const col = Float64Array.from(z.scores.rows, (_, i) => oriented.values[i * p + j]);
    const { X: Xb, y } = benchmarkRows(X, col);
    const bseed = seed + k;
    const screenP = memoPipeline(Xb, screenPipeline(Xb, po)), sigP = memoPipeline(Xb, signaturePipeline(Xb, po));
    const di = spec.domains.map((d) => domains.indexOf(d)).filter((d) => d >= 0);
    const isZoo = spec.category === "zoo-domain" && di.length > 0;
    const scr = screenP(Xb, y), sig = sigP(Xb, y) as SignatureSelection;
    const name = (t: number) => (t >= 0 ? domains[t] : null);
    const sTop = name(topDomain(scr, pd, domains.length, -1)), gTop = name(topDomain(sig, pd, domains.length, -1));
    const lomo = (fit: ReturnType<typeof signatureFitPipeline>, B: number, s: number): LomoWithNull => lomoR2Null(Xb, y, fit, { permutations: B, seed: s });
    const lSig = lomo(signatureFitPipeline(Xb, po), budget.signatureLomo, bseed);
    const lAvg = lomo(screenedAverageFitPipeline(Xb, po), budget.screenedAverageLomo, bseed);
    // the baseline sees only its one feature, so LOMO runs on that column alone (same numbers, d times less copying)
    const lDom = isZoo ? lomoR2Null(domainMeanFeature(Xb, pd, di), y, domainMeanPipeline([0], [0]), { permutations: budget.domainMeanLomo, seed: bseed }) : null;
    const scores = Array.from(y), med = sampleMedian(scores);
    const lt = (l: LomoWithNull, B: number): LomoTruth => ({ r2: l.observed.r2, null: briefNull(l.null, B, bseed), pooledPercentile: NaN });
    raw.push({
      draws: { signature: lSig.null.draws, screenedAverage: lAvg.null.draws, domainMean: lDom ? lDom.null.draws : new Float64Array(0) },
      truth: {
        benchmark: spec.name, family: spec.family, format: spec.format, category: spec.category, domains: spec.domains.slice(),
        chance: spec.chance, items: spec.items, models: y.length, meanScore: scores.reduce((a, b) => a + b, 0) / y.length,
        aboveChance: med > spec.chance + 2 * Math.sqrt((spec.chance * (1 - spec.chance)) / spec.items), seed: bseed,
        signatureSize: sig.indices.length, nCandidates: sig.nCandidates, stoppedBecause: sig.stoppedBecause,
        screened: isZoo ? enrichmentNull(Xb, y, pd, di, screenP, { permutations: budget.screened, seed: bseed }) : null,
        signature: isZoo ? enrichmentNull(Xb, y, pd, di, sigP, { permutations: budget.signature, seed: bseed }) : null,
        signatureByCoefficient: isZoo ? enrichment({ indices: sig.indices, signs: Int8Array.from(sig.coefficients, (c) => Math.sign(c)) }, pd, di) : null,
        screenedTop: sTop, signatureTop: gTop,
        screenedTopCorrect: isZoo ? sTop !== null && spec.domains.includes(sTop) : null,
        signatureTopCorrect: isZoo ? gTop !== null && spec.domains.includes(gTop) : null,
        screenedTopEnrichment: topEnrichmentNull(Xb, y, pd, domains.length, screenP, budget.screened, bseed),
        signatureTopEnrichment: isZoo ? null : topEnrichmentNull(Xb, y, pd, domains.length, sigP, budget.signature, bseed),
        lomo: { signature: lt(lSig, budget.signatureLomo), screenedAverage: lt(lAvg, budget.screenedAverageLomo), domainMean: lDom ? lt(lDom, budget.domainMeanLomo) : null },
        selections: {
          screened: { indices: Array.from(scr.indices), signs: Array.from(scr.signs) },
          signature: { indices: Array.from(sig.indices), signs: Array.from(sig.signs), coefficients: Array.from(sig.coefficients) },
        },
      },
    });
  });
  const zooRaw = raw.filter((r) => r.truth.category === "zoo-domain" && r.truth.screened);
  const pooledLomoNull = {} as ZooGroundTruthResult["pooledLomoNull"];
  for (const kind of ["signature", "screenedAverage", "domainMean"] as const) {
    const pooled = Float64Array.from(zooRaw.flatMap((r) => Array.from(r.draws[kind])));
    const s = summarizeNull(NaN, pooled);
    pooledLomoNull[kind] = { n: pooled.length, mean: s.mean, q95: s.q95, max: s.max };
    for (const r of raw) {
      const l = r.truth.lomo[kind];
      if (l) l.pooledPercentile = summarizeNull(l.r2, pooled).percentile;
    }
  }
  const zooB = zooRaw.map((r) => r.truth);
  const sigs = zooB.map((b) => ({ benchmark: b.benchmark, sel: {
    indices: Int32Array.from(b.selections.signature.indices), signs: Int8Array.from(b.selections.signature.signs),
    coefficients: Float64Array.from(b.selections.signature.coefficients), intercept: NaN, stoppedBecause: b.stoppedBecause as SignatureSelection["stoppedBecause"], nCandidates: b.nCandidates,
  } }));
  const domainsOf = Object.fromEntries(zooB.map((b) => [b.benchmark, b.domains]));
  const ov = zooB.length >= 3 ? overlapTruth({
    X, sigs, scores: oriented, domainsOf, seed: seed + 5000,
    aboveChance: zooB.filter((b) => b.aboveChance).map((b) => b.benchmark),
    codeBenchmarks: zooB.filter((b) => b.domains.includes("code")).map((b) => b.benchmark),
    labelPermutations: budget.overlapLabel, performanceModelPermutations: budget.performanceModel,
    signatureModelPermutations: budget.signatureOverlapModel, pipelineOptions: po,
  }) : null;
  const inflation = ov ? familyFormatInflation(ov.matrices, {
    family: Object.fromEntries(zooB.map((b) => [b.benchmark, b.family])), format: Object.fromEntries(zooB.map((b) => [b.benchmark, b.format])),
  }, domainsOf, { seed: seed + 6000, permutations: budget.inflation }) : [];
  const result: ZooGroundTruthResult = {
    profile: z.profile, feature, nModels: X.rows.length, nPieces: X.cols.length, domains, budget, seed,
    pipeline: {
      screen: "thrush", screenRatio: opts.screenRatio ?? 0.01, minCandidates: opts.minCandidates ?? "max(2m, 50)",
      criterion: opts.criterion ?? "aic", minResidualDf: opts.minResidualDf ?? 10,
    },
    benchmarks: raw.map((r) => r.truth), pooledLomoNull,
    overlap: ov ? { labels: sigs.map((s) => s.benchmark), matrices: ov.matrices, kinds: ov.kinds } : { labels: [], matrices: {} as Record<GroundTruthOverlapKind, SquareMatrix>, kinds: [] },
    inflation,
    provenance: provenance("zoo ground truth: enrichment, LOMO R², overlap vs domain, controls, family/format inflation", {
      profile: z.profile, feature, seed, budget: { ...budget }, screen: "thrush", screenRatio: opts.screenRatio ?? 0.01,
      criterion: opts.criterion ?? "aic", minResidualDf: opts.minResidualDf ?? 10, benchmarks: opts.benchmarks ? String(opts.benchmarks) : null,
      models: X.rows.length, pieces: X.cols.length,
    }),
  };
  return result;
}

/** Summary numbers over the zoo-domain benchmarks (and the controls), the chapter's headline. */
export interface GroundTruthSummary {
  nZoo: number;
  nAboveChance: number;
  screenedTopCorrect: number;
  signatureTopCorrect: number;
  /** Medians over zoo-domain benchmarks of the negative-sign enrichment (screened, signature) and of its null mean. */
  medianScreenedNegative: number;
  medianScreenedNegativeNullMean: number;
  medianSignatureNegative: number;
  medianSignatureNegativeNullMean: number;
  medianSignaturePositive: number;
  /** Benchmarks whose negative-sign enrichment exceeds the null's 95th percentile. */
  screenedNegativeAboveQ95: number;
  signatureNegativeAboveQ95: number;
  medianSignatureSize: number;
  stoppedAtDfCap: number;
  medianLomo: { signature: number; screenedAverage: number; domainMean: number };
  signatureBeatsScreenedAverage: number;
  signatureBeatsDomainMean: number;
  /** Benchmarks whose LOMO R² is above the 95th percentile of the pipeline's null pooled over benchmarks. */
  lomoAbovePooledQ95: { signature: number; screenedAverage: number; domainMean: number };
  /**
   * Controls: LOMO R² and top-domain enrichment with their null percentiles; `withinNull` when every one of
   * them is below the 95th percentile (the control stays unpredictable and points at no domain).
   */
  controls: {
    benchmark: string; lomoSignature: number; lomoSignaturePooledPercentile: number; lomoScreenedAverage: number; lomoScreenedAveragePooledPercentile: number;
    screenedTopEnrichment: number; screenedTopEnrichmentPercentile: number; signatureTopEnrichmentPercentile: number; withinNull: boolean;
  }[];
}

/**
 * The summary numbers of a result (counts and medians over the zoo-domain benchmarks).
 *
 * @example
 *   groundTruthSummary(zooGroundTruth(z)).screenedTopCorrect
 */
export function groundTruthSummary(r: ZooGroundTruthResult): GroundTruthSummary {
  const zb = r.benchmarks.filter((b) => b.category === "zoo-domain" && b.screened && b.signature);
  const med = (f: (b: BenchmarkTruth) => number) => sampleMedian(zb.map(f).filter(Number.isFinite));
  return {
    nZoo: zb.length,
    nAboveChance: zb.filter((b) => b.aboveChance).length,
    screenedTopCorrect: zb.filter((b) => b.screenedTopCorrect).length,
    signatureTopCorrect: zb.filter((b) => b.signatureTopCorrect).length,
    medianScreenedNegative: med((b) => b.screened!.observed.negative),
    medianScreenedNegativeNullMean: med((b) => b.screened!.negative.mean),
    medianSignatureNegative: med((b) => b.signature!.observed.negative),
    medianSignatureNegativeNullMean: med((b) => b.signature!.negative.mean),
    medianSignaturePositive: med((b) => b.signature!.observed.positive),
    screenedNegativeAboveQ95: zb.filter((b) => b.screened!.observed.negative > b.screened!.negative.q95).length,
    signatureNegativeAboveQ95: zb.filter((b) => b.signature!.observed.negative > b.signature!.negative.q95).length,
    medianSignatureSize: med((b) => b.signatureSize),
    stoppedAtDfCap: zb.filter((b) => b.stoppedBecause === "min-residual-df").length,
    medianLomo: { signature: med((b) => b.lomo.signature.r2), screenedAverage: med((b) => b.lomo.screenedAverage.r2), domainMean: med((b) => b.lomo.domainMean?.r2 ?? NaN) },
    signatureBeatsScreenedAverage: zb.filter((b) => b.lomo.signature.r2 > b.lomo.screenedAverage.r2).length,
    signatureBeatsDomainMean: zb.filter((b) => b.lomo.domainMean && b.lomo.signature.r2 > b.lomo.domainMean.r2).length,
    lomoAbovePooledQ95: {
      signature: zb.filter((b) => b.lomo.signature.r2 > r.pooledLomoNull.signature.q95).length,
      screenedAverage: zb.filter((b) => b.lomo.screenedAverage.r2 > r.pooledLomoNull.screenedAverage.q95).length,
      domainMean: zb.filter((b) => b.lomo.domainMean && b.lomo.domainMean.r2 > r.pooledLomoNull.domainMean.q95).length,
    },
    controls: r.benchmarks.filter((b) => b.category === "negative-control").map((b) => {
      const pcts = [b.lomo.signature.pooledPercentile, b.lomo.screenedAverage.pooledPercentile, b.screenedTopEnrichment.percentile, b.signatureTopEnrichment?.percentile ?? NaN];
      return {
        benchmark: b.benchmark, lomoSignature: b.lomo.signature.r2, lomoSignaturePooledPercentile: b.lomo.signature.pooledPercentile,
        lomoScreenedAverage: b.lomo.screenedAverage.r2, lomoScreenedAveragePooledPercentile: b.lomo.screenedAverage.pooledPercentile,
        screenedTopEnrichment: b.screenedTopEnrichment.observed, screenedTopEnrichmentPercentile: b.screenedTopEnrichment.percentile,
        signatureTopEnrichmentPercentile: b.signatureTopEnrichment?.percentile ?? NaN,
        withinNull: pcts.every((q) => !(q >= 95)),
      };
    }),
  };
}
