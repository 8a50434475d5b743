/**
 * Row-wise log-softmax at one target per row, over float32 logits, in float64:
 *   lp = z_target − (m + ln Σ_v exp(z_v − m)),  m = max_v z_v,  summed in vocabulary order.
 *
 * exp is this module's own table-driven kernel ({@link expNonPositive}), not `Math.exp`: V8's `Math.exp` costs about
 * 11 ns here, which on a small model is a quarter of the scoring time; the kernel costs about 3 ns and stays within
 * 2 ulp of `Math.exp` (tested), so a log-prob moves by at most a few 1e-15 and its float32 value almost never moves.
 *
 * {@link logSoftmaxRowsAsync} runs a batch's rows on one helper worker thread, so the scorer can start the next
 * forward pass at once: ONNX Runtime's session.run blocks the calling thread, and the helper's log-softmax of batch k
 * overlaps the forward pass of batch k + 1 (the logits' buffer is transferred, not copied). Both threads compile the
 * same source (`KERNEL_SOURCE`), so where a row is computed changes no bit of any result (tested); it only changes
 * the wall time. `BSIG_LOGSOFTMAX_THREADS=1` keeps every row on the calling thread.
 */
import { Worker } from "node:worker_threads";

/**
 * The kernels, as source text: compiled once on this thread and once in the worker. Returns `{ exp, row, rows }`.
 *
 * exp(d), d ≤ 0: n = round(256 d / ln 2), j = n mod 256, k = floor(n / 256), r = d − n ln2/256 (Cody–Waite: ln 2 in
 * two parts, n·HI exact), |r| ≤ ln2/512; exp(d) = 2^k · 2^(j/256) · p(r), p the degree-4 Taylor polynomial
 * (truncation < 4e-17 relative). Rounding to an integer uses the 1.5·2^52 shift; d < −745 (exp underflows) gives 0.
 */
const KERNEL_SOURCE = `
  const T = new Float64Array(256);
  for (let j = 0; j < 256; j++) T[j] = Math.pow(2, j / 256);
  const P = new Float64Array(1080);
  for (let i = 0; i < 1080; i++) P[i] = Math.pow(2, i - 1079);
  const INV = 256 / Math.LN2, HI = 6.93147180369123816490e-01 / 256, LO = 1.90821492927058770002e-10 / 256;
  const SHIFT = 6755399441055744;
  function exp(d) {
    if (d < -745) return 0;
    const n = (d * INV + SHIFT) - SHIFT;
    const r = (d - n * HI) - n * LO;
    return T[n & 255] * P[(n >> 8) + 1079] * (1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24)))));
  }
  function row(L, base, V, target) {
    const end = base + V;
    let m = -Infinity;
    for (let i = base; i < end; i++) { const x = L[i]; if (x > m) m = x; }
    let z = 0;
    for (let i = base; i < end; i++) z += exp(L[i] - m);
    return L[base + target] - (m + Math.log(z));
  }
  function rows(L, V, bases, targets, wantArgmax) {
    const n = bases.length, logprobs = new Float64Array(n), argmax = new Int32Array(wantArgmax ? n : 0);
    for (let r = 0; r < n; r++) {
      logprobs[r] = row(L, bases[r], V, targets[r]);
      if (wantArgmax) {
        const b = bases[r];
        let m = -Infinity, best = 0;
        for (let v = 0; v < V; v++) if (L[b + v] > m) { m = L[b + v]; best = v; }
        argmax[r] = best;
      }
    }
    return { logprobs, argmax };
  }
  return { exp, row, rows };`;

// eslint-disable-next-line @typescript-eslint/no-implied-eval
const kernels = new Function(KERNEL_SOURCE)() as {
  exp: (d: number) => number;
  row: (L: Float32Array, base: number, V: number, target: number) => number;
  rows: (L: Float32Array, V: number, bases: Float64Array, targets: Int32Array, argmax: boolean) => SoftmaxRows;
};

/**
 * e^d for d ≤ 0 (d > 0 is outside its contract), within 2 ulp of `Math.exp`; NaN gives NaN, −∞ gives 0.
 *
 * @example
 *   expNonPositive(0) === 1;   // true
 */
export const expNonPositive = kernels.exp;

/**
 * ln softmax(L[base .. base + V))[target] for one row (the expression above).
 *
 * @example
 *   logSoftmaxRow(Float32Array.of(0, 0), 0, 2, 1) === -Math.LN2;   // true
 */
export const logSoftmaxRow = kernels.row;

/** Rows and argmaxes of one batch (see {@link logSoftmaxRowsAsync}). */
export interface SoftmaxRows {
  /** logprobs[r] = ln softmax(logits[bases[r] .. bases[r] + V))[targets[r]]. */
  logprobs: Float64Array;
  /** Index of the first largest logit of each row; empty unless asked for. */
  argmax: Int32Array;
}

/**
 * out[r] = ln softmax(logits[bases[r] .. bases[r] + V))[targets[r]] for every row r, in float64, on this thread
 * (bases are element offsets, float64 so that logits past 2^31 elements stay addressable).
 *
 * @example
 *   const lp = logSoftmaxRows(Float32Array.of(0, 0, 0, 0), 4, Float64Array.of(0), Int32Array.of(2));
 *   lp[0] === -Math.log(4);   // true
 */
export function logSoftmaxRows(logits: Float32Array, V: number, bases: Float64Array, targets: Int32Array): Float64Array {
  return kernels.rows(logits, V, bases, targets, false).logprobs;
}

/** Where {@link logSoftmaxRowsAsync} computed its batches: on the helper thread, or here. */
export const logSoftmaxCalls = { helper: 0, here: 0 };

interface Job { resolve: (r: SoftmaxRows) => void; reject: (e: Error) => void }
interface Helper { worker: Worker; jobs: Map<number, Job>; next: number }
let helper: Helper | null | undefined;

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const k = new Function(${JSON.stringify(KERNEL_SOURCE)})();
parentPort.on("message", (j) => {
  try {
    const r = k.rows(new Float32Array(j.logits, j.offset, j.length), j.V, j.bases, j.targets, j.argmax);
    parentPort.postMessage({ id: j.id, logprobs: r.logprobs, argmax: r.argmax }, [r.logprobs.buffer, r.argmax.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: j.id, error: String(e && e.stack || e) });
  }
});`;

function getHelper(): Helper | null {
  if (helper !== undefined) return helper;
  if (process.env.BSIG_LOGSOFTMAX_THREADS === "1") return (helper = null);
  try {
    const h: Helper = { worker: new Worker(WORKER_SOURCE, { eval: true }), jobs: new Map(), next: 0 };
    h.worker.unref();
    h.worker.on("message", (m: { id: number; logprobs?: Float64Array; argmax?: Int32Array; error?: string }) => {
      const job = h.jobs.get(m.id);
      if (!job) return;
      h.jobs.delete(m.id);
      if (h.jobs.size === 0) h.worker.unref();
      if (m.error !== undefined) job.reject(new Error(`log-softmax helper thread: ${m.error}`));
      else job.resolve({ logprobs: m.logprobs!, argmax: m.argmax! });
    });
    const fail = (e: Error) => {
      helper = null;
      for (const job of h.jobs.values()) job.reject(new Error(`log-softmax helper thread failed (${e.message}); BSIG_LOGSOFTMAX_THREADS=1 keeps the work on the main thread`));
      h.jobs.clear();
    };
    h.worker.on("error", fail);
    h.worker.on("exit", (code) => fail(new Error(`exited with code ${code}`)));
    return (helper = h);
  } catch {
    return (helper = null);
  }
}

/**
 * The rows of {@link logSoftmaxRows} (and each row's argmax when `argmax` is set), computed on the helper thread
 * while the caller goes on; on this thread when there is no helper. When `logits` owns its whole buffer, the buffer is
 * transferred to the helper and the caller must not read `logits` again (it is detached); a view into a larger buffer
 * is copied instead. Same bits either way.
 *
 * @example
 *   const pending = logSoftmaxRowsAsync(logits, V, bases, targets, false);
 *   const next = await lm.forward(...);            // the helper works meanwhile
 *   const { logprobs } = await pending;
 */
export function logSoftmaxRowsAsync(logits: Float32Array, V: number, bases: Float64Array, targets: Int32Array, argmax: boolean): Promise<SoftmaxRows> {
  const h = getHelper();
  if (!h) {
    logSoftmaxCalls.here++;
    try { return Promise.resolve(kernels.rows(logits, V, bases, targets, argmax)); } catch (e) { return Promise.reject(e as Error); }
  }
  // Transfer only a buffer the array owns whole; a view into a larger (or shared, or pooled) buffer is copied first.
  const own = logits.buffer instanceof ArrayBuffer && logits.byteOffset === 0 && logits.byteLength === logits.buffer.byteLength;
  const data = own ? logits : logits.slice();
  const id = h.next++;
  return new Promise<SoftmaxRows>((resolve, reject) => {
    h.jobs.set(id, { resolve, reject });
    // A pending job keeps the process alive (an idle helper does not).
    h.worker.ref();
    try {
      h.worker.postMessage({ id, logits: data.buffer, offset: 0, length: data.length, V, bases, targets, argmax }, [data.buffer as ArrayBuffer]);
      logSoftmaxCalls.helper++;
    } catch {
      // Not transferable after all (the buffer is still ours): compute here.
      h.jobs.delete(id);
      if (h.jobs.size === 0) h.worker.unref();
      logSoftmaxCalls.here++;
      try { resolve(kernels.rows(data, V, bases, targets, argmax)); } catch (e) { reject(e as Error); }
    }
  });
}
