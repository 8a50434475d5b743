/**
 * Row-wise log-softmax at one target per row, over float32 logits, in float64:
 *   lp = z_target − (m + ln Σ_v exp(z_v − m)),  m = max_v z_v,  summed in vocabulary order.
 *
 * Large batches are split between the calling thread and one helper worker thread. ONNX Runtime runs its forward
 * pass on the calling thread plus its own pool, whose threads sit idle while JavaScript takes the log-softmax, so the
 * second core would otherwise wait. Both threads run the same expression (`ROW_SOURCE`, compiled in each) with the
 * same `Math.exp`, so the split changes no bit of any result (tested); it only changes the wall time.
 */
import { Worker } from "node:worker_threads";

/** The per-row computation, as source text: compiled once on this thread and once in the worker. */
const ROW_SOURCE = `
  const end = base + V;
  let m = -Infinity;
  for (let i = base; i < end; i++) { const x = L[i]; if (x > m) m = x; }
  let z = 0;
  for (let i = base; i < end; i++) z += Math.exp(L[i] - m);
  return L[base + target] - (m + Math.log(z));`;

/**
 * ln softmax(L[base .. base + V))[target] for one row (the expression above).
 *
 * @example
 *   logSoftmaxRow(Float32Array.of(0, 0), 0, 2, 1) === -Math.LN2;   // true
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
export const logSoftmaxRow = new Function("L", "base", "V", "target", ROW_SOURCE) as (L: Float32Array, base: number, V: number, target: number) => number;

/** Rows x vocabulary below which the split is not worth a hand-off (about 1 ms of work on this machine). */
const MIN_SPLIT_ELEMENTS = 1 << 17;

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const row = new Function("L", "base", "V", "target", ${JSON.stringify(ROW_SOURCE)});
parentPort.on("message", (j) => {
  const L = new Float32Array(j.logits, 0, j.nLogits), bases = new Float64Array(j.rows, 0, j.nRows), targets = new Int32Array(j.rows, 8 * j.cap, j.nRows);
  const out = new Float64Array(j.out, 0, j.nRows), ctrl = new Int32Array(j.ctrl);
  try { for (let r = j.from; r < j.nRows; r++) out[r] = row(L, bases[r], j.V, targets[r]); Atomics.store(ctrl, 0, 2); }
  catch (e) { Atomics.store(ctrl, 0, 3); }
  Atomics.notify(ctrl, 0);
});`;

interface Helper {
  worker: Worker;
  ctrl: Int32Array;
  logits: SharedArrayBuffer;
  rows: SharedArrayBuffer;
  out: SharedArrayBuffer;
  cap: number;
}

let helper: Helper | null | undefined;

/** How many {@link logSoftmaxRows} calls were split across the two threads, and how many stayed on this one. */
export const logSoftmaxCalls = { split: 0, single: 0 };

function getHelper(nLogits: number, nRows: number): Helper | null {
  if (helper === null) return null;
  if (helper === undefined) {
    if (process.env.BSIG_LOGSOFTMAX_THREADS === "1") { helper = null; return null; }
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.unref();
      worker.on("error", () => { helper = null; });
      helper = { worker, ctrl: new Int32Array(new SharedArrayBuffer(4)), logits: new SharedArrayBuffer(0), rows: new SharedArrayBuffer(0), out: new SharedArrayBuffer(0), cap: 0 };
    } catch {
      helper = null;
      return null;
    }
  }
  const h = helper;
  if (h.logits.byteLength < 4 * nLogits) h.logits = new SharedArrayBuffer(4 * Math.ceil(nLogits * 1.25));
  if (h.cap < nRows) {
    h.cap = Math.ceil(nRows * 1.25);
    h.rows = new SharedArrayBuffer(12 * h.cap);
    h.out = new SharedArrayBuffer(8 * h.cap);
  }
  return h;
}

/**
 * out[r] = ln softmax(logits[bases[r] .. bases[r] + V))[targets[r]] for every row r, in float64 (bases are
 * element offsets, float64 so that logits past 2^31 elements stay addressable).
 *
 * @example
 *   const lp = logSoftmaxRows(Float32Array.of(0, 0, 0, 0), 4, Float64Array.of(0), Int32Array.of(2));
 *   lp[0] === -Math.log(4);   // true
 */
export function logSoftmaxRows(logits: Float32Array, V: number, bases: Float64Array, targets: Int32Array): Float64Array {
  const n = bases.length;
  const out = new Float64Array(n);
  const h = n >= 2 && n * V >= MIN_SPLIT_ELEMENTS ? getHelper(logits.length, n) : null;
  if (!h) {
    logSoftmaxCalls.single++;
    for (let r = 0; r < n; r++) out[r] = logSoftmaxRow(logits, bases[r], V, targets[r]);
    return out;
  }
  logSoftmaxCalls.split++;
  // The helper takes the second half of the rows; both read the logits from shared memory.
  const half = n >> 1;
  new Float32Array(h.logits, 0, logits.length).set(logits);
  new Float64Array(h.rows, 0, n).set(bases);
  new Int32Array(h.rows, 8 * h.cap, n).set(targets);
  Atomics.store(h.ctrl, 0, 1);
  h.worker.postMessage({ logits: h.logits, nLogits: logits.length, rows: h.rows, cap: h.cap, out: h.out, ctrl: h.ctrl.buffer, nRows: n, from: half, V });
  for (let r = 0; r < half; r++) out[r] = logSoftmaxRow(logits, bases[r], V, targets[r]);
  Atomics.wait(h.ctrl, 0, 1, 30_000);
  const state = Atomics.load(h.ctrl, 0);
  if (state !== 2) {
    // The helper failed (or timed out): compute its rows here; the results are the same either way.
    helper = null;
    for (let r = half; r < n; r++) out[r] = logSoftmaxRow(logits, bases[r], V, targets[r]);
    return out;
  }
  out.set(new Float64Array(h.out, 8 * half, n - half), half);
  return out;
}
