/**
 * Text helpers for building zoo benchmark items: whitespace pieces with their offsets (so items keep
 * the original whitespace, newlines included), contexts cut at piece boundaries, balanced answer
 * positions and the spelling perturbation. Pure.
 */
import type { Rng } from "../core/random";
import { shuffleInPlace } from "../core/random";
import { sha256 } from "../core/hash";

/** A document split into whitespace pieces; `starts[k]`/`ends[k]` are the UTF-16 offsets of piece k. */
export interface PiecedDoc {
  id: string;
  text: string;
  pieces: string[];
  starts: Int32Array;
  ends: Int32Array;
}

/**
 * Split a document into whitespace pieces with offsets.
 *
 * pieces = matches of /\S+/ in order
 *
 * @example
 *   pieceDoc("d1", "a  b\nc").starts  // Int32Array [0, 3, 5]
 */
export function pieceDoc(id: string, text: string): PiecedDoc {
  const pieces: string[] = [], s: number[] = [], e: number[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    pieces.push(m[0]);
    s.push(m.index);
    e.push(m.index + m[0].length);
  }
  return { id, text, pieces, starts: Int32Array.from(s), ends: Int32Array.from(e) };
}

/**
 * UTF-8 byte length of a string.
 *
 * @example
 *   byteLength("café")  // 5
 */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/**
 * The context before piece k: the longest run of whole pieces ending at piece k−1 with at most
 * `maxPieces` pieces and at most `maxBytes` bytes (original whitespace kept). Null when fewer than
 * `minPieces` pieces fit.
 *
 * context = text[starts[k − c], ends[k − 1]), c = max count within both limits
 *
 * @example
 *   contextBefore(pieceDoc("d", "a b c d"), 3, 20, 100, 1)  // "a b c"
 */
export function contextBefore(doc: PiecedDoc, k: number, maxPieces: number, maxBytes: number, minPieces: number): string | null {
  let c = 0;
  while (c < maxPieces && k - c - 1 >= 0) {
    const candidate = doc.text.slice(doc.starts[k - c - 1], doc.ends[k - 1]);
    if (byteLength(candidate) > maxBytes) break;
    c++;
  }
  if (c < minPieces) return null;
  return doc.text.slice(doc.starts[k - c], doc.ends[k - 1]);
}

/**
 * The continuation made of pieces k..k+n−1, with the whitespace before piece k (so it follows the context directly).
 *
 * span = text[ends[k − 1], ends[k + n − 1])
 *
 * @example
 *   spanAfter(pieceDoc("d", "a b\nc d"), 2, 2)  // "\nc d"
 */
export function spanAfter(doc: PiecedDoc, k: number, n: number): string {
  if (k < 1 || k + n > doc.pieces.length) throw new Error(`spanAfter: pieces ${k}..${k + n - 1} not inside ${doc.id}`);
  return doc.text.slice(doc.ends[k - 1], doc.ends[k + n - 1]);
}

/**
 * Answer positions for `nItems` items with `nOptions` options: each position used ⌊n/k⌋ or ⌈n/k⌉ times, in seeded random order.
 *
 * @example
 *   balancedAnswers(8, 4, createRng(1)).filter((a) => a === 0).length  // 2
 */
export function balancedAnswers(nItems: number, nOptions: number, rng: Rng): number[] {
  const out = Array.from({ length: nItems }, (_, i) => i % nOptions);
  return shuffleInPlace(out, rng);
}

/**
 * Put the correct option at position `answer` and the distractors, in order, in the other slots.
 *
 * @example
 *   placeAnswer(" yes", [" no"], 1)  // [" no", " yes"]
 */
export function placeAnswer(correct: string, distractors: readonly string[], answer: number): string[] {
  const out = distractors.slice();
  out.splice(answer, 0, correct);
  return out;
}

/**
 * Spelling perturbation: swap two adjacent interior letters that differ (first and last letters stay).
 * Returns null when the word has no such pair. One transposition is harder than scrambling the whole
 * interior (the pilot's version, which a stronger zoo saturates).
 *
 * @example
 *   transposeInterior("garden", createRng(3))  // e.g. "gadren"
 */
export function transposeInterior(word: string, rng: Rng): string | null {
  const cands: number[] = [];
  for (let i = 1; i + 1 < word.length - 1; i++) if (word[i] !== word[i + 1]) cands.push(i);
  if (cands.length === 0) return null;
  const i = cands[rng.int(cands.length)];
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

/**
 * A 32-bit seed derived from a base seed and a name, so every benchmark has its own random stream.
 *
 * seed = first 8 hex digits of sha256("<base>:<name>") as an unsigned integer
 *
 * @example
 *   deriveSeed(20250927, "zoo_wiki_nextword")  // the same number on every machine
 */
export function deriveSeed(base: number, name: string): number {
  return parseInt(sha256(`${base}:${name}`).slice(0, 8), 16);
}
