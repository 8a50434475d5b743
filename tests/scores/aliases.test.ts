import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseAliasTable, readAliasTable, renameModels, resolveAlias, translateModel } from "../../src/scores/aliases";
import { importSloth } from "../../src/scores/sloth";
import { MMLU_IDS } from "../../src/scores/benchmark-ids";
import { completeBlock } from "../../src/scores/missing";

const DATA = join(__dirname, "..", "..", "data");
const aliases = readAliasTable(join(DATA, "model-aliases.csv"));
const sloth = importSloth(join(DATA, "scores", "sloth", "data_v2.csv"));

test("the alias table covers the Sloth/Thrush overlap: 27 same-name models plus 2 -hf conversions", () => {
  assert.deepEqual(aliases.sources, ["sloth", "thrush"]);
  assert.equal(aliases.rows.length, 29);
  assert.equal(aliases.rows.filter((r) => r.basis === "exact-lowercase").length, 27);
  assert.equal(aliases.rows.filter((r) => r.basis === "hf-suffix").length, 2);
  for (const r of aliases.rows) {
    assert.ok(sloth.models.includes(r.names.sloth), `${r.names.sloth} is a Sloth model`);
    assert.equal(r.names.thrush, r.canonical); // Thrush names are Hugging Face ids
    const base = r.canonical.split("/")[1].toLowerCase();
    if (r.basis === "exact-lowercase") assert.equal(r.names.sloth, base);
    else assert.equal(`${r.names.sloth}-hf`, base);
  }
});

test("lookups go both ways and unknown names give null", () => {
  assert.equal(resolveAlias(aliases, "pythia-160m", "sloth"), "EleutherAI/pythia-160m");
  assert.equal(translateModel(aliases, "meta-llama/Llama-2-7b-hf", "thrush", "sloth"), "llama-2-7b");
  assert.equal(translateModel(aliases, "qwen1.5-7b", "sloth", "canonical"), "Qwen/Qwen1.5-7B");
  // Sloth's pythia-1.4b is the non-deduplicated model; Thrush's EleutherAI/pythia-1.4b-deduped is another one.
  assert.equal(resolveAlias(aliases, "pythia-1.4b", "sloth"), null);
  assert.equal(resolveAlias(aliases, "EleutherAI/pythia-1.4b-deduped", "thrush"), null);
  assert.throws(() => resolveAlias(aliases, "x", "hub"), /no source column 'hub'/);
});

test("renaming the Sloth table to Hugging Face ids keeps 29 models; 26 of the 27 same-name ones have the 57 MMLU subjects + v1", () => {
  const r = renameModels(sloth, aliases, "sloth", "canonical");
  assert.equal(r.models.length, 29);
  assert.ok(r.models.includes("EleutherAI/pythia-160m"));
  assert.match(r.notes.join(" "), /29 matched, 159 without an alias dropped/);
  const v1 = ["mmlu", "arc_challenge", "hellaswag", "winogrande", "truthfulqa", "gsm8k"];
  const block = completeBlock(r, [...MMLU_IDS, ...v1]);
  const exact = new Set(aliases.rows.filter((x) => x.basis === "exact-lowercase").map((x) => x.canonical));
  assert.equal(block.table.models.filter((m) => exact.has(m)).length, 26);
  const kept = renameModels(sloth, aliases, "sloth", "canonical", { keepUnmatched: true });
  assert.equal(kept.models.length, 188);
  assert.equal(kept.modelMeta!["EleutherAI/pythia-160m"].family, "pythia");
});

test("malformed alias tables are refused with file and line", () => {
  assert.throws(() => parseAliasTable("id,sloth,basis\n", "a.csv"), /a\.csv: line 1: first column must be 'canonical'/);
  assert.throws(() => parseAliasTable("canonical,basis\n", "a.csv"), /no source column/);
  assert.throws(() => parseAliasTable("canonical,sloth,basis\nA/x,x,b\nA/y,x,b\n", "a.csv"), /line 3: sloth name 'x' already used at line 2/);
  assert.throws(() => parseAliasTable("canonical,sloth,basis\nA/x,x\n", "a.csv"), /line 2: ragged row/);
  assert.throws(() => parseAliasTable("canonical,sloth,basis\n,x,b\n", "a.csv"), /line 2: empty canonical id/);
});
