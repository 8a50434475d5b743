import type { TextLogprobs } from "./logprobs";

/** What a piece's value means; recorded in every table and matrix. */
export type PieceMeasure = "nll-sum-nats" | "nll-last-token-nats" | "bits-per-byte";

/** The measures, in documentation order. */
export const PIECE_MEASURES: readonly PieceMeasure[] = ["nll-sum-nats", "nll-last-token-nats", "bits-per-byte"];

/** Per-piece quantities from which every measure is derived. */
export interface PieceStats {
  /** −Σ ln p over the piece's tokens (nats). */
  nllSum: number;
  /** −ln p of the piece's last token (nats). */
  nllLast: number;
  nTokens: number;
  /** UTF-8 bytes of the piece plus the whitespace before it in the chunk (its "segment"). */
  nBytes: number;
}

/**
 * Assign each token to a piece: the piece holding the token's first non-whitespace character (GPT-2
 * tokens carry their leading space, so " world" belongs to "world"; a token spanning two pieces goes to
 * the first). An all-whitespace token goes to the next piece starting at or after its end; -1 if none.
 *
 * @example
 *   assignTokens(Int32Array.of(0, -1, 2), Int32Array.of(1, 2, 3), Int32Array.of(0, 2), Int32Array.of(1, 3))
 *   // Int32Array [0, 1, 1]
 */
export function assignTokens(anchors: Int32Array, tokenEnds: Int32Array, pieceStarts: Int32Array, pieceEnds: Int32Array): Int32Array {
  const out = new Int32Array(anchors.length).fill(-1);
  const P = pieceStarts.length;
  for (let i = 0; i < anchors.length; i++) {
    const c = anchors[i] >= 0 ? anchors[i] : tokenEnds[i];
    // first piece whose end is beyond c
    let lo = 0, hi = P;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (pieceEnds[mid] > c) hi = mid; else lo = mid + 1; }
    if (lo < P && (anchors[i] < 0 || pieceStarts[lo] <= c)) out[i] = lo;
  }
  return out;
}

/**
 * Piece statistics of one scored chunk for the requested piece indices. Segment bytes count the piece and
 * the whitespace before it (after the previous piece), so a model spending all of its tokens on bytes
 * (uniform over 256 bytes) has exactly 8 bits per byte. A piece without any token of its own (a token
 * spanning it began in an earlier piece) gets NaN; so does a piece with a token cut off by the context.
 *
 * @example
 *   const stats = pieceStats(r, chunk.pieceStarts, chunk.pieceEnds, chunk.targets);
 */
export function pieceStats(r: TextLogprobs, pieceStarts: Int32Array, pieceEnds: Int32Array, which: ArrayLike<number>): PieceStats[] {
  const owner = assignTokens(r.anchors, r.ends, pieceStarts, pieceEnds);
  const P = pieceStarts.length;
  const sum = new Float64Array(P), last = new Float64Array(P).fill(NaN), count = new Int32Array(P);
  for (let i = 0; i < owner.length; i++) {
    const k = owner[i];
    if (k < 0) continue;
    sum[k] += -r.logprobs[i];
    last[k] = -r.logprobs[i];
    count[k]++;
  }
  return Array.from(which, (k) => {
    const segStart = k > 0 ? pieceEnds[k - 1] : 0;
    const nBytes = Buffer.byteLength(r.text.slice(segStart, pieceEnds[k]), "utf8");
    return count[k] === 0 ? { nllSum: NaN, nllLast: NaN, nTokens: 0, nBytes }
      : { nllSum: sum[k], nllLast: last[k], nTokens: count[k], nBytes };
  });
}

/**
 * The value of a measure from piece statistics: nll-sum-nats = nllSum, nll-last-token-nats = nllLast,
 * bits-per-byte = nllSum / (ln 2 · nBytes).
 *
 * @example
 *   measureOf({ nllSum: 8 * Math.LN2 * 3, nllLast: 0, nTokens: 3, nBytes: 3 }, "bits-per-byte")   // 8
 */
export function measureOf(s: PieceStats, m: PieceMeasure): number {
  if (m === "nll-sum-nats") return s.nllSum;
  if (m === "nll-last-token-nats") return s.nllLast;
  return s.nllSum / (Math.LN2 * s.nBytes);
}

/**
 * Chunk-level aggregate (method.md §2.1, A.2): mean token NLL over all tokens of the window, and the token
 * count (a document's value is the token-weighted mean over its chunks).
 *
 * @example
 *   chunkMeanNll(r)   // { meanNll: 3.1, nTokens: 42 }
 */
export function chunkMeanNll(r: TextLogprobs): { meanNll: number; nTokens: number } {
  let s = 0, n = 0;
  for (const lp of r.logprobs) if (!Number.isNaN(lp)) { s -= lp; n++; }
  return { meanNll: n > 0 ? s / n : NaN, nTokens: n };
}
