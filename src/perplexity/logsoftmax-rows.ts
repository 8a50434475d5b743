/**
 * Row-wise log-softmax at one target per row, over float32 logits, in float64:
 *   lp = z_target − (m + ln z),  z = Σ_v exp(z_v − m),  m = max_v z_v.
 *
 * z comes from a WebAssembly SIMD kernel (`logsumexp.wat`: a table-driven exp within 2 ulp of `Math.exp`, two lanes,
 * the lanes' partial sums added in a fixed order, eight logits per step), not from a JavaScript loop over `Math.exp`:
 * V8's `Math.exp` costs about 11 ns per logit on this machine, the kernel about 2.3, and on a small model the
 * log-softmax over the vocabulary is a large share of the scoring time. A log-prob moves by at most a few 1e-15
 * against a `Math.exp` loop (tested); its float32 value practically never does (the committed fixtures are unchanged).
 *
 * {@link logSoftmaxRowsAsync} runs a batch's rows on one helper worker thread, so the scorer can start the next
 * forward pass at once: ONNX Runtime's session.run blocks the calling thread, and the helper's log-softmax of batch k
 * overlaps the forward pass of batch k + 1 (the logits' buffer is transferred, not copied). Both threads instantiate
 * the same kernel (`KERNEL_SOURCE`), so where a row is computed changes no bit of any result (tested); it only changes
 * the wall time. `BSIG_LOGSOFTMAX_THREADS=1` keeps every row on the calling thread.
 */
import { Worker } from "node:worker_threads";
import { LOGSUMEXP_WASM_BASE64 } from "./logsumexp-wasm";

/**
 * The kernel, as source text taking the WebAssembly bytes (base64) as `B64`: run once on this thread and once in the
 * worker. Returns `{ exp, rows }`. Logits are copied into the module's memory a window at a time (up to 4M floats, or
 * one row if longer), so memory stays bounded whatever the batch or vocabulary size.
 */
const KERNEL_SOURCE = `
  const wasm = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(B64, "base64"))).exports;
  const DATA = 4096, WINDOW = 1 << 22;
  new Float64Array(wasm.memory.buffer, 0, 256).forEach((_, j, T) => { T[j] = Math.pow(2, j / 256); });
  function rows(L, V, bases, targets, wantArgmax) {
    const n = bases.length, logprobs = new Float64Array(n), argmax = new Int32Array(wantArgmax ? n : 0);
    const cap = Math.max(WINDOW, V);
    const bytes = DATA + 4 * cap;
    if (wasm.memory.buffer.byteLength < bytes) wasm.memory.grow(Math.ceil((bytes - wasm.memory.buffer.byteLength) / 65536));
    const mem = new Float32Array(wasm.memory.buffer, DATA, cap);
    let w0 = 0, w1 = 0;   // L[w0 .. w1) is in mem[0 .. w1 - w0)
    for (let r = 0; r < n; r++) {
      const b = bases[r];
      if (b < w0 || b + V > w1) {
        w0 = b; w1 = Math.min(L.length, b + cap);
        mem.set(L.subarray(w0, w1));
      }
      const z = wasm.lse(DATA + 4 * (b - w0), V);
      logprobs[r] = L[b + targets[r]] - (wasm.m.value + Math.log(z));
      if (wantArgmax) {
        let m = -Infinity, best = 0;
        for (let v = 0; v < V; v++) if (L[b + v] > m) { m = L[b + v]; best = v; }
        argmax[r] = best;
      }
    }
    return { logprobs, argmax };
  }
  return { exp: wasm.exp, rows };`;

// eslint-disable-next-line @typescript-eslint/no-implied-eval
const kernels = new Function("B64", KERNEL_SOURCE)(LOGSUMEXP_WASM_BASE64) as {
  exp: (d: number) => number;
  rows: (L: Float32Array, V: number, bases: Float64Array, targets: Int32Array, argmax: boolean) => SoftmaxRows;
};

/**
 * The kernel's exp: e^max(d, −708) for d ≤ 0 (d > 0 is outside its contract), within 2 ulp of `Math.exp`; NaN gives NaN.
 *
 * @example
 *   expKernel(0) === 1;   // true
 */
export const expKernel = kernels.exp;

/**
 * ln softmax(L[base .. base + V))[target] for one row.
 *
 * @example
 *   logSoftmaxRow(Float32Array.of(0, 0), 0, 2, 1) === -Math.LN2;   // true
 */
export function logSoftmaxRow(L: Float32Array, base: number, V: number, target: number): number {
  return kernels.rows(L, V, Float64Array.of(base), Int32Array.of(target), false).logprobs[0];
}

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
const k = new Function("B64", ${JSON.stringify(KERNEL_SOURCE)})(${JSON.stringify(LOGSUMEXP_WASM_BASE64)});
parentPort.on("message", (j) => {
  try {
    const r = k.rows(j.logits, j.V, j.bases, j.targets, j.argmax);
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
  if (!h) return computeHere(logits, V, bases, targets, argmax);
  // Transfer only a buffer the array owns whole; a view into a larger (or shared, or pooled) buffer is copied first.
  const own = logits.buffer instanceof ArrayBuffer && logits.byteOffset === 0 && logits.byteLength === logits.buffer.byteLength;
  const data = own ? logits : logits.slice();
  const id = h.next++;
  h.worker.ref();   // a pending job keeps the process alive (an idle helper does not)
  try {
    h.worker.postMessage({ id, logits: data, V, bases, targets, argmax }, [data.buffer as ArrayBuffer]);
  } catch {
    // Not transferable after all (the buffer is still ours): compute here.
    if (h.jobs.size === 0) h.worker.unref();
    return computeHere(data, V, bases, targets, argmax);
  }
  logSoftmaxCalls.helper++;
  return new Promise<SoftmaxRows>((resolve, reject) => h.jobs.set(id, { resolve, reject }));
}

function computeHere(logits: Float32Array, V: number, bases: Float64Array, targets: Int32Array, argmax: boolean): Promise<SoftmaxRows> {
  logSoftmaxCalls.here++;
  try { return Promise.resolve(kernels.rows(logits, V, bases, targets, argmax)); } catch (e) { return Promise.reject(e as Error); }
}
