/**
 * Reading a feature matrix (rows = models, columns = features such as corpus pieces) from either
 * input the workbook accepts:
 * - a canonical CSV: first column `model`, one numeric column per feature, every cell filled;
 * - a feature-matrix folder (`manifest.json` + `columns.txt` + `values.f32`, see the shared formats),
 *   read through `src/io/feature-matrix.ts`, then checked for finite values and unique models.
 * Every problem is an InputError naming the file (and line/column): nothing is half-read.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import type { LabeledMatrix } from "../core/matrix";
import { modelCsvColumns, parseCsvRecords, parseScoreCell } from "../scores/table";
import { readFeatureMatrix } from "./feature-matrix";

/**
 * The measure assumed for a CSV that does not say: surprisal (negative log-likelihood) in nats.
 *
 * @example
 *   parseFeaturesCsv("model,p\na,1\n", "x.csv").measure === DEFAULT_FEATURE_MEASURE;  // true
 */
export const DEFAULT_FEATURE_MEASURE = "nll-nats";

/** A feature matrix read from disk, with what it measures and where it came from. */
export interface Features extends LabeledMatrix<Float32Array | Float64Array> {
  /** What the values are ("nll-sum-nats", "nll-last-token-nats", "bits-per-byte", ...). */
  measure: string;
  /** True when the measure was assumed (a CSV carries none). */
  measureAssumed: boolean;
  /** The path it was read from. */
  source: string;
  /** sha256 of the CSV bytes, or of the folder's values file (from its manifest when available). */
  sha256: string;
}

/**
 * Parse canonical feature CSV text. Errors name the file, line and column: empty file, header not
 * starting with `model`, empty or duplicate feature or model names, ragged rows, empty, non-numeric,
 * NaN or infinite cells.
 *
 * @example
 *   const f = parseFeaturesCsv("model,p1,p2\nm1,2.5,0.1\nm2,3.0,0.4\n", "x.csv");
 *   f.values;  // Float64Array [2.5, 0.1, 3, 0.4]
 */
export function parseFeaturesCsv(text: string, source: string, measure = DEFAULT_FEATURE_MEASURE): Features {
  const recs = parseCsvRecords(text, source);
  const cols = modelCsvColumns(recs, source, { what: "feature", rows: "one row per model", duplicate: "feature column" });
  if (recs.length === 1) throw new InputError(source, "no model rows after the header");
  const p = cols.length;
  const rows: string[] = [];
  const seenRow = new Map<string, number>();
  const values = new Float64Array((recs.length - 1) * p);
  for (let r = 1; r < recs.length; r++) {
    const { line, record } = recs[r];
    if (record.length !== (p + 1)) throw new InputError(source, `line ${line}: ragged row: ${record.length} cells, the header has ${(p + 1)}`);
    const model = record[0].trim();
    if (model === "") throw new InputError(source, `line ${line}: empty model name`);
    const prev = seenRow.get(model);
    if (prev !== undefined) throw new InputError(source, `line ${line}: duplicate model '${model}' (first at line ${prev})`);
    seenRow.set(model, line);
    rows.push(model);
    for (let j = 0; j < p; j++) {
      let v: number;
      try {
        v = parseScoreCell(record[j + 1]);
      } catch (e) {
        throw new InputError(source, `line ${line}, column '${cols[j]}' (model '${model}'): ${(e as Error).message}`);
      }
      if (Number.isNaN(v)) throw new InputError(source, `line ${line}, column '${cols[j]}' (model '${model}'): empty cell (features cannot be missing)`);
      values[(r - 1) * p + j] = v;
    }
  }
  return { rows, cols, values, measure, measureAssumed: true, source, sha256: sha256(text) };
}

/**
 * Read features from a canonical CSV file or a feature-matrix folder; values must all be finite.
 *
 * @example
 *   const f = readFeatures("runs/tiny/features");      // folder: manifest.json + values.f32
 *   const g = readFeatures("data/features/toy.csv");   // CSV, measure assumed "nll-nats"
 */
export function readFeatures(path: string): Features {
  if (!existsSync(path)) throw new InputError(path, "file not found");
  if (statSync(path).isDirectory()) return readFeatureFolder(path);
  return parseFeaturesCsv(readFileSync(path, "utf8"), path);
}

function readFeatureFolder(dir: string): Features {
  const m = readFeatureMatrix(dir); // checks format, sizes and the manifest's hashes
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { sha256?: Record<string, string>; valuesFile?: string };
  const valuesFile = manifest.valuesFile ?? "values.f32";
  const hash = manifest.sha256?.[valuesFile] ?? sha256(readFileSync(join(dir, valuesFile)));
  const d = m.cols.length;
  for (let q = 0; q < m.values.length; q++) {
    if (!Number.isFinite(m.values[q])) {
      const k = Math.floor(q / d), j = q % d;
      throw new InputError(dir, `value ${m.values[q]} for model '${m.rows[k]}', feature '${m.cols[j]}' is not finite`);
    }
  }
  const seen = new Set<string>();
  for (const r of m.rows) {
    if (seen.has(r)) throw new InputError(dir, `duplicate model '${r}' in manifest rows`);
    seen.add(r);
  }
  return { rows: m.rows, cols: m.cols, values: m.values, measure: m.measure, measureAssumed: false, source: dir, sha256: hash };
}
