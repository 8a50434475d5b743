import type { CausalLM } from "./model";
import { logSoftmaxRowsAsync } from "./logsoftmax-rows";
import { tokenSpans } from "./spans";

/** Token log-probs of one text (see {@link tokenLogprobs}). */
export interface TextLogprobs {
  text: string;
  /** Token ids of the text (BOS not included). */
  ids: Int32Array;
  /** UTF-16 char span [start, end) of each token in `text`. */
  starts: Int32Array;
  ends: Int32Array;
  /** Index of each token's first non-whitespace char, -1 if the token is all whitespace. */
  anchors: Int32Array;
  /** ln p(ids[i] | BOS, ids[<i]) in nats; NaN where the token was cut off by the context limit. */
  logprobs: Float64Array;
}

/** Options for batched scoring. */
export interface BatchOptions {
  /** Sequences per forward pass (default 8). Results do not depend on it. */
  batchSize?: number;
}

/** Next-token log-probs of one id sequence, and the argmax token at each position. */
export interface SequenceScores {
  logprobs: Float64Array;
  argmax: Int32Array;
}

/**
 * Log-probs of each next token for id sequences (BOS included): out[s][i] = ln p(seq[i+1] | seq[0..i]).
 * Sequences are grouped by length and right-padded; padding never changes a result (causal attention,
 * padded keys masked). Log-softmax is taken in float64 from the float32 logits:
 * ln p = z_t − (m + ln Σ_v exp(z_v − m)), m = max_v z_v.
 *
 * @example
 *   const [lp] = await scoreSequences(lm, [Int32Array.of(lm.bosId, 72, 105)]);   // lp.length === 2
 */
export async function scoreSequences(lm: CausalLM, seqs: Int32Array[], opts: BatchOptions = {}): Promise<Float64Array[]> {
  return (await scoreBatches(lm, seqs, opts, false)).map((s) => s.logprobs);
}

/**
 * {@link scoreSequences} plus the argmax token of each position (for lm-eval's `is_greedy`).
 *
 * @example
 *   const [{ logprobs, argmax }] = await scoreSequencesDetailed(lm, [Int32Array.of(lm.bosId, 72)]);
 */
export async function scoreSequencesDetailed(lm: CausalLM, seqs: Int32Array[], opts: BatchOptions = {}): Promise<SequenceScores[]> {
  return scoreBatches(lm, seqs, opts, true);
}

const NO_ARGMAX = new Int32Array(0);

/**
 * The batched forward passes behind every scorer. With `tails`, only the last tails[s] next-token positions
 * of sequence s get a log-prob (and argmax); earlier ones are NaN (and 0). Skipping them changes no computed
 * value: each position's log-softmax reads only its own logits row.
 *
 * Pipelined: batch k's log-softmax runs on the helper thread ({@link logSoftmaxRowsAsync}) while this thread runs
 * batch k + 1's forward pass; at most one batch is in flight, and every result is the same as computed in order.
 * Results do not depend on the grouping or its order (tested: batch sizes 1, 3 and 8 give the same bytes).
 */
async function scoreBatches(lm: CausalLM, seqs: Int32Array[], opts: BatchOptions, wantArgmax: boolean, tails?: Int32Array): Promise<SequenceScores[]> {
  const bs = Math.max(1, Math.floor(opts.batchSize ?? 8));
  const out: SequenceScores[] = new Array(seqs.length);
  const order = seqs.map((s, i) => i).sort((a, b) => seqs[a].length - seqs[b].length || a - b);
  const V = lm.vocabSize;
  const bos = BigInt(lm.bosId);
  let inFlight: Promise<void> | null = null;
  let failure: Error | null = null;
  // Batches are groups of `bs` in ascending length, run longest group first: the last batch, whose log-softmax
  // nothing overlaps, is then the shortest.
  for (let k = Math.floor((order.length - 1) / bs) * bs; k >= 0; k -= bs) {
    const B = Math.min(bs, order.length - k);
    let T = 1;
    for (let r = 0; r < B; r++) T = Math.max(T, seqs[order[k + r]].length);
    const ids = new BigInt64Array(B * T).fill(bos);
    const mask = new BigInt64Array(B * T);
    for (let r = 0; r < B; r++) {
      const s = seqs[order[k + r]];
      for (let t = 0, o = r * T; t < s.length; t++, o++) { ids[o] = BigInt(s[t]); mask[o] = 1n; }
    }
    const logits = await lm.forward(ids, mask, B, T);
    if (inFlight) await inFlight;
    if (failure) throw failure;
    const Vl = logits.length / (B * T);
    if (Vl < V) throw new Error(`logits have ${Vl} entries per position, vocabulary is ${V}`);
    // One log-softmax row per scored position of the batch.
    const batch = order.slice(k, k + B), froms = new Int32Array(B);
    let nRows = 0;
    for (let r = 0; r < B; r++) {
      const n = Math.max(0, seqs[batch[r]].length - 1);
      froms[r] = tails ? Math.max(0, n - tails[batch[r]]) : 0;
      nRows += n - froms[r];
    }
    const bases = new Float64Array(nRows), targets = new Int32Array(nRows);
    for (let r = 0, j = 0; r < B; r++) {
      const s = seqs[batch[r]];
      for (let t = froms[r], n = Math.max(0, s.length - 1); t < n; t++, j++) { bases[j] = (r * T + t) * Vl; targets[j] = s[t + 1]; }
    }
    // The rejection is caught at once (and rethrown above or below), so it is never an unhandled one.
    inFlight = logSoftmaxRowsAsync(logits, Vl, bases, targets, wantArgmax).then(
      (rows) => {
        for (let r = 0, j = 0; r < B; r++) {
          const n = Math.max(0, seqs[batch[r]].length - 1);
          const lp = new Float64Array(n).fill(NaN, 0, froms[r]);
          lp.set(rows.logprobs.subarray(j, j + n - froms[r]), froms[r]);
          const am = wantArgmax ? new Int32Array(n) : NO_ARGMAX;
          if (wantArgmax) am.set(rows.argmax.subarray(j, j + n - froms[r]), froms[r]);
          j += n - froms[r];
          out[batch[r]] = { logprobs: lp, argmax: am };
        }
      },
      (e: Error) => { failure = e; });
  }
  if (inFlight) await inFlight;
  if (failure) throw failure;
  return out;
}

/**
 * Per-token log-probs of texts under `lm`, with each token's character span. BOS (or EOS, as GPT-2) is
 * prepended so the first token is scored. A text longer than the model's context keeps its last
 * `maxPositions − 1` tokens in context; the tokens before them get NaN.
 *
 * @example
 *   const [r] = await tokenLogprobs(lm, ["Café 🙂"]);
 *   r.logprobs.reduce((a, b) => a + b, 0);   // ln p(text | BOS)
 */
export async function tokenLogprobs(lm: CausalLM, texts: string[], opts: BatchOptions = {}): Promise<TextLogprobs[]> {
  const enc = texts.map((t) => Int32Array.from(lm.tokenizer.encode(t)));
  const limit = lm.maxPositions - 1;
  const seqs = enc.map((ids) => {
    const kept = ids.length > limit ? ids.subarray(ids.length - limit) : ids;
    const s = new Int32Array(kept.length + 1);
    s[0] = lm.bosId; s.set(kept, 1);
    return s;
  });
  const lps = await scoreSequences(lm, seqs, opts);
  return texts.map((text, i) => {
    const ids = enc[i];
    const lp = new Float64Array(ids.length).fill(NaN);
    lp.set(lps[i], ids.length - lps[i].length);
    return { text, ids, ...tokenSpans(text, ids, lm.tokenizer), logprobs: lp };
  });
}

/** One lm-eval style loglikelihood request. */
export interface ContinuationRequest { context: string; continuation: string }
/** Its result: summed ln p of the continuation tokens, their count, and whether each was the argmax. */
export interface ContinuationResult { logprob: number; nTokens: number; greedy: boolean }

/**
 * lm-eval `loglikelihood`: tokenize context and continuation separately (a trailing space of the context
 * moves to the continuation), score BOS + context + continuation, sum the continuation's log-probs.
 *
 * @example
 *   const [r] = await continuationLogprobs(lm, [{ context: "2+2 =", continuation: " 4" }]);
 */
export async function continuationLogprobs(lm: CausalLM, reqs: ContinuationRequest[], opts: BatchOptions = {}): Promise<ContinuationResult[]> {
  const parts = reqs.map(({ context, continuation }) => {
    const trail = context.length - context.trimEnd().length;
    const ctx = context.slice(0, context.length - trail), cont = context.slice(context.length - trail) + continuation;
    return { ctx: lm.tokenizer.encode(ctx), cont: lm.tokenizer.encode(cont) };
  });
  const seqs = parts.map(({ ctx, cont }) => Int32Array.from([lm.bosId, ...ctx, ...cont].slice(-lm.maxPositions)));
  const tails = Int32Array.from(parts, (p, i) => Math.min(p.cont.length, seqs[i].length - 1));
  const scored = await scoreBatches(lm, seqs, opts, true, tails);
  return parts.map((p, i) => {
    const { logprobs: lp, argmax } = scored[i];
    const seq = seqs[i];
    let s = 0, greedy = true;
    for (let t = lp.length - p.cont.length; t < lp.length; t++) { s += lp[t]; if (argmax[t] !== seq[t + 1]) greedy = false; }
    return { logprob: s, nTokens: p.cont.length, greedy };
  });
}
