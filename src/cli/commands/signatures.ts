/**
 * `bsig signatures --matrix FILE --scores FILE [--benchmarks REGEX] [--screen-method M --screen-ratio R]
 * [--criterion aic|bic|aicc] [--contexts FILE] --out DIR`
 *
 * The whole pipeline from the command line: for every benchmark of the score table (or those matching
 * `--benchmarks`), tail screening and forward stepwise selection, writing `DIR/<benchmark>.json` (the
 * signature: pieces with coefficient, screening statistic and context text; the selection path; why it
 * stopped) and `DIR/index.json` (one line per benchmark, the options and provenance). Every signature is
 * computed before anything is written, and the folder is swapped in atomically: nothing half-written.
 * Context text comes from `--contexts` (CSV `feature,context`) or, for `NAME.csv` features, a sidecar
 * `NAME.contexts.csv` when present.
 */
import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import { InputError } from "../../core/errors";
import { sha256File } from "../../core/hash";
import { readFeatures } from "../../io/features";
import { alignModels } from "../../io/align";
import { writeDirAtomic } from "../../io/atomic-dir";
import { readScoreTable } from "../../scores/table";
import { SCREENING_METHODS } from "../../stats/screening-methods";
import type { ScreeningMethod } from "../../stats/screening";
import type { SelectionCriterion } from "../../selection/criteria";
import { contextsPathFor, readContexts } from "../../features/thrush";
import { computeSignatures, signatureFileName } from "../../signatures/pipeline";
import type { CliCommand, CliIo } from "../registry";

interface SignaturesOpts {
  matrix: string;
  scores: string;
  benchmarks?: string;
  screenMethod: string;
  screenRatio: string;
  screenMinCandidates?: string;
  criterion: string;
  maxSteps?: string;
  minResidualDf: string;
  logScores?: string;
  contexts?: string;
  measure?: string;
  out: string;
}

function regexOpt(name: string, v: string | undefined): RegExp | null {
  if (v === undefined) return null;
  try {
    return new RegExp(v);
  } catch (e) {
    throw new InputError(null, `--${name} is not a valid regular expression: ${(e as Error).message}`);
  }
}

function intOpt(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < min) throw new InputError(null, `--${name} must be an integer >= ${min}, got '${v}'`);
  return Number(v);
}

function run(io: CliIo, o: SignaturesOpts): void {
  if (!["aic", "aicc", "bic"].includes(o.criterion)) throw new InputError(null, `--criterion must be aic, aicc or bic, got '${o.criterion}'`);
  const method = o.screenMethod as ScreeningMethod;
  if (!SCREENING_METHODS.includes(method)) throw new InputError(null, `--screen-method must be one of ${SCREENING_METHODS.join(", ")}, got '${o.screenMethod}'`);
  let ratio: number | null = null;
  if (o.screenRatio !== "none") {
    ratio = Number(o.screenRatio);
    if (o.screenRatio.trim() === "" || !(ratio > 0 && ratio <= 0.5)) throw new InputError(null, `--screen-ratio must be a number in (0, 0.5] or 'none', got '${o.screenRatio}'`);
  }
  const minCandidates = intOpt("screen-min-candidates", o.screenMinCandidates, 0);
  const maxSteps = intOpt("max-steps", o.maxSteps, 0);
  const minResidualDf = intOpt("min-residual-df", o.minResidualDf, 0)!;
  const benchmarks = regexOpt("benchmarks", o.benchmarks);
  const logScores = regexOpt("log-scores", o.logScores);
  if (existsSync(o.out) && !statSync(o.out).isDirectory()) throw new InputError(o.out, "--out exists and is not a folder");

  const features = readFeatures(o.matrix);
  if (o.measure !== undefined) {
    if (!features.measureAssumed && features.measure !== o.measure) throw new InputError(o.matrix, `--measure '${o.measure}' contradicts the folder's manifest measure '${features.measure}'`);
    features.measure = o.measure;
    features.measureAssumed = false;
  }
  const table = readScoreTable(o.scores);
  const X = alignModels(features, o.matrix, table.models, o.scores);
  let contexts: Map<string, string> | null = null;
  let contextsFile: string | null = null;
  if (o.contexts !== undefined) contextsFile = o.contexts;
  else if (/\.csv$/.test(o.matrix) && existsSync(contextsPathFor(o.matrix))) contextsFile = contextsPathFor(o.matrix);
  const hashes: Record<string, string> = { [o.matrix]: features.sha256, [o.scores]: table.sha256 };
  if (contextsFile !== null) {
    contexts = readContexts(contextsFile);
    hashes[contextsFile] = sha256File(contextsFile);
  }
  const res = computeSignatures(X, table, {
    screenMethod: method, screenRatio: ratio, minCandidates, criterion: o.criterion as SelectionCriterion,
    maxSteps, minResidualDf, logScores, benchmarks,
  }, contexts, hashes);

  const files: Record<string, string> = {};
  const index = res.signatures.map((s) => {
    const file = signatureFileName(s.benchmark);
    if (files[file] !== undefined) throw new InputError(o.scores, `benchmarks '${s.benchmark}' and another map to the same file name '${file}'`);
    files[file] = JSON.stringify({ ...s, measure: features.measure, measureAssumed: features.measureAssumed, provenance: res.provenance }, null, 2) + "\n";
    return { benchmark: s.benchmark, file, pieces: s.pieces.length, nCandidates: s.nCandidates, nModels: s.nModels, r2: s.r2, adjR2: s.adjR2, stoppedBecause: s.stoppedBecause, transform: s.transform };
  });
  if (files["index.json"] !== undefined) throw new InputError(o.scores, "a benchmark named 'index' clashes with index.json");
  files["index.json"] = JSON.stringify({
    format: "bsig-signatures", version: 1, matrix: o.matrix, scores: o.scores, contexts: contextsFile,
    measure: features.measure, measureAssumed: features.measureAssumed,
    nModels: X.rows.length, nFeatures: X.cols.length, benchmarks: index, skipped: res.skipped, provenance: res.provenance,
  }, null, 2) + "\n";
  writeDirAtomic(o.out, files);
  const lines = index.map((r) => `  ${r.benchmark.padEnd(28)} ${String(r.pieces).padStart(3)} pieces of ${String(r.nCandidates).padStart(6)} candidates  R2 ${r.r2.toFixed(3)}  adjR2 ${r.adjR2.toFixed(3)}  stopped: ${r.stoppedBecause}`);
  io.out(`${index.length} signature(s) written to ${o.out} (${X.rows.length} models, ${X.cols.length} features)\n${lines.join("\n")}\n`);
}

/** The `signatures` command. */
export const command: CliCommand = {
  name: "signatures",
  register(program: Command, io: CliIo): void {
    program.command("signatures")
      .description("Screening + forward selection for every benchmark of a score table; one JSON per benchmark (with context text) and an index")
      .requiredOption("--matrix <file>", "features: canonical CSV (first column 'model') or a feature-matrix folder")
      .requiredOption("--scores <file.csv>", "canonical score table (first column 'model'); same models as the matrix")
      .requiredOption("--out <dir>", "output folder (replaced atomically)")
      .option("--benchmarks <regex>", "only benchmarks whose id matches")
      .option("--screen-method <m>", `screening statistic: ${SCREENING_METHODS.join(" | ")}`, "thrush")
      .option("--screen-ratio <r>", "fraction kept per tail, or 'none' for no screening", "0.01")
      .option("--screen-min-candidates <n>", "floor on the number of screened candidates (default max(2 x models, 50))")
      .option("--criterion <c>", "aic | aicc | bic", "aic")
      .option("--max-steps <n>", "at most n pieces per signature")
      .option("--min-residual-df <n>", "never leave fewer than n residual degrees of freedom (0 = R's step())", "10")
      .option("--log-scores <regex>", "log-transform the scores of matching benchmarks before selection (e.g. '^lambada' for perplexities)")
      .option("--measure <name>", "what a CSV matrix holds, recorded in the output (e.g. bits-per-byte; a CSV carries none, so nll-nats is assumed)")
      .option("--contexts <file.csv>", "context text per feature (CSV 'feature,context'); default NAME.contexts.csv beside a NAME.csv matrix")
      .action((opts: SignaturesOpts) => run(io, opts));
  },
};
