import { existsSync, readFileSync } from "node:fs";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import type { ModelMeta } from "./meta";
import { slothBenchmarkId } from "./benchmark-ids";
import { parseCsvRecords, parseScoreCell, type ScoreTable } from "./table";

/**
 * Importer for the Sloth CSV (Maia Polo et al. 2024, github.com/felipemaiapolo/sloth, `data/data_v2.csv`):
 * an unnamed index column, `Model`, the metadata columns `Family, Instruct, date, #Params (B),
 * Pretraining Data Size (T), FLOPs (1E21)`, then one column per benchmark, and last `Family2`.
 */

/** The metadata columns of the Sloth CSV, in order, and the key each gets in the model side record. */
export const SLOTH_META_COLUMNS: readonly (readonly [string, string])[] = [
  ["Family", "family"],
  ["Instruct", "instruct"],
  ["date", "date"],
  ["#Params (B)", "paramsB"],
  ["Pretraining Data Size (T)", "pretrainingTokensT"],
  ["FLOPs (1E21)", "flops1e21"],
];

function metaValue(key: string, cell: string, where: string, source: string): string | number | boolean | null {
  const t = cell.trim();
  if (t === "") return null;
  if (key === "instruct") {
    if (t === "True") return true;
    if (t === "False") return false;
    throw new InputError(source, `${where}: Instruct must be True or False, got '${cell}'`);
  }
  if (key === "paramsB" || key === "pretrainingTokensT" || key === "flops1e21") {
    try {
      return parseScoreCell(t);
    } catch (e) {
      throw new InputError(source, `${where}: ${(e as Error).message}`);
    }
  }
  return t;
}

/**
 * Convert Sloth CSV text into a canonical ScoreTable: benchmark columns renamed to canonical ids
 * (`hendrycksTest-anatomy` -> `mmlu_anatomy`, `ARC` -> `arc_challenge`, ...), models named by the `Model`
 * column, model metadata (family, instruct, date, parameters, tokens, FLOPs, Family2) kept in `modelMeta`.
 * Every direction is `higher` (all Sloth columns are accuracies or, for Arena-Elo / MTBench, ratings).
 *
 * @example
 *   const t = importSlothCsv(readFileSync("data_v2.csv", "utf8"), "data_v2.csv");
 *   t.benchmarks.includes("mmlu_anatomy")  // true
 */
export function importSlothCsv(text: string, source: string): ScoreTable {
  const recs = parseCsvRecords(text, source);
  if (recs.length === 0) throw new InputError(source, "empty file");
  const header = recs[0].record;
  const hl = recs[0].line;
  if (header[1] !== "Model") throw new InputError(source, `line ${hl}: column 2 must be 'Model' (Sloth layout), found '${header[1]}'`);
  SLOTH_META_COLUMNS.forEach(([name], k) => {
    if (header[2 + k] !== name) throw new InputError(source, `line ${hl}: column ${3 + k} must be '${name}' (Sloth layout), found '${header[2 + k] ?? ""}'`);
  });
  if (header[header.length - 1] !== "Family2") throw new InputError(source, `line ${hl}: last column must be 'Family2' (Sloth layout), found '${header[header.length - 1]}'`);
  const first = 2 + SLOTH_META_COLUMNS.length;
  const rawCols = header.slice(first, header.length - 1);
  if (rawCols.length === 0) throw new InputError(source, `line ${hl}: no benchmark columns`);
  const benchmarks = rawCols.map((c, k) => {
    try {
      return slothBenchmarkId(c);
    } catch (e) {
      throw new InputError(source, `line ${hl}, column ${first + k + 1}: ${(e as Error).message}`);
    }
  });
  const dup = benchmarks.find((b, k) => benchmarks.indexOf(b) !== k);
  if (dup) throw new InputError(source, `line ${hl}: two columns map to the canonical id '${dup}'`);
  if (recs.length === 1) throw new InputError(source, "no data rows after the header");
  const p = benchmarks.length;
  const models: string[] = [];
  const seen = new Map<string, number>();
  const modelMeta: Record<string, ModelMeta> = {};
  const values = new Float64Array((recs.length - 1) * p);
  for (let r = 1; r < recs.length; r++) {
    const { line, record } = recs[r];
    if (record.length !== header.length) throw new InputError(source, `line ${line}: ragged row: ${record.length} cells, the header has ${header.length}`);
    const model = record[1].trim();
    if (model === "") throw new InputError(source, `line ${line}: empty Model`);
    if (seen.has(model)) throw new InputError(source, `line ${line}: duplicate model '${model}' (first at line ${seen.get(model)})`);
    seen.set(model, line);
    models.push(model);
    const mm: ModelMeta = {};
    SLOTH_META_COLUMNS.forEach(([name, key], k) => {
      mm[key] = metaValue(key, record[2 + k], `line ${line}, column '${name}'`, source);
    });
    mm.family2 = record[record.length - 1].trim() || null;
    modelMeta[model] = mm;
    for (let j = 0; j < p; j++) {
      try {
        values[(r - 1) * p + j] = parseScoreCell(record[first + j]);
      } catch (e) {
        throw new InputError(source, `line ${line}, column '${rawCols[j]}' (model '${model}'): ${(e as Error).message}`);
      }
    }
  }
  const meta: ScoreTable["meta"] = {};
  for (const b of benchmarks) meta[b] = { direction: "higher" };
  const renamed = rawCols.filter((c, k) => c !== benchmarks[k]).length;
  return {
    models, benchmarks, values, meta, modelMeta, source, sha256: sha256(text),
    notes: [
      `imported from the Sloth layout: ${models.length} models x ${p} benchmarks; ${renamed} column names mapped to canonical ids`,
      "direction 'higher' for every benchmark (accuracies in [0,1]; arena_elo and mtbench are ratings, higher is better)",
    ],
  };
}

/**
 * Read and convert a Sloth CSV file (see importSlothCsv).
 *
 * @example
 *   importSloth("data/scores/sloth/data_v2.csv").models.length  // 188
 */
export function importSloth(path: string): ScoreTable {
  if (!existsSync(path)) throw new InputError(path, "file not found");
  return importSlothCsv(readFileSync(path, "utf8"), path);
}
