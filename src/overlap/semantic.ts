/**
 * Semantic overlap of benchmarks (paper §2, A.4.1, Algorithms 2–3): cosine similarity of embeddings
 * of concatenated questions with the size-matched bootstrap.
 *
 * For a pair (a, b) let S be the benchmark with fewer questions (ties: the one listed first) and L the
 * other, n_s = |S|. The concatenation of all of S's questions, in file order, truncated to the
 * embedder's budget, is embedded once. Then T times: draw an ordered sample of n_s distinct questions
 * of L uniformly at random, concatenate in draw order, truncate, embed, and take the cosine with
 * emb(S). The overlap is the mean of the T cosines; the 2.5 % / 97.5 % quantiles (type 7) of the
 * T cosines are reported as the resample interval.
 *
 * Drawing: a partial Fisher–Yates shuffle over an index array of L that persists across the T
 * replicates of a pair (draw j swaps position j with a uniform position in [j, |L|)); a replicate stops
 * drawing as soon as the drawn questions fill the token budget or n_s questions are drawn. Questions
 * after that point would be truncated away, so this equals (in distribution, and value by value for the
 * drawn prefix) drawing all n_s and truncating. Each pair has its own generator seeded with
 * `pairSeed(seed, a, b)` = the first 32 bits of sha256(`${seed}|${a}|${b}`) with a < b (code-unit order), so a
 * pair's value depends neither on which other pairs are computed nor on the order the two are listed in.
 */
import { sha256 } from "../core/hash";
import { createRng } from "../core/random";
import { provenance, type Provenance } from "../core/provenance";
import { cosine, type ConcatEmbedder, type EmbedderInfo, type PreparedQuestions } from "../embed/embedder";
import { quantile7 } from "../stats/bootstrap-category";

/** Questions of one benchmark (the loaders' `BenchmarkQuestions` fits). */
export interface QuestionSet {
  benchmark: string;
  questions: string[];
  sha256?: string;
}

/** Options of the semantic overlap. */
export interface SemanticOptions {
  /** Resamples of the larger benchmark per pair (default 1000). */
  resamples?: number;
  /** Base seed (default 0). */
  seed?: number;
  /** Level of the resample interval (default 0.95). */
  level?: number;
  /** Keep every replicate's drawn indices and cosines (for checks; memory heavy). */
  keepDraws?: boolean;
  /** semanticPair only: pre-drawn replicates (indices into the larger benchmark), e.g. committed ones for a check. */
  draws?: Int32Array[];
  /** Called after each pair (progress reporting). */
  onPair?: (done: number, total: number) => void;
}

/** One pair's bootstrap. */
export interface SemanticPair {
  a: string;
  b: string;
  small: string;
  large: string;
  mean: number;
  sd: number;
  lower: number;
  upper: number;
  seed: number;
  cosines?: Float64Array;
  draws?: Int32Array[];
}

/** The semantic overlap matrix with its resample intervals. */
export interface SemanticOverlapResult {
  labels: string[];
  /** Mean cosine (row-major n x n, symmetric, diagonal 1 by convention). */
  values: Float64Array;
  sd: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  pairs: SemanticPair[];
  embedder: EmbedderInfo;
  provenance: Provenance;
}

/**
 * Per-pair seed: the first 32 bits of sha256(`${seed}|${a}|${b}`) as an unsigned integer.
 *
 * @example
 *   pairSeed(0, "gsm8k", "humaneval")  // same number on every machine
 */
export function pairSeed(seed: number, a: string, b: string): number {
  return parseInt(sha256(`${seed}|${a}|${b}`).slice(0, 8), 16);
}

/**
 * Draw one replicate: partial Fisher–Yates over `state` (a permutation of 0..|L|-1, updated in place)
 * until `n` questions are drawn or their token counts reach `budget`.
 *
 * @example
 *   const state = Int32Array.from({ length: 10 }, (_, i) => i);
 *   drawTruncated(state, new Int32Array(10).fill(5), 3, 12, createRng(1));  // 3 indices (5+5 < 12)
 */
export function drawTruncated(state: Int32Array, tokenCounts: Int32Array, n: number, budget: number, rng: { int(n: number): number }): Int32Array {
  const m = state.length;
  const out: number[] = [];
  let tokens = 0;
  for (let j = 0; j < n && tokens < budget; j++) {
    const k = j + rng.int(m - j);
    const t = state[j]; state[j] = state[k]; state[k] = t;
    out.push(state[j]);
    tokens += tokenCounts[state[j]];
  }
  return Int32Array.from(out);
}

/**
 * Size-matched bootstrap of one pair, given prepared questions and the smaller one's embedding.
 *
 * Â(a, b) = (1/T) Σ_r cos(emb(S), emb(L_r))
 *
 * @example
 *   const r = await semanticPair(emb, "a", prepA, "b", prepB, { resamples: 100, seed: 1 });
 */
export async function semanticPair(
  embedder: ConcatEmbedder,
  a: string, prepA: PreparedQuestions,
  b: string, prepB: PreparedQuestions,
  opts: SemanticOptions = {},
  headEmbedding?: Float64Array,
): Promise<SemanticPair> {
  const T = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  const aSmall = prepA.texts.length <= prepB.texts.length;
  const [small, large, pS, pL] = aSmall ? [a, b, prepA, prepB] : [b, a, prepB, prepA];
  const nS = pS.texts.length;
  const head = headEmbedding ?? (await embedder.embedConcats(pS, [Int32Array.from({ length: nS }, (_, i) => i)]))[0];
  const seed = a < b ? pairSeed(opts.seed ?? 0, a, b) : pairSeed(opts.seed ?? 0, b, a);
  const rng = createRng(seed);
  const state = Int32Array.from({ length: pL.texts.length }, (_, i) => i);
  const draws: Int32Array[] = opts.draws ?? [];
  if (!opts.draws) for (let r = 0; r < T; r++) draws.push(drawTruncated(state, pL.tokenCounts, nS, embedder.budget, rng));
  const embs = await embedder.embedConcats(pL, draws);
  const cos = Float64Array.from(embs, (e) => cosine(head, e));
  const R = cos.length;
  let mean = 0;
  for (const c of cos) mean += c;
  mean /= R;
  let ss = 0;
  for (const c of cos) ss += (c - mean) ** 2;
  const sorted = cos.slice().sort();
  const res: SemanticPair = {
    a, b, small, large, mean, sd: R > 1 ? Math.sqrt(ss / (R - 1)) : NaN,
    lower: quantile7(sorted, (1 - level) / 2), upper: quantile7(sorted, 1 - (1 - level) / 2), seed,
  };
  if (opts.keepDraws) { res.cosines = cos; res.draws = draws; }
  return res;
}

/**
 * Semantic overlap matrix of several benchmarks (all pairs), with the size-matched bootstrap.
 *
 * @example
 *   const lsa = fitLsa(sets.flatMap((s) => s.questions));
 *   const r = await semanticOverlap(sets, lsaConcatEmbedder(lsa), { resamples: 1000, seed: 0 });
 */
export async function semanticOverlap(sets: QuestionSet[], embedder: ConcatEmbedder, opts: SemanticOptions = {}): Promise<SemanticOverlapResult> {
  const n = sets.length;
  const labels = sets.map((s) => s.benchmark);
  if (new Set(labels).size !== n) throw new Error("semanticOverlap: duplicate benchmark ids");
  for (const s of sets) if (s.questions.length === 0) throw new Error(`semanticOverlap: benchmark '${s.benchmark}' has no questions`);
  const preps: PreparedQuestions[] = [];
  for (const s of sets) preps.push(await embedder.prepare(s.questions));
  const heads: Float64Array[] = [];
  for (const p of preps) heads.push((await embedder.embedConcats(p, [Int32Array.from({ length: p.texts.length }, (_, i) => i)]))[0]);
  const values = new Float64Array(n * n), sd = new Float64Array(n * n), lower = new Float64Array(n * n), upper = new Float64Array(n * n);
  const pairs: SemanticPair[] = [];
  const total = (n * (n - 1)) / 2;
  for (let i = 0; i < n; i++) {
    values[i * n + i] = 1; lower[i * n + i] = 1; upper[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const smallIdx = preps[i].texts.length <= preps[j].texts.length ? i : j;
      const p = await semanticPair(embedder, labels[i], preps[i], labels[j], preps[j], opts, heads[smallIdx]);
      pairs.push(p);
      for (const [x, y] of [[i, j], [j, i]]) {
        values[x * n + y] = p.mean; sd[x * n + y] = p.sd; lower[x * n + y] = p.lower; upper[x * n + y] = p.upper;
      }
      opts.onPair?.(pairs.length, total);
    }
  }
  const hashes: Record<string, string> = {};
  for (const s of sets) if (s.sha256) hashes[s.benchmark] = s.sha256;
  return {
    labels, values, sd, lower, upper, pairs, embedder: embedder.info,
    provenance: provenance("semantic-overlap-size-matched-bootstrap", {
      resamples: opts.resamples ?? 1000, level: opts.level ?? 0.95, embedder: embedder.info,
      separator: "\\n\\n", pairSeed: "first 32 bits of sha256(`${seed}|${a}|${b}`), a < b",
      draw: "partial Fisher-Yates, persistent per pair, stop when budget filled or n_s drawn",
      smaller: "fewer questions; ties: the one listed first", diagonal: 1,
    }, opts.seed ?? 0, hashes),
  };
}
