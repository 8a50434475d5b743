import { pearson } from "../stats/correlation";
import { BBH_IDS, MMLU_IDS } from "./benchmark-ids";
import type { ScoreTable } from "./table";

/**
 * Aggregate columns: a column that summarises other columns of the same table (Sloth's `mmlu` next to
 * the 57 `mmlu_*` subjects, `bbh` next to `bbh_*`, ...). Counting it as a benchmark would put the same
 * information in twice and inflate overlaps, so overlap analyses drop aggregates by default.
 *
 * Detection = a declared map (the sidecar's `aggregateOf`, else DECLARED_AGGREGATES) AND a numerical
 * check on the models that have the aggregate and all its members: the mean absolute difference between
 * the aggregate and the plain mean of the members, and their Pearson correlation.
 */

/** Built-in declared aggregates over canonical ids: aggregate id -> predicate selecting its members. */
export const DECLARED_AGGREGATES: Readonly<Record<string, (id: string) => boolean>> = {
  mmlu: (id) => MMLU_IDS.includes(id),
  bbh: (id) => BBH_IDS.includes(id),
  gpqa: (id) => /^gpqa_.+/.test(id),
  math_hard: (id) => /^math_.+_hard$/.test(id),
  musr: (id) => /^musr_.+/.test(id),
};

/** Numerical check thresholds: verified when meanAbsDiff <= MEAN_TOLERANCE or r >= R_THRESHOLD. */
export const AGGREGATE_MEAN_TOLERANCE = 0.01;
export const AGGREGATE_R_THRESHOLD = 0.95;

/** What is known about one aggregate column. */
export interface AggregateReport {
  benchmark: string;
  members: string[];
  declaredBy: "sidecar" | "built-in map";
  /** Models with the aggregate and every member present (the check's sample). */
  nModels: number;
  /** mean_i |agg_i − mean_k member_ik| over those models (NaN when nModels = 0). */
  meanAbsDiff: number;
  /** Pearson r between the aggregate and the members' mean (NaN when undefined). */
  pearson: number;
  verified: boolean;
  reason: string;
}

/**
 * Find the aggregate columns of a table among `benchmarks` (default: all), checking each numerically.
 * An aggregate is reported only when at least one of its members is present.
 *
 * @example
 *   detectAggregates(sloth).map((a) => a.benchmark)  // ["bbh", "gpqa", "math_hard", "mmlu", "musr"]
 */
export function detectAggregates(table: ScoreTable, benchmarks: readonly string[] = table.benchmarks): AggregateReport[] {
  const present = new Set(table.benchmarks);
  const out: AggregateReport[] = [];
  for (const b of benchmarks) {
    const side = table.meta[b]?.aggregateOf;
    let members: string[];
    let declaredBy: AggregateReport["declaredBy"];
    if (side && side.length) { members = side.filter((m) => present.has(m) && m !== b); declaredBy = "sidecar"; }
    else if (DECLARED_AGGREGATES[b]) { members = table.benchmarks.filter((m) => m !== b && DECLARED_AGGREGATES[b](m)); declaredBy = "built-in map"; }
    else continue;
    if (members.length === 0) continue;
    out.push(checkAggregate(table, b, members, declaredBy));
  }
  return out;
}

function checkAggregate(table: ScoreTable, b: string, members: string[], declaredBy: AggregateReport["declaredBy"]): AggregateReport {
  const p = table.benchmarks.length;
  const ja = table.benchmarks.indexOf(b);
  const jm = members.map((m) => table.benchmarks.indexOf(m));
  const agg: number[] = [], mean: number[] = [];
  for (let i = 0; i < table.models.length; i++) {
    const a = table.values[i * p + ja];
    if (Number.isNaN(a)) continue;
    let s = 0, ok = true;
    for (const j of jm) { const v = table.values[i * p + j]; if (Number.isNaN(v)) { ok = false; break; } s += v; }
    if (!ok) continue;
    agg.push(a); mean.push(s / jm.length);
  }
  const n = agg.length;
  let mad = NaN;
  if (n > 0) { mad = 0; for (let i = 0; i < n; i++) mad += Math.abs(agg[i] - mean[i]); mad /= n; }
  const r = n >= 3 ? pearson(agg, mean) : NaN;
  const verified = n >= 3 && (mad <= AGGREGATE_MEAN_TOLERANCE || r >= AGGREGATE_R_THRESHOLD);
  const reason = n < 3
    ? `declared aggregate of ${members.length} columns; too few complete models (${n}) to check numerically`
    : `declared aggregate of ${members.length} columns; on ${n} models |agg − mean(members)| averages ${mad.toFixed(4)}, r = ${r.toFixed(4)}: ${verified ? "confirmed" : "NOT confirmed numerically (excluded anyway, as declared)"}`;
  return { benchmark: b, members, declaredBy, nModels: n, meanAbsDiff: mad, pearson: r, verified, reason };
}

/**
 * Split `benchmarks` into the non-aggregate columns to analyse and the aggregates dropped (with reports).
 *
 * @example
 *   const { kept, excluded } = excludeAggregates(sloth, ["mmlu", "mmlu_anatomy", "mmlu_virology"]);
 *   kept      // ["mmlu_anatomy", "mmlu_virology"]
 *   excluded  // [{ benchmark: "mmlu", ... }]
 */
export function excludeAggregates(table: ScoreTable, benchmarks: readonly string[] = table.benchmarks): { kept: string[]; excluded: AggregateReport[] } {
  const excluded = detectAggregates(table, benchmarks);
  const drop = new Set(excluded.map((e) => e.benchmark));
  return { kept: benchmarks.filter((b) => !drop.has(b)), excluded };
}
