/**
 * benchmark-signatures: the public API that notebooks and the CLI use.
 *
 * Groups, in pipeline order: core (matrices, random numbers, provenance), scores (tables and
 * importers), statistics (ranks, correlations, tests), overlap, figures, notebook display.
 */
export * from "./core/errors";
export * from "./core/random";
export * from "./core/hash";
export * from "./core/matrix";
export * from "./core/provenance";
export * from "./stats/ranks";
export * from "./stats/correlation";
export * from "./scores/benchmark-ids";
export * from "./scores/table";
export * from "./scores/meta";
export * from "./scores/sloth";
export * from "./scores/thrush";
export * from "./scores/lm-eval";
export * from "./scores/aliases";
export * from "./scores/missing";
export * from "./scores/aggregates";
export * from "./scores/labels";
export * from "./stats/mann-whitney";
export * from "./stats/label-permutation";
export * from "./overlap/performance";
export * from "./chapters/performance";
export * from "./corpus/read";
export * from "./corpus/plan";
export * from "./perplexity";
export * from "./cache/store";
export * from "./io/logprob-table";
export * from "./io/feature-matrix";
export * from "./io/logprob-paper";
export * from "./io/logprob-jsonl";
export * from "./io/logprob-export";
export * from "./selection/ols";
export * from "./selection/criteria";
export * from "./selection/forward";
export * from "./selection/add1";
export * from "./selection/coordinate-descent";
export * from "./selection/lasso";
export * from "./selection/random-baseline";
export * from "./selection/loocv";
