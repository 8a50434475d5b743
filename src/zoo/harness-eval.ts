/**
 * Evaluate many models on many zoo benchmarks, with an optional content-addressed per-(model,
 * benchmark) cache, and turn the result into the canonical score table (CSV + sidecar) and a JSON
 * summary (median accuracy vs chance, split-half reliability, the qualifying rule, negative controls vs
 * the 99% binomial interval of chance, and accuracy vs training exposure).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, sha256 } from "../core/hash";
import { writeJsonAtomic } from "../core/atomic";
import type { Benchmark, BenchmarkIndex } from "./benchmarks-types";
import { evaluateBenchmark, runFromLogprobs, type BenchmarkRun, type ContinuationScorer } from "./harness";
import { chanceInterval, exposureSpearman, partialSpearman, qualifyReasons, sourceShare, splitHalfReliability } from "./harness-stats";
import { sampleMedian } from "../stats/describe";

/** Version tag of the scoring convention; part of every cache key. */
export const HARNESS_VERSION = "zoo-mc-loglik-v1";

/** A model the evaluator can score: an id, a content identity (for the cache) and a scorer. */
export interface EvalModel {
  id: string;
  /** Anything that pins the model's outputs (e.g. the engine's identity: dtype + file hashes). */
  identity: unknown;
  score: ContinuationScorer;
  dispose?: () => Promise<void>;
}

/** Results: runs[m][b] for model m and benchmark b. */
export interface EvalResult {
  models: string[];
  benchmarks: Benchmark[];
  runs: BenchmarkRun[][];
}

/**
 * Cache key of one (model, benchmark) evaluation.
 *
 * key = sha256(canonicalJson({ harness, model identity, benchmark sha256 }))
 *
 * @example
 *   evalCacheKey(lm.identity, bench)  // 64 hex digits
 */
export function evalCacheKey(identity: unknown, bench: Benchmark): string {
  return sha256(canonicalJson({ schema: 1, harness: HARNESS_VERSION, model: identity, benchmark: { name: bench.spec.name, sha256: bench.spec.sha256, metric: bench.spec.metric, items: bench.items.length } }));
}

/**
 * Score every model on every benchmark, one model at a time (models are loaded lazily through
 * `load`, disposed after use). With `cacheDir`, option log-probs are stored per (model, benchmark)
 * under their cache key and re-used; the stored key inputs are checked on read.
 *
 * @example
 *   const res = await evaluateModels(["m1"], benches, async (id) => engineModel(id), { cacheDir: ".cache/bsig/eval" });
 */
export async function evaluateModels(
  modelIds: readonly string[],
  benchmarks: Benchmark[],
  load: (id: string) => Promise<EvalModel>,
  opts: { cacheDir?: string; progress?: (msg: string) => void } = {},
): Promise<EvalResult> {
  const runs: BenchmarkRun[][] = [];
  for (const id of modelIds) {
    const model = await load(id);
    const row: BenchmarkRun[] = [];
    try {
      for (const b of benchmarks) {
        const key = evalCacheKey(model.identity, b);
        const path = opts.cacheDir ? join(opts.cacheDir, `${key}.json`) : null;
        let run: BenchmarkRun | null = null;
        if (path && existsSync(path)) {
          const c = JSON.parse(readFileSync(path, "utf8")) as { key: string; logprobs: (number | null)[] };
          // JSON has no NaN (an option too long for the model's positions): it is stored as null and read back as NaN
          if (c.key === key && c.logprobs.length === b.items.length * b.spec.options) run = runFromLogprobs(b, Float64Array.from(c.logprobs, (v) => (v === null ? NaN : v)));
        }
        if (!run) {
          run = await evaluateBenchmark(model.score, b);
          if (path) writeJsonAtomic(path, { key, harness: HARNESS_VERSION, model: model.identity, benchmark: b.spec.name, benchmarkSha256: b.spec.sha256, logprobs: Array.from(run.logprobs) });
        }
        opts.progress?.(`${id}\t${b.spec.name}\t${run.score}\n`);
        row.push(run);
      }
    } finally {
      await model.dispose?.();
    }
    runs.push(row);
  }
  return { models: modelIds.slice(), benchmarks, runs };
}

/**
 * The canonical score CSV: first column `model`, one column per benchmark (its metric, as a
 * shortest round-trip decimal), rows in model order. Byte-for-byte reproducible.
 *
 * @example
 *   scoresCsv(res)  // "model,zoo_wiki_nextword,...\nzoo-000,0.4125,...\n"
 */
export function scoresCsv(res: EvalResult): string {
  const head = ["model", ...res.benchmarks.map((b) => b.spec.name)].join(",");
  const rows = res.models.map((m, i) => [csvCell(m), ...res.runs[i].map((r) => String(r.score))].join(","));
  return [head, ...rows].join("\n") + "\n";
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The score-table sidecar (`bsig-score-meta` v1): per benchmark direction, family, format, category,
 * metric, source domain(s), chance and item count.
 *
 * @example
 *   scoresMeta(res, index, { method: "bsig eval" })
 */
export function scoresMeta(res: EvalResult, index: BenchmarkIndex | null, provenance: object): Record<string, unknown> {
  const benchmarks: Record<string, unknown> = {};
  for (const b of res.benchmarks) {
    const s = b.spec;
    benchmarks[s.name] = { direction: "higher", family: s.family, format: s.format, category: s.category, metric: s.metric, domains: s.domains, sourceDomain: s.domains.join("+"), chance: s.chance, items: s.items, sha256: s.sha256 };
  }
  return { format: "bsig-score-meta", version: 1, benchmarks, benchmarkIndexSeed: index?.seed ?? null, provenance };
}

/** Training share per domain of each model (row-major [model][domain]), e.g. from zoo manifests. */
export interface ExposureShares {
  domains: string[];
  shares: Float64Array;
  /** Optional overall quality per model (e.g. mean held-out nats/byte) to partial out of the exposure correlation. */
  capability?: Float64Array;
}

/**
 * JSON summary of an evaluation: per benchmark the median/min/max of the metric across models, chance,
 * split-half reliability (Spearman–Brown, seeded random splits), the qualifying rule, the 99%
 * binomial interval of chance with the models outside it, and (when shares are given) Spearman of
 * accuracy with the source domain's training share.
 *
 * @example
 *   evalSummary(res, { splits: 50, seed: 1, exposure })
 */
export function evalSummary(res: EvalResult, opts: { splits?: number; seed?: number; exposure?: ExposureShares } = {}): Record<string, unknown> {
  const nM = res.models.length;
  const rows = res.benchmarks.map((b, j) => {
    const s = b.spec;
    const scores = res.runs.map((r) => r[j].score);
    const n = b.items.length;
    const correct = new Uint8Array(nM * n);
    res.runs.forEach((r, i) => correct.set(r[j].correct, i * n));
    const rel = nM >= 3 ? splitHalfReliability(correct, nM, n, { splits: opts.splits ?? 50, seed: opts.seed ?? 1 }) : { rHalf: NaN, spearmanBrown: NaN, splits: 0 };
    const med = sampleMedian(scores);
    const [lo, hi] = chanceInterval(n, s.chance, 0.99);
    const outside = res.models.filter((_, i) => scores[i] < lo || scores[i] > hi);
    const reasons = qualifyReasons(med, s.chance, rel.spearmanBrown);
    const rho = opts.exposure ? exposureSpearman(scores, opts.exposure.shares, opts.exposure.domains, s.domains) : NaN;
    const share = opts.exposure?.capability ? sourceShare(nM, opts.exposure.shares, opts.exposure.domains, s.domains) : null;
    const partial = share && opts.exposure?.capability ? partialSpearman(scores, share, opts.exposure.capability) : NaN;
    return {
      name: s.name, family: s.family, format: s.format, category: s.category, domains: s.domains, metric: s.metric,
      items: n, chance: s.chance, median: med, min: Math.min(...scores), max: Math.max(...scores), medianMinusChance: med - s.chance,
      reliability: rel, qualifies: reasons.length === 0, failsBecause: reasons,
      chanceInterval99: [lo, hi], modelsOutsideChance99: outside,
      exposureSpearman: Number.isFinite(rho) ? rho : null,
      exposurePartialSpearman: Number.isFinite(partial) ? partial : null,
    };
  });
  const zoo = rows.filter((r) => r.category === "zoo-domain");
  const rhos = zoo.map((r) => r.exposureSpearman).filter((x): x is number => x !== null);
  return {
    models: nM,
    benchmarks: rows.length,
    rule: "qualifies when median >= chance + 0.1, median < 0.9 and split-half reliability (Spearman-Brown of the mean half-split Pearson r across models) >= 0.7",
    qualifying: zoo.filter((r) => r.qualifies).map((r) => r.name),
    exposure: {
      rule: "Spearman(accuracy, source domain's share of training bytes) >= 0.5",
      benchmarksWithRho: rhos.length,
      atLeast05: rhos.filter((x) => x >= 0.5).length,
      partialNote: "exposurePartialSpearman: the same correlation controlling for each model's capability (mean held-out nats/byte from its manifest), partial correlation of Spearman coefficients",
      partialAtLeast05: zoo.filter((r) => r.exposurePartialSpearman !== null && r.exposurePartialSpearman >= 0.5).length,
    },
    negativeControls: rows.filter((r) => r.category === "negative-control").map((r) => ({ name: r.name, interval: r.chanceInterval99, modelsOutside: r.modelsOutsideChance99 })),
    perBenchmark: rows,
  };
}
