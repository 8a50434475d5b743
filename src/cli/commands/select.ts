/**
 * `bsig select --features X --scores Y.csv --benchmark NAME [--criterion aic|aicc|bic] [--max-steps N]
 * [--min-residual-df N] [--screen-method M --screen-ratio R] --format json`
 *
 * Forward stepwise OLS selection (R's `step(direction = "forward")`) of one benchmark's signature among
 * the features, optionally after tail screening. Without `--screen-ratio` every feature is a candidate.
 * Prints `{"criterion", "selected", "steps": [{"added","rss","edf","aic","r2","adjR2"}], "stoppedBecause",
 * "provenance", ...}`. The whole result is built before anything is printed.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import type { Command } from "commander";
import { InputError } from "../../core/errors";
import { sha256 } from "../../core/hash";
import type { LabeledMatrix } from "../../core/matrix";
import { provenance } from "../../core/provenance";
import { readScoreTable, scoreVector, parseScoreTable } from "../../scores/table";
import { screen, type ScreeningMethod } from "../../stats/screening";
import { SCREENING_METHODS } from "../../stats/screening-methods";
import { forwardSelect } from "../../selection/forward";
import type { SelectionCriterion } from "../../selection/criteria";
import type { CliCommand, CliIo } from "../registry";

interface SelectOpts {
  features: string;
  scores: string;
  benchmark: string;
  criterion: string;
  maxSteps?: string;
  minResidualDf: string;
  screenMethod?: string;
  screenRatio?: string;
  screenMinCandidates?: string;
  format: string;
}

/** Features as a canonical CSV (first column `model`, one numeric column per feature), every cell finite. */
function readFeatureCsv(path: string): LabeledMatrix & { sha256: string } {
  if (!existsSync(path)) throw new InputError(path, "file not found");
  if (statSync(path).isDirectory()) throw new InputError(path, "is a folder; give a canonical features CSV (first column 'model')");
  const text = readFileSync(path, "utf8");
  const t = parseScoreTable(text, path);
  const p = t.benchmarks.length;
  for (let k = 0; k < t.values.length; k++) {
    if (Number.isNaN(t.values[k])) {
      throw new InputError(path, `row ${Math.floor(k / p) + 1} (model '${t.models[Math.floor(k / p)]}'), column '${t.benchmarks[k % p]}': empty cell (features may not be missing)`);
    }
  }
  return { rows: t.models, cols: t.benchmarks, values: t.values, sha256: sha256(text) };
}

function parseIntOpt(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < min) throw new InputError(null, `--${name} must be an integer >= ${min}, got '${v}'`);
  return Number(v);
}

function run(io: CliIo, o: SelectOpts): void {
  if (o.format !== "json" && o.format !== "text") throw new InputError(null, `--format must be json or text, got '${o.format}'`);
  if (!["aic", "aicc", "bic"].includes(o.criterion)) throw new InputError(null, `--criterion must be aic, aicc or bic, got '${o.criterion}'`);
  const maxSteps = parseIntOpt("max-steps", o.maxSteps, 0);
  const minResidualDf = parseIntOpt("min-residual-df", o.minResidualDf, 0)!;
  const screenMethod = (o.screenMethod ?? "thrush") as ScreeningMethod;
  if (!SCREENING_METHODS.includes(screenMethod)) throw new InputError(null, `--screen-method must be one of ${SCREENING_METHODS.join(", ")}, got '${o.screenMethod}'`);
  if (o.screenMethod !== undefined && o.screenRatio === undefined) throw new InputError(null, "--screen-method needs --screen-ratio (without it every feature is a candidate)");
  let screenRatio: number | undefined;
  if (o.screenRatio !== undefined) {
    screenRatio = Number(o.screenRatio);
    if (!(screenRatio > 0 && screenRatio <= 0.5)) throw new InputError(null, `--screen-ratio must be a number in (0, 0.5], got '${o.screenRatio}'`);
  }

  const screenMin = parseIntOpt("screen-min-candidates", o.screenMinCandidates, 0);

  const X = readFeatureCsv(o.features);
  const table = readScoreTable(o.scores);
  const yAll = scoreVector(table, o.benchmark);
  // Align: every feature row (model) needs a finite score; extra models in the score table are ignored.
  const y = new Float64Array(X.rows.length);
  X.rows.forEach((m, i) => {
    const r = table.models.indexOf(m);
    if (r < 0) throw new InputError(o.scores, `model '${m}' (row ${i + 1} of ${o.features}) is not in the score table`);
    if (!Number.isFinite(yAll[r])) throw new InputError(o.scores, `model '${m}' has no score for benchmark '${o.benchmark}'`);
    y[i] = yAll[r];
  });
  if (X.rows.length < 3) throw new InputError(o.features, `only ${X.rows.length} models; selection needs at least 3`);
  if (y.every((v) => v === y[0])) throw new InputError(o.scores, `benchmark '${o.benchmark}' has the same score for every model; nothing to select`);

  let candidates: Int32Array | undefined;
  if (screenRatio !== undefined) {
    const [res] = screen(X.values, X.rows.length, [{ name: o.benchmark, values: y }], screenMethod, { ratio: screenRatio, minCandidates: screenMin });
    candidates = Int32Array.from(res.tails.kept).sort(); // scope order = file column order
  }
  const path = forwardSelect(X, y, { criterion: o.criterion as SelectionCriterion, maxSteps, minResidualDf, candidates });
  const result = {
    criterion: o.criterion,
    benchmark: o.benchmark,
    selected: path.selected,
    steps: path.steps.map((s) => ({ added: s.added, rss: s.rss, edf: s.edf, aic: s.aic, r2: s.r2, adjR2: s.adjR2 })),
    stoppedBecause: path.stoppedBecause,
    nModels: X.rows.length,
    nCandidates: candidates ? candidates.length : X.cols.length,
    coefficients: { intercept: path.intercept, features: Object.fromEntries(path.selected.map((f, s) => [f, path.coefficients[s]])) },
    provenance: provenance(
      "forward stepwise OLS selection (R step(direction = \"forward\"))",
      {
        benchmark: o.benchmark, criterion: o.criterion, k: path.criterion.k, maxSteps: maxSteps ?? null, minResidualDf,
        screen: screenRatio === undefined ? null : { method: screenMethod, ratio: screenRatio, minCandidates: screenMin ?? "max(2m, 50)" },
        direction: table.meta[o.benchmark]?.direction ?? "higher",
      },
      null,
      { [o.features]: X.sha256, [o.scores]: table.sha256 },
    ),
  };
  if (o.format === "json") { io.out(JSON.stringify(result, null, 2) + "\n"); return; }
  const lines = [
    `${o.benchmark}: ${path.selected.length} features selected by ${o.criterion} among ${result.nCandidates} candidates (${X.rows.length} models); stopped: ${path.stoppedBecause}`,
    "step  added                    edf          rss            aic        R2     adjR2",
    ...path.steps.map((s) => `${String(s.step).padStart(4)}  ${(s.added ?? "(intercept)").padEnd(22)} ${String(s.edf).padStart(5)} ${s.rss.toPrecision(8).padStart(14)} ${s.aic.toFixed(4).padStart(14)} ${s.r2.toFixed(4).padStart(9)} ${s.adjR2.toFixed(4).padStart(9)}`),
  ];
  io.out(lines.join("\n") + "\n");
}

/** The `select` command. */
export const command: CliCommand = {
  name: "select",
  register(program: Command, io: CliIo): void {
    program.command("select")
      .description("Forward stepwise OLS selection of a benchmark's signature (R step(), AIC/AICc/BIC), optionally after tail screening")
      .requiredOption("--features <file>", "features: canonical CSV (first column 'model', one column per feature)")
      .requiredOption("--scores <file.csv>", "canonical score table (first column 'model')")
      .requiredOption("--benchmark <name>", "benchmark column of the score table")
      .option("--criterion <c>", "aic | aicc | bic", "aic")
      .option("--max-steps <n>", "add at most n features")
      .option("--min-residual-df <n>", "never leave fewer than n residual degrees of freedom (0 = R's step())", "10")
      .option("--screen-method <m>", `screening statistic: ${SCREENING_METHODS.join(" | ")} (default thrush)`)
      .option("--screen-ratio <r>", "screen first, keeping this fraction per tail (without it every feature is a candidate)")
      .option("--screen-min-candidates <n>", "floor on the number of screened candidates (default max(2 x models, 50))")
      .option("--format <f>", "json | text", "json")
      .action((opts: SelectOpts) => run(io, opts));
  },
};
