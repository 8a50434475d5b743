import { existsSync, readFileSync } from "node:fs";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import type { ModelMeta } from "./meta";
import { parseCsvRecords, parseScoreCell, type BenchmarkMeta, type ScoreTable } from "./table";

/**
 * Importer for the benchmark-error files of Thrush et al. (github.com/TristanThrush/perplexity-correlations,
 * `examples/get_error_and_bpb/error_csvs/error.csv`): transposed (rows = benchmarks, columns = models),
 * first column `benchmark`, model headers as Python tuple strings `"('family', 'org/model')"`. Accuracy
 * benchmarks hold the error 1 − acc and LAMBADA rows hold perplexity, so every direction is `lower`.
 */

/** Parse a header `('family', 'org/model')` into its parts; null when it is not in that form. */
export function parseThrushHeader(h: string): { family: string; model: string } | null {
  const m = /^\(\s*'([^']*)'\s*,\s*'([^']+)'\s*\)$/.exec(h.trim());
  return m ? { family: m[1], model: m[2] } : null;
}

/**
 * Convert Thrush error CSV text into a canonical ScoreTable (rows = models named by their Hugging Face id,
 * columns = benchmarks, direction `lower`). A model listed twice with identical values is kept once
 * (noted; `LLM360/Amber` is in the real file twice); listed twice with different values is an error.
 *
 * @example
 *   const t = importThrushErrorsCsv(readFileSync("error.csv", "utf8"), "error.csv");
 *   t.meta.arc_easy.direction  // "lower"
 */
export function importThrushErrorsCsv(text: string, source: string): ScoreTable {
  const recs = parseCsvRecords(text, source);
  if (recs.length === 0) throw new InputError(source, "empty file");
  const header = recs[0].record;
  if (header[0].trim() !== "benchmark") throw new InputError(source, `line ${recs[0].line}: first column must be 'benchmark' (Thrush layout)`);
  if (recs.length === 1) throw new InputError(source, "no benchmark rows after the header");
  const cols = header.slice(1).map((h, k) => {
    const p = parseThrushHeader(h);
    if (!p) throw new InputError(source, `line ${recs[0].line}, column ${k + 2}: header '${h}' is not of the form ('family', 'org/model')`);
    return p;
  });
  const benchmarks: string[] = [];
  const rows: Float64Array[] = [];
  for (const { line, record } of recs.slice(1)) {
    if (record.length !== header.length) throw new InputError(source, `line ${line}: ragged row: ${record.length} cells, the header has ${header.length}`);
    const b = record[0].trim();
    if (!b) throw new InputError(source, `line ${line}: empty benchmark name`);
    if (benchmarks.includes(b)) throw new InputError(source, `line ${line}: duplicate benchmark '${b}'`);
    benchmarks.push(b);
    rows.push(Float64Array.from(record.slice(1), (c, k) => {
      try {
        return parseScoreCell(c);
      } catch (e) {
        throw new InputError(source, `line ${line}, column ${k + 2} (model '${cols[k].model}', benchmark '${b}'): ${(e as Error).message}`);
      }
    }));
  }
  const models: string[] = [];
  const firstCol = new Map<string, number>();
  const modelMeta: Record<string, ModelMeta> = {};
  const notes: string[] = [];
  cols.forEach(({ family, model }, k) => {
    const j = firstCol.get(model);
    if (j === undefined) {
      firstCol.set(model, k); models.push(model); modelMeta[model] = { family };
      return;
    }
    const same = rows.every((r) => Object.is(r[j], r[k]));
    if (!same) throw new InputError(source, `line ${recs[0].line}: model '${model}' appears in columns ${j + 2} and ${k + 2} with different values`);
    notes.push(`model '${model}' is listed twice (families '${cols[j].family}' and '${family}') with identical values: kept once`);
  });
  const p = benchmarks.length;
  const values = new Float64Array(models.length * p);
  models.forEach((m, i) => { const k = firstCol.get(m)!; for (let b = 0; b < p; b++) values[i * p + b] = rows[b][k]; });
  const meta: Record<string, BenchmarkMeta> = {};
  for (const b of benchmarks) meta[b] = { direction: "lower", metric: b.startsWith("lambada") ? "perplexity,none" : "1 - acc,none" };
  return {
    models, benchmarks, values, meta, modelMeta, source, sha256: sha256(text),
    notes: [
      `imported from the Thrush error layout (transposed): ${models.length} models x ${p} benchmarks`,
      "direction 'lower' for every benchmark: accuracy rows hold the error 1 - acc, LAMBADA rows hold perplexity",
      ...notes,
    ],
  };
}

/**
 * Read and convert a Thrush error CSV file (see importThrushErrorsCsv).
 *
 * @example
 *   importThrushErrors("data/scores/thrush/error.csv").models.length  // 89
 */
export function importThrushErrors(path: string): ScoreTable {
  if (!existsSync(path)) throw new InputError(path, "file not found");
  return importThrushErrorsCsv(readFileSync(path, "utf8"), path);
}
