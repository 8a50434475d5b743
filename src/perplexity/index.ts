/**
 * The perplexity engine: load causal LMs (transformers.js v4), per-token log-probs with character spans,
 * per-piece aggregation under the documented conventions, and resumable corpus scoring through the cache.
 * See docs/perplexity-api.md and docs/formats.md.
 */
export * from "./model";
export * from "./tokenizer";
export * from "./spans";
export * from "./logprobs";
export * from "./aggregate";
export * from "./engine";
export * from "./progress";
export * from "./uniform";
