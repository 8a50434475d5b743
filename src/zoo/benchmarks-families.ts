/**
 * The four shared templates ("families") of the zoo benchmarks. Every family draws its items and its
 * distractors from ONE domain's `bench` split (same-domain distractors: with distractors from other
 * domains every benchmark would be a domain detector, and the ground truth would be circular).
 *
 * | id        | family    | format          | options | metric   | item |
 * |-----------|-----------|-----------------|---------|----------|------|
 * | nextword  | nextword  | multiple-choice | 4       | acc      | next piece vs 3 same-length pieces of the domain |
 * | nextword2 | nextword  | true-false      | 2       | acc      | next piece vs 1 same-length piece of the domain |
 * | nextspan  | nextspan  | multiple-choice | 4       | acc_norm | next 5 pieces vs 3 spans of 5 pieces from elsewhere in the domain (±25% bytes) |
 * | wordorder | wordorder | true-false      | 2       | acc      | next 5 pieces vs the same with one adjacent pair swapped |
 * | spelling  | spelling  | true-false      | 2       | acc      | next word vs the word with two adjacent interior letters swapped |
 * | nextword3 | nextword  | multiple-choice | 3       | acc      | next piece vs 2 same-length pieces of the domain |
 *
 * `nextword2` shares nextword's template with a 2-way format, so family and format are crossed rather than
 * nested (the paper's family and format tests then have separable ground truth). `nextword3` (zoo v2) is the same
 * template at a difficulty between the two, for domains where 4-way is near chance and 2-way near its limit.
 * Items within a benchmark never share target pieces (and keep one piece of margin). Pure given the rng.
 */
import type { Rng } from "../core/random";
import type { BenchFamily, BenchFormat, BenchItem, BenchMetric } from "./benchmarks-types";
import { balancedAnswers, byteLength, contextBefore, placeAnswer, spanAfter, transposeInterior, type PiecedDoc } from "./benchmarks-text";

/** Static description of a family. */
export interface FamilyInfo {
  /** Benchmark name suffix: `zoo_<domain>_<id>`. */
  id: string;
  family: Extract<BenchFamily, "nextword" | "nextspan" | "wordorder" | "spelling">;
  format: BenchFormat;
  options: number;
  metric: BenchMetric;
  /** Pieces consumed by the target. */
  targetPieces: number;
  description: string;
}

/** The zoo families, in the order benchmarks are built. */
export const FAMILIES: readonly FamilyInfo[] = [
  { id: "nextword", family: "nextword", format: "multiple-choice", options: 4, metric: "acc", targetPieces: 1, description: "next whitespace piece vs 3 pieces of the same character length drawn from the same domain's bench split; acc (sum of option log-probs)" },
  { id: "nextword2", family: "nextword", format: "true-false", options: 2, metric: "acc", targetPieces: 1, description: "next whitespace piece vs 1 piece of the same character length drawn from the same domain's bench split; acc (sum of option log-probs)" },
  { id: "nextspan", family: "nextspan", format: "multiple-choice", options: 4, metric: "acc_norm", targetPieces: 5, description: "next 5 pieces vs 3 five-piece spans from elsewhere in the same domain's bench split (byte length within ±25%); acc_norm (log-prob per option byte)" },
  { id: "wordorder", family: "wordorder", format: "true-false", options: 2, metric: "acc", targetPieces: 5, description: "next 5 pieces vs the same 5 pieces with one adjacent pair swapped (same bytes); acc" },
  { id: "spelling", family: "spelling", format: "true-false", options: 2, metric: "acc", targetPieces: 1, description: "next word (>= 5 ASCII letters) vs the word with two adjacent interior letters transposed; acc" },
  { id: "nextword3", family: "nextword", format: "multiple-choice", options: 3, metric: "acc", targetPieces: 1, description: "next whitespace piece vs 2 pieces of the same character length drawn from the same domain's bench split; acc (sum of option log-probs)" },
];

/** Limits on the context before the target. */
export interface ContextLimits {
  maxPieces: number;
  maxBytes: number;
  minPieces: number;
}

/** Defaults: up to 20 pieces and 128 bytes of context (the pilot used 64–127 bytes), at least 4 pieces. */
export const DEFAULT_CONTEXT: ContextLimits = { maxPieces: 20, maxBytes: 128, minPieces: 4 };

const HAS_WORD_CHAR = /[A-Za-z0-9]/;
const SPELLABLE = /^[A-Za-z]{5,}$/;

function leadingWs(s: string): string {
  const m = /^\s*/.exec(s);
  return m ? m[0] : "";
}

/** Pieces of all docs grouped by character length (with multiplicity, so draws follow frequency). */
function piecesByLength(docs: readonly PiecedDoc[]): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const d of docs) for (const p of d.pieces) {
    if (!HAS_WORD_CHAR.test(p) || p.includes("<unk>")) continue;
    const l = p.length;
    let a = m.get(l);
    if (!a) m.set(l, (a = []));
    a.push(p);
  }
  return m;
}

function distinctDraws(n: number, draw: () => string | null, exclude: string, tries = 200): string[] | null {
  const out: string[] = [];
  for (let t = 0; t < tries && out.length < n; t++) {
    const c = draw();
    if (c === null || c === exclude || out.includes(c)) continue;
    out.push(c);
  }
  return out.length === n ? out : null;
}

type Maker = (doc: PiecedDoc, k: number, rng: Rng) => { correct: string; distractors: string[] } | null;

function makerFor(info: FamilyInfo, docs: readonly PiecedDoc[]): Maker {
  switch (info.family) {
    case "nextword": {
      const byLen = piecesByLength(docs);
      return (doc, k, rng) => {
        const w = doc.pieces[k];
        if (w.length < 2 || w.length > 20 || !HAS_WORD_CHAR.test(w)) return null;
        const pool = byLen.get(w.length) ?? [];
        const ws = spanAfter(doc, k, 1).slice(0, -w.length);
        const ds = distinctDraws(info.options - 1, () => (pool.length ? pool[rng.int(pool.length)] : null), w);
        return ds ? { correct: ws + w, distractors: ds.map((d) => ws + d) } : null;
      };
    }
    case "nextspan": {
      const K = info.targetPieces;
      return (doc, k, rng) => {
        const ans = spanAfter(doc, k, K);
        const ws = leadingWs(ans);
        const body = ans.slice(ws.length);
        const len = byteLength(body);
        const draw = (): string | null => {
          const d = docs[rng.int(docs.length)];
          if (d.pieces.length < K + 1) return null;
          const k2 = 1 + rng.int(d.pieces.length - K);
          if (d === doc && Math.abs(k2 - k) < 50) return null;
          const s = d.text.slice(d.starts[k2], d.ends[k2 + K - 1]);
          const l = byteLength(s);
          if (s.includes("<unk>") || l < 0.75 * len || l > 1.25 * len) return null;
          return ws + s;
        };
        const ds = distinctDraws(3, draw, ans, 500);
        return ds ? { correct: ans, distractors: ds } : null;
      };
    }
    case "wordorder": {
      const K = info.targetPieces;
      return (doc, k, rng) => {
        const ps = doc.pieces.slice(k, k + K);
        const pairs: number[] = [];
        for (let j = 0; j + 1 < K; j++) if (ps[j] !== ps[j + 1]) pairs.push(j);
        if (pairs.length === 0) return null;
        const j = pairs[rng.int(pairs.length)];
        const ans = spanAfter(doc, k, K);
        const base = doc.ends[k - 1];
        // Rebuild with pieces j and j+1 exchanged, whitespace between pieces unchanged.
        let out = "";
        let pos = base;
        for (let t = 0; t < K; t++) {
          const s = doc.starts[k + t], e = doc.ends[k + t];
          out += doc.text.slice(pos, s);
          out += t === j ? ps[j + 1] : t === j + 1 ? ps[j] : ps[t];
          pos = e;
        }
        return out === ans ? null : { correct: ans, distractors: [out] };
      };
    }
    case "spelling":
      return (doc, k, rng) => {
        const w = doc.pieces[k];
        if (!SPELLABLE.test(w)) return null;
        const bad = transposeInterior(w, rng);
        if (bad === null) return null;
        const ws = spanAfter(doc, k, 1).slice(0, -w.length);
        return { correct: ws + w, distractors: [ws + bad] };
      };
  }
}

/**
 * Build up to `nItems` items of one family from one domain's bench documents.
 * Target positions are visited in seeded random order; an item is kept when its context has at least
 * `minPieces` pieces, no `<unk>`, its targets do not touch another item's targets, and the family's
 * constructor succeeds. Answer positions are balanced across options. Throws if fewer than `nItems`
 * items can be made.
 *
 * @example
 *   buildFamilyItems(FAMILIES[0], "zoo_wiki_nextword", docs, 400, createRng(deriveSeed(1, "zoo_wiki_nextword")))
 */
export function buildFamilyItems(
  info: FamilyInfo,
  name: string,
  docs: readonly PiecedDoc[],
  nItems: number,
  rng: Rng,
  limits: ContextLimits = DEFAULT_CONTEXT,
): BenchItem[] {
  const make = makerFor(info, docs);
  const K = info.targetPieces;
  const cand: number[][] = [];
  docs.forEach((d, di) => {
    for (let k = limits.minPieces; k + K <= d.pieces.length; k++) cand.push([di, k]);
  });
  // seeded shuffle of candidate positions
  for (let i = cand.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = cand[i]; cand[i] = cand[j]; cand[j] = t;
  }
  const used = docs.map((d) => new Uint8Array(d.pieces.length));
  const answers = balancedAnswers(nItems, info.options, rng);
  const items: BenchItem[] = [];
  for (const [di, k] of cand) {
    if (items.length >= nItems) break;
    const doc = docs[di], u = used[di];
    let free = true;
    for (let t = Math.max(0, k - 1); t <= Math.min(u.length - 1, k + K); t++) if (u[t]) { free = false; break; }
    if (!free) continue;
    const context = contextBefore(doc, k, limits.maxPieces, limits.maxBytes, limits.minPieces);
    if (context === null || context.includes("<unk>")) continue;
    const target = spanAfter(doc, k, K);
    if (target.includes("<unk>")) continue;
    const made = make(doc, k, rng);
    if (!made) continue;
    for (let t = k; t < k + K; t++) u[t] = 1;
    const answer = answers[items.length];
    items.push({
      id: `${name}-${String(items.length).padStart(4, "0")}`,
      context,
      options: placeAnswer(made.correct, made.distractors, answer),
      answer,
      source: `${doc.id}:${k}`,
    });
  }
  if (items.length < nItems) throw new Error(`${name}: only ${items.length} of ${nItems} items could be built from ${docs.length} documents`);
  return items;
}
