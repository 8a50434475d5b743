// The committed zoo's manifests are internally consistent and meet issue 5's design constraints.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { listZooModels, readZooManifest, type ZooModelManifest } from "../../src/zoo/manifest";
import { DOMAIN_IDS } from "../../src/zoo/domains";

const root = resolve(__dirname, "..", "..");
const zooDirs = [join(root, "models", "zoo"), join(root, "models", "zoo", "smoke")].filter((d) => existsSync(d));
const models: { dir: string; m: ZooModelManifest }[] = zooDirs.flatMap((z) => listZooModels(z).map((dir) => ({ dir, m: readZooManifest(join(dir, "manifest.json")) })));

/** GPT-2 parameter count with tied embeddings: V d + P d + L (12 d^2 + 13 d) + 2 d. */
function gpt2Params(a: ZooModelManifest["architecture"]): number {
  const d = a.n_embd;
  return a.vocab_size * d + a.n_positions * d + a.n_layer * (12 * d * d + 13 * d) + 2 * d;
}

for (const { dir, m } of models) {
  test(`manifest ${m.id}: architecture, budget, epochs and files are consistent`, () => {
    assert.equal(m.architecture.type, "gpt2");
    assert.equal(m.parameters, gpt2Params(m.architecture));
    assert.equal(m.architecture.vocab_size, m.tokenizer.vocab_size);
    assert.equal(m.architecture.n_embd % m.architecture.n_head, 0);
    const t = m.training as ZooModelManifest["training"] & { batch_size: number; block_size: number; tokens_total: number };
    assert.equal(t.tokens_total, t.steps * t.batch_size * t.block_size);
    assert.deepEqual(Object.keys(t.mixture), DOMAIN_IDS);
    assert.ok(Math.abs(Object.values(t.mixture).reduce((a, b) => a + b, 0) - 1) < 1e-4);
    assert.equal(Object.values(t.tokens_per_domain).reduce((a, b) => a + b, 0), t.tokens_total);
    for (const d of DOMAIN_IDS) assert.ok(t.epochs_per_domain[d] <= 10, `${d} repeated ${t.epochs_per_domain[d]} epochs`);
    assert.ok(Number.isFinite(t.final_loss) && t.final_loss > 0);
    assert.equal(m.evaluation.heldout_split, "bench");
    for (const d of [...DOMAIN_IDS, "mean"]) assert.ok(m.evaluation.nats_per_byte[d] > 0 && m.evaluation.nats_per_byte[d] < 6);
    assert.equal(m.reference.logprobs_q8.length, m.reference.input_ids.length - 1);
    assert.ok(existsSync(join(dir, "onnx", "model_quantized.onnx")));
    for (const k of ["host", "device", "torch", "wall_seconds", "builder_sha256"]) assert.ok(k in m.build, `build.${k}`);
  });
}

const full = models.filter((x) => !x.dir.includes(`${join("zoo", "smoke")}`));
const plan = existsSync(join(root, "models", "zoo", "plan.json"))
  ? (JSON.parse(readFileSync(join(root, "models", "zoo", "plan.json"), "utf8")) as { models: { id: string; tokenizer: string; size: string; kind: string; steps: number }[] })
  : null;

test("the default plan has >= 36 models, 3 sizes, 3 tokenizers, several budgets, specialists and generalists", { skip: !plan && "no plan.json" }, () => {
  const p = plan!.models;
  assert.ok(p.length >= 36);
  assert.equal(new Set(p.map((x) => x.tokenizer)).size, 3);
  assert.ok(new Set(p.map((x) => x.size)).size >= 3);
  assert.ok(new Set(p.map((x) => x.steps)).size >= 10);
  assert.ok(p.filter((x) => x.kind.startsWith("specialist")).length >= DOMAIN_IDS.length);
  assert.ok(p.filter((x) => x.kind === "generalist").length >= 2);
});

test("the committed zoo fits the size cap (all models together <= 60 MB)", { skip: !full.length && "no built models" }, () => {
  let bytes = 0;
  for (const { dir, m } of models) for (const rel of Object.keys(m.files)) bytes += statSync(join(dir, rel)).size;
  assert.ok(bytes <= 60 * 1024 * 1024, `${bytes} bytes`);
});
