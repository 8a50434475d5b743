import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCausalLM } from "../../src/perplexity/model";
import { tokenLogprobs } from "../../src/perplexity/logprobs";

const MODELS = join(__dirname, "..", "fixtures", "models");

interface Ref { bos_id: number; texts: { text: string; ids: number[]; logprobs: number[] }[] }

for (const name of ["tiny-bpe", "tiny-byte"]) {
  test(`${name}: token ids equal the build script's and log-probs match PyTorch to 1e-5`, async () => {
    const dir = join(MODELS, name);
    const ref = JSON.parse(readFileSync(join(dir, "reference.json"), "utf8")) as Ref;
    const lm = await loadCausalLM(dir, { dtype: "fp32" });
    assert.equal(lm.bosId, ref.bos_id);
    const res = await tokenLogprobs(lm, ref.texts.map((t) => t.text), { batchSize: 2 });
    let worst = 0;
    res.forEach((r, i) => {
      assert.deepEqual(Array.from(r.ids), ref.texts[i].ids);
      r.logprobs.forEach((lp, k) => { worst = Math.max(worst, Math.abs(lp - ref.texts[i].logprobs[k])); });
    });
    assert.ok(worst < 1e-5, `max |Δ logprob| = ${worst}`);
    await lm.dispose();
  });
}

test("q8 weights load and stay close to fp32 (not equal: they are quantized)", async () => {
  const dir = join(MODELS, "tiny-bpe");
  const ref = JSON.parse(readFileSync(join(dir, "reference.json"), "utf8")) as Ref;
  const lm = await loadCausalLM(dir, { dtype: "q8" });
  const [r] = await tokenLogprobs(lm, [ref.texts[0].text]);
  const diffs = Array.from(r.logprobs, (lp, k) => Math.abs(lp - ref.texts[0].logprobs[k]));
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  assert.ok(mean > 0 && mean < 0.5, `mean |Δ| = ${mean}`);
  await lm.dispose();
});
