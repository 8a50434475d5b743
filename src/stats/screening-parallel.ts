/**
 * Multi-threaded ranks + statistics (worker_threads over SharedArrayBuffers): the feature range is
 * split into contiguous slices, one per thread; each slice is ranked and scored by the same code as
 * the single-threaded path, so the output is bit-identical for any thread count. Workers are pooled
 * (started on first use, reused, unref'd) so repeated calls do not pay the start-up again.
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { extname, join } from "node:path";
import type { RankedFeatures } from "./screening-ranks";
import { orientScores, type ScoreTarget, type ScreeningStatistics } from "./screening";
import type { ScreeningMethod } from "./screening-methods";
import { runScreeningJob, type ScreeningWorkerJob } from "./screening-worker";

/** Options of the parallel screen. */
export interface ParallelScreenOptions {
  /** Worker threads (default: available cores); 1 runs in this thread. */
  threads?: number;
  /** Statistics storage (default float64). */
  precision?: "float64" | "float32";
  /** Features per kernel block (default 512). */
  blockSize?: number;
}

function shared<T extends Float32Array | Float64Array>(Ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T {
  return new Ctor(new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT));
}

function toShared(x: Float32Array | Float64Array): Float32Array | Float64Array {
  if (x.buffer instanceof SharedArrayBuffer) return x;
  const y = x instanceof Float32Array ? shared(Float32Array, x.length) : shared(Float64Array, x.length);
  y.set(x);
  return y;
}

/**
 * Start a worker on this folder's screening-worker module. Compiled (.js): the file itself. Running the
 * TypeScript sources (tests, `npm run bench`): a tiny CommonJS bootstrap that registers tsx's require
 * hook first (Node 20 does not apply `--import tsx` before a worker's entry file).
 */
function startWorker(): Worker {
  const workerData = { bsigScreeningPool: true };
  const ext = extname(__filename);
  const file = join(__dirname, `screening-worker${ext}`);
  if (ext === ".js") return new Worker(file, { workerData });
  const boot = `require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(file)});`;
  return new Worker(boot, { eval: true, workerData, execArgv: [] });
}

const pool: Worker[] = [];
let nextId = 1;

/** Run one job on pool worker i (started on first use, kept unref'd so it never holds the process open). */
function runOnWorker(i: number, job: ScreeningWorkerJob): Promise<number> {
  if (!pool[i]) { pool[i] = startWorker(); pool[i].unref(); }
  const w = pool[i], id = nextId++;
  return new Promise<number>((resolve, reject) => {
    const done = (): void => { w.off("message", onMessage); w.off("error", onError); w.unref(); };
    const onMessage = (msg: { id: number; ok: boolean; nTied?: number; error?: string }): void => {
      if (msg.id !== id) return;
      done();
      if (msg.ok) resolve(msg.nTied!); else reject(new Error(`screening worker: ${msg.error}`));
    };
    const onError = (e: Error): void => { done(); if (pool[i] === w) delete pool[i]; reject(e); };
    w.on("message", onMessage);
    w.on("error", onError);
    w.ref(); // keep the process alive while this job is in flight
    w.postMessage({ id, job });
  });
}

/**
 * Stop the pooled screening workers (they are unref'd, so this is only needed to free them early).
 *
 * @example
 *   await closeScreeningWorkers();
 */
export async function closeScreeningWorkers(): Promise<void> {
  const ws = pool.splice(0, pool.length).filter(Boolean);
  await Promise.all(ws.map((w) => w.terminate()));
}

/**
 * Ranks and statistics of every feature against every target, using `threads` worker threads.
 * Returns the ranks too (shared memory), so they can be reused for other methods or targets.
 *
 * @example
 *   const { ranked, stats } = await screeningStatisticsParallel(X, 32, targets, "thrush", { threads: 2, precision: "float32" });
 */
export async function screeningStatisticsParallel(
  x: Float32Array | Float64Array, nModels: number, targets: ScoreTarget[], method: ScreeningMethod,
  opts: ParallelScreenOptions = {},
): Promise<{ ranked: RankedFeatures; stats: ScreeningStatistics }> {
  const m = nModels;
  if (x.length % m !== 0) throw new Error(`screeningStatisticsParallel: ${x.length} values is not a multiple of ${m} models`);
  const d = x.length / m, nb = targets.length;
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), Math.ceil(d / 4096)));
  const B = opts.blockSize ?? 512;
  const ys = targets.map(orientScores);
  const f32 = opts.precision === "float32";
  const single = threads === 1;
  const source = single ? x : toShared(x);
  const centred = single ? new Float32Array(d * m) : shared(Float32Array, d * m);
  const norm = single ? new Float64Array(d) : shared(Float64Array, d);
  const out = single ? (f32 ? new Float32Array(nb * d) : new Float64Array(nb * d)) : (f32 ? shared(Float32Array, nb * d) : shared(Float64Array, nb * d));
  const job = (f0: number, f1: number): ScreeningWorkerJob => ({ method, nModels: m, nFeatures: d, f0, f1, source, centred, norm, ys, out, blockSize: B });
  let nTied = 0;
  if (single) {
    nTied = runScreeningJob(job(0, d));
  } else {
    const cuts = Array.from({ length: threads + 1 }, (_, t) => Math.round((t * d) / threads));
    const results = await Promise.all(cuts.slice(0, -1).map((f0, t) => runOnWorker(t, job(f0, cuts[t + 1]))));
    nTied = results.reduce((a, b) => a + b, 0);
  }
  const ranked: RankedFeatures = { nModels: m, nFeatures: d, centred, norm, nTied, source };
  return { ranked, stats: { method, targets: targets.map((t) => t.name), nFeatures: d, values: out } };
}
