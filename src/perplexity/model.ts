import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { InputError } from "../core/errors";
import { sha256File } from "../core/hash";
import { requireFiles, tokenizerView, type TokenizerView } from "./tokenizer";

/** Weight formats the engine loads: fp32 (`onnx/model.onnx`) and q8 (`onnx/model_quantized.onnx`). */
export type ScoringDtype = "fp32" | "q8";

/** Options of {@link loadCausalLM}. */
export interface LoadOptions {
  dtype?: ScoringDtype;
  /** Allow downloads from the Hugging Face hub (off by default: everything stays offline). */
  allowRemote?: boolean;
  /** Where hub downloads go (transformers.js `env.cacheDir`); never inside node_modules. */
  cacheDir?: string;
  /**
   * Run each forward pass through transformers.js's own model call (which also returns the unused
   * `present.*` key/value outputs) instead of the loaded ONNX session directly with only `logits` fetched.
   * Same logits bit for bit, slower; for tests and benchmarks that check that.
   */
  viaTransformers?: boolean;
  /**
   * Let ONNX Runtime's intra-op worker threads spin-wait between parallel sections (its default). Off by
   * default here: on a shared or busy machine the spinning threads burn the CPU the other threads need
   * (measured on the scoring bench, 2 cores at load ~6: 1.8 s with spinning, 0.8 s without). Thread
   * counts stay ORT's defaults, so the numbers do not depend on this setting.
   */
  spinning?: boolean;
}

/**
 * The ONNX Runtime session options the engine loads models with (also used by the bench's bare-ORT peer,
 * so both run under the same settings).
 *
 * @example
 *   InferenceSession.create(path, { executionProviders: ["cpu"], ...ortSessionOptions(false) });
 */
export function ortSessionOptions(spinning = false): { extra?: Record<string, unknown> } {
  return spinning ? {} : { extra: { session: { intra_op: { allow_spinning: "0" } } } };
}

/** Who the model is, by content: the id plus sha256 of every file that determines its outputs. */
export interface ModelIdentity {
  id: string;
  source: "local" | "hub" | "builtin";
  dtype: ScoringDtype;
  files: Record<string, string>;
}

/** A causal LM ready for scoring: tokenizer view + a batched forward pass returning logits. */
export interface CausalLM {
  id: string;
  dtype: ScoringDtype;
  identity: ModelIdentity;
  tokenizer: TokenizerView;
  tokenizerHash: string;
  /** Token prepended to every sequence: the model's BOS, else its EOS (GPT-2). */
  bosId: number;
  /** Longest sequence (BOS included) the model accepts. */
  maxPositions: number;
  vocabSize: number;
  /**
   * One forward pass over a right-padded batch: `ids` and `mask` are row-major [batch, length].
   * Returns logits [batch, length, vocab] as a Float32Array.
   */
  forward(ids: BigInt64Array, mask: BigInt64Array, batch: number, length: number): Promise<Float32Array>;
  /**
   * The onnxruntime-node InferenceSession that `forward` runs on, when it runs on one directly (absent
   * otherwise). For peers that must time the very same session (bench/scoring.bench.ts): two sessions of one
   * model file in one process run up to 8% apart on 2 cores (each has its own intra-op thread pool).
   */
  ortSession?: unknown;
  dispose(): Promise<void>;
}

const DTYPE_FILE: Record<ScoringDtype, string> = { fp32: "onnx/model.onnx", q8: "onnx/model_quantized.onnx" };

/**
 * True for a well-formed hub id (`name` or `org/name`, no `..`), the only ids that reach the downloader, so
 * no id can name a path outside the cache.
 *
 * @example
 *   isHubId("gpt2"); isHubId("openai-community/gpt2");   // true, true
 *   isHubId("../../etc");                               // false
 */
export function isHubId(s: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9][A-Za-z0-9_.-]*)?$/.test(s) && !s.split("/").some((p) => p === ".." || p.includes(".."));
}

/** True when `s` looks like a local path rather than a hub id (`org/name`). */
function isLocalPath(s: string): boolean {
  return isAbsolute(s) || s.startsWith(".") || existsSync(s);
}

function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, base));
    else out.push(relative(base, p));
  }
  return out;
}

/**
 * Load a causal LM with @huggingface/transformers v4 from a local folder (absolute or relative path) or,
 * only when `allowRemote` is set, a hub id. Throws InputError for a missing folder, a folder that is not
 * a model, or a missing weight file for the requested dtype.
 *
 * @example
 *   const lm = await loadCausalLM("tests/fixtures/models/tiny-bpe", { dtype: "fp32" });
 *   lm.bosId;   // GPT-2 style: the EOS id
 */
export async function loadCausalLM(dirOrId: string, opts: LoadOptions = {}): Promise<CausalLM> {
  const dtype = opts.dtype ?? "fp32";
  if (!(dtype in DTYPE_FILE)) throw new InputError("--dtype", `unknown dtype '${dtype}' (fp32 or q8)`);
  const local = isLocalPath(dirOrId);
  const tf = await import("@huggingface/transformers");
  tf.env.allowLocalModels = true;
  tf.env.allowRemoteModels = !local && !!opts.allowRemote;
  tf.env.cacheDir = resolve(opts.cacheDir ?? join(".cache", "bsig", "hub"));
  let ref = dirOrId;
  let files: Record<string, string> = {};
  if (local) {
    const abs = resolve(dirOrId);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new InputError(dirOrId, "no such model folder");
    requireFiles(abs, ["config.json", "tokenizer.json", "tokenizer_config.json"]);
    if (!existsSync(join(abs, DTYPE_FILE[dtype]))) {
      throw new InputError(dirOrId, `missing model file ${DTYPE_FILE[dtype]} (needed for --dtype ${dtype})`);
    }
    for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json", DTYPE_FILE[dtype], DTYPE_FILE[dtype] + "_data"]) {
      if (existsSync(join(abs, f))) files[f] = sha256File(join(abs, f));
    }
    ref = abs;
  } else if (!opts.allowRemote) {
    throw new InputError(dirOrId, "no such local model folder; to download a hub model pass --allow-remote");
  } else if (!isHubId(dirOrId)) {
    throw new InputError(dirOrId, "not a valid hub id (expected 'name' or 'org/name': letters, digits, '-', '_', '.'; no '..')");
  }
  let tok: any, model: any;
  try {
    tok = await tf.AutoTokenizer.from_pretrained(ref);
    model = await tf.AutoModelForCausalLM.from_pretrained(ref, { dtype, device: "cpu", session_options: ortSessionOptions(!!opts.spinning) });
  } catch (e) {
    throw new InputError(dirOrId, `cannot load model: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!local) {
    const dir = join(tf.env.cacheDir, dirOrId);
    if (existsSync(dir)) for (const f of listFiles(dir)) files[f] = sha256File(join(dir, f));
  }
  const cfg = model.config ?? {};
  const view = tokenizerView(tok);
  const bos = cfg.bos_token_id ?? view.bosId ?? cfg.eos_token_id ?? view.eosId;
  if (typeof bos !== "number") throw new InputError(dirOrId, "the model has neither a BOS nor an EOS token id");
  const vocabSize = cfg.vocab_size ?? JSON.parse(readFileSync(join(ref, "config.json"), "utf8")).vocab_size;
  const maxPositions = cfg.n_positions ?? cfg.max_position_embeddings ?? cfg.n_ctx ?? 2048;
  const Tensor = tf.Tensor;
  const direct = opts.viaTransformers ? null : directLogits(model, (type, data, dims) => new (Tensor as any)(type, data, dims).ort_tensor);
  return {
    id: dirOrId,
    dtype,
    identity: { id: local ? dirOrId : dirOrId, source: local ? "local" : "hub", dtype, files },
    tokenizer: view,
    tokenizerHash: view.hash,
    bosId: bos,
    maxPositions,
    vocabSize,
    ...(direct ? { ortSession: model.sessions.model } : {}),
    async forward(ids, mask, batch, length) {
      if (direct) return direct(ids, mask, batch, length);
      const out = await model({
        input_ids: new Tensor("int64", ids, [batch, length]),
        attention_mask: new Tensor("int64", mask, [batch, length]),
      });
      const logits = out.logits;
      checkLogitsShape(logits.dims, batch, length);
      const data = logits.data as Float32Array;
      for (const k of Object.keys(out)) if (k !== "logits") out[k].dispose?.();
      return data;
    },
    async dispose() { await model.dispose(); },
  };
}

function checkLogitsShape(dims: readonly number[], batch: number, length: number): void {
  if (dims[0] !== batch || dims[1] !== length) {
    throw new Error(`model returned logits of shape [${dims}] for a [${batch}, ${length}] input`);
  }
}

/** Model types whose position ids transformers.js counts from 1 (see its `decoder_forward`). */
const ONE_BASED_POSITIONS = ["paligemma", "gemma3_text", "gemma3"];
const CACHE_INPUT = /^past_key_values\.\d+\.(key|value)$/;
const EMPTY_CACHE_TYPES: Record<string, new (n: number) => Float32Array> = { float32: Float32Array };

type OrtTensorFactory = (type: string, data: unknown, dims: number[]) => unknown;

/**
 * The forward pass straight on the ONNX session transformers.js loaded, fetching only `logits` (a scoring
 * pass never needs the `present.*` key/value outputs, whose copies into JS cost time and memory). The feeds
 * are exactly the ones transformers.js builds for a plain decoder-only call (its `decoder_forward` with no
 * past): input ids, mask, position ids = cumsum(mask) − 1 (1 at padding), `num_logits_to_keep` = 0 and an
 * empty cache of the shapes the session declares, so the logits are bit-identical (tested). Returns null,
 * and the caller keeps transformers.js's own forward, for any session with other inputs (merged decoders,
 * hybrid caches, `inputs_embeds` models) or without a `logits` output.
 */
function directLogits(model: any, tensor: OrtTensorFactory):
    ((ids: BigInt64Array, mask: BigInt64Array, batch: number, length: number) => Promise<Float32Array>) | null {
  const session = model?.sessions?.model;
  if (!session || typeof session.run !== "function" || !Array.isArray(session.inputNames) || !Array.isArray(session.inputMetadata)) return null;
  if (!Array.isArray(session.outputNames) || !session.outputNames.includes("logits") || model.sessions.decoder_model_merged) return null;
  const names: string[] = session.inputNames;
  if (!names.includes("input_ids") || !names.includes("attention_mask")) return null;
  const known = new Set(["input_ids", "attention_mask", "position_ids", "num_logits_to_keep"]);
  const caches: { name: string; type: string; shape: (number | string)[] }[] = [];
  for (const meta of session.inputMetadata as { name: string; type?: string; shape?: (number | string)[] }[]) {
    if (known.has(meta.name)) continue;
    if (!CACHE_INPUT.test(meta.name) || !meta.type || !(meta.type in EMPTY_CACHE_TYPES) || !Array.isArray(meta.shape)) return null;
    caches.push({ name: meta.name, type: meta.type, shape: meta.shape });
  }
  if (caches.length + names.filter((n) => known.has(n)).length !== names.length) return null;
  const numHeads = model.config?.normalized_config?.num_heads;
  const start = BigInt(ONE_BASED_POSITIONS.includes(model.config?.model_type) ? 1 : 0);
  const fetches = ["logits"];
  return async (ids, mask, batch, length) => {
    const feeds: Record<string, unknown> = {
      input_ids: tensor("int64", ids, [batch, length]),
      attention_mask: tensor("int64", mask, [batch, length]),
    };
    if (names.includes("position_ids")) {
      const pos = new BigInt64Array(batch * length);
      for (let r = 0; r < batch; r++) {
        let sum = start;
        for (let t = r * length, e = t + length; t < e; t++) {
          if (mask[t] === 0n) pos[t] = 1n;
          else { pos[t] = sum; sum += mask[t]; }
        }
      }
      feeds.position_ids = tensor("int64", pos, [batch, length]);
    }
    if (names.includes("num_logits_to_keep")) feeds.num_logits_to_keep = tensor("int64", [0n], []);
    const symbols: Record<string, number> = { batch_size: batch };
    if (typeof numHeads === "number") symbols["batch_size x num_heads"] = batch * numHeads;
    for (const c of caches) {
      const shape = c.shape.map((d) => (typeof d === "number" ? d : symbols[d] ?? 0));
      feeds[c.name] = tensor(c.type, new EMPTY_CACHE_TYPES[c.type](shape.reduce((a, b) => a * b, 1)), shape);
    }
    const out = await session.run(feeds, fetches);
    const logits = out.logits as { dims: readonly number[]; data: Float32Array; type: string };
    for (const k of Object.keys(out)) if (k !== "logits") out[k].dispose?.();
    if (logits.type !== "float32") throw new Error(`model returned ${logits.type} logits (float32 expected)`);
    checkLogitsShape(logits.dims, batch, length);
    return logits.data;
  };
}
