// `bsig zoo check`: lists every model folder with a manifest, checks every file hash, and fails (exit 2, one line)
// when a file is missing or altered. Runs on a synthetic zoo, so it does not need the built models.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "../../src/core/hash";
import { runCli } from "../../src/cli/main";
import { checkZooModel, listZooModels } from "../../src/zoo/manifest";

function fakeModel(zoo: string, id: string): string {
  const dir = join(zoo, id);
  mkdirSync(join(dir, "onnx"), { recursive: true });
  const files: Record<string, string> = {};
  for (const [rel, body] of [["config.json", "{}"], ["tokenizer.json", "{}"], ["tokenizer_config.json", "{}"], ["onnx/model_quantized.onnx", `onnx-${id}`]]) {
    writeFileSync(join(dir, rel), body);
    files[rel] = sha256(body);
  }
  const manifest = {
    format: "bsig-zoo-model", version: 1, id,
    architecture: { type: "gpt2", n_layer: 2, n_head: 2, n_embd: 64, n_positions: 256, vocab_size: 257 },
    parameters: 1234, tokenizer: { id: "byte", kind: "bytes", merges: 0, vocab_size: 257 },
    training: { seed: 1, kind: "dirichlet", steps: 1, mixture: {}, tokens_per_domain: {}, bytes_per_domain: {}, epochs_per_domain: {}, final_loss: 1 },
    evaluation: { heldout_split: "bench", nats_per_byte: {} },
    reference: { text: "", input_ids: [], logprobs_q8: [], logprobs_fp32: [] }, files, build: {},
  };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

function capture(): { io: { out: (t: string) => void; err: (t: string) => void }; out: () => string; err: () => string } {
  let o = "", e = "";
  return { io: { out: (t) => { o += t; }, err: (t) => { e += t; } }, out: () => o, err: () => e };
}

test("zoo check passes on an intact zoo and skips folders without a manifest or starting with a dot", async () => {
  const zoo = mkdtempSync(join(tmpdir(), "bsig-zoo-"));
  try {
    fakeModel(zoo, "zoo-00");
    fakeModel(zoo, "zoo-01");
    mkdirSync(join(zoo, "smoke"));
    fakeModel(zoo, ".tmp-zoo-02-123");
    assert.deepEqual(listZooModels(zoo).map((p) => p.slice(zoo.length + 1)), ["zoo-00", "zoo-01"]);
    const c = capture();
    assert.equal(await runCli(["zoo", "check", "--models", zoo], c.io), 0);
    assert.match(c.out(), /2 models, all file hashes match/);
  } finally {
    rmSync(zoo, { recursive: true, force: true });
  }
});

test("zoo check fails with exit 2 on an altered or missing file", async () => {
  const zoo = mkdtempSync(join(tmpdir(), "bsig-zoo-"));
  try {
    const a = fakeModel(zoo, "zoo-00");
    const b = fakeModel(zoo, "zoo-01");
    writeFileSync(join(a, "onnx", "model_quantized.onnx"), "tampered");
    rmSync(join(b, "tokenizer.json"));
    assert.equal(checkZooModel(a).length, 1);
    const c = capture();
    assert.equal(await runCli(["zoo", "check", "--models", zoo], c.io), 2);
    assert.match(c.err(), /2 problem\(s\).*does not match manifest.*missing/);
    assert.equal(c.err().trim().split("\n").length, 1);
  } finally {
    rmSync(zoo, { recursive: true, force: true });
  }
});

test("zoo check on a folder without models is an input error", async () => {
  const zoo = mkdtempSync(join(tmpdir(), "bsig-zoo-"));
  try {
    const c = capture();
    assert.equal(await runCli(["zoo", "check", "--models", zoo], c.io), 2);
    assert.match(c.err(), /no model folders/);
    assert.equal(await runCli(["zoo", "check", "--models", join(zoo, "nope")], c.io), 2);
  } finally {
    rmSync(zoo, { recursive: true, force: true });
  }
});
