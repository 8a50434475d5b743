/**
 * Worker side of `screeningStatisticsParallel`: ranks and scores one contiguous range of features,
 * reading the source matrix and writing ranks and statistics into shared memory. Each feature's
 * numbers are computed by exactly the code the single-threaded path runs, so results do not depend
 * on the number of threads.
 */
import { parentPort, workerData } from "node:worker_threads";
import { rankBlockInto, type RankedFeatures } from "./screening-ranks";
import { methodEngine, type ScreeningMethod } from "./screening-methods";

/** What the main thread sends each worker. */
export interface ScreeningWorkerJob {
  method: ScreeningMethod;
  nModels: number;
  nFeatures: number;
  f0: number;
  f1: number;
  source: Float32Array | Float64Array;
  centred: Float32Array;
  norm: Float64Array;
  ys: Float64Array[];
  out: Float32Array | Float64Array;
  blockSize: number;
}

/**
 * Rank features f0..f1−1 and write their statistics for every target into `out` (targets x features).
 * Used by the worker threads and, for the range [0, d), by the single-threaded fallback.
 *
 * @example
 *   runScreeningJob(job);  // fills job.centred, job.norm and job.out for its range
 */
export function runScreeningJob(job: ScreeningWorkerJob): number {
  const { nModels: m, nFeatures: d, f0, f1, blockSize: B } = job;
  const nTied = rankBlockInto(job.source, m, d, f0, f1 - f0, job.centred, job.norm, f0);
  const ranked: RankedFeatures = { nModels: m, nFeatures: d, centred: job.centred, norm: job.norm, nTied, source: job.source };
  const engine = methodEngine(job.method, job.ys);
  const nb = job.ys.length;
  const scratch = new Float64Array(nb * B);
  for (let s = f0; s < f1; s += B) {
    const n = Math.min(B, f1 - s);
    engine.block(ranked, s, n, scratch);
    for (let b = 0; b < nb; b++) job.out.set(scratch.subarray(b * n, b * n + n), b * d + s);
  }
  return nTied;
}

if (parentPort && workerData && (workerData as { bsigScreeningPool?: boolean }).bsigScreeningPool) {
  const port = parentPort;
  port.on("message", (msg: { id: number; job: ScreeningWorkerJob }) => {
    try {
      port.postMessage({ id: msg.id, ok: true, nTied: runScreeningJob(msg.job) });
    } catch (e) {
      port.postMessage({ id: msg.id, ok: false, error: String((e as Error).stack ?? e) });
    }
  });
}
