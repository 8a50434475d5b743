import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import type { LabeledMatrix } from "../core/matrix";
import { provenance, type Provenance } from "../core/provenance";
import { f32Bytes, f32FromBytes, writeDirAtomic } from "./atomic-dir";
import { documentMeanNll, tableMeasure, type LogprobTable } from "./logprob-table";

/** manifest.json of a feature-matrix folder (format fixed in the shared conventions). */
export interface FeatureMatrixManifest {
  format: "bsig-feature-matrix";
  version: 1;
  rows: string[];
  nCols: number;
  dtype: "float32";
  measure: string;
  columnsFile: "columns.txt";
  valuesFile: "values.f32";
  sha256: Record<string, string>;
  provenance: Provenance | Record<string, unknown>;
}

/**
 * Write a models x features Float32 matrix as a folder: manifest.json, columns.txt (one feature id per
 * line), values.f32 (little-endian, row-major). Atomic: readers never see half a matrix.
 *
 * @example
 *   writeFeatureMatrix("features", { rows: ["m1"], cols: ["d:0"], values: Float32Array.of(2.5) },
 *                      { measure: "nll-sum-nats" });
 */
export function writeFeatureMatrix(dir: string, m: LabeledMatrix<Float32Array>, extra: { measure: string; provenance?: Provenance | Record<string, unknown> }): FeatureMatrixManifest {
  if (m.values.length !== m.rows.length * m.cols.length) {
    throw new Error(`values has ${m.values.length} entries for ${m.rows.length} x ${m.cols.length}`);
  }
  for (const c of m.cols) if (c.includes("\n")) throw new Error(`feature id contains a newline: ${JSON.stringify(c)}`);
  const files: Record<string, string | Uint8Array> = {
    "columns.txt": m.cols.length ? m.cols.join("\n") + "\n" : "",
    "values.f32": f32Bytes(m.values),
  };
  const manifest: FeatureMatrixManifest = {
    format: "bsig-feature-matrix", version: 1, rows: m.rows.slice(), nCols: m.cols.length, dtype: "float32",
    measure: extra.measure, columnsFile: "columns.txt", valuesFile: "values.f32",
    sha256: { "columns.txt": sha256(files["columns.txt"]), "values.f32": sha256(files["values.f32"]) },
    provenance: extra.provenance ?? provenance("feature-matrix", { measure: extra.measure }),
  };
  files["manifest.json"] = JSON.stringify(manifest, null, 2) + "\n";
  writeDirAtomic(dir, files);
  return manifest;
}

/**
 * Read a feature-matrix folder, checking format, hashes and sizes; InputError naming the file otherwise.
 *
 * @example
 *   const X = readFeatureMatrix("features");   // X.rows = models, X.cols = piece ids, X.measure
 */
export function readFeatureMatrix(dir: string): LabeledMatrix<Float32Array> & { measure: string } {
  const mf = join(dir, "manifest.json");
  if (!existsSync(mf)) throw new InputError(dir, "not a feature-matrix folder (no manifest.json)");
  let m: FeatureMatrixManifest;
  try { m = JSON.parse(readFileSync(mf, "utf8")); } catch { throw new InputError(mf, "not valid JSON"); }
  if (m.format !== "bsig-feature-matrix" || m.version !== 1) throw new InputError(mf, "not a bsig-feature-matrix v1 manifest");
  if (m.dtype !== "float32") throw new InputError(mf, `unsupported dtype '${m.dtype}'`);
  const read = (f: string) => {
    const p = join(dir, f);
    if (!existsSync(p)) throw new InputError(dir, `missing ${f}`);
    const b = readFileSync(p);
    if (m.sha256?.[f] && sha256(b) !== m.sha256[f]) throw new InputError(p, "sha256 does not match the manifest");
    return b;
  };
  const colText = read(m.columnsFile).toString("utf8");
  const cols = colText === "" ? [] : colText.replace(/\n$/, "").split("\n");
  if (cols.length !== m.nCols) throw new InputError(join(dir, m.columnsFile), `${cols.length} ids, manifest says nCols = ${m.nCols}`);
  const values = f32FromBytes(read(m.valuesFile));
  if (values.length !== m.rows.length * m.nCols) {
    throw new InputError(join(dir, m.valuesFile), `${values.length} values, expected ${m.rows.length} x ${m.nCols}`);
  }
  return { rows: m.rows.slice(), cols, values, measure: m.measure };
}

/**
 * Join N models' log-prob tables on piece ids into a models x pieces Float32 matrix of one measure.
 * Columns follow the first table's piece order. Every table must cover exactly the same pieces and, unless
 * `allowCorpusMismatch`, come from the same corpus hash and unit; otherwise InputError says which table
 * differs and how (counts and an example piece).
 *
 * @example
 *   const X = joinTables([{ name: "gpt2", table: t1 }, { name: "llama", table: t2 }], "nll-sum-nats");
 */
export function joinTables(runs: { name: string; source: string; table: LogprobTable }[], measure: string, opts: { allowCorpusMismatch?: boolean } = {}): LabeledMatrix<Float32Array> {
  if (runs.length === 0) throw new InputError("--runs", "no runs given");
  const names = new Set<string>();
  for (const r of runs) {
    if (names.has(r.name)) throw new InputError(r.source, `model name '${r.name}' appears twice`);
    names.add(r.name);
  }
  const first = runs[0];
  const cols = first.table.pieceIds;
  const index = new Map<string, number>();
  cols.forEach((id, j) => {
    if (index.has(id)) throw new InputError(first.source, `piece id '${id}' appears twice`);
    index.set(id, j);
  });
  const p = cols.length;
  const values = new Float32Array(runs.length * p);
  runs.forEach((r, i) => {
    const t = r.table;
    if (!opts.allowCorpusMismatch && i > 0) {
      if (t.manifest.corpus.hash !== first.table.manifest.corpus.hash) {
        throw new InputError(r.source, `corpus hash ${t.manifest.corpus.hash.slice(0, 12)} differs from ${first.source}'s ${first.table.manifest.corpus.hash.slice(0, 12)} (use --allow-corpus-mismatch if the pieces really are the same text)`);
      }
    }
    const v = tableMeasure(t, measure);
    const seen = new Uint8Array(p);
    let extra: string | null = null, nExtra = 0;
    t.pieceIds.forEach((id, k) => {
      const j = index.get(id);
      if (j === undefined) { nExtra++; extra ??= id; return; }
      seen[j] = 1;
      values[i * p + j] = v[k];
    });
    const missing = seen.reduce((a, s) => a + (s ? 0 : 1), 0);
    if (nExtra > 0 || missing > 0 || t.pieceIds.length !== p) {
      const miss = cols.find((_, j) => !seen[j]);
      throw new InputError(r.source, `covers different pieces than ${first.source}: ${t.pieceIds.length} vs ${p} pieces, ` +
        `${missing} missing${miss ? ` (e.g. '${miss}')` : ""}, ${nExtra} extra${extra ? ` (e.g. '${extra}')` : ""}`);
    }
  });
  return { rows: runs.map((r) => r.name), cols: cols.slice(), values };
}

/** Granularity of a joined matrix: pieces (the paper's token level), windows (chunk level) or documents. */
export type MatrixLevel = "piece" | "chunk" | "document";

/**
 * View a table at a coarser level, for the paper's Table 1 comparison: `chunk` gives one column per window
 * (mean token NLL over the window, ids `docId@first`), `document` one per document (token-weighted mean over
 * its windows). The result has the table's shape with those ids and values in `nllSum` (measure
 * "nll-sum-nats" then reads them), so it can go through {@link joinTables}.
 *
 * @example
 *   joinTables(runs.map((r) => ({ ...r, table: atLevel(r.table, "chunk") })), "nll-sum-nats");
 */
export function atLevel(t: LogprobTable, level: MatrixLevel): LogprobTable {
  if (level === "piece") return t;
  let ids: string[], v: Float32Array, n: Float32Array;
  if (level === "chunk") { ids = t.chunkIds; v = t.chunkNllMean; n = t.chunkNTokens; }
  else { const d = documentMeanNll(t); ids = d.ids; v = Float32Array.from(d.meanNll); n = Float32Array.from(d.nTokens); }
  if (ids.length === 0) throw new InputError(String(t.manifest.corpus.source), `the table has no window aggregates (imported from JSONL?), so no ${level} level`);
  return { ...t, pieceIds: ids, nllSum: v, nllLast: v, nTokens: n, nBytes: new Float32Array(ids.length).fill(NaN) };
}
