// The zoo's tokenizers give the same ids in transformers.js as in python (tools/zoo/bpe.py, used for training) on
// multi-byte, whitespace-heavy and code text and on samples of every domain (fixture written by
// tools/zoo/tokenizer_fixture.py), and decoding round-trips.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");
const fixturePath = join(__dirname, "fixtures", "tokenizer-ids.json");
interface Fixture { tokenizers: Record<string, { model: string; cases: { text: string; ids: number[] }[] }> }
const fixture = existsSync(fixturePath) ? (JSON.parse(readFileSync(fixturePath, "utf8")) as Fixture) : null;

test("the tokenizer fixture covers the three tokenizers", { skip: !fixture && "fixture not written" }, () => {
  assert.deepEqual(Object.keys(fixture!.tokenizers).sort(), ["bpe1024", "bpe512", "byte"]);
});

for (const [tid, entry] of Object.entries(fixture?.tokenizers ?? {})) {
  test(`tokenizer ${tid}: transformers.js ids equal python's on ${entry.cases.length} texts`, async () => {
    const { AutoTokenizer, env } = await import("@huggingface/transformers");
    env.allowRemoteModels = false;
    const tok = await AutoTokenizer.from_pretrained(join(root, entry.model));
    for (const c of entry.cases) {
      const ids = Array.from(tok(c.text).input_ids.data as BigInt64Array, Number);
      // "<|endoftext|>" inside text is the special token for transformers.js; python's training encoder never sees it
      if (c.text.includes("<|endoftext|>")) continue;
      assert.deepEqual(ids, c.ids, `ids differ on ${JSON.stringify(c.text.slice(0, 60))}`);
      assert.equal(tok.decode(ids), c.text, `decode does not round-trip ${JSON.stringify(c.text.slice(0, 60))}`);
    }
    if (tid === "byte") assert.deepEqual(Array.from(tok("é").input_ids.data as BigInt64Array, Number), [0xc3, 0xa9]);
  });
}
