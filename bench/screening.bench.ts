// Screening benchmark (issue 3, part 7): Spearman and Thrush screening of a seeded 1e6 x 32 Float32
// matrix against 89 score vectors, TypeScript vs the numpy/scipy peer (bench/peers/screening_numpy.py)
// on the same bytes, measured side by side in this run; medians of REPEATS runs and the ratio.
// With BENCH_PAPER_SCALE=1 it also simulates the paper's scale (1.69e7 pieces x 32 models, 89
// benchmarks, Thrush + tails at 0.01) streaming over column blocks, and reports wall time and peak RSS.
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { rankFeatures } from "../src/stats/screening-ranks";
import { screeningStatistics, screenBlocks } from "../src/stats/screening";
import { simulateScreening, materialize } from "../src/stats/screening-sim";
import { screeningStatisticsParallel } from "../src/stats/screening-parallel";
import { loadavg } from "node:os";

const M = 32, D = 1_000_000, NB = 89, SEED = 20260928, CHECK = 2000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const THREADS = 2;
const PY = "/usr/bin/python3";

function median(v: number[]): number {
  const s = v.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const fmt = (s: number): string => `${s.toFixed(3)} s`;

export async function comparePeer(): Promise<void> {
  const sim = simulateScreening({ nModels: M, nFeatures: D, nBenchmarks: NB, seed: SEED });
  const X = materialize(sim.source);
  const dir = mkdtempSync(join(tmpdir(), "bsig-bench-screen-"));
  try {
    writeFileSync(join(dir, "X.f32"), Buffer.from(X.buffer, X.byteOffset, X.byteLength));
    const Y = new Float64Array(NB * M);
    sim.targets.forEach((t, b) => Y.set(t.values as Float64Array, b * M));
    writeFileSync(join(dir, "Y.f64"), Buffer.from(Y.buffer));
    writeFileSync(join(dir, "shape.json"), JSON.stringify({ m: M, d: D, nb: NB, check: CHECK }));

    const tr: number[] = [], tt: number[] = [], ts: number[] = [], pt2: number[] = [], ps2: number[] = [];
    let thrush: Float32Array = new Float32Array(0), spear: Float32Array = new Float32Array(0), nTied = 0;
    for (let r = 0; r < REPEATS; r++) {
      const t0 = performance.now();
      const ranked = rankFeatures(X, M);
      const t1 = performance.now();
      thrush = screeningStatistics(ranked, sim.targets, "thrush", { precision: "float32" }).values as Float32Array;
      const t2 = performance.now();
      spear = screeningStatistics(ranked, sim.targets, "spearman", { precision: "float32" }).values as Float32Array;
      const t3 = performance.now();
      tr.push((t1 - t0) / 1000); tt.push((t2 - t1) / 1000); ts.push((t3 - t2) / 1000);
      nTied = ranked.nTied;
    }
    for (let r = 0; r < REPEATS; r++) {
      const t0 = performance.now();
      const a = await screeningStatisticsParallel(X, M, sim.targets, "thrush", { threads: THREADS, precision: "float32" });
      const t1 = performance.now();
      const b = await screeningStatisticsParallel(X, M, sim.targets, "spearman", { threads: THREADS, precision: "float32" });
      const t2 = performance.now();
      pt2.push((t1 - t0) / 1000); ps2.push((t2 - t1) / 1000);
      if (r === 0) {
        for (let q = 0; q < thrush.length; q += 9973) if (a.stats.values[q] !== thrush[q] || b.stats.values[q] !== spear[q]) throw new Error("threaded result differs");
      }
    }
    const peer = spawnSync(PY, [join(__dirname, "peers", "screening_numpy.py"), dir, String(REPEATS)], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (peer.status !== 0) throw new Error(`peer failed: ${peer.stderr}`);
    const p = JSON.parse(peer.stdout.trim().split("\n").pop()!) as { rank: number; thrush: number; spearman: number; tied_features: number; numpy: string };

    // same numbers? (first CHECK features, every benchmark)
    const pt = new Float32Array(readFileSync(join(dir, "peer_thrush.f32")).buffer.slice(0));
    const ps = new Float32Array(readFileSync(join(dir, "peer_spearman.f32")).buffer.slice(0));
    let dT = 0, dS = 0;
    for (let b = 0; b < NB; b++) for (let f = 0; f < CHECK; f++) {
      dT = Math.max(dT, Math.abs(thrush[b * D + f] - pt[b * CHECK + f]));
      dS = Math.max(dS, Math.abs(spear[b * D + f] - ps[b * CHECK + f]));
    }

    const rows: [string, number, number][] = [
      ["ranks (once), 1 thread", median(tr), p.rank],
      ["thrush x 89, 1 thread", median(tt), p.thrush],
      ["spearman x 89, 1 thread", median(ts), p.spearman],
      ["ranks + thrush, 1 thread", median(tr.map((v, i) => v + tt[i])), p.rank + p.thrush],
      ["ranks + spearman, 1 thread", median(tr.map((v, i) => v + ts[i])), p.rank + p.spearman],
      [`ranks + thrush, ${THREADS} threads`, median(pt2), p.rank + p.thrush],
      [`ranks + spearman, ${THREADS} threads`, median(ps2), p.rank + p.spearman],
    ];
    console.log(`screening ${D} features x ${M} models against ${NB} benchmarks (seed ${SEED}, ${nTied} features with ties; peer found ${p.tied_features}), wall-clock medians of ${REPEATS}; load average ${loadavg().map((v) => v.toFixed(1)).join(" ")}`);
    console.log(`${"phase".padEnd(30)}${"TypeScript".padStart(12)}${("numpy " + p.numpy).padStart(16)}${"TS/peer".padStart(10)}`);
    for (const [name, a, b] of rows) console.log(`${name.padEnd(30)}${fmt(a).padStart(12)}${fmt(b).padStart(16)}${(a / b).toFixed(2).padStart(10)}`);
    console.log(`(peer: argsort ranks single-threaded, then one float32 OpenBLAS matmul using every core; its rank row is compared with every TS row that includes ranks)`);
    console.log(`agreement on the first ${CHECK} features x ${NB} benchmarks: max |Δ thrush| = ${dT}, max |Δ spearman| = ${dS.toExponential(2)} (peer computes in float32)`);
    console.log(`target: TS/peer <= 1 for "ranks + thrush" and "ranks + spearman"; threaded results are checked bit-identical to the 1-thread ones`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function paperScale(): Promise<void> {
  if (process.env.BENCH_PAPER_SCALE !== "1") {
    console.log("paper scale (1.69e7 pieces x 32 models x 89 benchmarks): skipped; set BENCH_PAPER_SCALE=1 to run it");
    console.log("  (last run, 2026-11-28, 2 shared cores under load ~6, nice 10: 214 s wall, 113 s CPU, peak RSS 1335 MiB)");
    return;
  }
  const d = Number(process.env.BENCH_PAPER_FEATURES ?? 16_900_000);
  const sim = simulateScreening({ nModels: M, nFeatures: d, nBenchmarks: NB, seed: SEED });
  const t0 = performance.now(), c0 = process.cpuUsage();
  const res = screenBlocks(sim.source, sim.targets, "thrush", { ratio: 0.01 });
  const wall = (performance.now() - t0) / 1000, cpu = process.cpuUsage(c0);
  const rss = process.resourceUsage().maxRSS / 1024; // MiB (maxRSS is in KiB)
  const kept = res.map((r) => r.tails.kept.length);
  console.log(`paper scale: ${d} pieces x ${M} models, thrush for ${NB} benchmarks + tails at ratio 0.01 (streamed in blocks of 65536, generation included)`);
  console.log(`  wall ${wall.toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, one thread; load average ${loadavg()[0].toFixed(1)}), peak RSS ${rss.toFixed(0)} MiB; kept per benchmark ${Math.min(...kept)}..${Math.max(...kept)} (thresholds of ${res[0].target}: top ${res[0].tails.topThreshold}, bottom ${res[0].tails.bottomThreshold})`);
  console.log(`  target: < 1800 s and < 8192 MiB -> ${wall < 1800 && rss < 8192 ? "met" : "NOT met"}`);
}

export async function run(): Promise<void> {
  await comparePeer();
  await paperScale();
}
