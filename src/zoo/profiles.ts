/**
 * Zoo profiles: which models, which wild pool and how many benchmark items a study run uses. `default` is the whole
 * zoo on a balanced wild pool of 36,000 target pieces; `smoke` is small enough for CI.
 */
import { InputError } from "../core/errors";
import { DOMAIN_IDS } from "./domains";

/** One profile, as a typed value. */
export interface ZooProfile {
  name: "default" | "smoke" | "real-small";
  /** Zoo folder (relative to the repository root) holding one subfolder per model with a `manifest.json`. */
  modelsDir: string;
  /** Model ids to use; null = every model in `modelsDir`. */
  models: string[] | null;
  /**
   * Hugging Face hub ids of real LLMs (ONNX exports transformers.js runs) to use instead of `modelsDir`;
   * downloading them needs `allowRemote`. Their training mixtures are unknown, so no exposure is reported.
   */
  hubModels?: string[];
  /** Split folder written by `bsig zoo corpora`. */
  splitsDir: string;
  /** Domains of the wild pool (each contributes the same number of target pieces). */
  domains: string[];
  /** Target pieces per domain taken from each wild half (`wild-a`, `wild-b`): pool size = 2 x this x domains. */
  wildPiecesPerDomainPerHalf: number;
  /** Left-context pieces before each target piece (the paper's 30). */
  contextPieces: number;
  /** Items per zoo benchmark. */
  benchItemsPerBenchmark: number;
  /** Seed for every sampling step of the profile (pool and items). */
  seed: number;
}

/** The whole zoo: 6 domains x 2 halves x 3,000 = 36,000 wild target pieces, 400 items per benchmark. */
export const DEFAULT_PROFILE: ZooProfile = {
  name: "default",
  modelsDir: "models/zoo",
  models: null,
  splitsDir: "data/zoo/splits",
  domains: DOMAIN_IDS,
  wildPiecesPerDomainPerHalf: 3000,
  contextPieces: 30,
  benchItemsPerBenchmark: 400,
  seed: 20250927,
};

/** CI-sized: the whole zoo (signatures need many models), 6 x 2 x 40 = 480 wild pieces, 40 items per benchmark. */
export const SMOKE_PROFILE: ZooProfile = {
  name: "smoke",
  modelsDir: "models/zoo",
  models: null,
  splitsDir: "data/zoo/splits",
  domains: DOMAIN_IDS,
  wildPiecesPerDomainPerHalf: 40,
  contextPieces: 30,
  benchItemsPerBenchmark: 40,
  seed: 20250927,
};

/**
 * The real-model recipe: small real LLMs with ONNX exports on the Hugging Face hub (transformers.js-tagged
 * repositories, q8 weights), scored on a smaller wild pool (6 x 2 x 300 = 3,600 pieces) and 100 items per benchmark,
 * so it runs on a laptop CPU in about an hour. Needs the hub (`--allow-remote`); nothing is downloaded otherwise.
 * Bigger models: score them elsewhere (e.g. vLLM prompt log-probs) and import the log-probs (`bsig import`).
 */
export const REAL_SMALL_PROFILE: ZooProfile = {
  name: "real-small",
  modelsDir: "",
  models: null,
  hubModels: [
    "Xenova/distilgpt2", "Xenova/gpt2", "Xenova/gpt2-medium", "Xenova/gpt-neo-125M", "Xenova/pythia-70m", "Xenova/pythia-160m",
    "Xenova/pythia-410m", "Xenova/opt-125m", "Xenova/opt-350m", "Xenova/codegen-350M-mono", "onnx-community/SmolLM2-135M-ONNX",
    "onnx-community/SmolLM2-360M-ONNX", "Xenova/Qwen1.5-0.5B", "onnx-community/Qwen2.5-0.5B", "Xenova/TinyLlama-1.1B-Chat-v1.0",
    "Xenova/bloom-560m",
  ],
  splitsDir: "data/zoo/splits",
  domains: DOMAIN_IDS,
  wildPiecesPerDomainPerHalf: 300,
  contextPieces: 30,
  benchItemsPerBenchmark: 100,
  seed: 20250927,
};

/** Profiles by name. */
export const ZOO_PROFILES: Record<ZooProfile["name"], ZooProfile> = { default: DEFAULT_PROFILE, smoke: SMOKE_PROFILE, "real-small": REAL_SMALL_PROFILE };

/**
 * Look a profile up by name; throws InputError for an unknown name.
 * wild pool size = 2 * wildPiecesPerDomainPerHalf * domains.length
 * @example
 * zooProfile("smoke").wildPiecesPerDomainPerHalf // 40
 */
export function zooProfile(name: string): ZooProfile {
  if (!Object.prototype.hasOwnProperty.call(ZOO_PROFILES, name)) throw new InputError(null, `unknown zoo profile "${name}" (known: ${Object.keys(ZOO_PROFILES).join(", ")})`);
  return ZOO_PROFILES[name as ZooProfile["name"]];
}

/**
 * Total target pieces of a profile's wild pool.
 * @example
 * wildPoolSize(DEFAULT_PROFILE) // 42000
 */
export function wildPoolSize(p: ZooProfile): number {
  return 2 * p.wildPiecesPerDomainPerHalf * p.domains.length;
}
