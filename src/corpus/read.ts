import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, relative } from "node:path";
import { InputError } from "../core/errors";
import { splitPieces } from "./pieces";

/** One document of a corpus: a stable id and its text. */
export interface CorpusDocument {
  id: string;
  text: string;
}

/** A corpus: its documents in a fixed order and a content hash over ids and texts. */
export interface Corpus {
  source: string;
  documents: CorpusDocument[];
  /** sha256 over (id, text) of every document, in order. */
  hash: string;
  /** Number of whitespace pieces over all documents. */
  nPieces: number;
}

/** Options of {@link readCorpus}. */
export interface CorpusOptions {
  /** JSONL field holding the text (default "text"). */
  textField?: string;
  /** Parquet column holding the text (default "text"). */
  textColumn?: string;
}

const TEXT_EXT = new Set([".txt", ".text", ".md"]);
const JSONL_EXT = new Set([".jsonl", ".ndjson"]);
const PARQUET_EXT = new Set([".parquet"]);

/**
 * Read a corpus from a plain-text file (one document), a JSONL file (one document per line, text in a
 * named field), a Parquet file (one document per row, text in a named column, e.g. the RedPajama sample)
 * or a folder of these (recursively, in sorted path order; hidden files skipped). Document ids: the path
 * relative to the corpus root (a single file: its name), with `#<line>` (JSONL, 1-based) or `#<row>`
 * (Parquet, 0-based). Throws InputError for a missing path, a binary file, a missing field/column, or a
 * corpus without any text.
 *
 * @example
 *   const c = await readCorpus("tests/fixtures/corpus/small");
 *   c.documents[0].id;   // "a.txt"
 */
export async function readCorpus(path: string, opts: CorpusOptions = {}): Promise<Corpus> {
  if (!existsSync(path)) throw new InputError(path, "no such corpus file or folder");
  const docs: CorpusDocument[] = [];
  if (statSync(path).isDirectory()) {
    const files = listCorpusFiles(path);
    if (files.length === 0) throw new InputError(path, "empty corpus: the folder has no .txt, .md, .jsonl or .parquet files");
    for (const f of files) docs.push(...(await readOne(join(path, f), f, opts)));
  } else {
    docs.push(...(await readOne(path, basename(path), opts)));
  }
  let nPieces = 0;
  const h = createHash("sha256");
  for (const d of docs) {
    nPieces += splitPieces(d.text).starts.length;
    h.update(`${Buffer.byteLength(d.id)}:${d.id}${Buffer.byteLength(d.text)}:`).update(d.text);
  }
  if (nPieces === 0) throw new InputError(path, "empty corpus: no non-whitespace text");
  return { source: path, documents: docs, hash: h.digest("hex"), nPieces };
}

function listCorpusFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listCorpusFiles(root, p));
    else {
      const e = extname(name).toLowerCase();
      if (TEXT_EXT.has(e) || JSONL_EXT.has(e) || PARQUET_EXT.has(e)) out.push(relative(root, p));
    }
  }
  return out;
}

async function readOne(file: string, rel: string, opts: CorpusOptions): Promise<CorpusDocument[]> {
  const e = extname(file).toLowerCase();
  if (PARQUET_EXT.has(e)) return readParquetTexts(file, rel, opts.textColumn ?? "text");
  const text = decodeText(file, readFileSync(file));
  if (JSONL_EXT.has(e)) return parseJsonl(file, rel, text, opts.textField ?? "text");
  return [{ id: rel, text }];
}

/**
 * Decode bytes as UTF-8 text; InputError for binary content (a NUL byte) or invalid UTF-8.
 *
 * @example
 *   decodeText("a.txt", Buffer.from("héllo"));   // "héllo"
 */
export function decodeText(file: string, buf: Uint8Array): string {
  const nul = buf.indexOf(0);
  if (nul >= 0) throw new InputError(file, `binary file (NUL byte at offset ${nul}), not text`);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    throw new InputError(file, "not valid UTF-8 text");
  }
}

function parseJsonl(file: string, rel: string, text: string, field: string): CorpusDocument[] {
  const out: CorpusDocument[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new InputError(file, `line ${i + 1}: not valid JSON`);
    }
    const v = obj && typeof obj === "object" ? (obj as Record<string, unknown>)[field] : undefined;
    if (typeof v !== "string") throw new InputError(file, `line ${i + 1}: no string field '${field}' (use --text-field)`);
    out.push({ id: `${rel}#${i + 1}`, text: v });
  });
  return out;
}

async function readParquetTexts(file: string, rel: string, column: string): Promise<CorpusDocument[]> {
  const rows = await readParquetColumns(file, [column]);
  return rows[column].map((v, i) => {
    if (typeof v !== "string") throw new InputError(file, `row ${i}: column '${column}' is not a string`);
    return { id: `${rel}#${i}`, text: v };
  });
}

/**
 * Read whole columns of a Parquet file with hyparquet; InputError if the file is not Parquet or a column
 * is missing (the message lists the columns it has).
 *
 * @example
 *   const { text } = await readParquetColumns("sample.parquet", ["text"]);
 */
export async function readParquetColumns(file: string, columns: string[]): Promise<Record<string, unknown[]>> {
  const hp = await import("hyparquet");
  const buf = readFileSync(file);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  let meta;
  try {
    meta = hp.parquetMetadata(ab);
  } catch (e) {
    throw new InputError(file, `not a Parquet file (${(e as Error).message})`);
  }
  const top = hp.parquetSchema(meta).children.map((c) => c.element.name);
  for (const c of columns) {
    if (!top.includes(c)) throw new InputError(file, `no column '${c}' (columns: ${top.join(", ")})`);
  }
  const rows = (await hp.parquetReadObjects({ file: ab, columns, metadata: meta })) as Record<string, unknown>[];
  const out: Record<string, unknown[]> = {};
  for (const c of columns) out[c] = rows.map((r) => r[c]);
  return out;
}
