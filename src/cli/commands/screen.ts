/**
 * `bsig screen --features X --scores Y.csv --benchmark NAME --method M [--ratio R] [--min-candidates N]
 * [--all] [--format json|text]`: stage 1 of the paper for one benchmark. Prints the kept features
 * (both tails, ordered by decreasing |statistic|) and their statistics, with provenance.
 */
import type { Command } from "commander";
import { InputError } from "../../core/errors";
import { provenance } from "../../core/provenance";
import type { CliCommand, CliIo } from "../registry";
import { readFeatures } from "../../io/features";
import { alignModels } from "../../io/align";
import { readScoreTable, scoreVector } from "../../scores/table";
import { rankFeatures } from "../../stats/screening-ranks";
import { screen, screeningStatistics } from "../../stats/screening";
import { SCREENING_METHODS, type ScreeningMethod } from "../../stats/screening-methods";
import { defaultMinCandidates } from "../../stats/screening-tails";

interface ScreenOpts {
  features?: string; scores?: string; benchmark?: string; method: string;
  ratio: string; minCandidates?: string; all?: boolean; format: string;
}

const TIE_RULES: Record<ScreeningMethod, string> = {
  thrush: "mid-ranks of features; pairs tied in score have sign 0",
  spearman: "mid-ranks of features and scores (NaN for a constant feature)",
  kendall: "tau-b (NaN for a constant feature)",
  pearson: "raw values (NaN for a constant feature)",
  preselect: "fraction of model pairs where the better-scoring model has the strictly lower feature value; tied pairs count as neither",
};

/** Parse and check the options; every problem is an InputError about the option. */
function checkOptions(o: ScreenOpts): { features: string; scores: string; benchmark: string; method: ScreeningMethod; ratio: number; minCandidates: number | null; format: "json" | "text" } {
  for (const k of ["features", "scores", "benchmark"] as const) if (!o[k]) throw new InputError(null, `--${k} is required`);
  if (!SCREENING_METHODS.includes(o.method as ScreeningMethod)) throw new InputError(null, `--method must be one of ${SCREENING_METHODS.join(", ")}, got "${o.method}"`);
  const ratio = Number(o.ratio);
  if (!(ratio > 0 && ratio <= 0.5)) throw new InputError(null, `--ratio must be a number in (0, 0.5], got "${o.ratio}"`);
  let minCandidates: number | null = null;
  if (o.minCandidates !== undefined) {
    minCandidates = Number(o.minCandidates);
    if (!Number.isInteger(minCandidates) || minCandidates < 0) throw new InputError(null, `--min-candidates must be an integer >= 0, got "${o.minCandidates}"`);
  }
  if (o.format !== "json" && o.format !== "text") throw new InputError(null, `--format must be json or text, got "${o.format}"`);
  return { features: o.features!, scores: o.scores!, benchmark: o.benchmark!, method: o.method as ScreeningMethod, ratio, minCandidates, format: o.format };
}

/**
 * Run the screen and build the whole output text (nothing is printed before it is complete).
 *
 * @example
 *   runScreen({ features: "f.csv", scores: "s.csv", benchmark: "acc", method: "thrush", ratio: "0.01", format: "json" });
 */
export function runScreen(o: ScreenOpts): string {
  const opt = checkOptions(o);
  const table = readScoreTable(opt.scores);
  const y = scoreVector(table, opt.benchmark);
  const features = readFeatures(opt.features);
  const aligned = alignModels(features, opt.features, table.models, opt.scores);
  const m = aligned.rows.length;
  if (m < 3) throw new InputError(opt.scores, `only ${m} model(s) in common; screening needs at least 3`);
  y.forEach((v, k) => {
    if (!Number.isFinite(v)) throw new InputError(opt.scores, `model '${table.models[k]}' has no score for benchmark '${opt.benchmark}'`);
  });
  const direction = table.meta[opt.benchmark]?.direction ?? "higher";
  const minCandidates = opt.minCandidates ?? defaultMinCandidates(m);
  const ranked = rankFeatures(aligned.values, m);
  const [res] = screen(ranked, m, [{ name: opt.benchmark, values: y, direction }], opt.method, { ratio: opt.ratio, minCandidates });
  const t = res.tails;
  const kept = Array.from(t.kept, (f) => aligned.cols[f]);
  const statistic: Record<string, number | null> = {};
  if (o.all) {
    const full = screeningStatistics(ranked, [{ name: opt.benchmark, values: y, direction }], opt.method).values;
    aligned.cols.forEach((c, f) => { statistic[c] = Number.isNaN(full[f]) ? null : full[f]; });
  } else {
    kept.forEach((c, q) => { statistic[c] = res.keptStatistic[q]; });
  }
  const prov = provenance("screen", {
    method: opt.method, benchmark: opt.benchmark, ratio: opt.ratio, minCandidates, direction,
    measure: features.measure, measureAssumed: features.measureAssumed, tieRule: TIE_RULES[opt.method],
    tieBreak: "equal statistics: lower feature index first", models: m, features: aligned.cols.length,
  }, null, { [opt.features]: features.sha256, [opt.scores]: table.sha256 });
  const out = {
    method: opt.method, benchmark: opt.benchmark, ratio: opt.ratio, minCandidates,
    nFeatures: aligned.cols.length, nValid: t.nValid, nKept: kept.length, perTail: t.perTail,
    nTop: t.top.length, nBottom: t.bottom.length,
    thresholds: { top: nullIfNaN(t.topThreshold), bottom: nullIfNaN(t.bottomThreshold) },
    measure: features.measure, direction, order: `decreasing |statistic - ${res.centre}|, ties by feature index`,
    kept, statistic, provenance: prov,
  };
  if (opt.format === "json") return JSON.stringify(out, null, 2) + "\n";
  const lines = [
    `${opt.method} screen of ${aligned.cols.length} features (${features.measure}) against ${opt.benchmark} (${m} models, ${direction} is better)`,
    `kept ${kept.length} (${t.top.length} top, ${t.bottom.length} bottom; ratio ${opt.ratio}, floor ${minCandidates}); thresholds top ${t.topThreshold}, bottom ${t.bottomThreshold}`,
    ...Object.entries(statistic).map(([c, v]) => `${c}\t${v === null ? "NaN" : v}`),
  ];
  return lines.join("\n") + "\n";
}

function nullIfNaN(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

/**
 * The `bsig screen` command (auto-discovered by src/cli/commands/index.ts).
 *
 * @example
 *   bsig screen --features f.csv --scores s.csv --benchmark mmlu_anatomy --method thrush --format json
 */
export const command: CliCommand = {
  name: "screen",
  register(program: Command, io: CliIo): void {
    program
      .command("screen")
      .description("screen features against one benchmark (stage 1): keep the top and bottom `ratio` by a rank statistic")
      .option("--features <path>", "features: canonical CSV (model, feature...) or a feature-matrix folder")
      .option("--scores <file>", "score table CSV (model, benchmark...)")
      .option("--benchmark <name>", "benchmark column to screen against")
      .option("--method <m>", `statistic: ${SCREENING_METHODS.join("|")}`, "thrush")
      .option("--ratio <r>", "fraction kept per tail", "0.01")
      .option("--min-candidates <n>", "floor on the total kept (default max(2m, 50))")
      .option("--all", "print the statistic of every feature, not only the kept ones")
      .option("--format <f>", "json or text", "json")
      .action((opts: ScreenOpts) => {
        io.out(runScreen(opts));
      });
  },
};
