/**
 * Importer for the per-document bits-per-byte file of Thrush et al. (github.com/TristanThrush/perplexity-correlations,
 * `examples/get_error_and_bpb/bpb_csvs/chunked_synthetic_sample_bpb_id.csv`): rows = documents (first column
 * `id`, the document's title), columns = models with Python tuple headers `"('family', 'org/model')"`, cells
 * = bits per byte, BPB = (tokens / bytes) · mean token loss / ln 2.
 *
 * The documents are the 263 QuALITY articles, but the text that was scored is EntiGraph synthetic text written
 * about each article (HF `zitongyang/entigraph-quality-corpus`), not naturally written text. The text itself is
 * not distributed; the titles are the only context text available.
 *
 * Output: the canonical features CSV (first column `model`, one column per document, ids `doc001`..`docNNN` in
 * file order) and a sidecar `NAME.contexts.csv` (`feature,context`: the id and the document title).
 */
import { existsSync, readFileSync } from "node:fs";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import { writeFileAtomic } from "../core/atomic";
import type { LabeledMatrix } from "../core/matrix";
import { parseCsvRecords, parseScoreCell } from "../scores/table";
import { parseThrushHeader } from "../scores/thrush";

/** The imported matrix: rows = models (Hugging Face ids), columns = document ids, with their titles. */
export interface ThrushBpb extends LabeledMatrix<Float64Array> {
  /** Title of each document, aligned with `cols`. */
  titles: string[];
  /** Model family of each row, as in the upstream header. */
  families: string[];
  /** What the loader decided (duplicates kept once, ...). */
  notes: string[];
  source: string;
  sha256: string;
}

/**
 * Feature id of the k-th document (0-based): `doc` + 3-digit 1-based number.
 *
 * @example
 *   documentId(0)    // "doc001"
 *   documentId(262)  // "doc263"
 */
export function documentId(k: number): string {
  return `doc${String(k + 1).padStart(3, "0")}`;
}

/**
 * Parse the Thrush per-document BPB CSV text into a models x documents matrix. A model listed twice with
 * identical values (the real file lists `LLM360/Amber` under families `llm360` and `amber`) is kept once,
 * at its first column; listed twice with different values is an error. Every cell must be a finite number.
 *
 * @example
 *   const m = parseThrushBpbCsv("id,\"('a', 'o/m1')\",\"('b', 'o/m2')\"\n T1,0.9,1.1\n", "bpb.csv");
 *   m.rows;    // ["o/m1", "o/m2"]
 *   m.cols;    // ["doc001"];  m.titles  // ["T1"]
 *   m.values;  // Float64Array [0.9, 1.1]
 */
export function parseThrushBpbCsv(text: string, source: string): ThrushBpb {
  const recs = parseCsvRecords(text, source);
  if (recs.length === 0) throw new InputError(source, "empty file");
  const header = recs[0].record;
  if (header[0].trim() !== "id") throw new InputError(source, `line ${recs[0].line}: first column must be 'id' (Thrush per-document BPB layout), found '${header[0]}'`);
  if (header.length < 2) throw new InputError(source, `line ${recs[0].line}: no model columns after 'id'`);
  const cols = header.slice(1).map((h, k) => {
    const p = parseThrushHeader(h);
    if (!p) throw new InputError(source, `line ${recs[0].line}, column ${k + 2}: header '${h}' is not of the form ('family', 'org/model')`);
    return p;
  });
  if (recs.length === 1) throw new InputError(source, "no document rows after the header");
  const titles: string[] = [];
  const seenTitle = new Map<string, number>();
  const docRows: Float64Array[] = [];
  for (const { line, record } of recs.slice(1)) {
    if (record.length !== header.length) throw new InputError(source, `line ${line}: ragged row: ${record.length} cells, the header has ${header.length}`);
    const title = record[0].trim().replace(/\s+/g, " ");
    if (!title) throw new InputError(source, `line ${line}: empty document id`);
    const prev = seenTitle.get(title);
    if (prev !== undefined) throw new InputError(source, `line ${line}: duplicate document '${title}' (first at line ${prev})`);
    seenTitle.set(title, line);
    titles.push(title);
    docRows.push(Float64Array.from(record.slice(1), (c, k) => {
      let v: number;
      try {
        v = parseScoreCell(c);
      } catch (e) {
        throw new InputError(source, `line ${line}, column ${k + 2} (model '${cols[k].model}', document '${title}'): ${(e as Error).message}`);
      }
      if (Number.isNaN(v)) throw new InputError(source, `line ${line}, column ${k + 2} (model '${cols[k].model}', document '${title}'): empty cell (bits per byte cannot be missing)`);
      return v;
    }));
  }
  const rows: string[] = [], families: string[] = [], notes: string[] = [];
  const firstCol = new Map<string, number>();
  cols.forEach(({ family, model }, k) => {
    const j = firstCol.get(model);
    if (j === undefined) { firstCol.set(model, k); rows.push(model); families.push(family); return; }
    if (!docRows.every((r) => Object.is(r[j], r[k]))) throw new InputError(source, `line ${recs[0].line}: model '${model}' appears in columns ${j + 2} and ${k + 2} with different values`);
    notes.push(`model '${model}' is listed twice (families '${cols[j].family}' and '${family}') with identical values: kept once`);
  });
  const d = titles.length, n = rows.length;
  const values = new Float64Array(n * d);
  rows.forEach((m, i) => { const k = firstCol.get(m)!; for (let t = 0; t < d; t++) values[i * d + t] = docRows[t][k]; });
  return {
    rows, cols: titles.map((_, k) => documentId(k)), values, titles, families, source, sha256: sha256(text),
    notes: [`imported from the Thrush per-document BPB layout (transposed): ${n} models x ${d} documents, bits per byte`, ...notes],
  };
}

/**
 * Read the Thrush per-document BPB CSV file (see parseThrushBpbCsv).
 *
 * @example
 *   importThrushBpb("data/features/thrush/chunked_synthetic_sample_bpb_id.csv").rows.length  // 89
 */
export function importThrushBpb(path: string): ThrushBpb {
  if (!existsSync(path)) throw new InputError(path, "file not found");
  return parseThrushBpbCsv(readFileSync(path, "utf8"), path);
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, "\"\"")}"` : s;
}

/**
 * The canonical features CSV text (`model,doc001,...`, values printed with full round-trip precision)
 * and the contexts sidecar text (`feature,context`, the document titles).
 *
 * @example
 *   const { features, contexts } = formatThrushBpb(importThrushBpb(src));
 */
export function formatThrushBpb(m: ThrushBpb): { features: string; contexts: string } {
  const d = m.cols.length;
  const lines = [["model", ...m.cols].join(",")];
  m.rows.forEach((r, i) => {
    const cells = [csvCell(r)];
    for (let t = 0; t < d; t++) cells.push(String(m.values[i * d + t]));
    lines.push(cells.join(","));
  });
  const ctx = ["feature,context", ...m.cols.map((c, t) => `${c},${csvCell(m.titles[t])}`)];
  return { features: lines.join("\n") + "\n", contexts: ctx.join("\n") + "\n" };
}

/**
 * Convert the upstream file into the canonical CSV `outCsv` and its sidecar `outCsv` with `.csv` replaced by
 * `.contexts.csv`, both written atomically. Returns the parsed matrix.
 *
 * @example
 *   writeThrushBpbFeatures("data/features/thrush/chunked_synthetic_sample_bpb_id.csv", "data/features/thrush-bpb.csv");
 */
export function writeThrushBpbFeatures(src: string, outCsv: string): ThrushBpb {
  if (!outCsv.endsWith(".csv")) throw new InputError(outCsv, "output must end in .csv");
  const m = importThrushBpb(src);
  const { features, contexts } = formatThrushBpb(m);
  writeFileAtomic(outCsv, features);
  writeFileAtomic(contextsPathFor(outCsv), contexts);
  return m;
}

/**
 * The contexts sidecar of a features CSV: `NAME.csv` -> `NAME.contexts.csv`.
 *
 * @example
 *   contextsPathFor("data/features/thrush-bpb.csv")  // "data/features/thrush-bpb.contexts.csv"
 */
export function contextsPathFor(featuresCsv: string): string {
  return featuresCsv.replace(/\.csv$/, "") + ".contexts.csv";
}

/**
 * Read a contexts file (`feature,context` header; one row per feature; the text that feature stands for).
 * Errors name the file and line: wrong header, ragged row, duplicate feature.
 *
 * @example
 *   readContexts("data/features/thrush-bpb.contexts.csv").get("doc001")  // "Defining Decay Down by David Plotz"
 */
export function readContexts(path: string): Map<string, string> {
  if (!existsSync(path)) throw new InputError(path, "file not found");
  const recs = parseCsvRecords(readFileSync(path, "utf8"), path);
  if (recs.length === 0) throw new InputError(path, "empty file (expected a header `feature,context`)");
  const h = recs[0].record.map((x) => x.trim());
  if (h.length !== 2 || h[0] !== "feature" || h[1] !== "context") throw new InputError(path, `line ${recs[0].line}: header must be 'feature,context'`);
  const out = new Map<string, string>();
  for (const { line, record } of recs.slice(1)) {
    if (record.length !== 2) throw new InputError(path, `line ${line}: ragged row: ${record.length} cells, expected 2`);
    const f = record[0].trim();
    if (!f) throw new InputError(path, `line ${line}: empty feature id`);
    if (out.has(f)) throw new InputError(path, `line ${line}: duplicate feature '${f}'`);
    out.set(f, record[1]);
  }
  return out;
}
