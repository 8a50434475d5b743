import { createRng } from "../core/random";
import { canonicalJson, sha256 } from "../core/hash";
import { InputError } from "../core/errors";
import type { Corpus } from "./read";
import { splitPieces } from "./pieces";

/** The scoring unit: context length in pieces, window stride, 1-in-k target sampling and its seed. */
export interface UnitOptions {
  /** Preceding pieces of context a target can have (default 30: windows of 31 pieces). */
  context: number;
  /** Window start step in pieces; context + 1 (default) gives consecutive disjoint chunks. */
  stride: number;
  /** Keep 1 in `sample` targets (seeded); 1 keeps all. */
  sample: number;
  seed: number;
}

/** One forward pass: a window of pieces joined by single spaces, and which of them are targets. */
export interface Chunk {
  /** Index of the document in the corpus. */
  doc: number;
  /** Position (in the document) of the window's first piece. */
  first: number;
  /** The window's pieces joined by one space. */
  text: string;
  /** Char span of each window piece inside `text`. */
  pieceStarts: Int32Array;
  pieceEnds: Int32Array;
  /** Indices (into the window's pieces) of the targets scored in this pass, ascending. */
  targets: Int32Array;
  /** Index of the first of these targets in the plan's target list. */
  targetOffset: number;
}

/** What to score: the chunks in order and the ids of all targets (the corpus piece index). */
export interface ScoringPlan {
  corpusHash: string;
  /** The corpus path as given (recorded, not hashed). */
  corpusSource: string;
  unit: UnitOptions;
  chunks: Chunk[];
  /** Target piece ids `docId:position`, in chunk order (the column order of a log-prob table). */
  pieceIds: string[];
  /** sha256 of canonical {corpusHash, unit}. */
  hash: string;
}

/** Fill defaults and check the unit options; InputError names the bad option. */
export function unitOptions(o: Partial<UnitOptions> = {}): UnitOptions {
  const context = o.context ?? 30;
  const stride = o.stride ?? context + 1;
  const sample = o.sample ?? 1;
  const seed = o.seed ?? 0;
  if (!Number.isInteger(context) || context < 0) throw new InputError("--context", `must be an integer >= 0, got ${o.context}`);
  if (!Number.isInteger(stride) || stride < 1 || stride > context + 1) {
    throw new InputError("--stride", `must be an integer in [1, context + 1 = ${context + 1}], got ${o.stride}`);
  }
  if (!Number.isInteger(sample) || sample < 1) throw new InputError("--sample", `must be an integer >= 1, got ${o.sample}`);
  if (!Number.isInteger(seed)) throw new InputError("--seed", `must be an integer, got ${o.seed}`);
  return { context, stride, sample, seed };
}

/**
 * Plan the forward passes over a corpus. Windows hold `context + 1` pieces and start every `stride`
 * pieces; each piece is a target exactly once, in the first window that reaches it, so its context is
 * the window's pieces before it (0..context). With `stride = context + 1` (default) the windows are the
 * paper's consecutive chunks. Targets are then kept 1 in `sample` by a seeded draw per piece in corpus
 * order (createRng(seed).int(sample) === 0); windows left without targets are dropped.
 *
 * @example
 *   const plan = planScoring(corpus, unitOptions({ context: 30, sample: 50, seed: 1 }));
 *   plan.pieceIds[0];   // e.g. "a.txt:17"
 */
export function planScoring(corpus: Corpus, unit: UnitOptions): ScoringPlan {
  const W = unit.context + 1;
  const rng = unit.sample > 1 ? createRng(unit.seed) : null;
  const chunks: Chunk[] = [];
  const pieceIds: string[] = [];
  corpus.documents.forEach((d, doc) => {
    const { starts, ends } = splitPieces(d.text);
    const P = starts.length;
    const keep = new Uint8Array(P).fill(1);
    if (rng) for (let p = 0; p < P; p++) keep[p] = rng.int(unit.sample) === 0 ? 1 : 0;
    let covered = 0;
    for (let w = 0; covered < P; w += unit.stride) {
      const end = Math.min(w + W, P);
      const targets: number[] = [];
      for (let p = Math.max(w, covered); p < end; p++) if (keep[p]) targets.push(p - w);
      covered = end;
      if (targets.length === 0) continue;
      const words: string[] = [];
      const ps = new Int32Array(end - w), pe = new Int32Array(end - w);
      let off = 0;
      for (let p = w; p < end; p++) {
        const word = d.text.slice(starts[p], ends[p]);
        ps[p - w] = off; pe[p - w] = off + word.length;
        off += word.length + 1;
        words.push(word);
      }
      chunks.push({ doc, first: w, text: words.join(" "), pieceStarts: ps, pieceEnds: pe, targets: Int32Array.from(targets), targetOffset: pieceIds.length });
      for (const t of targets) pieceIds.push(`${d.id}:${w + t}`);
    }
  });
  return { corpusHash: corpus.hash, corpusSource: corpus.source, unit, chunks, pieceIds, hash: sha256(canonicalJson({ corpusHash: corpus.hash, unit })) };
}
