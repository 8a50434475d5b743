// Scoring throughput: the engine (`bsig score`'s scoreCorpus: tokenize, spans, batched forward, log-softmax,
// piece aggregation, cache shards) vs PyTorch running the same GPT-2 (4 layers x 256) on the same pre-tokenized
// windows with the same batch size, and vs bare onnxruntime-node session.run on the same inputs. Model load time
// is excluded for all three. Medians over repeats; ratios from this one run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readCorpus } from "../src/corpus/read";
import { planScoring, unitOptions } from "../src/corpus/plan";
import { loadCausalLM } from "../src/perplexity/model";
import { scoreCorpus } from "../src/perplexity/engine";
import { createOrtPeer } from "./peers/score_ort";

const ROOT = resolve(__dirname, "..");
const MODEL_DIR = join(ROOT, ".cache", "bench-model", "bench-gpt2");
const TEXT = "/usr/share/common-licenses/GPL-3";
const BATCH = 8, N_CHUNKS = 64, REPEATS = 5;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export async function run(): Promise<void> {
  if (!existsSync(join(MODEL_DIR, "pytorch_model.pt"))) {
    console.log("building the bench model (4 layers x 256, tools/test-models/build.py --bench) ...");
    const b = spawnSync("/usr/bin/python3", [join(ROOT, "tools", "test-models", "build.py"), join(ROOT, ".cache", "bench-model"), "--bench"], { stdio: "inherit" });
    if (b.status !== 0) { console.log("scoring bench skipped: could not build the bench model (needs Debian python3-torch + python3-onnx)"); return; }
  }
  const corpus = await readCorpus(TEXT);
  const full = planScoring(corpus, unitOptions());
  const plan = { ...full, chunks: full.chunks.slice(0, N_CHUNKS), pieceIds: full.pieceIds.slice(0, full.chunks[N_CHUNKS]?.targetOffset ?? full.pieceIds.length) };
  const pieces = plan.pieceIds.length;
  const lm = await loadCausalLM(MODEL_DIR, { dtype: "fp32" });
  // Same pre-tokenized inputs and the same batch grouping the engine uses (sorted by length, then batches of 8).
  const seqs = plan.chunks.map((c) => [lm.bosId, ...lm.tokenizer.encode(c.text)]);
  const order = seqs.map((_, i) => i).sort((a, b) => seqs[a].length - seqs[b].length || a - b);
  const batches: number[][][] = [];
  for (let k = 0; k < order.length; k += BATCH) batches.push(order.slice(k, k + BATCH).map((i) => seqs[i]));
  const tokens = seqs.reduce((a, s) => a + s.length - 1, 0);
  const tmp = mkdtempSync(join(tmpdir(), "bsig-bench-"));
  try {
    // Engine and bare-ORT passes alternate (after one warm-up each), so load drift hits both alike.
    const ortPeer = await createOrtPeer(MODEL_DIR, batches);
    const engineTimes: number[] = [], ortTimes: number[] = [];
    for (let rep = 0; rep <= REPEATS; rep++) {
      const cacheDir = join(tmp, `cache-${rep}`);
      const t0 = process.hrtime.bigint();
      // One shard holding every window: the engine forms exactly the batches the peers get.
      await scoreCorpus(lm, plan, { cacheDir, batchSize: BATCH, shardChunks: N_CHUNKS });
      if (rep > 0) engineTimes.push(Number(process.hrtime.bigint() - t0) / 1e9);
      const o = await ortPeer.pass();
      if (rep > 0) ortTimes.push(o);
    }
    await lm.dispose();
    await ortPeer.release();
    const bf = join(tmp, "batches.json");
    writeFileSync(bf, JSON.stringify({ batches }));
    const py = spawnSync("/usr/bin/python3", [join(__dirname, "peers", "score_torch.py"), MODEL_DIR, bf, String(REPEATS)], { encoding: "utf8" });
    let torch: { times_s: number[]; tokens: number; threads: number; torch: string } | null = null;
    if (py.status === 0) torch = JSON.parse(py.stdout.trim().split("\n").pop()!);
    else console.log(`PyTorch peer failed: ${py.stderr.split("\n").slice(-3).join(" ")}`);
    const e = median(engineTimes), o = median(ortTimes), t = torch ? median(torch.times_s) : NaN;
    const row = (name: string, s: number, all: number[]) => `${name.padEnd(34)} ${s.toFixed(3).padStart(8)} s  ${(pieces / s).toFixed(0).padStart(8)} pieces/s  ${(tokens / s).toFixed(0).padStart(8)} tokens/s  (min ${Math.min(...all).toFixed(3)} s)`;
    console.log(`model bench-gpt2 (4 layers x 256, vocab ${lm.vocabSize}), ${plan.chunks.length} windows of 31 pieces, ${pieces} target pieces, ${tokens} tokens, batch ${BATCH}, median of ${REPEATS}`);
    console.log(row("engine (bsig score, scoreCorpus)", e, engineTimes));
    console.log(row("bare onnxruntime-node session.run", o, ortTimes));
    if (torch) console.log(row(`PyTorch ${torch.torch} (${torch.threads} threads)`, t, torch.times_s));
    console.log(`ratio engine speed / PyTorch: ${(t / e).toFixed(2)}x (target >= 1.5x)`);
    console.log(`ratio engine speed / bare ORT: ${(o / e).toFixed(2)}x (target >= 0.90x, i.e. within 10%)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
