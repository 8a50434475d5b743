import type { CausalLM } from "./model";
import { loadTokenizer } from "./tokenizer";

/**
 * A hand-computable causal LM that pins the conventions: with a byte-level tokenizer it gives every
 * single-byte token the same logit and every other token −∞, so each byte costs exactly ln 256 nats and
 * every piece scores exactly 8 bits per byte. The tokenizer comes from a model folder (e.g. the committed
 * tests/fixtures/models/tiny-byte, whose vocabulary is the 256 bytes plus <s> and </s>).
 *
 * @example
 *   const lm = await uniformByteLM("tests/fixtures/models/tiny-byte");
 *   // tokenLogprobs(lm, ["héllo"]) -> every log-prob is −ln 256
 */
export async function uniformByteLM(tokenizerDir: string): Promise<CausalLM> {
  const tok = await loadTokenizer(tokenizerDir);
  const single: number[] = [];
  const bos = tok.bosId ?? tok.eosId;
  if (bos === null) throw new Error(`${tokenizerDir}: tokenizer has neither BOS nor EOS`);
  const V = tok.size;
  for (let id = 0; id < V; id++) if (tok.tokenBytes(id)?.length === 1) single.push(id);
  if (single.length !== 256) throw new Error(`${tokenizerDir}: need a byte-level tokenizer with 256 single-byte tokens, found ${single.length}`);
  const row = new Float32Array(V).fill(-Infinity);
  for (const id of single) row[id] = 0;
  return {
    id: "builtin:uniform-bytes", dtype: "fp32",
    identity: { id: "builtin:uniform-bytes", source: "builtin", dtype: "fp32", files: { tokenizer: tok.hash } },
    tokenizer: tok, tokenizerHash: tok.hash, bosId: bos, maxPositions: 1 << 20, vocabSize: V,
    async forward(_ids, _mask, batch, length) {
      const out = new Float32Array(batch * length * V);
      for (let p = 0; p < batch * length; p++) out.set(row, p * V);
      return out;
    },
    async dispose() { /* nothing to free */ },
  };
}

