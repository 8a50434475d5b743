// The transformers.js path with the tiny BERT built by tools/test-encoder/build_tiny_encoder.py (committed in
// tests/fixtures/encoder): token ids and embeddings equal the Python/torch reference.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../src/core/errors";
import { loadSentenceEncoder, transformersConcatEmbedder, type SentenceEncoder } from "../../src/embed/transformers";
import { semanticOverlap } from "../../src/overlap/semantic";

const dir = join(__dirname, "..", "fixtures", "encoder");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const E: any = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
let enc: SentenceEncoder | null = null;
async function encoder(): Promise<SentenceEncoder> {
  enc ??= await loadSentenceEncoder(join(dir, "tiny-bert"), { maxTokens: E.maxTokens, batchSize: 3 });
  return enc;
}
after(async () => { await enc?.dispose(); });

test("word-piece ids equal the independent Python WordPiece", async () => {
  const e = await encoder();
  for (const c of E.cases) assert.deepEqual(e.encode(c.text), c.ids, c.text);
});

test("mean-pooled normalised embeddings equal torch (batched, padded, truncated)", async () => {
  const e = await encoder();
  const embs = await e.embed(E.cases.map((c: { text: string }) => c.text));
  E.cases.forEach((c: { embedding: number[]; text: string }, k: number) => {
    assert.equal(embs[k].length, E.hidden);
    for (let i = 0; i < c.embedding.length; i++) assert.ok(Math.abs(embs[k][i] - c.embedding[i]) < 2e-5, `${c.text}[${i}]: ${embs[k][i]} vs ${c.embedding[i]}`);
  });
});

test("semantic overlap runs through the transformers.js embedder and names it", async () => {
  const emb = transformersConcatEmbedder(await encoder(), "tiny-bert");
  // Word pieces never merge across the separator: counts add up.
  const prep = await emb.prepare(["the cat sat", "two dogs!"]);
  assert.equal((await encoder()).encode("the cat sat\n\ntwo dogs!").length, prep.tokenCounts[0] + prep.tokenCounts[1]);
  const r = await semanticOverlap([
    { benchmark: "x", questions: ["The cat sat on the mat.", "A dog has four legs."] },
    { benchmark: "y", questions: ["What is two plus three?", "Compute the sum.", "Return the product of numbers.", "def add(a, b)"] },
  ], emb, { resamples: 4, seed: 1 });
  assert.equal(r.embedder.name, "transformers:tiny-bert");
  assert.equal(r.embedder.dim, E.hidden);
  assert.ok(Number.isFinite(r.values[1]) && Math.abs(r.values[1]) <= 1);
});

test("a missing encoder folder is an InputError unless remote downloads are allowed", async () => {
  await assert.rejects(loadSentenceEncoder(join(dir, "no-such-model")), InputError);
});
