/** The smoke-sized parameters the golden files were made with (shared by the exporter and the test). */
export const GOLDEN_PARAMS = { maxQuestions: 100, resamples: 20, lsaDim: 100, maxTokens: 384, seed: 20250927, cliqueThreshold: 0.5 } as const;
