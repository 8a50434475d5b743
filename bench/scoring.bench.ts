// Scoring throughput: the engine (`bsig score`'s scoreCorpus: tokenize, spans, batched forward, log-softmax,
// piece aggregation, cache shards) vs PyTorch running the same GPT-2 on the same pre-tokenized windows with the
// same batch size, and vs bare onnxruntime-node session.run on the same inputs, for two model sizes (4 x 256 and
// 6 x 512, one vocabulary): the engine's JavaScript work per token is fixed, so its share shrinks as models grow.
// Model load time is excluded for all. Medians over repeats; ratios from this one run.
//
// The bare-ORT target is judged on the engine's own ONNX Runtime session (the peer's session.run on
// CausalLM.ortSession, same weights in memory, same intra-op thread pool), so the ratio measures only what the
// engine adds. A second session created from the same file is timed too, apart, for reference: on 2 cores, sessions
// of one file in one process run up to 8% apart (each has its own thread pool; with 1 intra-op thread they agree
// within 1.5%), which is a property of the session, not of the engine.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readCorpus } from "../src/corpus/read";
import { planScoring, unitOptions } from "../src/corpus/plan";
import { loadCausalLM } from "../src/perplexity/model";
import { scoreCorpus } from "../src/perplexity/engine";
import { createOrtPeer } from "./peers/score_ort";

const ROOT = resolve(__dirname, "..");
const MODELS = [
  { dir: join(ROOT, ".cache", "bench-model", "bench-gpt2"), name: "bench-gpt2", shape: "4 layers x 256" },
  { dir: join(ROOT, ".cache", "bench-model", "bench-gpt2-m"), name: "bench-gpt2-m", shape: "6 layers x 512" },
];
const TEXT = "/usr/share/common-licenses/GPL-3";
const BATCH = 8, N_CHUNKS = 64, WARMUP = 2, REPEATS = 21, SESSION_REPEATS = 9;

function bitEqual(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length), y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export async function run(): Promise<void> {
  if (MODELS.some((m) => !existsSync(join(m.dir, "pytorch_model.pt")))) {
    console.log("building the bench models (4 x 256 and 6 x 512, tools/test-models/build.py --bench) ...");
    const b = spawnSync("/usr/bin/python3", [join(ROOT, "tools", "test-models", "build.py"), join(ROOT, ".cache", "bench-model"), "--bench"], { stdio: "inherit" });
    if (b.status !== 0) { console.log("scoring bench skipped: could not build the bench models (needs Debian python3-torch + python3-onnx)"); return; }
  }
  for (const m of MODELS) await benchModel(m.dir, m.name, m.shape);
}

async function benchModel(modelDir: string, name: string, shape: string): Promise<void> {
  const corpus = await readCorpus(TEXT);
  const full = planScoring(corpus, unitOptions());
  const plan = { ...full, chunks: full.chunks.slice(0, N_CHUNKS), pieceIds: full.pieceIds.slice(0, full.chunks[N_CHUNKS]?.targetOffset ?? full.pieceIds.length) };
  const pieces = plan.pieceIds.length;
  const lm = await loadCausalLM(modelDir, { dtype: "fp32" });
  // Same pre-tokenized inputs and the same batch grouping the engine uses (sorted by length, then batches of 8).
  const seqs = plan.chunks.map((c) => [lm.bosId, ...lm.tokenizer.encode(c.text)]);
  const order = seqs.map((_, i) => i).sort((a, b) => seqs[a].length - seqs[b].length || a - b);
  const batches: number[][][] = [];
  for (let k = 0; k < order.length; k += BATCH) batches.push(order.slice(k, k + BATCH).map((i) => seqs[i]));
  const tokens = seqs.reduce((a, s) => a + s.length - 1, 0);
  const tmp = mkdtempSync(join(tmpdir(), "bsig-bench-"));
  try {
    if (!lm.ortSession) throw new Error(`${name}: the engine does not run on an ONNX session directly (no CausalLM.ortSession)`);
    const ortPeer = await createOrtPeer(modelDir, batches, lm.bosId, lm.ortSession);
    const ownPeer = await createOrtPeer(modelDir, batches, lm.bosId);
    // Like for like: the engine's forward (ONNX session, logits only) must give bit for bit the logits of
    // transformers.js's own forward and of the bare peer on every batch (checked here, not timed).
    const viaTf = await loadCausalLM(modelDir, { dtype: "fp32", viaTransformers: true });
    let same = 0;
    for (let b = 0; b < batches.length; b++) {
      const B = batches[b].length, T = Math.max(...batches[b].map((s) => s.length));
      const ids = new BigInt64Array(B * T).fill(BigInt(lm.bosId)), mask = new BigInt64Array(B * T);
      batches[b].forEach((s, r) => s.forEach((v, t) => { ids[r * T + t] = BigInt(v); mask[r * T + t] = 1n; }));
      const e = await lm.forward(ids, mask, B, T), t = await viaTf.forward(ids, mask, B, T), o = await ortPeer.logits(b), w = await ownPeer.logits(b);
      if (bitEqual(e, t) && bitEqual(e, o) && bitEqual(e, w)) same++;
    }
    await viaTf.dispose();
    // Time spent inside the engine's forward passes, to split its time into ONNX Runtime and the rest.
    let inForward = 0;
    const forward = lm.forward.bind(lm);
    lm.forward = async (...a) => { const t0 = process.hrtime.bigint(); try { return await forward(...a); } finally { inForward += Number(process.hrtime.bigint() - t0) / 1e9; } };
    const engineTimes: number[] = [], engineFwd: number[] = [], ortTimes: number[] = [], ownTimes: number[] = [];
    const engine = async (rep: number) => {
      inForward = 0;
      // Every pass tokenizes from cold: the engine's memo of pre-token encodings is emptied first (untimed).
      lm.tokenizer.clearMemo();
      const t0 = process.hrtime.bigint();
      // One shard holding every window: the engine forms exactly the batches the peers get. The cache folder
      // exists (as for a user's second run) and the entry does not: it is removed after each pass, untimed.
      const { key } = await scoreCorpus(lm, plan, { cacheDir: join(tmp, "cache"), batchSize: BATCH, shardChunks: N_CHUNKS });
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      rmSync(join(tmp, "cache", "scores", key), { recursive: true });
      if (rep >= WARMUP) { engineTimes.push(s); engineFwd.push(inForward); }
    };
    const bare = async (rep: number) => { const s = await ortPeer.pass(); if (rep >= WARMUP) ortTimes.push(s); };
    const load0 = loadavg()[0];
    // Engine and bare-ORT passes alternate (warm-up passes first, untimed), and which goes first alternates
    // too, so load drift hits both alike.
    for (let rep = 0; rep < WARMUP + REPEATS; rep++) {
      if (rep % 2 === 0) { await engine(rep); await bare(rep); } else { await bare(rep); await engine(rep); }
    }
    const load1 = loadavg()[0];
    // Then, apart (interleaved with the passes above, another session's passes slow the engine's next pass by about
    // 5% and the bare peer's less), the second session against the engine's, for reference only.
    const sessionRatio: number[] = [];
    for (let rep = 0; rep < WARMUP + SESSION_REPEATS; rep++) {
      let mine: number, other: number;
      if (rep % 2 === 0) { mine = await ortPeer.pass(); other = await ownPeer.pass(); } else { other = await ownPeer.pass(); mine = await ortPeer.pass(); }
      if (rep >= WARMUP) { ownTimes.push(other); sessionRatio.push(mine / other); }
    }
    await ortPeer.release();
    await ownPeer.release();
    await lm.dispose();
    const bf = join(tmp, "batches.json");
    writeFileSync(bf, JSON.stringify({ batches }));
    const py = spawnSync("/usr/bin/python3", [join(__dirname, "peers", "score_torch.py"), modelDir, bf, String(REPEATS)], { encoding: "utf8" });
    let torch: { times_s: number[]; tokens: number; threads: number; torch: string } | null = null;
    if (py.status === 0) torch = JSON.parse(py.stdout.trim().split("\n").pop()!);
    else console.log(`PyTorch peer failed: ${py.stderr.split("\n").slice(-3).join(" ")}`);
    const e = median(engineTimes), o = median(ortTimes), w = median(ownTimes), t = torch ? median(torch.times_s) : NaN;
    const ef = median(engineFwd);
    const row = (name: string, s: number, all: number[]) => `${name.padEnd(34)} ${s.toFixed(3).padStart(8)} s  ${(pieces / s).toFixed(0).padStart(8)} pieces/s  ${(tokens / s).toFixed(0).padStart(8)} tokens/s  (min ${Math.min(...all).toFixed(3)} s)`;
    console.log(`\nmodel ${name} (${shape}, vocab ${lm.vocabSize}), ${plan.chunks.length} windows of 31 pieces, ${pieces} target pieces, ${tokens} tokens, batch ${BATCH}, median of ${REPEATS} after ${WARMUP} warm-up`);
    console.log(`ONNX sessions: ${JSON.stringify(ortPeer.options)} (ORT default thread counts), fetch only logits, same feeds; logits bit-identical engine = transformers.js = bare ORT (both sessions) on ${same}/${batches.length} batches${same === batches.length ? "" : "  <-- MISMATCH"}`);
    console.log(`machine: ${cpus().length} cores, 1-min load average ${load0.toFixed(2)} before, ${load1.toFixed(2)} after the engine/ORT passes`);
    console.log(row("engine (bsig score, scoreCorpus)", e, engineTimes));
    console.log(`  (each engine pass starts with an empty pre-token memo, so it tokenizes every window from cold)`);
    console.log(`  of which in forward passes (ONNX Runtime, sharing the cores with the helper thread's log-softmax of the previous batch): ${ef.toFixed(3)} s, the rest (tokenize, spans, last batch's log-softmax, pieces, cache): ${(e - ef).toFixed(3)} s`);
    console.log(row("bare onnxruntime-node session.run", o, ortTimes));
    console.log(`  (this is the engine's own session; a second session of the same file, timed apart against it: ${w.toFixed(3)} s, running at ${median(sessionRatio).toFixed(2)}x the engine's session's speed, median of ${SESSION_REPEATS})`);
    if (torch) console.log(row(`PyTorch ${torch.torch} (${torch.threads} threads)`, t, torch.times_s));
    console.log(`ratio engine speed / PyTorch: ${(t / e).toFixed(2)}x (target >= 1.5x)`);
    console.log(`ratio engine speed / bare ORT: ${(o / e).toFixed(3)}x (target >= 0.900x, i.e. within 10%)`);
    // The spread of the same ratio over the repeats (each engine pass with the bare pass of its repeat), so a reader
    // sees how much this machine moves between passes; the target is judged on the ratio of medians above.
    const pairs = engineTimes.map((x, i) => ortTimes[i] / x).sort((a, b) => a - b);
    const q = (f: number) => pairs[Math.min(pairs.length - 1, Math.max(0, Math.round(f * (pairs.length - 1))))];
    console.log(`  per repeat (bare / engine of the same repeat): median ${median(pairs).toFixed(2)}x, quartiles ${q(0.25).toFixed(2)}-${q(0.75).toFixed(2)}x, range ${pairs[0].toFixed(2)}-${pairs[pairs.length - 1].toFixed(2)}x`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
