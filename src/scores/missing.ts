import { InputError } from "../core/errors";
import { subsetTable, type ScoreTable } from "./table";

/**
 * Missing-cell policy of the workbook: **complete block**. For a requested benchmark set, keep exactly
 * the models that have a score on every requested benchmark (the largest set of models for which the
 * block models x benchmarks has no missing cell), drop the others, and report each dropped model with
 * the benchmarks it lacks. Nothing is imputed.
 */
export const MISSING_POLICY =
  "complete block: keep the models with a score on every requested benchmark; drop the others (reported); no imputation";

/** A complete block and the report of what was dropped. */
export interface CompleteBlock {
  table: ScoreTable;
  requested: string[];
  dropped: { model: string; missing: string[] }[];
  policy: string;
}

/**
 * The complete block of `table` for `benchmarks` (default: every column), in the table's model order.
 * Throws InputError when no model is complete.
 *
 * @example
 *   const b = completeBlock(t, ["a", "b"]);
 *   b.table.models   // models with both a and b
 *   b.dropped        // [{ model: "m2", missing: ["a"] }]
 */
export function completeBlock(table: ScoreTable, benchmarks: readonly string[] = table.benchmarks): CompleteBlock {
  const p = table.benchmarks.length;
  const idx = benchmarks.map((b) => {
    const j = table.benchmarks.indexOf(b);
    if (j < 0) throw new InputError(table.source || null, `benchmark '${b}' is not in the score table`);
    return j;
  });
  const keep: string[] = [];
  const dropped: CompleteBlock["dropped"] = [];
  table.models.forEach((m, i) => {
    const missing = idx.filter((j) => Number.isNaN(table.values[i * p + j])).map((j) => table.benchmarks[j]);
    if (missing.length === 0) keep.push(m); else dropped.push({ model: m, missing });
  });
  if (keep.length === 0) throw new InputError(table.source || null, `no model has a score on all ${benchmarks.length} requested benchmarks`);
  const sub = subsetTable(table, keep, benchmarks);
  sub.notes.push(`${MISSING_POLICY}: ${keep.length} of ${table.models.length} models kept for ${benchmarks.length} benchmarks, ${dropped.length} dropped for missing scores`);
  return { table: sub, requested: benchmarks.slice(), dropped, policy: MISSING_POLICY };
}
