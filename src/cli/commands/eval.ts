/**
 * `bsig eval --models DIR --benchmarks DIR --out scores.csv`: score every model folder under DIR on
 * every zoo benchmark by option log-likelihood (src/zoo/harness.ts) and write the canonical score
 * CSV, its sidecar `scores.meta.json` and a summary `scores.summary.json`, each atomically, after all
 * scoring is done.
 */
import type { Command } from "commander";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../../core/errors";
import { sha256File } from "../../core/hash";
import { writeFileAtomic, writeJsonAtomic } from "../../core/atomic";
import { provenance } from "../../core/provenance";
import type { CliCommand, CliIo } from "../registry";
import { readBenchmarkDir } from "../../zoo/benchmarks-io";
import type { Benchmark } from "../../zoo/benchmarks-types";
import { evaluateModels, evalSummary, scoresCsv, scoresMeta, type EvalModel } from "../../zoo/harness-eval";
import { evalModelOf, exposureFrom, modelFolders, modelMeta } from "../../zoo/zoo-models";
import { loadCausalLM, type ScoringDtype } from "../../perplexity/model";

interface EvalOptions {
  models: string;
  benchmarks: string;
  out: string;
  only?: string;
  dtype: string;
  batchSize: string;
  cache?: string;
  summary?: string;
  splits: string;
  seed: string;
  quiet?: boolean;
  maxItems?: string;
}

function dtypeFor(dir: string, opt: string): ScoringDtype {
  if (opt === "fp32" || opt === "q8") return opt;
  if (opt !== "auto") throw new InputError("--dtype", `must be auto, fp32 or q8, got '${opt}'`);
  return existsSync(join(dir, "onnx", "model.onnx")) ? "fp32" : "q8";
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InputError(null, `--${name} must be a positive integer, got '${v}'`);
  return n;
}

/** The first n items of a benchmark (the spec's item count follows; its sha256 still names the full file). */
function limitItems(b: Benchmark, n: number): Benchmark {
  if (b.items.length <= n) return b;
  return { spec: { ...b.spec, items: n }, items: b.items.slice(0, n) };
}

async function run(io: CliIo, o: EvalOptions): Promise<void> {
  const batchSize = positiveInt("batch-size", o.batchSize);
  const splits = positiveInt("splits", o.splits);
  const seed = Number(o.seed);
  if (!Number.isInteger(seed)) throw new InputError(null, `--seed must be an integer, got '${o.seed}'`);
  if (!o.out.toLowerCase().endsWith(".csv")) throw new InputError(o.out, "--out must end in .csv");
  const dirs = modelFolders(resolve(o.models));
  const only = o.only ? o.only.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
  const { index, benchmarks: all } = readBenchmarkDir(o.benchmarks, only);
  const maxItems = o.maxItems === undefined ? null : positiveInt("max-items", o.maxItems);
  const benchmarks = maxItems === null ? all : all.map((b) => limitItems(b, maxItems));
  const ids = dirs.map((d) => d.split(/[\\/]/).pop() as string);
  const byId = new Map(ids.map((id, i) => [id, dirs[i]]));
  const load = async (id: string): Promise<EvalModel> => {
    const dir = byId.get(id) as string;
    return evalModelOf(id, await loadCausalLM(dir, { dtype: dtypeFor(dir, o.dtype) }), batchSize);
  };
  const res = await evaluateModels(ids, benchmarks, load, { cacheDir: o.cache, progress: o.quiet ? undefined : (m) => io.err(m) });
  const exposure = exposureFrom(dirs);
  const summaryPath = o.summary ?? o.out.slice(0, -4) + ".summary.json";
  const metaPath = o.out.slice(0, -4) + ".meta.json";
  const indexPath = join(o.benchmarks, "index.json");
  const prov = provenance("bsig eval: multiple-choice option log-likelihood (lm-eval convention)", { harness: "zoo-mc-loglik-v1", batchSize, dtype: o.dtype, only: only ?? null, maxItems, splits }, seed, { [indexPath]: sha256File(indexPath) });
  const csv = scoresCsv(res);
  const meta = { ...scoresMeta(res, index, prov), models: Object.fromEntries(dirs.map((d, i) => [ids[i], modelMeta(d)])) };
  const summary = { ...evalSummary(res, { splits, seed, exposure: exposure ?? undefined }), provenance: prov };
  writeFileAtomic(o.out, csv);
  writeJsonAtomic(metaPath, meta);
  writeJsonAtomic(summaryPath, summary);
  io.out(`wrote ${o.out} (${ids.length} models x ${benchmarks.length} benchmarks), ${metaPath}, ${summaryPath}\n`);
}

export const command: CliCommand = {
  name: "eval",
  register(program: Command, io: CliIo): void {
    program
      .command("eval")
      .description("score model folders on zoo multiple-choice benchmarks (option log-likelihood) and write the canonical score CSV + sidecar + summary")
      .requiredOption("--models <dir>", "folder of model folders (zoo models: those with manifest.json)")
      .requiredOption("--benchmarks <dir>", "benchmark folder with index.json (e.g. data/zoo/benchmarks)")
      .requiredOption("--out <file>", "score CSV to write (sidecar <name>.meta.json and <name>.summary.json next to it)")
      .option("--only <names>", "comma-separated benchmark names to evaluate")
      .option("--dtype <dtype>", "auto | fp32 | q8 (auto: fp32 when onnx/model.onnx exists, else q8)", "auto")
      .option("--batch-size <n>", "sequences per forward pass (results do not depend on it)", "16")
      .option("--cache <dir>", "cache option log-probs per (model, benchmark) here")
      .option("--summary <file>", "summary JSON path (default <out>.summary.json)")
      .option("--splits <n>", "random half-splits for split-half reliability", "50")
      .option("--seed <n>", "seed of the half-splits", "1")
      .option("--max-items <n>", "score only the first n items of each benchmark (items are in random order: a random subsample; for smoke runs)")
      .option("--quiet", "no per-benchmark progress on stderr")
      .action(async (opts: EvalOptions) => run(io, opts));
  },
};
