/**
 * The zoo's models as the study and `bsig eval` see them: their folders, manifest metadata, training
 * exposure (share of training bytes per domain) and the harness view of a loaded model.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { continuationLogprobs } from "../perplexity/logprobs";
import type { CausalLM } from "../perplexity/model";
import type { EvalModel, ExposureShares } from "./harness-eval";
import { readZooManifest } from "./manifest";

/**
 * Model folders under `dir`: every subfolder with a `manifest.json` (a finished zoo model); when no
 * subfolder has one, every subfolder with a `config.json` (plain transformers.js model folders).
 *
 * @example
 *   modelFolders("models/zoo")  // ["models/zoo/zoo-00", …] (only finished models)
 */
export function modelFolders(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(dir, "--models: not a folder");
  const subs = readdirSync(dir).sort().map((n) => join(dir, n)).filter((p) => statSync(p).isDirectory());
  const withManifest = subs.filter((p) => existsSync(join(p, "manifest.json")));
  const found = withManifest.length > 0 ? withManifest : subs.filter((p) => existsSync(join(p, "config.json")));
  if (found.length === 0) throw new InputError(dir, "--models: no model folders (subfolders with manifest.json or config.json)");
  return found;
}

/**
 * Scalar metadata of a model for a score sidecar's `models` (from its zoo manifest; empty without one).
 *
 * @example
 *   modelMeta("models/zoo/zoo-00").tokenizer   // "bpe1024"
 */
export function modelMeta(dir: string): Record<string, string | number | boolean | null> {
  const p = join(dir, "manifest.json");
  if (!existsSync(p)) return {};
  const m = readZooManifest(p);
  return {
    parameters: m.parameters, n_layer: m.architecture.n_layer, n_embd: m.architecture.n_embd, n_positions: m.architecture.n_positions,
    tokenizer: m.tokenizer.id, kind: m.training.kind, steps: m.training.steps, final_loss: m.training.final_loss,
    heldout_nats_per_byte: m.evaluation?.nats_per_byte?.mean ?? null,
  };
}

/**
 * Training byte shares per domain of each model, from the zoo manifests, with capability = mean held-out
 * nats/byte when every manifest has it; null when a model has no manifest.
 *
 * share[m][d] = bytes_d(m) / Σ_d' bytes_d'(m)
 *
 * @example
 *   exposureFrom(modelFolders("models/zoo"))?.domains   // ["brown_fiction", …, "wiki"]
 */
export function exposureFrom(dirs: readonly string[]): ExposureShares | null {
  const per: Record<string, number>[] = [];
  const capability = new Float64Array(dirs.length);
  for (const [i, d] of dirs.entries()) {
    const p = join(d, "manifest.json");
    if (!existsSync(p)) return null;
    const m = readZooManifest(p);
    per.push(m.training.bytes_per_domain ?? m.training.tokens_per_domain);
    capability[i] = m.evaluation?.nats_per_byte?.mean ?? NaN;
  }
  const domains = [...new Set(per.flatMap((x) => Object.keys(x)))].sort();
  const shares = new Float64Array(dirs.length * domains.length);
  per.forEach((x, i) => {
    const tot = domains.reduce((s, d) => s + (x[d] ?? 0), 0);
    domains.forEach((d, k) => { shares[i * domains.length + k] = tot > 0 ? (x[d] ?? 0) / tot : 0; });
  });
  return capability.every(Number.isFinite) ? { domains, shares, capability } : { domains, shares };
}

/**
 * The harness view of a loaded model: its content identity (dtype + file hashes: the eval cache key) and
 * an option scorer (lm-eval `loglikelihood`). `bsig eval` and the study use this one function, so their
 * caches are shared.
 *
 * @example
 *   const em = evalModelOf("zoo-00", await loadCausalLM("models/zoo/zoo-00", { dtype: "q8" }), 16);
 */
export function evalModelOf(id: string, lm: CausalLM, batchSize: number): EvalModel {
  return {
    id,
    identity: { dtype: lm.identity.dtype, files: lm.identity.files },
    score: (reqs) => continuationLogprobs(lm, reqs, { batchSize }),
    dispose: () => lm.dispose(),
  };
}
