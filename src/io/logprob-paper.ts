import { createHash } from "node:crypto";
import { extname } from "node:path";
import { readFileSync } from "node:fs";
import { InputError } from "../core/errors";
import { provenance } from "../core/provenance";
import { decodeText, readParquetColumns } from "../corpus/read";
import { splitPieces } from "../corpus/pieces";
import { chunkMeanNll, pieceStats } from "../perplexity/aggregate";
import { tokenSpans } from "../perplexity/spans";
import type { TokenizerView } from "../perplexity/tokenizer";
import type { LogprobTable } from "./logprob-table";

/** A chunk of the paper's input layout: `text_id`, `chunk_id`, `chunk_text`. */
export interface PaperChunk { textId: number; chunkId: number; text: string }

/**
 * Read the paper's chunk file (Parquet or JSONL with `text_id`, `chunk_id`, `chunk_text`).
 *
 * @example
 *   const chunks = await readPaperChunks("chunks.parquet");
 */
export async function readPaperChunks(file: string): Promise<PaperChunk[]> {
  let ti: unknown[], ci: unknown[], tx: unknown[];
  if (extname(file).toLowerCase() === ".parquet") {
    const c = await readParquetColumns(file, ["text_id", "chunk_id", "chunk_text"]);
    ti = c.text_id; ci = c.chunk_id; tx = c.chunk_text;
  } else {
    const rows = decodeText(file, readFileSync(file)).split("\n").map((l, i) => ({ l, i })).filter(({ l }) => l.trim() !== "")
      .map(({ l, i }) => { try { return JSON.parse(l) as Record<string, unknown>; } catch { throw new InputError(file, `line ${i + 1}: not valid JSON`); } });
    ti = rows.map((r) => r.text_id); ci = rows.map((r) => r.chunk_id); tx = rows.map((r) => r.chunk_text);
  }
  return ti.map((t, i) => {
    const textId = Number(t), chunkId = Number(ci[i]), text = tx[i];
    if (!Number.isInteger(textId) || !Number.isInteger(chunkId) || typeof text !== "string") {
      throw new InputError(file, `row ${i}: needs integer text_id, chunk_id and string chunk_text`);
    }
    return { textId, chunkId, text };
  });
}

/**
 * Import the paper's per-model log-prob Parquet (rows `text_id int32, chunk_id int32, logprobs
 * list<float32>`, the token log-probs of the chunk's prompt after the first position) into a native table.
 * Tokens are mapped back to whitespace pieces with the model's tokenizer: the chunk text is tokenized
 * without special tokens; n log-probs for n tokens means a BOS was prepended (all tokens scored); n − 1
 * means the first token had no log-prob (its piece gets NaN). Piece ids are `<text_id>:<position>`, with
 * positions counted over the text's chunks in chunk_id order.
 *
 * @example
 *   const t = await importPaperParquet({ logprobs: "gpt2.parquet", chunks: "chunks.parquet", tokenizer, modelId: "gpt2" });
 */
export async function importPaperParquet(o: { logprobs: string; chunks: string; tokenizer: TokenizerView; modelId: string }): Promise<LogprobTable> {
  const chunks = (await readPaperChunks(o.chunks)).sort((a, b) => a.textId - b.textId || a.chunkId - b.chunkId);
  const cols = await readParquetColumns(o.logprobs, ["text_id", "chunk_id", "logprobs"]);
  const lpByKey = new Map<string, ArrayLike<number>>();
  cols.text_id.forEach((t, i) => {
    const lp = cols.logprobs[i];
    if (!Array.isArray(lp) && !ArrayBuffer.isView(lp)) throw new InputError(o.logprobs, `row ${i}: logprobs is not a list`);
    lpByKey.set(`${Number(t)}/${Number(cols.chunk_id[i])}`, lp as ArrayLike<number>);
  });
  const h = createHash("sha256");
  const pieceIds: string[] = [], chunkIds: string[] = [];
  const sum: number[] = [], last: number[] = [], ntok: number[] = [], nbytes: number[] = [], cMean: number[] = [], cTok: number[] = [];
  let pos = 0, curText = NaN;
  for (const c of chunks) {
    h.update(`${c.textId}/${c.chunkId}/${Buffer.byteLength(c.text)}:`).update(c.text);
    if (c.textId !== curText) { curText = c.textId; pos = 0; }
    const lp = lpByKey.get(`${c.textId}/${c.chunkId}`);
    if (!lp) throw new InputError(o.logprobs, `no row for text_id ${c.textId} chunk_id ${c.chunkId}`);
    const ids = Int32Array.from(o.tokenizer.encode(c.text));
    if (lp.length !== ids.length && lp.length !== ids.length - 1) {
      throw new InputError(o.logprobs, `text_id ${c.textId} chunk_id ${c.chunkId}: ${lp.length} log-probs but the tokenizer gives ${ids.length} tokens (wrong --tokenizer?)`);
    }
    const logprobs = new Float64Array(ids.length).fill(NaN);
    for (let k = 0; k < lp.length; k++) logprobs[ids.length - lp.length + k] = Number(lp[k]);
    let spans;
    try { spans = tokenSpans(c.text, ids, o.tokenizer); } catch (e) { throw new InputError(o.chunks, `text_id ${c.textId} chunk_id ${c.chunkId}: ${(e as Error).message}`); }
    const r = { text: c.text, ids, ...spans, logprobs };
    const { starts, ends } = splitPieces(c.text);
    chunkIds.push(`${c.textId}@${pos}`);
    const agg = chunkMeanNll(r);
    cMean.push(agg.meanNll); cTok.push(agg.nTokens);
    pieceStats(r, starts, ends, Array.from(starts, (_, k) => k)).forEach((s, k) => {
      pieceIds.push(`${c.textId}:${pos + k}`);
      sum.push(s.nllSum); last.push(s.nllLast); ntok.push(s.nTokens); nbytes.push(s.nBytes);
    });
    pos += starts.length;
  }
  const corpusHash = h.digest("hex");
  return {
    manifest: {
      model: { id: o.modelId, source: "paper-parquet" }, tokenizerHash: o.tokenizer.hash,
      corpus: { hash: corpusHash, source: o.chunks }, unit: null,
      conventions: { origin: "imported from the paper's log-prob Parquet; token-to-piece rule as bsig score", bos: "n log-probs = BOS prepended; n-1 = first token unscored (NaN)" },
      provenance: provenance("bsig import paper-parquet", { model: o.modelId }, null, { chunks: corpusHash }),
    },
    pieceIds, nllSum: Float32Array.from(sum), nllLast: Float32Array.from(last), nTokens: Float32Array.from(ntok), nBytes: Float32Array.from(nbytes),
    chunkIds, chunkNllMean: Float32Array.from(cMean), chunkNTokens: Float32Array.from(cTok),
  };
}
