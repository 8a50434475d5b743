/**
 * Byte accounting and tokenizer-neutral coarse levels for the zoo corpus chapter.
 *
 * The zoo data's chunk and document features are mean NLL per *token* (the paper's "averaging over all
 * tokens in the window"). Across tokenizers that is not one scale: a byte model's token is one byte, a BPE
 * model's a sub-word, so mean NLL per token ranks byte models as the best even though they are the weakest.
 * The byte-normalised levels here aggregate the same pool pieces instead: bits per byte of a window or a
 * document = Σ nats / (ln 2 · Σ bytes) over its pieces, which compares across tokenizers.
 */
import type { LabeledMatrix } from "../core/matrix";
import { sampleMedian } from "../stats/describe";
import type { ZooData } from "../zoo/zoo-data";

/**
 * The bytes the bits-per-byte unit divides each piece's NLL by (the piece and the whitespace before it),
 * recovered exactly from the two matrices: bytes_j = round(median_i sum_ij / (ln 2 · bpb_ij)).
 *
 * @example
 *   scoredBytes(z)[0]   // 6 for "Edward" at the start of a document (no whitespace before it)
 */
export function scoredBytes(z: ZooData): Int32Array {
  const S = z.features.sum, B = z.features.bpb, n = S.rows.length, p = S.cols.length;
  const out = new Int32Array(p), tmp = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) tmp[i] = S.values[i * p + j] / (Math.LN2 * B.values[i * p + j]);
    out[j] = Math.round(sampleMedian(tmp));
  }
  return out;
}

/** The pool's pieces grouped into windows and documents (column indices of the piece-level matrices). */
export interface PieceGroups {
  chunks: { id: string; pieces: number[] }[];
  documents: { id: string; pieces: number[] }[];
}

/**
 * Group the pool's pieces (`doc:position`) by document and by scoring window: a piece belongs to the chunk
 * column `doc@start` of its document with the largest start ≤ its position (the zoo's windows are disjoint
 * runs of 31 pieces); pieces whose document has no chunk column are left out of the chunk groups.
 *
 * @example
 *   pieceGroups(z).chunks[0]   // { id: "wiki-t026@0", pieces: [0, 1, …, 30] }
 */
export function pieceGroups(z: ZooData): PieceGroups {
  const starts = new Map<string, number[]>();
  for (const c of z.features.chunk.cols) {
    const k = c.lastIndexOf("@");
    const doc = c.slice(0, k), s = Number(c.slice(k + 1));
    if (!starts.has(doc)) starts.set(doc, []);
    starts.get(doc)!.push(s);
  }
  for (const v of starts.values()) v.sort((a, b) => a - b);
  const chunk = new Map<string, number[]>(), doc = new Map<string, number[]>();
  z.pieces.forEach((p, j) => {
    const k = p.id.lastIndexOf(":");
    const d = p.id.slice(0, k), pos = Number(p.id.slice(k + 1));
    if (!doc.has(d)) doc.set(d, []);
    doc.get(d)!.push(j);
    const st = starts.get(d);
    if (!st) return;
    let s = -1;
    for (const x of st) if (x <= pos) s = x;
    if (s < 0) return;
    const id = `${d}@${s}`;
    if (!chunk.has(id)) chunk.set(id, []);
    chunk.get(id)!.push(j);
  });
  return {
    chunks: [...chunk.entries()].map(([id, pieces]) => ({ id, pieces })),
    documents: [...doc.entries()].map(([id, pieces]) => ({ id, pieces })),
  };
}

/**
 * Bits per byte of each group of pieces for every model: Σ_{j ∈ g} sum_ij / (ln 2 · Σ_{j ∈ g} bytes_j).
 *
 * @example
 *   const g = pieceGroups(z);
 *   groupBitsPerByte(z, g.documents, scoredBytes(z)).cols   // document ids
 */
export function groupBitsPerByte(z: ZooData, groups: { id: string; pieces: number[] }[], bytes: Int32Array): LabeledMatrix<Float64Array> {
  const S = z.features.sum, n = S.rows.length, p = S.cols.length, q = groups.length;
  const v = new Float64Array(n * q);
  groups.forEach((g, c) => {
    let b = 0;
    for (const j of g.pieces) b += bytes[j];
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (const j of g.pieces) s += S.values[i * p + j];
      v[i * q + c] = s / (Math.LN2 * b);
    }
  });
  return { rows: S.rows.slice(), cols: groups.map((g) => g.id), values: v };
}
