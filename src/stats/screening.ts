/**
 * Stage 1 of the paper (§3.2): marginal screening of many features (corpus pieces, as surprisals)
 * against one or many benchmarks' score vectors, then keeping both tails.
 *
 * Pipeline: `rankFeatures` once (mid-ranks per feature) → `screeningStatistics` for every benchmark
 * at once (one blocked matrix product) → `selectTails` per benchmark. `screen` does all three;
 * `screenBlocks` does the same while streaming over column blocks, for matrices too big to hold.
 */
import { rankFeatures, type RankedFeatures } from "./screening-ranks";
import { methodEngine, methodCentre, type ScreeningMethod } from "./screening-methods";
import { TailAccumulator, finishTails, selectTails, tailCapacity, defaultMinCandidates, type TailSelection } from "./screening-tails";

export type { ScreeningMethod } from "./screening-methods";

/** One benchmark's scores over the same models (rows) as the features, with its direction. */
export interface ScoreTarget {
  name: string;
  values: ArrayLike<number>;
  /** "higher" (default) or "lower" is better; "lower" scores are negated before screening. */
  direction?: "higher" | "lower";
}

/** Statistics of every feature for every target, row-major targets x features. */
export interface ScreeningStatistics {
  method: ScreeningMethod;
  targets: string[];
  nFeatures: number;
  values: Float64Array | Float32Array;
}

/** Options of the screen. */
export interface ScreenOptions {
  /** Fraction kept per tail (default 0.01, the paper's). */
  ratio?: number;
  /** Floor on the total number kept (default max(2m, 50), the released code's). */
  minCandidates?: number;
  /** Storage of the full statistics matrix (default float64; float32 halves memory). */
  precision?: "float64" | "float32";
  /** Features per kernel block (default 512). Results do not depend on it. */
  blockSize?: number;
}

/** The screen of one benchmark: the statistic vector (if kept) and the tail selection. */
export interface ScreenResult {
  method: ScreeningMethod;
  target: string;
  ratio: number;
  minCandidates: number;
  centre: number;
  tails: TailSelection;
  /** Statistic of each kept feature, aligned with tails.kept. */
  keptStatistic: Float64Array;
}

/**
 * Scores oriented so that higher = better (negated for direction "lower"), as Float64Arrays.
 *
 * @example
 *   orientScores({ name: "loss", values: [1, 2], direction: "lower" });  // Float64Array [-1, -2]
 */
export function orientScores(t: ScoreTarget): Float64Array {
  const y = Float64Array.from(t.values);
  if (t.direction === "lower") for (let k = 0; k < y.length; k++) y[k] = -y[k];
  return y;
}

/**
 * Statistics of every feature against every target, with the ranks computed once (pass a
 * `RankedFeatures` to reuse them across calls).
 *
 * stat[b·d + f] = method(x_{·f}, y_b); see `methodEngine` for each formula.
 *
 * @example
 *   const x = new Float64Array([1, 5, 2, 4, 3, 6]);          // 3 models x 2 features
 *   const r = screeningStatistics(rankFeatures(x, 3), [{ name: "acc", values: [0.1, 0.2, 0.3] }], "spearman");
 *   r.values;  // Float64Array [1, 0.5]
 */
export function screeningStatistics(
  features: RankedFeatures, targets: ScoreTarget[], method: ScreeningMethod, opts: ScreenOptions = {},
): ScreeningStatistics {
  const d = features.nFeatures, nb = targets.length;
  const engine = methodEngine(method, targets.map(orientScores));
  const values = opts.precision === "float32" ? new Float32Array(nb * d) : new Float64Array(nb * d);
  const B = opts.blockSize ?? 512;
  const scratch = new Float64Array(nb * B);
  for (let f0 = 0; f0 < d; f0 += B) {
    const n = Math.min(B, d - f0);
    engine.block(features, f0, n, scratch);
    for (let b = 0; b < nb; b++) values.set(scratch.subarray(b * n, b * n + n), b * d + f0);
  }
  return { method, targets: targets.map((t) => t.name), nFeatures: d, values };
}

/**
 * Screen a models x features matrix (row-major, rows = models) against one or many benchmarks:
 * statistics for all, then both tails per benchmark (`selectTails`: top and bottom `ratio` with the
 * `minCandidates` floor, ties by feature index).
 *
 * @example
 *   const res = screen(new Float64Array([1, 5, 2, 4, 3, 6]), 3,
 *     [{ name: "acc", values: [0.1, 0.2, 0.3] }], "thrush", { ratio: 0.5, minCandidates: 0 });
 *   res[0].tails.kept;  // Int32Array [0, 1]  (γ = 4 and 2)
 */
export function screen(
  x: Float32Array | Float64Array | RankedFeatures, nModels: number, targets: ScoreTarget[],
  method: ScreeningMethod, opts: ScreenOptions = {},
): ScreenResult[] {
  const ranked = ArrayBuffer.isView(x) ? rankFeatures(x, nModels) : x;
  const stats = screeningStatistics(ranked, targets, method, opts);
  const ratio = opts.ratio ?? 0.01;
  const minCandidates = opts.minCandidates ?? defaultMinCandidates(ranked.nModels);
  const centre = methodCentre(method), d = ranked.nFeatures;
  return targets.map((t, b) => {
    const row = stats.values.subarray(b * d, (b + 1) * d);
    const tails = selectTails(row, { ratio, minCandidates, centre });
    return { method, target: t.name, ratio, minCandidates, centre, tails, keptStatistic: tails.keptStatistic };
  });
}

/** A source of feature columns for `screenBlocks`: block j holds columns offset..offset+n−1. */
export interface FeatureBlockSource {
  nModels: number;
  nFeatures: number;
  /** Row-major nModels x n values of block j (n = its width); blocks arrive in column order. */
  blocks(): Iterable<{ offset: number; values: Float32Array | Float64Array }>;
}

/**
 * Streaming screen: the same result as `screen` on the concatenated matrix, but each column block is
 * ranked, scored and offered to per-benchmark tail accumulators, then dropped. Memory is one block
 * plus 2 tails x capacity per benchmark.
 *
 * @example
 *   const src = { nModels: 3, nFeatures: 2, blocks: () => [{ offset: 0, values: new Float32Array([1, 5, 2, 4, 3, 6]) }] };
 *   screenBlocks(src, [{ name: "acc", values: [0.1, 0.2, 0.3] }], "thrush", { ratio: 0.5, minCandidates: 0 })[0].tails.kept;  // [0, 1]
 */
export function screenBlocks(
  source: FeatureBlockSource, targets: ScoreTarget[], method: ScreeningMethod, opts: ScreenOptions = {},
): ScreenResult[] {
  const m = source.nModels, d = source.nFeatures, nb = targets.length;
  const ratio = opts.ratio ?? 0.01;
  const minCandidates = opts.minCandidates ?? defaultMinCandidates(m);
  const centre = methodCentre(method);
  const engine = methodEngine(method, targets.map(orientScores));
  const cap = tailCapacity(d, ratio, minCandidates);
  const tops = targets.map(() => new TailAccumulator(cap, "top"));
  const bots = targets.map(() => new TailAccumulator(cap, "bottom"));
  const B = opts.blockSize ?? 512;
  let scratch = new Float64Array(nb * B);
  let seen = 0;
  for (const blk of source.blocks()) {
    if (blk.offset !== seen) throw new Error(`screenBlocks: block at column ${blk.offset}, expected ${seen}`);
    const ranked = rankFeatures(blk.values, m);
    for (let f0 = 0; f0 < ranked.nFeatures; f0 += B) {
      const n = Math.min(B, ranked.nFeatures - f0);
      if (scratch.length < nb * n) scratch = new Float64Array(nb * n);
      engine.block(ranked, f0, n, scratch);
      for (let b = 0; b < nb; b++) {
        tops[b].push(scratch, blk.offset + f0, b * n, n);
        bots[b].push(scratch, blk.offset + f0, b * n, n);
      }
    }
    seen += ranked.nFeatures;
  }
  if (seen !== d) throw new Error(`screenBlocks: saw ${seen} features, expected ${d}`);
  return targets.map((t, b) => {
    const tails = finishTails(tops[b], bots[b], ratio, minCandidates, centre);
    return { method, target: t.name, ratio, minCandidates, centre, tails, keptStatistic: tails.keptStatistic };
  });
}
