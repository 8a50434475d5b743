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
