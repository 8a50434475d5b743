/**
 * The end-to-end signature pipeline (paper Algorithm 1): for every benchmark of a score table, screen the
 * features (corpus pieces or documents) by a rank statistic, keep both tails, select by forward stepwise
 * OLS (AIC / BIC / AICc), and return each signature's pieces with their coefficient, screening statistic and
 * context text (where text is available). Used by `bsig signatures` and by the real-LLM chapter.
 */
import { InputError } from "../core/errors";
import { selectRows, type LabeledMatrix } from "../core/matrix";
import { provenance, type Provenance } from "../core/provenance";
import { screen, type ScreeningMethod } from "../stats/screening";
import { defaultMinCandidates } from "../stats/screening-tails";
import { forwardSelect, type StopReason } from "../selection/forward";
import type { SelectionCriterion } from "../selection/criteria";
import type { ScoreTable } from "../scores/table";

type Features = LabeledMatrix<Float32Array | Float64Array>;

/** Options of the pipeline. */
export interface SignaturePipelineOptions {
  /** Screening statistic (default "thrush"). */
  screenMethod?: ScreeningMethod;
  /** Fraction kept per tail (default 0.01); null = no screening, every feature is a candidate. */
  screenRatio?: number | null;
  /** Floor on the number of screened candidates (default max(2m, 50)). */
  minCandidates?: number;
  /** Selection criterion (default "aic"). */
  criterion?: SelectionCriterion;
  /** At most this many pieces per signature (default unlimited). */
  maxSteps?: number;
  /** Never leave fewer residual degrees of freedom than this (default 10; see forwardSelect). */
  minResidualDf?: number;
  /** Benchmarks whose scores are log-transformed before selection (e.g. perplexities); screening is rank-based and unaffected. */
  logScores?: RegExp | null;
  /** Only benchmarks whose id matches (default every benchmark). */
  benchmarks?: RegExp | null;
}

/** One selected piece of a signature. */
export interface SignaturePiece {
  feature: string;
  /** Order in which forward selection added it (1-based). */
  step: number;
  /** OLS coefficient in the final model (on the possibly log-transformed score, raw direction). */
  coefficient: number;
  /** Screening statistic (oriented so that higher = better score), null without screening. */
  screenStatistic: number | null;
  /** The text the piece stands for, when known. */
  context: string | null;
}

/** The signature of one benchmark and how it was found. */
export interface BenchmarkSignature {
  benchmark: string;
  direction: "higher" | "lower";
  transform: "none" | "log";
  nModels: number;
  /** Models without a score on this benchmark (left out of its screen and fit). */
  droppedModels: string[];
  nFeatures: number;
  nCandidates: number;
  screen: { method: ScreeningMethod; ratio: number; minCandidates: number; perTail: number; topThreshold: number | null; bottomThreshold: number | null } | null;
  criterion: SelectionCriterion;
  pieces: SignaturePiece[];
  steps: { step: number; added: string | null; rss: number; edf: number; aic: number; r2: number; adjR2: number }[];
  stoppedBecause: StopReason;
  r2: number;
  adjR2: number;
  intercept: number;
}

/** Every benchmark's signature plus the run's provenance. */
export interface SignatureRun {
  signatures: BenchmarkSignature[];
  /** Benchmarks not matched by the `benchmarks` filter. */
  skipped: string[];
  provenance: Provenance;
}

const nullIfNaN = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * The signature of one benchmark: tail screening, then forward selection among the survivors.
 *
 * Screen: stat_f = method(x_·f, ±y) (scores oriented so higher = better), keep the top and bottom `ratio`;
 * select: argmin AIC(y ~ 1 + S) greedily, AIC = n·log(RSS/n) + k·edf.
 *
 * @param X models × features, rows aligned with y
 * @param y scores (NaN = missing: that model is dropped for this benchmark)
 * @example
 *   const sig = benchmarkSignature(X, y, "arc_easy", "lower", { screenRatio: 0.1, minCandidates: 0 });
 *   sig.pieces.map((p) => p.feature);  // e.g. ["doc118", "doc007"]
 */
export function benchmarkSignature(
  X: Features, y: ArrayLike<number>, benchmark: string, direction: "higher" | "lower",
  opts: SignaturePipelineOptions = {}, contexts: ReadonlyMap<string, string> | null = null,
): BenchmarkSignature {
  if (y.length !== X.rows.length) throw new RangeError(`benchmarkSignature: y has ${y.length} values but X has ${X.rows.length} rows`);
  const keepRows: number[] = [], dropped: string[] = [];
  for (let i = 0; i < y.length; i++) (Number.isFinite(y[i]) ? keepRows.push(i) : dropped.push(X.rows[i]));
  const Xb = dropped.length ? selectRows(X, keepRows) : X;
  const log = !!opts.logScores && opts.logScores.test(benchmark);
  const yb = Float64Array.from(keepRows, (i) => {
    const v = y[i];
    if (log && !(v > 0)) throw new InputError(null, `benchmark '${benchmark}': score ${v} of model '${X.rows[i]}' cannot be log-transformed`);
    return log ? Math.log(v) : v;
  });
  const n = yb.length;
  if (n < 3) throw new InputError(null, `benchmark '${benchmark}': only ${n} models with a score; a signature needs at least 3`);
  if (yb.every((v) => v === yb[0])) throw new InputError(null, `benchmark '${benchmark}': every model has the same score; nothing to select`);
  const method = opts.screenMethod ?? "thrush";
  const ratio = opts.screenRatio === undefined ? 0.01 : opts.screenRatio;
  const minCandidates = opts.minCandidates ?? defaultMinCandidates(n);
  let candidates: Int32Array | undefined;
  let screenInfo: BenchmarkSignature["screen"] = null;
  const statOf = new Map<number, number>();
  if (ratio !== null) {
    // Screening uses ranks only, so the log transform does not change it.
    const [res] = screen(Xb.values, n, [{ name: benchmark, values: yb, direction }], method, { ratio, minCandidates });
    res.tails.kept.forEach((j, t) => statOf.set(j, res.keptStatistic[t]));
    candidates = Int32Array.from(res.tails.kept).sort();
    screenInfo = {
      method, ratio, minCandidates, perTail: res.tails.perTail,
      topThreshold: nullIfNaN(res.tails.topThreshold), bottomThreshold: nullIfNaN(res.tails.bottomThreshold),
    };
  }
  const criterion = opts.criterion ?? "aic";
  const path = forwardSelect(Xb, yb, { criterion, maxSteps: opts.maxSteps, minResidualDf: opts.minResidualDf ?? 10, candidates });
  const last = path.steps[path.steps.length - 1];
  return {
    benchmark, direction, transform: log ? "log" : "none", nModels: n, droppedModels: dropped,
    nFeatures: X.cols.length, nCandidates: candidates ? candidates.length : X.cols.length, screen: screenInfo, criterion,
    pieces: path.selected.map((feature, s) => ({
      feature, step: s + 1, coefficient: path.coefficients[s],
      screenStatistic: statOf.has(path.selectedColumns[s]) ? statOf.get(path.selectedColumns[s])! : null,
      context: contexts?.get(feature) ?? null,
    })),
    steps: path.steps.map((s) => ({ step: s.step, added: s.added, rss: s.rss, edf: s.edf, aic: s.aic, r2: s.r2, adjR2: s.adjR2 })),
    stoppedBecause: path.stoppedBecause, r2: last.r2, adjR2: last.adjR2, intercept: path.intercept,
  };
}

/**
 * Signatures of every benchmark of a score table (or those matching `opts.benchmarks`), the features' rows
 * already aligned with the table's models (see `alignModels`).
 *
 * @example
 *   const run = computeSignatures(X, table, { screenRatio: 0.1, minCandidates: 0, logScores: /^lambada/ });
 *   run.signatures.map((s) => [s.benchmark, s.pieces.length, s.r2]);
 */
export function computeSignatures(
  X: Features, table: ScoreTable, opts: SignaturePipelineOptions = {},
  contexts: ReadonlyMap<string, string> | null = null, dataHashes: Record<string, string> = {},
): SignatureRun {
  if (X.rows.length !== table.models.length || X.rows.some((r, i) => r !== table.models[i])) {
    throw new InputError(null, "computeSignatures: feature rows must be aligned with the score table's models (use alignModels)");
  }
  const p = table.benchmarks.length;
  const chosen = table.benchmarks.filter((b) => !opts.benchmarks || opts.benchmarks.test(b));
  if (chosen.length === 0) throw new InputError(table.source || null, `no benchmark matches ${opts.benchmarks}`);
  const signatures = chosen.map((b) => {
    const j = table.benchmarks.indexOf(b);
    const y = Float64Array.from(table.models, (_, i) => table.values[i * p + j]);
    return benchmarkSignature(X, y, b, table.meta[b]?.direction ?? "higher", opts, contexts);
  });
  return {
    signatures,
    skipped: table.benchmarks.filter((b) => !chosen.includes(b)),
    provenance: provenance("signature pipeline: tail screening + forward stepwise OLS selection", {
      screenMethod: opts.screenMethod ?? "thrush",
      screenRatio: opts.screenRatio === undefined ? 0.01 : opts.screenRatio,
      minCandidates: opts.minCandidates ?? "max(2m, 50)",
      criterion: opts.criterion ?? "aic", maxSteps: opts.maxSteps ?? null, minResidualDf: opts.minResidualDf ?? 10,
      logScores: opts.logScores ? String(opts.logScores) : null, benchmarks: opts.benchmarks ? String(opts.benchmarks) : null,
      models: X.rows.length, features: X.cols.length,
    }, null, dataHashes),
  };
}

/**
 * A file-safe name for a benchmark's JSON file: characters other than letters, digits, `.`, `_`, `-` become `_`.
 *
 * @example
 *   signatureFileName("mmlu_high_school_us_history")  // "mmlu_high_school_us_history.json"
 *   signatureFileName("a/b c")                        // "a_b_c.json"
 */
export function signatureFileName(benchmark: string): string {
  return benchmark.replace(/[^A-Za-z0-9._-]/g, "_") + ".json";
}
