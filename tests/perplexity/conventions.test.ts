import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadCausalLM } from "../../src/perplexity/model";
import { tokenLogprobs, scoreSequences, continuationLogprobs } from "../../src/perplexity/logprobs";
import { uniformByteLM } from "../../src/perplexity/uniform";
import { assignTokens, pieceStats, measureOf } from "../../src/perplexity/aggregate";
import { splitPieces } from "../../src/corpus/pieces";
import { tokenSpans } from "../../src/perplexity/spans";

const MODELS = join(__dirname, "..", "fixtures", "models");
const MULTI = "Café naïve — 日本語 🙂👍🏽 x";

test("uniform byte model: every byte costs ln 256, every piece is exactly 8 bits per byte, BOS scores the first piece", async () => {
  const lm = await uniformByteLM(join(MODELS, "tiny-byte"));
  const text = "héllo wörld 日本 🙂 end";
  const [r] = await tokenLogprobs(lm, [text]);
  assert.equal(r.ids.length, Buffer.byteLength(text));
  for (const lp of r.logprobs) assert.equal(lp, -Math.log(256));
  const { starts, ends } = splitPieces(text);
  const stats = pieceStats(r, starts, ends, Array.from(starts, (_, k) => k));
  stats.forEach((s, k) => {
    const seg = Buffer.byteLength(text.slice(k ? ends[k - 1] : 0, ends[k]));
    assert.equal(s.nBytes, seg);
    assert.equal(s.nTokens, seg, "all-whitespace byte tokens go to the next piece");
    assert.ok(Math.abs(measureOf(s, "bits-per-byte") - 8) < 1e-12);
    assert.ok(Math.abs(s.nllSum - seg * Math.log(256)) < 1e-9);
    assert.equal(s.nllLast, Math.log(256));
  });
  assert.equal(stats[0].nTokens, Buffer.byteLength("héllo"), "first piece scored thanks to BOS");
});

test("char spans rebuilt from token bytes are right on accents, CJK and emoji", async () => {
  const lm = await loadCausalLM(join(MODELS, "tiny-bpe"));
  const [r] = await tokenLogprobs(lm, [MULTI]);
  // spans are contiguous and cover the text; a token inside a multi-byte char spans that whole char
  let prevEnd = 0;
  for (let i = 0; i < r.ids.length; i++) {
    assert.ok(r.starts[i] === prevEnd || r.starts[i] < prevEnd, `token ${i} starts at ${r.starts[i]} after ${prevEnd}`);
    assert.ok(r.ends[i] >= r.starts[i]);
    const bytes = lm.tokenizer.tokenBytes(r.ids[i])!;
    const spanBytes = Buffer.from(MULTI.slice(r.starts[i], r.ends[i]));
    assert.ok(spanBytes.includes(Buffer.from(bytes)), `token ${i} bytes ${Buffer.from(bytes).toString("hex")} not inside span '${MULTI.slice(r.starts[i], r.ends[i])}'`);
    prevEnd = Math.max(prevEnd, r.ends[i]);
  }
  assert.equal(prevEnd, MULTI.length);
  // the emoji 🙂 (4 bytes, 2 UTF-16 units) is split into byte tokens that all map to its 2 code units
  const smile = MULTI.indexOf("🙂");
  const onSmile = Array.from(r.starts).map((s, i) => i).filter((i) => r.anchors[i] === smile);
  assert.ok(onSmile.length >= 2, "the emoji is split into several byte tokens");
  for (const i of onSmile) { assert.equal(r.starts[i], r.starts[onSmile[0]]); assert.ok(r.ends[i] - r.starts[i] <= 3); }
  // GPT-2 style: the token carrying the leading space is anchored on the piece's first char
  const [r2] = await tokenLogprobs(lm, ["of the software"]);
  const spaced = Array.from(r2.ids, (_, i) => i).filter((i) => r2.text[r2.starts[i]] === " " && r2.ends[i] - r2.starts[i] > 1);
  assert.ok(spaced.length > 0, "some token carries a leading space");
  for (const i of spaced) assert.equal(r2.anchors[i], r2.starts[i] + 1);
});

test("a token belongs to the piece with its first non-space char; spanning and all-space tokens", () => {
  // pieces: "ab" [0,2), "cd" [3,5)
  const ps = Int32Array.of(0, 3), pe = Int32Array.of(2, 5);
  // tokens: "a" (anchor 0), "b c" spanning both (anchor 1), " " (all space, ends at 3), "d" (anchor 4)
  const owner = assignTokens(Int32Array.of(0, 1, -1, 4), Int32Array.of(1, 4, 3, 5), ps, pe);
  assert.deepEqual(Array.from(owner), [0, 0, 1, 1]);
  // a trailing all-space token has no piece
  assert.deepEqual(Array.from(assignTokens(Int32Array.of(-1), Int32Array.of(6), ps, pe)), [-1]);
});

test("nll-last-token is the NLL of the piece's last token; nll-sum adds its tokens", async () => {
  const lm = await loadCausalLM(join(MODELS, "tiny-byte"));
  const text = "alpha beta";
  const [r] = await tokenLogprobs(lm, [text]);
  const { starts, ends } = splitPieces(text);
  const [a, b] = pieceStats(r, starts, ends, [0, 1]);
  const nll = Array.from(r.logprobs, (v) => -v);
  assert.equal(a.nTokens, 5); assert.equal(b.nTokens, 5);
  assert.ok(Math.abs(a.nllSum - nll.slice(0, 5).reduce((x, y) => x + y)) < 1e-12);
  assert.equal(a.nllLast, nll[4]);
  assert.equal(b.nllLast, nll[9]);
});

test("batched (right-padded) scoring equals unbatched exactly", async () => {
  for (const name of ["tiny-bpe", "tiny-byte"]) {
    const lm = await loadCausalLM(join(MODELS, name));
    const texts = ["short", MULTI, "a somewhat longer text with several words in it, to pad the others", "x"];
    const one = await tokenLogprobs(lm, texts, { batchSize: 1 });
    for (const bs of [2, 3, 8]) {
      const many = await tokenLogprobs(lm, texts, { batchSize: bs });
      many.forEach((m, i) => assert.deepEqual(Array.from(m.logprobs), Array.from(one[i].logprobs), `${name} batch ${bs} text ${i}`));
    }
  }
});

test("texts longer than the context keep the last maxPositions-1 tokens; earlier ones are NaN", async () => {
  const lm = await loadCausalLM(join(MODELS, "tiny-byte"));
  const text = "z".repeat(lm.maxPositions + 9);
  const [r] = await tokenLogprobs(lm, [text]);
  const nan = Array.from(r.logprobs).filter(Number.isNaN).length;
  assert.equal(nan, 10);
  assert.ok(Number.isFinite(r.logprobs[r.logprobs.length - 1]));
});

test("scoreSequences and continuationLogprobs agree with tokenLogprobs", async () => {
  const lm = await loadCausalLM(join(MODELS, "tiny-bpe"));
  const ctx = "The license is", cont = " free software";
  const [full] = await tokenLogprobs(lm, [ctx + cont]);
  const [c] = await continuationLogprobs(lm, [{ context: ctx, continuation: cont }]);
  const nCont = lm.tokenizer.encode(cont).length;
  assert.equal(c.nTokens, nCont);
  const ids = [lm.bosId, ...lm.tokenizer.encode(ctx), ...lm.tokenizer.encode(cont)];
  const [lp] = await scoreSequences(lm, [Int32Array.from(ids)]);
  const tail = Array.from(lp).slice(-nCont).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(c.logprob - tail) < 1e-12);
  if (ctx + cont === lm.tokenizer.decode(ids.slice(1))) {
    const sameTok = JSON.stringify(Array.from(full.ids)) === JSON.stringify(ids.slice(1));
    if (sameTok) assert.ok(Math.abs(Array.from(full.logprobs).slice(-nCont).reduce((a, b) => a + b, 0) - c.logprob) < 1e-12);
  }
  assert.equal(typeof c.greedy, "boolean");
});

test("non byte-level tokenizers: spans come from decoding growing prefixes", () => {
  const vocab = ["▁Ca", "fé", "▁日", "本", "▁ok"];
  const view = {
    encode: () => [0, 1, 2, 3, 4], clearMemo: () => undefined, tokenBytes: () => null, hash: "x", bosId: null, eosId: null, size: 5,
    decode: (ids: number[]) => ids.map((i) => vocab[i]).join("").replace(/▁/g, " ").replace(/^ /, ""),
  };
  const text = "Café 日本 ok";
  const s = tokenSpans(text, [0, 1, 2, 3, 4], view);
  assert.deepEqual(Array.from(s.starts), [0, 2, 4, 6, 7]);
  assert.deepEqual(Array.from(s.ends), [2, 4, 6, 7, 10]);
  assert.deepEqual(Array.from(s.anchors), [0, 2, 5, 6, 8]);
  assert.throws(() => tokenSpans("CAFÉ 日本 ok", [0, 1, 2, 3, 4], view), /does not give back the text/);
});

test("the engine's forward (ONNX session, logits only) equals transformers.js's own forward bit for bit", async () => {
  for (const [name, dtype] of [["tiny-bpe", "fp32"], ["tiny-bpe", "q8"], ["tiny-byte", "fp32"]] as const) {
    const a = await loadCausalLM(join(MODELS, name), { dtype });
    const b = await loadCausalLM(join(MODELS, name), { dtype, viaTransformers: true });
    const seqs = [[a.bosId, 5, 9, 11, 3], [a.bosId, 7], [a.bosId, 1, 2]];
    const B = seqs.length, T = 5;
    const ids = new BigInt64Array(B * T).fill(BigInt(a.bosId)), mask = new BigInt64Array(B * T);
    seqs.forEach((s, r) => s.forEach((v, t) => { ids[r * T + t] = BigInt(v); mask[r * T + t] = 1n; }));
    const x = await a.forward(ids, mask, B, T), y = await b.forward(ids, mask, B, T);
    assert.equal(x.length, B * T * a.vocabSize);
    assert.deepEqual(new Uint32Array(x.buffer, x.byteOffset, x.length), new Uint32Array(y.buffer, y.byteOffset, y.length));
    await a.dispose(); await b.dispose();
  }
});
