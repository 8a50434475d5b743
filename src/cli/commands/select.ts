/**
 * `bsig select --features X --scores Y.csv --benchmark NAME [--criterion aic|aicc|bic] [--max-steps N]
 * [--min-residual-df N] [--screen-method M --screen-ratio R] --format json`
 *
 * Forward stepwise OLS selection (R's `step(direction = "forward")`) of one benchmark's signature among
 * the features, optionally after tail screening. Without `--screen-ratio` every feature is a candidate.
 * Prints `{"criterion", "selected", "steps": [{"added","rss","edf","aic","r2","adjR2"}], "stoppedBecause",
 * "provenance", ...}`. The whole result is built before anything is printed.
 * `--method glmnet | sklearn | random` selects with the lasso / elastic net (glmnet's or the released code's
 * convention) or the random baseline instead (then `method` replaces `criterion`, without `steps`);
 * `--loocv` adds leave-one-model-out cross-validation with screening and selection re-run in every fold.
 */
import type { Command } from "commander";
import { InputError } from "../../core/errors";
import { provenance } from "../../core/provenance";
import { readScoreTable, scoreVector } from "../../scores/table";
import { readFeatures } from "../../io/features";
import { alignModels } from "../../io/align";
import { screen, type ScreeningMethod } from "../../stats/screening";
import { SCREENING_METHODS } from "../../stats/screening-methods";
import { forwardSelect, type ForwardOptions } from "../../selection/forward";
import { forwardSelector, glmnetSelector, leaveOneModelOut, randomSelector, sklearnLassoSelector, tailScreen, type SelectFunction } from "../../selection/loocv";
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
  loocv?: boolean;
  method: string;
  penalty?: string;
  l1Ratio?: string;
  k?: string;
  seed?: string;
  format: string;
}

const METHODS = ["forward", "glmnet", "sklearn", "random"] as const;
type Method = (typeof METHODS)[number];

function parseNumOpt(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === "" || !Number.isFinite(x) || x < min) throw new InputError(null, `--${name} must be a number >= ${min}, got '${v}'`);
  return x;
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
  const method = o.method as Method;
  if (!METHODS.includes(method)) throw new InputError(null, `--method must be one of ${METHODS.join(", ")}, got '${o.method}'`);
  const penalty = parseNumOpt("penalty", o.penalty ?? (method === "sklearn" ? "0.01" : undefined), 0);
  if (method === "glmnet" && penalty === undefined) throw new InputError(null, "--method glmnet needs --penalty (glmnet's lambda)");
  const l1Ratio = parseNumOpt("l1-ratio", o.l1Ratio ?? "1", 0)!;
  if (l1Ratio > 1 || (method === "glmnet" && l1Ratio === 0)) throw new InputError(null, `--l1-ratio must be in ${method === "glmnet" ? "(0, 1]" : "[0, 1]"}, got '${o.l1Ratio}'`);
  const k = parseIntOpt("k", o.k ?? "50", 0)!;
  const seed = parseIntOpt("seed", o.seed ?? "0", 0)!;

  const features = readFeatures(o.features);
  const table = readScoreTable(o.scores);
  const yAll = scoreVector(table, o.benchmark);
  // The two files must list the same models; rows follow the score table's order.
  const X = alignModels(features, o.features, table.models, o.scores);
  const y = Float64Array.from(yAll);
  table.models.forEach((m, i) => {
    if (!Number.isFinite(y[i])) throw new InputError(o.scores, `model '${m}' has no score for benchmark '${o.benchmark}'`);
  });
  if (X.rows.length < 3) throw new InputError(o.features, `only ${X.rows.length} models; selection needs at least 3`);
  if (y.every((v) => v === y[0])) throw new InputError(o.scores, `benchmark '${o.benchmark}' has the same score for every model; nothing to select`);

  let candidates: Int32Array | undefined;
  if (screenRatio !== undefined) {
    const [res] = screen(X.values, X.rows.length, [{ name: o.benchmark, values: y }], screenMethod, { ratio: screenRatio, minCandidates: screenMin });
    candidates = Int32Array.from(res.tails.kept).sort(); // scope order = file column order
  }
  const pool = candidates ?? Int32Array.from({ length: X.cols.length }, (_, j) => j);
  const fwdOpts = { criterion: o.criterion as SelectionCriterion, maxSteps, minResidualDf };
  const m = selectorFor(o, fwdOpts);
  const path = method === "forward" ? forwardSelect(X, y, { ...fwdOpts, candidates }) : null;
  const model = path ? null : m.select(X, y, pool);
  const cv = o.loocv
    ? leaveOneModelOut(X, y, {
      screen: screenRatio === undefined ? null : tailScreen,
      screenOptions: { method: screenMethod, ratio: screenRatio, minCandidates: screenMin },
      select: selectorFor(o, fwdOpts).select, // a fresh selector: the random baseline restarts its seed
    })
    : null;
  const selected = path ? path.selected : Array.from(model!.columns, (j) => X.cols[j]);
  const coef = path ? path.coefficients : model!.coefficients;
  const result = {
    ...(path ? { criterion: o.criterion } : { method }),
    benchmark: o.benchmark,
    selected,
    ...(path ? {
      steps: path.steps.map((s) => ({ added: s.added, rss: s.rss, edf: s.edf, aic: s.aic, r2: s.r2, adjR2: s.adjR2 })),
      stoppedBecause: path.stoppedBecause,
    } : {}),
    nModels: X.rows.length,
    nCandidates: pool.length,
    coefficients: { intercept: path ? path.intercept : model!.intercept, features: Object.fromEntries(selected.map((f, s) => [f, coef[s]])) },
    ...(cv ? {
      loocv: {
        r2Loo: cv.r2Loo, press: cv.press, pressMean: cv.pressMean, rmse: cv.rmse, rmseMean: cv.rmseMean, correlation: cv.correlation,
        folds: cv.folds.map((f) => ({ heldOut: f.heldOut, observed: f.observed, predicted: f.predicted, trainMean: f.trainMean, nCandidates: f.nCandidates, selected: f.selected })),
      },
    } : {}),
    provenance: provenance(
      m.description,
      {
        benchmark: o.benchmark, method, ...m.params,
        loocv: Boolean(o.loocv),
        screen: screenRatio === undefined ? null : { method: screenMethod, ratio: screenRatio, minCandidates: screenMin ?? "max(2m, 50)" },
        direction: table.meta[o.benchmark]?.direction ?? "higher", measure: features.measure, measureAssumed: features.measureAssumed,
      },
      m.seed,
      { [o.features]: features.sha256, [o.scores]: table.sha256 },
    ),
  };
  if (o.format === "json") { io.out(JSON.stringify(result, null, 2) + "\n"); return; }
  const lines = [
    `${o.benchmark}: ${selected.length} features selected by ${path ? o.criterion : method} among ${pool.length} candidates (${X.rows.length} models)${path ? `; stopped: ${path.stoppedBecause}` : ""}`,
    ...(cv ? [`leave-one-model-out (${screenRatio === undefined ? "selection" : "screening and selection"} re-run in each of ${cv.folds.length} folds): R2_loo ${cv.r2Loo.toFixed(4)}, RMSE ${cv.rmse.toPrecision(4)} vs ${cv.rmseMean.toPrecision(4)} for the training mean`] : []),
    ...(path ? [
      "step  added                    edf          rss            aic        R2     adjR2",
      ...path.steps.map((s) => `${String(s.step).padStart(4)}  ${(s.added ?? "(intercept)").padEnd(22)} ${String(s.edf).padStart(5)} ${s.rss.toPrecision(8).padStart(14)} ${s.aic.toFixed(4).padStart(14)} ${s.r2.toFixed(4).padStart(9)} ${s.adjR2.toFixed(4).padStart(9)}`),
    ] : selected.map((f, s) => `  ${f.padEnd(24)} ${coef[s].toPrecision(8)}`)),
  ];
  io.out(lines.join("\n") + "\n");

  // (method is validated before any file is read)
  function selectorFor(opts: SelectOpts, fwd: ForwardOptions): { select: SelectFunction; description: string; params: Record<string, unknown>; seed: number | null } {
    switch (method) {
      case "forward":
        return { select: forwardSelector(fwd), description: "forward stepwise OLS selection (R step(direction = \"forward\"))", params: { criterion: opts.criterion, maxSteps: maxSteps ?? null, minResidualDf }, seed: null };
      case "glmnet":
        return { select: glmnetSelector(penalty!, { alpha: l1Ratio }), description: "elastic net, glmnet gaussian conventions (standardize = TRUE, intercept = TRUE)", params: { lambda: penalty, alpha: l1Ratio }, seed: null };
      case "sklearn":
        return { select: sklearnLassoSelector({ alpha: penalty, l1Ratio }), description: "released-code lasso: scikit-learn objective on standardised candidates, centred y, no intercept", params: { alpha: penalty, l1Ratio }, seed: null };
      default:
        return { select: randomSelector(k, seed), description: "random-feature baseline: k candidates drawn with a seeded generator, OLS", params: { k }, seed };
    }
  }
}

/** The `select` command. */
export const command: CliCommand = {
  name: "select",
  register(program: Command, io: CliIo): void {
    program.command("select")
      .description("Forward stepwise OLS selection of a benchmark's signature (R step(), AIC/AICc/BIC), optionally after tail screening")
      .requiredOption("--features <file>", "features: canonical CSV (first column 'model', one column per feature) or a feature-matrix folder")
      .requiredOption("--scores <file.csv>", "canonical score table (first column 'model')")
      .requiredOption("--benchmark <name>", "benchmark column of the score table")
      .option("--criterion <c>", "aic | aicc | bic", "aic")
      .option("--max-steps <n>", "add at most n features")
      .option("--min-residual-df <n>", "never leave fewer than n residual degrees of freedom (0 = R's step())", "10")
      .option("--screen-method <m>", `screening statistic: ${SCREENING_METHODS.join(" | ")} (default thrush)`)
      .option("--screen-ratio <r>", "screen first, keeping this fraction per tail (without it every feature is a candidate)")
      .option("--screen-min-candidates <n>", "floor on the number of screened candidates (default max(2 x models, 50))")
      .option("--method <m>", "forward (default: R step()) | glmnet (lasso / elastic net, needs --penalty) | sklearn (the released code's lasso) | random (k random candidates)", "forward")
      .option("--penalty <x>", "glmnet: lambda; sklearn: alpha (default 0.01)")
      .option("--l1-ratio <r>", "glmnet: alpha (1 = lasso); sklearn: l1_ratio (default 1)")
      .option("--k <n>", "random: number of candidates drawn (default 50)")
      .option("--seed <n>", "random: seed (default 0)")
      .option("--loocv", "also report leave-one-model-out CV (screening and selection re-run without each model)")
      .option("--format <f>", "json | text", "json")
      .action((opts: SelectOpts) => run(io, opts));
  },
};
