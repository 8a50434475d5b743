/**
 * Zoo model manifests (written by `tools/zoo/build.py`, one `manifest.json` per model folder): typed reading and
 * hash checking.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { sha256File } from "../core/hash";

/** The manifest of one zoo model (the fields the TypeScript side relies on). */
export interface ZooModelManifest {
  format: "bsig-zoo-model";
  version: 1;
  id: string;
  architecture: { type: "gpt2"; n_layer: number; n_head: number; n_embd: number; n_positions: number; vocab_size: number };
  parameters: number;
  tokenizer: { id: string; kind: string; merges: number; vocab_size: number };
  training: {
    seed: number;
    kind: string;
    steps: number;
    mixture: Record<string, number>;
    tokens_per_domain: Record<string, number>;
    bytes_per_domain: Record<string, number>;
    epochs_per_domain: Record<string, number>;
    final_loss: number;
  };
  evaluation: { heldout_split: string; nats_per_byte: Record<string, number> };
  reference: { text: string; input_ids: number[]; logprobs_q8: number[]; logprobs_fp32: number[] };
  files: Record<string, string>;
  build: Record<string, unknown>;
}

/**
 * Parse and shape-check one manifest file; throws InputError naming the file and the missing field.
 * @example
 * const m = readZooManifest("models/zoo/zoo-000/manifest.json"); m.architecture.n_layer // e.g. 2
 */
export function readZooManifest(path: string): ZooModelManifest {
  let m: Record<string, unknown>;
  try { m = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>; } catch (e) { throw new InputError(path, `not readable JSON (${(e as Error).message})`); }
  if (m.format !== "bsig-zoo-model" || m.version !== 1) throw new InputError(path, `format must be bsig-zoo-model version 1`);
  for (const k of ["id", "architecture", "parameters", "tokenizer", "training", "evaluation", "reference", "files", "build"]) {
    if (!(k in m)) throw new InputError(path, `missing field "${k}"`);
  }
  return m as unknown as ZooModelManifest;
}

/**
 * Check every file hash listed in a model's manifest against the files in its folder.
 * Returns the list of problems (empty when all files exist and match).
 * @example
 * checkZooModel("models/zoo/zoo-000") // []
 */
export function checkZooModel(dir: string): string[] {
  const m = readZooManifest(join(dir, "manifest.json"));
  const problems: string[] = [];
  for (const required of ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"]) {
    if (!(required in m.files)) problems.push(`${dir}: manifest lists no ${required}`);
  }
  for (const [rel, hash] of Object.entries(m.files)) {
    const p = join(dir, rel);
    if (!existsSync(p)) { problems.push(`${p}: missing`); continue; }
    const got = sha256File(p);
    if (got !== hash) problems.push(`${p}: sha256 ${got} does not match manifest ${hash}`);
  }
  return problems;
}

/**
 * The model folders of a zoo: every direct subfolder holding a `manifest.json`, sorted by name.
 * @example
 * listZooModels("models/zoo") // ["/…/zoo-000", …]
 */
export function listZooModels(zooDir: string): string[] {
  if (!existsSync(zooDir) || !statSync(zooDir).isDirectory()) throw new InputError(zooDir, "not a folder");
  return readdirSync(zooDir).filter((n) => !n.startsWith(".")).sort().map((n) => join(zooDir, n)).filter((p) => statSync(p).isDirectory() && existsSync(join(p, "manifest.json")));
}
