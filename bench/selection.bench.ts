// Forward stepwise selection: this workbook vs R's step() on the same seeded 32 x 200 problem (steps = 20,
// the same path checked), then the paper's scale of 32 models x 3.4e5 screened candidates.
// R is timed inside R with system.time (bench/peers/step.R), so R's startup is not counted.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createRng } from "../src/core/random";
import type { LabeledMatrix } from "../src/core/matrix";
import { forwardSelect } from "../src/selection/forward";
import { sklearnLasso } from "../src/selection/lasso";

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };

/** Seeded problem: n models x p candidates N(0,1), y = 10 true features + noise. */
function problem(n: number, p: number, seed: number, f32 = false): { X: LabeledMatrix<Float64Array | Float32Array>; y: Float64Array } {
  const rng = createRng(seed);
  const values = f32 ? new Float32Array(n * p) : new Float64Array(n * p);
  for (let k = 0; k < values.length; k++) values[k] = rng.normal();
  const y = new Float64Array(n);
  const truth = Array.from({ length: 10 }, (_, t) => Math.floor(((t + 1) * p) / 11));
  for (let i = 0; i < n; i++) {
    y[i] = 0.5 * rng.normal();
    truth.forEach((j, t) => { y[i] += (2 - 0.15 * t) * values[i * p + j]; });
  }
  const width = String(p).length;
  return { X: { rows: Array.from({ length: n }, (_, i) => `m${i}`), cols: Array.from({ length: p }, (_, j) => `f${String(j).padStart(width, "0")}`), values }, y };
}

function time<T>(reps: number, f: () => T): { median: number; result: T } {
  let result = f(); // warm-up
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) { const t0 = performance.now(); result = f(); ts.push((performance.now() - t0) / 1000); }
  return { median: median(ts), result };
}

export async function run(): Promise<void> {
  // 1. vs R step() on 32 x 200, steps = 20.
  const n = 32, p = 200, steps = 20, seed = 20260128;
  const { X, y } = problem(n, p, seed);
  const ours = time(50, () => forwardSelect(X, y, { maxSteps: steps, minResidualDf: 0 }));
  console.log(`forward selection 32 x 200, steps = 20 (seed ${seed}): workbook median ${(ours.median * 1e3).toFixed(3)} ms over 50 repeats; ${ours.result.selected.length} features, stopped: ${ours.result.stoppedBecause}`);
  const dir = mkdtempSync(join(tmpdir(), "bsig-bench-step-"));
  try {
    const csv = join(dir, "problem.csv");
    const lines = [["y", ...X.cols].join(",")];
    for (let i = 0; i < n; i++) lines.push([String(y[i]), ...Array.from(X.values.subarray(i * p, i * p + p), (v) => String(v))].join(","));
    writeFileSync(csv, lines.join("\n") + "\n");
    const reps = 5;
    const r = spawnSync("Rscript", [join(__dirname, "peers", "step.R"), csv, String(steps), String(reps)], { encoding: "utf8" });
    if (r.error || r.status !== 0) {
      console.log(`R step(): not measured (${r.error ? r.error.message : r.stderr.trim().split("\n").pop()})`);
    } else {
      const peer = JSON.parse(r.stdout.trim().split("\n").pop()!) as { medianSeconds: number; selected: string[]; aic: number[] };
      const samePath = peer.selected.length === ours.result.selected.length && peer.selected.every((f, k) => f === ours.result.selected[k]);
      let maxRel = 0;
      peer.aic.forEach((a, k) => { maxRel = Math.max(maxRel, Math.abs(ours.result.steps[k].aic - a) / Math.abs(a)); });
      console.log(`R step():            median ${(peer.medianSeconds * 1e3).toFixed(1)} ms over ${reps} repeats (system.time inside R)`);
      console.log(`  same path as R: ${samePath ? "yes" : "NO"} (${peer.selected.length} steps), max relative AIC difference ${maxRel.toExponential(2)}`);
      console.log(`  ratio R / workbook: ${(peer.medianSeconds / ours.median).toFixed(0)}x faster (target >= 50x)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // 2. The paper's scale after screening: 32 models x 3.4e5 candidates (Float32 storage, as features are stored).
  const big = problem(32, 340_000, seed + 1, true);
  const fwd = time(3, () => forwardSelect(big.X, big.y, { maxSteps: 20 }));
  console.log(`forward selection 32 x 340000, maxSteps = 20 (min residual df 10): median ${fwd.median.toFixed(3)} s over 3 repeats; ${fwd.result.selected.length} features, stopped: ${fwd.result.stoppedBecause}`);
  const las = time(1, () => sklearnLasso(big.X, big.y, { alpha: 0.01 }));
  console.log(`released-code lasso (alpha = 0.01, standardised) 32 x 340000: median ${las.median.toFixed(3)} s; ${las.result.selectedColumns.length} non-zero, ${las.result.sweeps} sweeps`);
}

if (require.main === module) run().catch((e) => { console.error(e); process.exit(1); });
