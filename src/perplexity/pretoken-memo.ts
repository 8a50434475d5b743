/**
 * A faster `encode` for byte-level BPE tokenizers (GPT-2 style) loaded by transformers.js, giving exactly its ids.
 *
 * transformers.js encodes a text in three steps: split it at added tokens (`<|endoftext|>`), cut each section into
 * pre-tokens with the ByteLevel regex, then map each pre-token's UTF-8 bytes to printable characters and run BPE on
 * it. Its per-pre-token work (a `TextEncoder` call, an array of one-character strings joined, then the BPE cache)
 * costs about 4 µs per piece of text, as much as a small model's forward pass over it. When a tokenizer has no
 * normalizer, a ByteLevel pre-tokenizer without an added prefix space, a BPE model that does not fuse unknown
 * tokens across pre-tokens, and a post-processor that adds nothing without special tokens, the ids of a text free
 * of added tokens are the concatenation, over its pre-tokens, of the ids of each pre-token alone. So each distinct
 * pre-token is encoded once, by transformers.js's own BPE model, and remembered:
 *
 *   ids(text) = ids(p₁) ‖ ids(p₂) ‖ …,   p₁ p₂ … = text.match(ByteLevel regex)   (the tokenizer's own RegExp)
 *
 * Texts holding an added token's content, and tokenizers of any other shape, go through transformers.js unchanged.
 * Equality with transformers.js is tested on every committed tokenizer over English, multi-byte and whitespace text.
 */

/** The memoised encoder of one tokenizer (see {@link byteLevelBpeMemo}). */
export interface PretokenMemo {
  /** Token ids of `text` (no special tokens), or null when the text holds an added token (use transformers.js). */
  encode(text: string): number[] | null;
  /** Forget every remembered pre-token (results never depend on the memo; for benchmarks of a cold start). */
  clear(): void;
  /** Pre-tokens remembered now. */
  readonly size: number;
}

interface TokenizerJsonShape {
  normalizer?: unknown;
  pre_tokenizer?: { type?: string; add_prefix_space?: boolean; use_regex?: boolean } | null;
  post_processor?: { type?: string; single?: Record<string, unknown>[] } | null;
  model?: { type?: string; fuse_unk?: boolean };
}

/** True when a post-processor returns a single sequence's tokens unchanged when special tokens are not added. */
function passesTokensThrough(pp: TokenizerJsonShape["post_processor"]): boolean {
  if (pp == null || pp.type === "ByteLevel") return true;
  if (pp.type === "TemplateProcessing" && Array.isArray(pp.single)) {
    const seqs = pp.single.filter((item) => "Sequence" in item);
    return seqs.length === 1 && pp.single.every((item) => "Sequence" in item || "SpecialToken" in item);
  }
  return false;
}

/**
 * The memoised encoder for a loaded transformers.js tokenizer, or null when its shape is not the one the memo is
 * exact for (then encode through transformers.js). At most `maxEntries` pre-tokens are kept (the memo is emptied when
 * full).
 *
 * @example
 *   const memo = byteLevelBpeMemo(await AutoTokenizer.from_pretrained("tests/fixtures/models/tiny-bpe"));
 *   memo?.encode("Hello world");   // the ids tok.encode("Hello world", { add_special_tokens: false }) gives
 */
export function byteLevelBpeMemo(tok: any, maxEntries = 1 << 18): PretokenMemo | null {
  const tj: TokenizerJsonShape | undefined = tok?._tokenizerJSON;
  const t = tok?._tokenizer;
  if (!tj || !t) return null;
  const pre = t.pre_tokenizer, model = t.model;
  const eligible = tj.normalizer == null && t.normalizer === null && !t.remove_space && !t.do_lowercase_and_remove_accent &&
    tj.pre_tokenizer?.type === "ByteLevel" && !tj.pre_tokenizer.add_prefix_space && tj.pre_tokenizer.use_regex !== false &&
    pre?.use_regex === true && !pre.add_prefix_space && pre.pattern instanceof RegExp && pre.pattern.global &&
    typeof pre.byte_encoder?.[0] === "string" && typeof pre.byte_encoder?.[255] === "string" &&
    tj.model?.type === "BPE" && !tj.model.fuse_unk && model?.fuse_unk === false && typeof model === "function" &&
    passesTokensThrough(tj.post_processor) && t.added_tokens_map instanceof Map && model.tokens_to_ids instanceof Map;
  if (!eligible) return null;
  const pattern: RegExp = pre.pattern;
  const byteChar: Record<number, string> = pre.byte_encoder;
  const added: string[] = [...t.added_tokens_map.keys()].filter((c: string) => c.length > 0);
  const encoder = new TextEncoder();
  const memo = new Map<string, number[]>();
  // A pre-token alone, exactly as transformers.js's encode treats it: bytes to characters, its BPE model, then each
  // token string to its id (added token, vocabulary, else the unknown id).
  const encodePretoken = (p: string): number[] => {
    let mapped = "";
    for (const b of encoder.encode(p)) mapped += byteChar[b];
    return (model([mapped]) as string[]).map((s) => t.added_tokens_map.get(s)?.id ?? model.tokens_to_ids.get(s) ?? model.unk_token_id);
  };
  return {
    encode(text) {
      for (const c of added) if (text.includes(c)) return null;
      const out: number[] = [];
      for (const p of text.match(pattern) ?? []) {
        let ids = memo.get(p);
        if (ids === undefined) {
          ids = encodePretoken(p);
          if (memo.size >= maxEntries) memo.clear();
          memo.set(p, ids);
        }
        for (let i = 0; i < ids.length; i++) out.push(ids[i]);
      }
      return out;
    },
    clear() { memo.clear(); },
    get size() { return memo.size; },
  };
}
