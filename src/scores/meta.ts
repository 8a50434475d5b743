import { InputError } from "../core/errors";
import type { BenchmarkMeta, ScoreTable } from "./table";
import { parseJsonObject } from "../core/json";

/**
 * The score-table sidecar `NAME.meta.json`:
 * `{ "format": "bsig-score-meta", "version": 1, "benchmarks": { id: { direction, family?, format?,
 * category?, aggregateOf?, metric? } }, "models"?: { name: { ...metadata } }, ...provenance }`.
 */

/** Metadata kept about one model (family, parameter count, ...); values are plain JSON scalars. */
export type ModelMeta = Record<string, string | number | boolean | null>;

/**
 * Path of the sidecar of a score CSV: `x.csv` -> `x.meta.json` (any other name gets `.meta.json` appended).
 *
 * @example
 *   metaPathFor("data/scores/sloth-v2.csv")  // "data/scores/sloth-v2.meta.json"
 */
export function metaPathFor(csvPath: string): string {
  return csvPath.toLowerCase().endsWith(".csv") ? csvPath.slice(0, -4) + ".meta.json" : csvPath + ".meta.json";
}

const STRING_FIELDS = ["family", "format", "category", "metric"] as const;

/**
 * Parse and validate sidecar JSON against the CSV's benchmark columns. A sidecar entry for a benchmark
 * that is not a column, a bad `direction` or a non-string label is an error naming the sidecar file;
 * a column without an entry (or an entry without `direction`) gets `higher`, and a note says so.
 *
 * @example
 *   parseScoreMeta('{"benchmarks":{"a":{"direction":"lower"}}}', "x.meta.json", ["a"]).benchmarks.a.direction  // "lower"
 */
export function parseScoreMeta(
  text: string,
  source: string,
  columns: readonly string[],
): { benchmarks: Record<string, BenchmarkMeta>; models?: Record<string, ModelMeta>; notes: string[] } {
  const d = parseJsonObject(text, source);
  const bm = d.benchmarks ?? {};
  if (!bm || typeof bm !== "object" || Array.isArray(bm)) throw new InputError(source, "'benchmarks' must be an object keyed by benchmark id");
  const colSet = new Set(columns);
  const out: Record<string, BenchmarkMeta> = {};
  const notes: string[] = [];
  for (const [id, v] of Object.entries(bm as Record<string, unknown>)) {
    if (!colSet.has(id)) throw new InputError(source, `benchmarks.${id}: not a column of the score table`);
    if (!v || typeof v !== "object" || Array.isArray(v)) throw new InputError(source, `benchmarks.${id}: expected an object`);
    const e = v as Record<string, unknown>;
    const direction = e.direction ?? "higher";
    if (direction !== "higher" && direction !== "lower") {
      throw new InputError(source, `benchmarks.${id}.direction: must be "higher" or "lower", got ${JSON.stringify(e.direction)}`);
    }
    const meta: BenchmarkMeta = { direction };
    for (const f of STRING_FIELDS) {
      if (e[f] === undefined || e[f] === null) continue;
      if (typeof e[f] !== "string") throw new InputError(source, `benchmarks.${id}.${f}: must be a string`);
      meta[f] = e[f] as string;
    }
    if (e.aggregateOf !== undefined) {
      if (!Array.isArray(e.aggregateOf) || !e.aggregateOf.every((x) => typeof x === "string")) {
        throw new InputError(source, `benchmarks.${id}.aggregateOf: must be an array of benchmark ids`);
      }
      meta.aggregateOf = e.aggregateOf as string[];
    }
    out[id] = meta;
  }
  const missing = columns.filter((c) => !(c in out));
  for (const c of missing) out[c] = { direction: "higher" };
  if (missing.length) notes.push(`sidecar ${source} has no entry for ${missing.length} column(s) (${preview(missing)}): direction taken as 'higher'`);
  const noDir = Object.entries(bm as Record<string, Record<string, unknown>>).filter(([, v]) => v.direction === undefined).map(([k]) => k);
  if (noDir.length) notes.push(`sidecar ${source} gives no direction for ${noDir.length} benchmark(s) (${preview(noDir)}): taken as 'higher'`);
  if (Array.isArray(d.notes)) for (const n of d.notes) if (typeof n === "string") notes.push(`sidecar: ${n}`);
  let models: Record<string, ModelMeta> | undefined;
  if (d.models !== undefined) {
    if (!d.models || typeof d.models !== "object" || Array.isArray(d.models)) throw new InputError(source, "'models' must be an object keyed by model name");
    models = d.models as Record<string, ModelMeta>;
  }
  return { benchmarks: out, models, notes };
}

function preview(xs: readonly string[], k = 5): string {
  return xs.length <= k ? xs.join(", ") : `${xs.slice(0, k).join(", ")}, ... (+${xs.length - k})`;
}

/**
 * Sidecar JSON text for a table: its benchmark meta, model meta (if any) and any extra top-level fields
 * (for example the importer's provenance).
 *
 * @example
 *   formatScoreMeta(t, { provenance })
 */
export function formatScoreMeta(table: ScoreTable, extra: Record<string, unknown> = {}): string {
  const benchmarks: Record<string, BenchmarkMeta> = {};
  for (const b of table.benchmarks) benchmarks[b] = table.meta[b] ?? { direction: "higher" };
  const doc: Record<string, unknown> = { format: "bsig-score-meta", version: 1, benchmarks };
  if (table.modelMeta) doc.models = table.modelMeta;
  Object.assign(doc, extra);
  return JSON.stringify(doc, null, 2) + "\n";
}
