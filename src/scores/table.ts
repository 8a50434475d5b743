import { existsSync, readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import { writeFileAtomic } from "../core/atomic";
import type { LabeledMatrix } from "../core/matrix";
import { metaPathFor, parseScoreMeta, formatScoreMeta, type ModelMeta } from "./meta";
import { detectAggregates } from "./aggregates";

/**
 * The canonical score table: CSV with first column `model` and one numeric column per benchmark
 * (rows = models), plus an optional sidecar `NAME.meta.json`. Empty cell = missing (NaN).
 */

/** Per-benchmark metadata: which direction is better, and the labels used by the analyses. */
export interface BenchmarkMeta {
  direction: "higher" | "lower";
  family?: string;
  format?: string;
  category?: string;
  /** Declared: this column summarises these other columns (for example `mmlu` over the 57 subjects). */
  aggregateOf?: string[];
  /** Where the number came from (for example the lm-eval metric `acc_norm,none`). */
  metric?: string;
}

/** A score table: models x benchmarks, row-major, NaN = missing. */
export interface ScoreTable {
  models: string[];
  benchmarks: string[];
  /** Row-major models x benchmarks; NaN = missing. */
  values: Float64Array;
  meta: Record<string, BenchmarkMeta>;
  /** What the loader decided or assumed, in words (for example "no sidecar: every direction is `higher`"). */
  notes: string[];
  /** The file the table was read from ("" when built in memory). */
  source: string;
  /** sha256 of the CSV bytes ("" when built in memory). */
  sha256: string;
  /** Per-model metadata kept by importers (family, parameters, ...), when known. */
  modelMeta?: Record<string, ModelMeta>;
  /** sha256 of the sidecar, when one was read. */
  metaSha256?: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parse one CSV cell as a score: empty -> NaN (missing); a finite decimal number -> its value; anything
 * else throws a message naming the problem (infinite, NaN/NA spelled out, not a number).
 *
 * @example
 *   parseScoreCell("0.25")  // 0.25
 *   parseScoreCell("")      // NaN
 */
export function parseScoreCell(cell: string): number {
  const t = cell.trim();
  if (t === "") return NaN;
  if (/^[+-]?(inf|infinity)$/i.test(t)) throw new Error(`cell '${cell}' is infinite`);
  if (/^(nan|na|n\/a|null|none)$/i.test(t)) throw new Error(`cell '${cell}' is not a number (leave the cell empty for a missing score)`);
  if (!NUMBER.test(t)) throw new Error(`cell '${cell}' is not a number`);
  const v = Number(t);
  if (!Number.isFinite(v)) throw new Error(`cell '${cell}' is infinite`);
  return v;
}

/**
 * The column names of a model-first CSV (header `model,<col>,...`), checked: the file is not empty, the first
 * column is `model`, there is at least one more column, no name is empty or repeated. Errors name the file
 * and line.
 *
 * @example
 *   modelCsvColumns(parseCsvRecords("model,a,b\nm1,1,2\n", "x.csv"), "x.csv",
 *     { what: "benchmark", rows: "at least one row", duplicate: "column" })   // ["a", "b"]
 */
export function modelCsvColumns(
  recs: { line: number; record: string[] }[], source: string,
  labels: { what: string; rows: string; duplicate: string },
): string[] {
  if (recs.length === 0) throw new InputError(source, `empty file (expected a header \`model,<${labels.what}>,...\` and ${labels.rows})`);
  const header = recs[0].record.map((h) => h.trim());
  if (header[0] !== "model") throw new InputError(source, `line ${recs[0].line}: first column must be 'model', found '${header[0]}'`);
  if (header.length < 2) throw new InputError(source, `line ${recs[0].line}: no ${labels.what} columns after 'model'`);
  const cols = header.slice(1);
  const seenCol = new Map<string, number>();
  cols.forEach((c, j) => {
    if (c === "") throw new InputError(source, `line ${recs[0].line}: column ${j + 2} has an empty name`);
    const prev = seenCol.get(c);
    if (prev !== undefined) throw new InputError(source, `line ${recs[0].line}: duplicate ${labels.duplicate} '${c}' (columns ${prev + 2} and ${j + 2})`);
    seenCol.set(c, j);
  });
  return cols;
}

/**
 * Parse CSV text into records with their (1-based) line numbers, for error messages; empty lines are
 * skipped, a BOM is dropped, rows may be ragged (callers check); csv-parse errors become InputError.
 *
 * @example
 *   parseCsvRecords("a,b\n1,2\n", "x.csv")  // [{ line: 1, record: ["a", "b"] }, { line: 2, record: ["1", "2"] }]
 */
export function parseCsvRecords(text: string, source: string): { line: number; record: string[] }[] {
  let raw: { record: string[]; info: { lines: number } }[];
  try {
    raw = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown as typeof raw;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new InputError(source, `CSV syntax error${err.lines ? ` at line ${err.lines}` : ""}: ${err.message}`);
  }
  return raw.map((r) => ({ line: r.info.lines, record: r.record }));
}

/**
 * Parse canonical score-table CSV text (and optional sidecar JSON text) into a ScoreTable. Errors name
 * the file, the line and the column: empty file, first column not `model`, duplicate column, ragged
 * row, empty or duplicate model name, non-numeric or infinite cell.
 *
 * @example
 *   const t = parseScoreTable("model,a,b\nm1,0.5,0.7\nm2,,0.1\n", "x.csv");
 *   t.values[2]  // NaN (m2 has no score on a)
 */
export function parseScoreTable(text: string, source: string, metaText?: string, metaSource?: string): ScoreTable {
  const recs = parseCsvRecords(text, source);
  const benchmarks = modelCsvColumns(recs, source, { what: "benchmark", rows: "at least one row", duplicate: "column" });
  if (recs.length === 1) throw new InputError(source, "no data rows after the header");
  const p = benchmarks.length;
  const models: string[] = [];
  const seenModel = new Map<string, number>();
  const values = new Float64Array((recs.length - 1) * p);
  for (let r = 1; r < recs.length; r++) {
    const { line, record } = recs[r];
    if (record.length !== (p + 1)) {
      throw new InputError(source, `line ${line}: ragged row: ${record.length} cells, the header has ${(p + 1)}`);
    }
    const model = record[0].trim();
    if (model === "") throw new InputError(source, `line ${line}: empty model name`);
    if (seenModel.has(model)) throw new InputError(source, `line ${line}: duplicate model '${model}' (first at line ${seenModel.get(model)})`);
    seenModel.set(model, line);
    models.push(model);
    for (let j = 0; j < p; j++) {
      try {
        values[(r - 1) * p + j] = parseScoreCell(record[j + 1]);
      } catch (e) {
        throw new InputError(source, `line ${line}, column '${benchmarks[j]}' (model '${model}'): ${(e as Error).message}`);
      }
    }
  }
  const notes: string[] = [];
  const table: ScoreTable = { models, benchmarks, values, meta: {}, notes, source, sha256: sha256(text) };
  if (metaText === undefined) {
    for (const b of benchmarks) table.meta[b] = { direction: "higher" };
    notes.push("no sidecar meta.json: every benchmark's direction is taken as 'higher' (higher score is better); no family/format/category labels");
  } else {
    const parsed = parseScoreMeta(metaText, metaSource ?? `${source}.meta.json`, benchmarks);
    table.meta = parsed.benchmarks;
    notes.push(...parsed.notes);
    if (parsed.models) table.modelMeta = parsed.models;
    table.metaSha256 = sha256(metaText);
  }
  const aggregates = detectAggregates(table);
  if (aggregates.length) {
    notes.push(`aggregate columns (summaries of other columns here; excluded from overlap analyses by default): ${aggregates
      .map((a) => `${a.benchmark} of ${a.members.length}${a.verified ? "" : " (not confirmed numerically)"}`).join(", ")}`);
  }
  return table;
}

/**
 * Read a canonical score table from disk, with its sidecar `NAME.meta.json` when one exists.
 *
 * @example
 *   const t = readScoreTable("data/scores/sloth-v2.csv");
 *   t.models.length  // 188
 */
export function readScoreTable(path: string): ScoreTable {
  if (!existsSync(path)) throw new InputError(path, "file not found");
  const text = readFileSync(path, "utf8");
  const metaPath = metaPathFor(path);
  const metaText = existsSync(metaPath) ? readFileSync(metaPath, "utf8") : undefined;
  return parseScoreTable(text, path, metaText, metaPath);
}

/**
 * One benchmark's scores over the table's models (NaN = missing). Throws InputError if the benchmark
 * is not in the table.
 *
 * @example
 *   scoreVector(t, "mmlu_anatomy")  // Float64Array of length t.models.length
 */
export function scoreVector(table: ScoreTable, benchmark: string): Float64Array {
  const j = table.benchmarks.indexOf(benchmark);
  if (j < 0) throw new InputError(table.source || null, `benchmark '${benchmark}' is not in the score table`);
  const n = table.models.length, p = table.benchmarks.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = table.values[i * p + j];
  return out;
}

/**
 * A new table restricted to the given models and benchmarks (in the given order); meta, notes and
 * provenance fields are carried over. Unknown names throw InputError.
 *
 * @example
 *   subsetTable(t, ["m1"], ["a"])
 */
export function subsetTable(table: ScoreTable, models: readonly string[], benchmarks: readonly string[]): ScoreTable {
  const mi = models.map((m) => {
    const i = table.models.indexOf(m);
    if (i < 0) throw new InputError(table.source || null, `model '${m}' is not in the score table`);
    return i;
  });
  const bj = benchmarks.map((b) => {
    const j = table.benchmarks.indexOf(b);
    if (j < 0) throw new InputError(table.source || null, `benchmark '${b}' is not in the score table`);
    return j;
  });
  const p = table.benchmarks.length, q = bj.length;
  const values = new Float64Array(mi.length * q);
  mi.forEach((i, r) => bj.forEach((j, c) => { values[r * q + c] = table.values[i * p + j]; }));
  const meta: Record<string, BenchmarkMeta> = {};
  for (const b of benchmarks) meta[b] = table.meta[b] ?? { direction: "higher" };
  const out: ScoreTable = { ...table, models: models.slice(), benchmarks: benchmarks.slice(), values, meta, notes: table.notes.slice() };
  if (table.modelMeta) {
    out.modelMeta = {};
    for (const m of models) if (table.modelMeta[m]) out.modelMeta[m] = table.modelMeta[m];
  }
  return out;
}

/**
 * The table as a LabeledMatrix (rows = models, cols = benchmarks), sharing no storage with it.
 *
 * @example
 *   toLabeledMatrix(t).cols  // t.benchmarks
 */
export function toLabeledMatrix(table: ScoreTable): LabeledMatrix<Float64Array> {
  return { rows: table.models.slice(), cols: table.benchmarks.slice(), values: table.values.slice() };
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Canonical CSV text of a table: header `model,<benchmarks>`, one row per model, numbers written in
 * JavaScript's shortest round-trip form (reading them back gives the same doubles), NaN as an empty cell.
 *
 * @example
 *   formatScoreTableCsv(t)  // "model,a,b\nm1,0.5,0.7\n..."
 */
export function formatScoreTableCsv(table: ScoreTable): string {
  const p = table.benchmarks.length;
  const lines = [["model", ...table.benchmarks].map(csvField).join(",")];
  table.models.forEach((m, i) => {
    const cells = [csvField(m)];
    for (let j = 0; j < p; j++) {
      const v = table.values[i * p + j];
      cells.push(Number.isNaN(v) ? "" : String(v));
    }
    lines.push(cells.join(","));
  });
  return lines.join("\n") + "\n";
}

/**
 * Write a table as canonical CSV plus its sidecar `NAME.meta.json`, each atomically (the sidecar first,
 * so a reader never sees a new CSV with an old sidecar).
 *
 * @example
 *   writeScoreTable("data/scores/x.csv", t)
 */
export function writeScoreTable(path: string, table: ScoreTable, extra: Record<string, unknown> = {}): void {
  const csv = formatScoreTableCsv(table);
  const meta = formatScoreMeta(table, extra);
  writeFileAtomic(metaPathFor(path), meta);
  writeFileAtomic(path, csv);
}
