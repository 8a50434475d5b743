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
    model = await tf.AutoModelForCausalLM.from_pretrained(ref, { dtype, device: "cpu" });
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
  return {
    id: dirOrId,
    dtype,
    identity: { id: local ? dirOrId : dirOrId, source: local ? "local" : "hub", dtype, files },
    tokenizer: view,
    tokenizerHash: view.hash,
    bosId: bos,
    maxPositions,
    vocabSize,
    async forward(ids, mask, batch, length) {
      const out = await model({
        input_ids: new Tensor("int64", ids, [batch, length]),
        attention_mask: new Tensor("int64", mask, [batch, length]),
      });
      const logits = out.logits;
      if (logits.dims[0] !== batch || logits.dims[1] !== length) {
        throw new Error(`model returned logits of shape [${logits.dims}] for a [${batch}, ${length}] input`);
      }
      const data = logits.data as Float32Array;
      for (const k of Object.keys(out)) if (k !== "logits") out[k].dispose?.();
      return data;
    },
    async dispose() { await model.dispose(); },
  };
}
