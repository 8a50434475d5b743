import { existsSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { canonicalJson, sha256 } from "../core/hash";
import { byteLevelBpeMemo } from "./pretoken-memo";

/**
 * What the engine needs from a tokenizer: encoding without special tokens, the bytes each token spells
 * (for character spans), and a content hash. Built from a loaded transformers.js tokenizer.
 */
export interface TokenizerView {
  /** Token ids of `text`, no special tokens added. */
  encode(text: string): number[];
  /**
   * Forget the remembered encodings of pre-tokens (byte-level BPE tokenizers; see pretoken-memo.ts). Ids never depend
   * on the memo; benchmarks call this to time a cold start.
   */
  clearMemo(): void;
  /** UTF-8 bytes that token `id` spells, or null when the tokenizer is not byte-level. */
  tokenBytes(id: number): Uint8Array | null;
  /** Decode ids to text (used for non byte-level tokenizers). */
  decode(ids: number[]): string;
  /** sha256 of the canonical JSON of tokenizer.json and tokenizer_config.json as loaded. */
  hash: string;
  bosId: number | null;
  eosId: number | null;
  /** 1 + the largest token id (vocabulary and added tokens). */
  size: number;
}

/**
 * GPT-2's reversible map between the 256 byte values and printable unicode characters, inverted:
 * unicode code point -> byte value.
 *
 * @example
 *   unicodeToByte().get("Ġ".codePointAt(0)!)   // 32 (space)
 */
export function unicodeToByte(): Map<number, number> {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = bs.slice();
  let n = 0;
  for (let b = 0; b < 256; b++) if (!bs.includes(b)) { bs.push(b); cs.push(256 + n); n++; }
  const m = new Map<number, number>();
  bs.forEach((b, i) => m.set(cs[i], b));
  return m;
}

interface TokenizerJson {
  model?: { vocab?: Record<string, number> | [string, number][] };
  added_tokens?: { id: number; content: string }[];
  decoder?: { type?: string; decoders?: { type?: string }[] } | null;
}

/**
 * Wrap a transformers.js tokenizer as a TokenizerView. Byte-level (GPT-2 style) decoders get exact byte
 * spans from the vocabulary; special tokens spell no bytes.
 */
export function tokenizerView(tok: any): TokenizerView {
  const tj: TokenizerJson = tok._tokenizerJSON;
  const isByteLevel = tj.decoder?.type === "ByteLevel" ||
    (tj.decoder?.type === "Sequence" && !!tj.decoder.decoders?.some((d) => d.type === "ByteLevel"));
  const idToBytes = new Map<number, Uint8Array>();
  const vocabEntries: [string, number][] = Array.isArray(tj.model?.vocab) ? (tj.model!.vocab as [string, number][]).map(([s], i) => [s, i] as [string, number])
    : Object.entries(tj.model?.vocab ?? {});
  let size = 0;
  for (const [, id] of vocabEntries) size = Math.max(size, id + 1);
  for (const a of tj.added_tokens ?? []) size = Math.max(size, a.id + 1);
  if (isByteLevel) {
    const u2b = unicodeToByte();
    for (const [s, id] of vocabEntries) {
      const bytes: number[] = [];
      let ok = true;
      for (const ch of s) {
        const b = u2b.get(ch.codePointAt(0)!);
        if (b === undefined) { ok = false; break; }
        bytes.push(b);
      }
      if (ok) idToBytes.set(id, Uint8Array.from(bytes));
    }
    for (const a of tj.added_tokens ?? []) idToBytes.set(a.id, new Uint8Array(0));
  }
  const memo = byteLevelBpeMemo(tok);
  const viaEncode = (text: string) => Array.from(tok.encode(text, { add_special_tokens: false }) as number[]);
  return {
    encode: memo ? (text) => memo.encode(text) ?? viaEncode(text) : viaEncode,
    clearMemo: () => memo?.clear(),
    tokenBytes: (id) => (isByteLevel ? idToBytes.get(id) ?? null : null),
    decode: (ids) => tok.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false }) as string,
    hash: sha256(canonicalJson({ tokenizer: tok._tokenizerJSON, config: tok._tokenizerConfig })),
    bosId: typeof tok.bos_token_id === "number" ? tok.bos_token_id : null,
    eosId: typeof tok.eos_token_id === "number" ? tok.eos_token_id : null,
    size,
  };
}

/** Throw InputError naming `dir` unless each of `files` exists in it (checked before transformers.js runs). */
export function requireFiles(dir: string, files: string[], what = "not a model folder"): void {
  if (!existsSync(dir)) throw new InputError(dir, "no such folder");
  for (const f of files) {
    if (!existsSync(join(dir, f))) throw new InputError(dir, `${what}: ${f} is missing`);
  }
}

/**
 * Load only the tokenizer of a local model folder (for imports that map log-probs back to pieces).
 *
 * @example
 *   const tv = await loadTokenizer("tests/fixtures/models/tiny-bpe");
 *   tv.encode("hello world");
 */
export async function loadTokenizer(dir: string): Promise<TokenizerView> {
  const { resolve } = await import("node:path");
  const abs = resolve(dir);
  requireFiles(abs, ["tokenizer.json", "tokenizer_config.json"], "not a tokenizer folder");
  const tf = await import("@huggingface/transformers");
  tf.env.allowRemoteModels = false;
  const tok = await tf.AutoTokenizer.from_pretrained(abs);
  return tokenizerView(tok);
}
