/**
 * Sentence embeddings through transformers.js (`@huggingface/transformers` v4) feature extraction, as
 * sentence-transformers computes them: [CLS] + the text's first (maxTokens − 2) word pieces + [SEP],
 * the encoder's last hidden state averaged over the tokens (mean pooling), L2-normalised.
 *
 * This is the paper's encoder family (all-mpnet-base-v2, max_seq_length 384). It is used only when the
 * model folder exists locally, or when the caller allows remote downloads (`allowRemote`); nothing
 * touches the network otherwise. The edge module: it loads a model; the math lives in the callers.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../core/errors";
import { CONCAT_SEPARATOR, type ConcatEmbedder, type PreparedQuestions } from "./embedder";

/** Options of `loadTransformersEmbedder`. */
export interface TransformersEmbedderOptions {
  /** Truncation length in the model's tokens, [CLS] and [SEP] included (default 384, all-mpnet-base-v2). */
  maxTokens?: number;
  /** Allow downloading a hub id that is not a local folder (default false). */
  allowRemote?: boolean;
  /** Texts per forward pass (default 16). */
  batchSize?: number;
  /** Cache folder for downloaded models (default ".cache/transformers"). */
  cacheDir?: string;
}

/** A loaded transformers.js encoder: embed texts, count word pieces. */
export interface SentenceEncoder {
  model: string;
  maxTokens: number;
  /** Word-piece ids of a text without special tokens. */
  encode(text: string): number[];
  /** Mean-pooled, normalised embeddings of texts (each truncated to maxTokens including specials). */
  embed(texts: string[]): Promise<Float64Array[]>;
  dispose(): Promise<void>;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Load a feature-extraction encoder from a local folder (config.json, tokenizer.json,
 * tokenizer_config.json, onnx/model.onnx) or, with `allowRemote`, from the hub.
 *
 * @example
 *   const enc = await loadSentenceEncoder("models/all-mpnet-base-v2");
 *   const [e] = await enc.embed(["What is 2 + 2?"]);
 */
export async function loadSentenceEncoder(model: string, opts: TransformersEmbedderOptions = {}): Promise<SentenceEncoder> {
  const local = resolve(model);
  const isLocal = existsSync(local);
  if (!isLocal && !opts.allowRemote) {
    throw new InputError(model, "encoder folder not found (pass a local folder with config.json, tokenizer.json and onnx/model.onnx, or allow remote downloads)");
  }
  const tf: any = await import("@huggingface/transformers");
  tf.env.allowRemoteModels = !!opts.allowRemote;
  tf.env.allowLocalModels = true;
  tf.env.cacheDir = resolve(opts.cacheDir ?? ".cache/transformers");
  const id = isLocal ? local : model;
  const tokenizer: any = await tf.AutoTokenizer.from_pretrained(id, { local_files_only: !opts.allowRemote });
  const net: any = await tf.AutoModel.from_pretrained(id, { dtype: "fp32", device: "cpu", local_files_only: !opts.allowRemote });
  const maxTokens = opts.maxTokens ?? 384;
  if (maxTokens < 3) throw new InputError(null, `maxTokens must be at least 3, got ${maxTokens}`);
  const batchSize = opts.batchSize ?? 16;
  // The tokenizer's own post-processor gives the special tokens around a single text ([CLS] … [SEP], <s> … </s>).
  const specials = Array.from(tokenizer.encode("", { add_special_tokens: true }) as number[]);
  if (specials.length !== 2) throw new InputError(model, `expected the tokenizer to add 2 special tokens around a text, got ${specials.length}`);
  const [cls, sep] = specials;
  const pad = tokenizer.pad_token_id ?? 0;
  const encode = (text: string): number[] => Array.from(tokenizer.encode(text, { add_special_tokens: false }) as number[]);
  const embed = async (texts: string[]): Promise<Float64Array[]> => {
    const out: Float64Array[] = [];
    for (let s = 0; s < texts.length; s += batchSize) {
      const seqs = texts.slice(s, s + batchSize).map((t) => [cls, ...encode(t).slice(0, maxTokens - 2), sep]);
      const T = Math.max(...seqs.map((q) => q.length)), B = seqs.length;
      const ids = new BigInt64Array(B * T), mask = new BigInt64Array(B * T), types = new BigInt64Array(B * T);
      seqs.forEach((q, b) => { for (let t = 0; t < T; t++) { ids[b * T + t] = BigInt(t < q.length ? q[t] : pad); mask[b * T + t] = t < q.length ? 1n : 0n; } });
      const feeds: Record<string, unknown> = {
        input_ids: new tf.Tensor("int64", ids, [B, T]), attention_mask: new tf.Tensor("int64", mask, [B, T]),
        token_type_ids: new tf.Tensor("int64", types, [B, T]),
      };
      const res = await net(feeds);
      const h = res.last_hidden_state;
      const H = h.dims[2], data = h.data as Float32Array;
      seqs.forEach((q, b) => {
        const e = new Float64Array(H);
        for (let t = 0; t < q.length; t++) for (let c = 0; c < H; c++) e[c] += data[(b * T + t) * H + c];
        let nrm = 0;
        for (let c = 0; c < H; c++) { e[c] /= q.length; nrm += e[c] * e[c]; }
        nrm = Math.sqrt(nrm);
        for (let c = 0; c < H; c++) e[c] /= nrm;
        out.push(e);
      });
    }
    return out;
  };
  return { model: id, maxTokens, encode, embed, dispose: async () => { await net.dispose?.(); } };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * A `ConcatEmbedder` over a sentence encoder: concatenations are joined with `CONCAT_SEPARATOR` and
 * embedded as one text; the token budget is maxTokens − 2 word pieces. Word-piece counts of the
 * questions decide when a resample has drawn enough (exact for BERT-style pre-tokenizers, which split
 * on whitespace, so pieces never merge across the separator).
 *
 * @example
 *   const emb = transformersConcatEmbedder(await loadSentenceEncoder("models/all-mpnet-base-v2"));
 */
export function transformersConcatEmbedder(enc: SentenceEncoder, name?: string): ConcatEmbedder {
  const emb: ConcatEmbedder = {
    info: {
      name: `transformers:${name ?? enc.model}`,
      dim: NaN, // set from the first embedding
      maxTokens: enc.maxTokens,
      tokenUnit: "model word pieces, [CLS] and [SEP] included",
      params: { pooling: "mean", normalize: true, library: "@huggingface/transformers", dtype: "fp32" },
    },
    budget: enc.maxTokens - 2,
    async prepare(questions: string[]): Promise<PreparedQuestions> {
      return { texts: questions, tokenCounts: Int32Array.from(questions, (q) => enc.encode(q).length) };
    },
    async embedConcats(prep: PreparedQuestions, orders: ArrayLike<number>[]): Promise<Float64Array[]> {
      const out = await enc.embed(orders.map((o) => Array.from(o, (i) => prep.texts[i]).join(CONCAT_SEPARATOR)));
      if (out.length) emb.info.dim = out[0].length; // known after the first forward pass
      return out;
    },
  };
  return emb;
}
