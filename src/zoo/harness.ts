/**
 * Multiple-choice scoring by option log-likelihood (the lm-evaluation-harness convention).
 *
 * For item q with context c and options o_1..o_k, each option's score is the summed log-probability of
 * its tokens given the context: ll_j = Σ_t ln p(o_j,t | c, o_j,<t) (nats; from the perplexity engine's
 * `continuationLogprobs`). Two normalisations are reported:
 * - acc:      pred = argmax_j ll_j                     (raw sum; lm-eval `acc`)
 * - acc_norm: pred = argmax_j ll_j / bytes(o_j)         (per UTF-8 byte of the option; lm-eval `acc_norm`
 *   divides by the option's length in characters, which is the same for ASCII options)
 * Ties go to the lowest option index (numpy argmax). Each benchmark names one of them as its metric
 * (index.json `metric`): acc where the options have equal length by construction (nextword, wordorder,
 * spelling, MMLU letters), acc_norm where they do not (nextspan, HellaSwag).
 */
import type { Benchmark, BenchMetric } from "./benchmarks-types";
import { byteLength } from "./benchmarks-text";

/** A request for one option: its context and the option as a continuation. */
export interface OptionRequest { context: string; continuation: string }

/** Scores continuations: summed log-prob (nats) of each continuation given its context. */
export type ContinuationScorer = (reqs: OptionRequest[]) => Promise<{ logprob: number }[]>;

/** Per-item results of one model on one benchmark. */
export interface BenchmarkRun {
  name: string;
  metric: BenchMetric;
  nItems: number;
  nOptions: number;
  /** ll_j per item and option, row-major [item][option]. */
  logprobs: Float64Array;
  /** 1 when the item is answered correctly under the benchmark's metric. */
  correct: Uint8Array;
  acc: number;
  accNorm: number;
  /** acc or accNorm, whichever is the benchmark's metric. */
  score: number;
}

/**
 * Index of the largest value (first one on ties); NaN never wins unless all are NaN (then 0).
 *
 * argmax_j x_j
 *
 * @example
 *   argmaxFirst([1, 3, 3])  // 1
 */
export function argmaxFirst(x: ArrayLike<number>): number {
  let best = 0, bv = -Infinity;
  for (let j = 0; j < x.length; j++) if (x[j] > bv) { bv = x[j]; best = j; }
  return best;
}

/**
 * Score every item of a benchmark with one model: all options of all items go to the scorer in one
 * call (the engine batches them), then acc and acc_norm are computed.
 *
 * acc = mean_q 1[argmax_j ll_qj = answer_q];  acc_norm = mean_q 1[argmax_j ll_qj / bytes(o_qj) = answer_q]
 *
 * @example
 *   const run = await evaluateBenchmark((reqs) => continuationLogprobs(lm, reqs, { batchSize: 16 }), bench);
 *   run.score;
 */
export async function evaluateBenchmark(score: ContinuationScorer, bench: Benchmark): Promise<BenchmarkRun> {
  const k = bench.spec.options;
  const reqs: OptionRequest[] = [];
  for (const it of bench.items) for (const o of it.options) reqs.push({ context: it.context, continuation: o });
  const res = await score(reqs);
  if (res.length !== reqs.length) throw new Error(`scorer returned ${res.length} results for ${reqs.length} requests`);
  const n = bench.items.length;
  const logprobs = new Float64Array(n * k);
  for (let r = 0; r < reqs.length; r++) logprobs[r] = res[r].logprob;
  return runFromLogprobs(bench, logprobs);
}

/**
 * Compute acc / acc_norm from already-scored option log-probs (row-major [item][option]).
 *
 * @example
 *   runFromLogprobs(bench, Float64Array.from([-1, -2, -3, -0.5])).acc
 */
export function runFromLogprobs(bench: Benchmark, logprobs: Float64Array): BenchmarkRun {
  const k = bench.spec.options, n = bench.items.length;
  if (logprobs.length !== n * k) throw new Error(`${bench.spec.name}: ${logprobs.length} log-probs for ${n} items x ${k} options`);
  const correct = new Uint8Array(n);
  let nAcc = 0, nNorm = 0;
  const norm = new Float64Array(k);
  for (let q = 0; q < n; q++) {
    const it = bench.items[q];
    const ll = logprobs.subarray(q * k, (q + 1) * k);
    for (let j = 0; j < k; j++) norm[j] = ll[j] / byteLength(it.options[j]);
    const a = argmaxFirst(ll) === it.answer ? 1 : 0;
    const b = argmaxFirst(norm) === it.answer ? 1 : 0;
    nAcc += a; nNorm += b;
    correct[q] = bench.spec.metric === "acc" ? a : b;
  }
  const acc = nAcc / n, accNorm = nNorm / n;
  return { name: bench.spec.name, metric: bench.spec.metric, nItems: n, nOptions: k, logprobs, correct, acc, accNorm, score: bench.spec.metric === "acc" ? acc : accNorm };
}
