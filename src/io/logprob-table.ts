import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import type { Provenance } from "../core/provenance";
import type { PieceMeasure } from "../perplexity/aggregate";
import type { AtomicWriteOptions } from "../core/atomic";
import { f32Bytes, f32FromBytes, writeDirAtomic } from "./atomic-dir";

/** The manifest of a native log-prob table folder (docs/formats.md). */
export interface LogprobTableManifest {
  format: "bsig-logprob-table";
  version: 1;
  /** Model identity: id, source ("local" | "hub" | "paper-parquet" | "jsonl"), dtype, file hashes. */
  model: { id: string; source: string; dtype?: string; files?: Record<string, string> };
  tokenizerHash: string | null;
  corpus: { hash: string; source: string };
  /** Scoring unit (context, stride, sample, seed) or null when unknown (imports). */
  unit: Record<string, unknown> | null;
  /** Conventions the numbers follow (BOS, token-to-piece rule, spans, measure units). */
  conventions: Record<string, string>;
  counts: { pieces: number; tokens: number; chunks: number; missing: number };
  piecesFile: "pieces.txt";
  /** Per-piece Float32 columns, aligned with pieces.txt. */
  columns: { nll_sum: "nll_sum.f32"; nll_last: "nll_last.f32"; n_tokens: "n_tokens.f32"; n_bytes: "n_bytes.f32" };
  /** Chunk-level aggregates, aligned with chunks.txt (`docId@firstPosition`). */
  chunks: { idsFile: "chunks.txt"; nll_mean: "chunk_nll_mean.f32"; n_tokens: "chunk_n_tokens.f32" };
  sha256: Record<string, string>;
  provenance: Provenance;
  /** Cache key of the scoring run, when it came from `bsig score`. */
  cacheKey?: string;
}

/** A log-prob table in memory: per-piece columns and per-chunk aggregates. */
export interface LogprobTable {
  manifest: Omit<LogprobTableManifest, "sha256" | "counts" | "piecesFile" | "columns" | "chunks" | "format" | "version">;
  pieceIds: string[];
  nllSum: Float32Array;
  nllLast: Float32Array;
  nTokens: Float32Array;
  nBytes: Float32Array;
  chunkIds: string[];
  chunkNllMean: Float32Array;
  chunkNTokens: Float32Array;
}

const COLUMNS = { nll_sum: "nll_sum.f32", nll_last: "nll_last.f32", n_tokens: "n_tokens.f32", n_bytes: "n_bytes.f32" } as const;
const CHUNKS = { idsFile: "chunks.txt", nll_mean: "chunk_nll_mean.f32", n_tokens: "chunk_n_tokens.f32" } as const;

function lines(ids: string[]): string {
  return ids.length ? ids.join("\n") + "\n" : "";
}

/**
 * Write a table as a folder (manifest.json, pieces.txt, four little-endian Float32 columns, chunk
 * aggregates), atomically: readers see the old folder or the complete new one. Output is byte-identical
 * for equal tables (no timestamps).
 *
 * @example
 *   writeLogprobTable("runs/tiny-bpe", table);
 */
export function writeLogprobTable(dir: string, t: LogprobTable, opts: AtomicWriteOptions = {}): LogprobTableManifest {
  const n = t.pieceIds.length;
  for (const [k, a] of [["nllSum", t.nllSum], ["nllLast", t.nllLast], ["nTokens", t.nTokens], ["nBytes", t.nBytes]] as const) {
    if (a.length !== n) throw new Error(`column ${k} has ${a.length} values for ${n} pieces`);
  }
  const files: Record<string, string | Uint8Array> = {
    "pieces.txt": lines(t.pieceIds),
    [COLUMNS.nll_sum]: f32Bytes(t.nllSum),
    [COLUMNS.nll_last]: f32Bytes(t.nllLast),
    [COLUMNS.n_tokens]: f32Bytes(t.nTokens),
    [COLUMNS.n_bytes]: f32Bytes(t.nBytes),
    [CHUNKS.idsFile]: lines(t.chunkIds),
    [CHUNKS.nll_mean]: f32Bytes(t.chunkNllMean),
    [CHUNKS.n_tokens]: f32Bytes(t.chunkNTokens),
  };
  const hashes: Record<string, string> = {};
  for (const f of Object.keys(files).sort()) hashes[f] = sha256(files[f]);
  let tokens = 0, missing = 0;
  for (let i = 0; i < n; i++) { tokens += t.nTokens[i]; if (Number.isNaN(t.nllSum[i])) missing++; }
  const manifest: LogprobTableManifest = {
    format: "bsig-logprob-table", version: 1, ...t.manifest,
    counts: { pieces: n, tokens, chunks: t.chunkIds.length, missing },
    piecesFile: "pieces.txt", columns: { ...COLUMNS }, chunks: { ...CHUNKS }, sha256: hashes,
  };
  files["manifest.json"] = JSON.stringify(manifest, null, 2) + "\n";
  writeDirAtomic(dir, files, opts);
  return manifest;
}

function readIds(dir: string, f: string): string[] {
  const s = readFileSync(join(dir, f), "utf8");
  return s === "" ? [] : s.replace(/\n$/, "").split("\n");
}

/**
 * Read a table folder, checking the format, every file's sha256 and the column lengths; InputError on any
 * mismatch (a truncated or edited table is never used silently).
 *
 * @example
 *   const t = readLogprobTable("runs/tiny-bpe");
 *   t.pieceIds.length === t.nllSum.length;   // true
 */
export function readLogprobTable(dir: string): LogprobTable {
  const mf = join(dir, "manifest.json");
  if (!existsSync(mf)) throw new InputError(dir, "not a log-prob table (no manifest.json)");
  let m: LogprobTableManifest;
  try { m = JSON.parse(readFileSync(mf, "utf8")); } catch { throw new InputError(mf, "not valid JSON"); }
  if (m.format !== "bsig-logprob-table" || m.version !== 1) throw new InputError(mf, `not a bsig-logprob-table v1 manifest`);
  for (const [f, h] of Object.entries(m.sha256)) {
    const p = join(dir, f);
    if (!existsSync(p)) throw new InputError(dir, `missing file ${f}`);
    if (sha256(readFileSync(p)) !== h) throw new InputError(p, "sha256 does not match the manifest (file changed or truncated)");
  }
  const col = (f: string) => f32FromBytes(readFileSync(join(dir, f)));
  const pieceIds = readIds(dir, m.piecesFile);
  const t: LogprobTable = {
    manifest: { model: m.model, tokenizerHash: m.tokenizerHash, corpus: m.corpus, unit: m.unit, conventions: m.conventions, provenance: m.provenance, ...(m.cacheKey ? { cacheKey: m.cacheKey } : {}) },
    pieceIds,
    nllSum: col(m.columns.nll_sum), nllLast: col(m.columns.nll_last), nTokens: col(m.columns.n_tokens), nBytes: col(m.columns.n_bytes),
    chunkIds: readIds(dir, m.chunks.idsFile), chunkNllMean: col(m.chunks.nll_mean), chunkNTokens: col(m.chunks.n_tokens),
  };
  for (const a of [t.nllSum, t.nllLast, t.nTokens, t.nBytes]) {
    if (a.length !== pieceIds.length) throw new InputError(dir, `a column has ${a.length} values for ${pieceIds.length} pieces`);
  }
  return t;
}

/**
 * One measure per piece as Float32: nll-sum-nats, nll-last-token-nats, or bits-per-byte
 * (nll_sum / (ln 2 · n_bytes)).
 *
 * @example
 *   tableMeasure(t, "bits-per-byte")
 */
export function tableMeasure(t: LogprobTable, m: PieceMeasure | string): Float32Array {
  if (m === "nll-sum-nats") return t.nllSum.slice();
  if (m === "nll-last-token-nats") return t.nllLast.slice();
  if (m === "bits-per-byte") return Float32Array.from(t.nllSum, (v, i) => v / (Math.LN2 * t.nBytes[i]));
  throw new InputError("--measure", `unknown measure '${m}' (nll-sum-nats, nll-last-token-nats, bits-per-byte)`);
}

/**
 * Document-level aggregates: token-weighted mean NLL over each document's chunks (ids before '@').
 *
 * @example
 *   documentMeanNll(t)   // { ids: ["a.txt"], meanNll: Float64Array [3.2], nTokens: Float64Array [310] }
 */
export function documentMeanNll(t: LogprobTable): { ids: string[]; meanNll: Float64Array; nTokens: Float64Array } {
  const ids: string[] = [], sums: number[] = [], counts: number[] = [];
  const index = new Map<string, number>();
  t.chunkIds.forEach((c, i) => {
    const d = c.slice(0, c.lastIndexOf("@"));
    let k = index.get(d);
    if (k === undefined) { k = ids.length; index.set(d, k); ids.push(d); sums.push(0); counts.push(0); }
    if (!Number.isNaN(t.chunkNllMean[i])) { sums[k] += t.chunkNllMean[i] * t.chunkNTokens[i]; counts[k] += t.chunkNTokens[i]; }
  });
  return { ids, meanNll: Float64Array.from(sums, (s, k) => (counts[k] ? s / counts[k] : NaN)), nTokens: Float64Array.from(counts) };
}
