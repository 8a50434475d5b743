// Bare onnxruntime-node peer for bench/scoring.bench.ts: the same pre-tokenized, pre-batched, right-padded
// windows straight into InferenceSession.run, no transformers.js. Like for like with the engine: the same
// session options the engine gives transformers.js on CPU (executionProviders ["cpu"], ORT's default
// intra/inter-op thread counts, no spin-waiting: src/perplexity/model.ts ortSessionOptions), the same
// feeds (ids, mask, position ids = cumsum(mask) - 1 with 1 at padding, an empty KV cache) and the same
// single fetched output, `logits`. The feeds are built once, outside the timed pass. Given `shared` (the
// engine's own session, CausalLM.ortSession), the peer runs on it and leaves it open; otherwise it creates its own.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ortSessionOptions } from "../../src/perplexity/model";

/** A prepared peer: `pass()` runs every batch once and returns the seconds it took. */
export interface OrtPeer {
  tokens: number;
  /** The session options, as passed to InferenceSession.create (for the bench's report). */
  options: Record<string, unknown>;
  pass(): Promise<number>;
  /** Logits of batch `b` (for checking the engine's forward against this peer, not timed). */
  logits(b: number): Promise<Float32Array>;
  release(): Promise<void>;
}

/** Create the session and the input tensors once (not timed), for interleaving passes with the engine's. */
export async function createOrtPeer(modelDir: string, batches: number[][][], padId: number, shared?: unknown): Promise<OrtPeer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ort = require("onnxruntime-node") as typeof import("onnxruntime-node");
  const cfg = JSON.parse(readFileSync(join(modelDir, "config.json"), "utf8")) as { n_layer: number; n_head: number; n_embd: number };
  const options = { executionProviders: ["cpu"], ...ortSessionOptions() };
  const session = (shared as import("onnxruntime-node").InferenceSession | undefined) ?? await ort.InferenceSession.create(join(modelDir, "onnx", "model.onnx"), options);
  const hd = cfg.n_embd / cfg.n_head;
  const feeds = batches.map((b) => {
    const B = b.length, T = Math.max(...b.map((s) => s.length));
    const ids = new BigInt64Array(B * T).fill(BigInt(padId)), mask = new BigInt64Array(B * T), pos = new BigInt64Array(B * T).fill(1n);
    b.forEach((s, r) => s.forEach((v, t) => { ids[r * T + t] = BigInt(v); mask[r * T + t] = 1n; pos[r * T + t] = BigInt(t); }));
    const f: Record<string, InstanceType<typeof ort.Tensor>> = {
      input_ids: new ort.Tensor("int64", ids, [B, T]),
      attention_mask: new ort.Tensor("int64", mask, [B, T]),
      position_ids: new ort.Tensor("int64", pos, [B, T]),
    };
    for (let i = 0; i < cfg.n_layer; i++) for (const kv of ["key", "value"]) {
      f[`past_key_values.${i}.${kv}`] = new ort.Tensor("float32", new Float32Array(0), [B, cfg.n_head, 0, hd]);
    }
    return f;
  });
  const fetches = ["logits"];
  const tokens = batches.reduce((a, b) => a + b.reduce((x, s) => x + s.length - 1, 0), 0);
  return {
    tokens,
    options,
    async pass() {
      const t0 = process.hrtime.bigint();
      for (const f of feeds) await session.run(f, fetches);
      return Number(process.hrtime.bigint() - t0) / 1e9;
    },
    async logits(b) {
      return (await session.run(feeds[b], fetches)).logits.data as Float32Array;
    },
    release: async () => { if (!shared) await session.release(); },
  };
}
