import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "../../src/core/random";
import { buildFamilyItems, FAMILIES } from "../../src/zoo/benchmarks-families";
import { readBenchSplit } from "../../src/zoo/benchmarks-build";
import { writeSyntheticSplits, SYNTHETIC_VOCAB } from "./synthetic-splits";

const dir = mkdtempSync(join(tmpdir(), "bsig-fam-"));
writeSyntheticSplits(dir);
const docs = readBenchSplit(join(dir, "alpha", "bench.jsonl"));
const text = docs.map((d) => d.text).join("\n\n");
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const f of FAMILIES) {
  test(`${f.id}: items continue the real text, options are distinct, answers balanced, distractors same-domain`, () => {
    const items = buildFamilyItems(f, `zoo_alpha_${f.id}`, docs, 120, createRng(9));
    assert.equal(items.length, 120);
    const counts = new Array(f.options).fill(0);
    for (const it of items) {
      assert.equal(it.options.length, f.options);
      assert.equal(new Set(it.options).size, f.options);
      counts[it.answer]++;
      // context + correct option is a verbatim piece of the source document
      assert.ok(text.includes(it.context + it.options[it.answer]), it.id);
      assert.ok(!/\s$/.test(it.context), "context ends without whitespace");
      for (const o of it.options) {
        assert.ok(/^\s/.test(o), "option starts with the separating whitespace");
        for (const w of o.trim().split(/\s+/)) {
          if (f.family === "spelling" && o !== it.options[it.answer]) continue;
          assert.ok(SYNTHETIC_VOCAB.alpha.includes(w), `${it.id}: '${w}' is not from the alpha domain`);
        }
      }
    }
    for (const c of counts) assert.equal(c, 120 / f.options);
    if (f.family === "nextword") for (const it of items) assert.equal(new Set(it.options.map((o) => o.length)).size, 1);
    if (f.family === "wordorder") for (const it of items) assert.deepEqual([...it.options[0]].sort(), [...it.options[1]].sort());
    // deterministic
    assert.deepEqual(buildFamilyItems(f, `zoo_alpha_${f.id}`, docs, 120, createRng(9)), items);
    assert.notDeepEqual(buildFamilyItems(f, `zoo_alpha_${f.id}`, docs, 120, createRng(10)), items);
  });
}

test("targets of different items never overlap", () => {
  const items = buildFamilyItems(FAMILIES.find((f) => f.id === "nextspan")!, "zoo_alpha_nextspan", docs, 100, createRng(2));
  const used = new Set<string>();
  for (const it of items) {
    const [doc, k] = it.source.split(":");
    for (let t = Number(k); t < Number(k) + 5; t++) {
      assert.ok(!used.has(`${doc}:${t}`));
      used.add(`${doc}:${t}`);
    }
  }
});

test("asking for more items than the split allows is an error", () => {
  assert.throws(() => buildFamilyItems(FAMILIES[0], "x", docs.slice(0, 1), 5000, createRng(1)), /only \d+ of 5000 items/);
  assert.ok(readFileSync(join(dir, "beta", "bench.jsonl"), "utf8").length > 0);
});
