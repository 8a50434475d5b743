/**
 * Screening on the zoo (paper §3.2, Fig. 3): the Thrush coefficient of every wild-pool piece for every zoo
 * benchmark, the two 1 % tails the signature pipeline keeps, where the tails come from (the benchmark's
 * source domain or not), and whether the paper's sparsity picture (a sharp peak at the centre, thin tails)
 * holds, against a model-permutation null (scores permuted across models, seeded).
 *
 * Orientation: features are surprisals (summed NLL of the piece, nats) and scores are oriented so that
 * higher = better, so γ < 0 means "the better the model on the benchmark, the less surprised by the piece"
 * (what exposure to the piece's domain predicts). γ = Σ_{k<l} sign(y_k − y_l)(rank(x_k) − rank(x_l)), at
 * most m(m² − 1)/6 in absolute value (10,660 for 40 models).
 *
 * Where the zoo differs from the paper: 40 small byte-level GPT models with known training mixtures, not 32
 * open LLMs; 6 text domains of a balanced wild pool (36,000 pieces in the default profile, 480 in smoke),
 * not 1.7e7 RedPajama tokens; the pieces' summed NLL, not the last token's; 37 zoo benchmarks (35 built from
 * the domains + 2 negative controls), not 89.
 */
import { provenance, type Provenance } from "../core/provenance";
import { permutation, createRng } from "../core/random";
import { rankFeatures } from "../stats/screening-ranks";
import { screeningStatistics, type ScoreTarget } from "../stats/screening";
import { defaultMinCandidates, selectTails } from "../stats/screening-tails";
import { sampleMedian } from "../stats/describe";
import { summarizeNull } from "../zoo/groundtruth-null";
import type { ZooData } from "../zoo/zoo-data";
import { zooFeatureMatrix } from "./zoo-signatures";
import { describeDistribution, shareOutsideBand, zScoreWithinModel, type ValueDistribution } from "./zoo-screening-stats";

/** Options of {@link zooScreeningChapter}. */
export interface ZooScreeningOptions {
  /** Piece-level unit (default "sum", the study's default). */
  feature?: "sum" | "last" | "bpb";
  /** Fraction kept per tail (default 0.01, the paper's). */
  screenRatio?: number;
  /** Floor on the number of candidates (default max(2m, 50), as the signature pipeline). */
  minCandidates?: number;
  /** Model permutations of the null (default 100). */
  permutations?: number;
  /** Seed of the permutations (default 1). */
  seed?: number;
}

/** A null summary reduced to plain numbers (the draws themselves are not kept). */
export interface NullNumbers { observed: number; mean: number; q95: number; max: number; p: number }

/** One benchmark's screen. */
export interface ZooBenchmarkScreen {
  benchmark: string;
  category: string;
  family: string;
  format: string;
  /** The benchmark's source domain(s) that are in the wild pool (empty for the negative controls). */
  sourceDomains: string[];
  /** Split-half reliability (Spearman–Brown) from the evaluation summary; null when absent. */
  reliability: number | null;
  qualifies: boolean;
  /** Distribution of γ over every piece. */
  thrush: ValueDistribution;
  /** Distribution of γ on within-model z-scored surprisal (each model's general level removed). */
  thrushWithinModel: ValueDistribution;
  tails: {
    nTop: number;
    nBottom: number;
    /** Smallest γ kept in the top tail, largest γ kept in the bottom tail. */
    topThreshold: number;
    bottomThreshold: number;
    /** Share of the tail's pieces from the source domain(s); null for negative controls. */
    topSourceShare: number | null;
    bottomSourceShare: number | null;
    /** The source domain(s)' share of the pool; null for negative controls. */
    poolSourceShare: number | null;
    /** Top-tail pieces with γ < 0 and bottom-tail pieces with γ > 0 (tails of a shifted distribution). */
    topNegative: number;
    bottomPositive: number;
    /** Piece ids of each tail, most extreme first. */
    topPieces: string[];
    bottomPieces: string[];
  };
  null: {
    /** Mean over permutations of each draw's 1st and 99th percentile of γ: the chance band of one piece. */
    q01: number;
    q99: number;
    /** Share of pieces outside the chance band (≈ 0.02 under the null), raw and within-model. */
    shareBeyond: number;
    shareBeyondWithinModel: number;
    /** Observed SD, width of the central 98 %, excess kurtosis and |median| against their permutation draws (upper-tail p). */
    sd: NullNumbers;
    width98: NullNumbers;
    excessKurtosis: NullNumbers;
    absMedian: NullNumbers;
  };
}

/** A benchmark chosen for Fig. 3 and why. */
export interface RepresentativeBenchmark { role: "best" | "median" | "worst"; benchmark: string; reliability: number | null }

/** Everything the screening chapter reports. */
export interface ZooScreeningResult {
  profile: string;
  nModels: number;
  nPieces: number;
  feature: "sum" | "last" | "bpb";
  /** m(m² − 1)/6: |γ| at perfect rank agreement without ties. */
  gammaMax: number;
  screen: { method: "thrush"; ratio: number; minCandidates: number; perTail: number; nTop: number; nBottom: number };
  permutations: number;
  seed: number;
  benchmarks: ZooBenchmarkScreen[];
  representative: RepresentativeBenchmark[];
  representativeRule: string;
  /** γ of every piece for the representative benchmarks, and of one permuted-score draw (the first), for Fig. 3. */
  histograms: { benchmark: string; gamma: Float64Array; nullGamma: Float64Array; q01: number; q99: number }[];
  provenance: Provenance;
}

interface EvalRow { name: string; qualifies?: boolean; reliability?: { spearmanBrown?: number } }

/**
 * Split-half reliability and the qualifying flag of every benchmark, from the zoo's evaluation summary.
 *
 * @example
 *   zooReliability(z).get("zoo_code_nextword")   // { reliability: 0.9…, qualifies: true }
 */
export function zooReliability(z: ZooData): Map<string, { reliability: number | null; qualifies: boolean }> {
  const rows = (z.evalSummary.perBenchmark ?? []) as EvalRow[];
  const qualifying = new Set((z.evalSummary.qualifying ?? []) as string[]);
  const out = new Map<string, { reliability: number | null; qualifies: boolean }>();
  for (const b of z.scores.cols) {
    const r = rows.find((x) => x.name === b);
    const rel = r?.reliability?.spearmanBrown;
    out.set(b, { reliability: typeof rel === "number" && Number.isFinite(rel) ? rel : null, qualifies: qualifying.has(b) || r?.qualifies === true });
  }
  return out;
}

/**
 * Fig. 3's three benchmarks, chosen deterministically: the qualifying benchmarks sorted by split-half
 * reliability (descending, ties by name); best = first, median = index ⌊(k − 1)/2⌋, worst = last. With
 * fewer than 3 qualifying benchmarks, every zoo-domain benchmark with a reliability is used instead.
 *
 * @example
 *   zooRepresentativeBenchmarks(z).map((r) => r.benchmark)   // [best, median, worst]
 */
export function zooRepresentativeBenchmarks(z: ZooData): RepresentativeBenchmark[] {
  const rel = zooReliability(z);
  const byRel = (names: string[]) => names.filter((b) => rel.get(b)?.reliability !== null)
    .sort((a, b) => rel.get(b)!.reliability! - rel.get(a)!.reliability! || (a < b ? -1 : a > b ? 1 : 0));
  let pool = byRel(z.scores.cols.filter((b) => rel.get(b)!.qualifies));
  if (pool.length < 3) pool = byRel(z.scores.cols.filter((b) => z.table.meta[b]?.category !== "negative-control"));
  if (pool.length === 0) return [];
  const pick = (role: RepresentativeBenchmark["role"], k: number): RepresentativeBenchmark => ({ role, benchmark: pool[k], reliability: rel.get(pool[k])!.reliability });
  return [pick("best", 0), pick("median", Math.floor((pool.length - 1) / 2)), pick("worst", pool.length - 1)];
}

const nullNumbers = (observed: number, draws: ArrayLike<number>): NullNumbers => {
  const s = summarizeNull(observed, draws);
  return { observed, mean: s.mean, q95: s.q95, max: s.max, p: s.p };
};

/**
 * The screening chapter: Thrush coefficients of every piece for every benchmark, tails, source-domain
 * shares, distribution shape, and the model-permutation null.
 *
 * γ_bj = Σ_k c_kj v_kb (c = centred mid-ranks of piece j's surprisals, v = 2·midrank(y_b) − m − 1);
 * null draw π: the same with y_b∘π (one permutation per draw, shared by every benchmark).
 *
 * @example
 *   const r = zooScreeningChapter(loadZooData("tests/fixtures/zoo-smoke"), { permutations: 50 });
 *   r.benchmarks[0].thrush.sd;            // spread of γ over the pool
 *   r.benchmarks[0].null.sd.p;            // is it wider than chance?
 */
export function zooScreeningChapter(z: ZooData, opts: ZooScreeningOptions = {}): ZooScreeningResult {
  const feature = opts.feature ?? "sum";
  const ratio = opts.screenRatio ?? 0.01;
  const B = opts.permutations ?? 100;
  const seed = opts.seed ?? 1;
  const X = zooFeatureMatrix(z, feature);
  const m = X.rows.length, d = X.cols.length, nb = z.scores.cols.length;
  const minCandidates = opts.minCandidates ?? defaultMinCandidates(m);
  const ys = z.scores.cols.map((b, j) => Float64Array.from({ length: m }, (_, i) => z.scores.values[i * nb + j]));
  const dirs = z.scores.cols.map((b) => z.table.meta[b]?.direction ?? "higher");
  const targets = (perm: Int32Array | null): ScoreTarget[] => z.scores.cols.map((b, j) => ({
    name: b, direction: dirs[j], values: perm ? Float64Array.from(perm, (k) => ys[j][k]) : ys[j],
  }));
  const ranked = rankFeatures(X.values, m);
  const rankedZ = rankFeatures(zScoreWithinModel(X.values, m), m);
  const obs = screeningStatistics(ranked, targets(null), "thrush").values;
  const obsZ = screeningStatistics(rankedZ, targets(null), "thrush").values;
  const row = (v: Float64Array | Float32Array, b: number) => v.subarray(b * d, (b + 1) * d) as Float64Array;

  // Null: B permutations of the models' scores (one per draw for every benchmark), seeded.
  const rng = createRng(seed);
  const keys = ["sd", "width98", "excessKurtosis", "absMedian", "q01", "q99"] as const;
  const draws = z.scores.cols.map(() => Object.fromEntries(keys.map((k) => [k, new Float64Array(B)])) as Record<(typeof keys)[number], Float64Array>);
  const firstNull: Float64Array[] = [];
  for (let t = 0; t < B; t++) {
    const perm = permutation(m, rng);
    const v = screeningStatistics(ranked, targets(perm), "thrush").values;
    for (let b = 0; b < nb; b++) {
      const g = row(v, b);
      const s = describeDistribution(g);
      draws[b].sd[t] = s.sd; draws[b].width98[t] = s.width98; draws[b].excessKurtosis[t] = s.excessKurtosis;
      draws[b].absMedian[t] = Math.abs(s.median); draws[b].q01[t] = s.q01; draws[b].q99[t] = s.q99;
      if (t === 0) firstNull.push(Float64Array.from(g));
    }
  }
  const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;

  const rel = zooReliability(z);
  const domainOf = z.pieces.map((p) => p.domain);
  const poolDomains = new Set(domainOf);
  const benchmarks: ZooBenchmarkScreen[] = z.scores.cols.map((b, j) => {
    const spec = z.benchmarks.find((x) => x.name === b);
    const meta = z.table.meta[b] ?? {};
    const source = (spec?.domains ?? []).filter((dm) => poolDomains.has(dm));
    const g = Float64Array.from(row(obs, j)), gz = Float64Array.from(row(obsZ, j));
    const thrush = describeDistribution(g), within = describeDistribution(gz);
    const tails = selectTails(g, { ratio, minCandidates, centre: 0 });
    const inSource = (idx: Int32Array) => (source.length ? Array.from(idx).filter((k) => source.includes(domainOf[k])).length / Math.max(1, idx.length) : null);
    const nq01 = mean(draws[j].q01), nq99 = mean(draws[j].q99);
    return {
      benchmark: b, category: String(meta.category ?? spec?.category ?? ""), family: String(meta.family ?? spec?.family ?? ""), format: String(meta.format ?? spec?.format ?? ""),
      sourceDomains: source, reliability: rel.get(b)!.reliability, qualifies: rel.get(b)!.qualifies,
      thrush, thrushWithinModel: within,
      tails: {
        nTop: tails.top.length, nBottom: tails.bottom.length, topThreshold: tails.topThreshold, bottomThreshold: tails.bottomThreshold,
        topSourceShare: inSource(tails.top), bottomSourceShare: inSource(tails.bottom),
        poolSourceShare: source.length ? domainOf.filter((dm) => source.includes(dm)).length / d : null,
        topNegative: Array.from(tails.top).filter((k) => g[k] < 0).length, bottomPositive: Array.from(tails.bottom).filter((k) => g[k] > 0).length,
        topPieces: Array.from(tails.top, (k) => X.cols[k]), bottomPieces: Array.from(tails.bottom, (k) => X.cols[k]),
      },
      null: {
        q01: nq01, q99: nq99, shareBeyond: shareOutsideBand(g, nq01, nq99), shareBeyondWithinModel: shareOutsideBand(gz, nq01, nq99),
        sd: nullNumbers(thrush.sd, draws[j].sd), width98: nullNumbers(thrush.width98, draws[j].width98),
        excessKurtosis: nullNumbers(thrush.excessKurtosis, draws[j].excessKurtosis), absMedian: nullNumbers(Math.abs(thrush.median), draws[j].absMedian),
      },
    };
  });
  const representative = zooRepresentativeBenchmarks(z);
  const histograms = representative.map((r) => {
    const j = z.scores.cols.indexOf(r.benchmark);
    return { benchmark: r.benchmark, gamma: Float64Array.from(row(obs, j)), nullGamma: firstNull[j], q01: benchmarks[j].thrush.q01, q99: benchmarks[j].thrush.q99 };
  });
  const sz = selectTails(row(obs, 0), { ratio, minCandidates, centre: 0 });
  return {
    profile: z.profile, nModels: m, nPieces: d, feature, gammaMax: (m * (m * m - 1)) / 6,
    screen: { method: "thrush", ratio, minCandidates, perTail: sz.perTail, nTop: sz.top.length, nBottom: sz.bottom.length },
    permutations: B, seed, benchmarks, representative,
    representativeRule: "qualifying benchmarks sorted by split-half reliability (Spearman–Brown, descending; ties by name): best = first, median = index ⌊(k − 1)/2⌋, worst = last",
    histograms,
    provenance: provenance("zoo screening: Thrush coefficients of every wild-pool piece, 1% tails, distribution shape vs a model-permutation null", {
      profile: z.profile, feature, screenMethod: "thrush", screenRatio: ratio, minCandidates, permutations: B,
      nullBand: "mean over draws of each draw's 1st / 99th percentile of γ", withinModel: "γ on each model's row z-scored over the pool",
    }, seed),
  };
}

/** The sparsity evidence over a group of benchmarks (medians over the group). */
export interface ZooScreeningSummary {
  n: number;
  /** Benchmarks whose SD of γ is above every-but-5 % of the permutation draws (p < 0.05). */
  widerThanChance: number;
  medianSd: number;
  medianNullSd: number;
  medianExcessKurtosis: number;
  medianNullExcessKurtosis: number;
  /** Benchmarks whose excess kurtosis is above the null's (p < 0.05): a sharper centre / heavier tails than chance. */
  moreKurticThanChance: number;
  /** Median over benchmarks of median(γ)/γ_max: where the centre of the distribution sits (0 = "random"). */
  medianCentre: number;
  medianShareBeyond: number;
  medianShareBeyondWithinModel: number;
  medianWithinModelKurtosis: number;
  /** Over benchmarks with a source domain: median share of each tail from it, the pool's share, and how many bottom tails are enriched. */
  medianBottomSourceShare: number | null;
  medianTopSourceShare: number | null;
  poolSourceShare: number | null;
  bottomEnriched: number | null;
}

/**
 * Medians and counts of the sparsity evidence over a group of benchmarks (null when the group is empty).
 *
 * @example
 *   summarizeZooScreening(r, r.benchmarks.filter((b) => b.qualifies))?.widerThanChance
 */
export function summarizeZooScreening(r: ZooScreeningResult, group: ZooBenchmarkScreen[]): ZooScreeningSummary | null {
  if (!group.length) return null;
  const med = (f: (b: ZooBenchmarkScreen) => number) => sampleMedian(group.map(f));
  const src = group.filter((b) => b.tails.poolSourceShare !== null);
  const smed = (f: (b: ZooBenchmarkScreen) => number) => (src.length ? sampleMedian(src.map(f)) : null);
  return {
    n: group.length,
    widerThanChance: group.filter((b) => b.null.sd.p < 0.05).length,
    medianSd: med((b) => b.thrush.sd), medianNullSd: med((b) => b.null.sd.mean),
    medianExcessKurtosis: med((b) => b.thrush.excessKurtosis), medianNullExcessKurtosis: med((b) => b.null.excessKurtosis.mean),
    moreKurticThanChance: group.filter((b) => b.null.excessKurtosis.p < 0.05).length,
    medianCentre: med((b) => b.thrush.median / r.gammaMax),
    medianShareBeyond: med((b) => b.null.shareBeyond), medianShareBeyondWithinModel: med((b) => b.null.shareBeyondWithinModel),
    medianWithinModelKurtosis: med((b) => b.thrushWithinModel.excessKurtosis),
    medianBottomSourceShare: smed((b) => b.tails.bottomSourceShare!), medianTopSourceShare: smed((b) => b.tails.topSourceShare!),
    poolSourceShare: smed((b) => b.tails.poolSourceShare!),
    bottomEnriched: src.length ? src.filter((b) => b.tails.bottomSourceShare! > b.tails.poolSourceShare!).length : null,
  };
}
