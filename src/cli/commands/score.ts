/**
 * `bsig score --model ID|DIR --corpus PATH --out DIR`: per-piece surprisal of one causal LM over a corpus through
 * transformers.js, cached by content and resumable after a kill; offline unless `--allow-remote`.
 */
import type { CliCommand } from "../registry";
import { readCorpus } from "../../corpus/read";
import { planScoring, unitOptions } from "../../corpus/plan";
import { resolveCacheDir } from "../../cache/store";
import { loadCausalLM, type ScoringDtype } from "../../perplexity/model";
import { scoreCorpus } from "../../perplexity/engine";
import { createProgress } from "../../perplexity/progress";
import { intOption } from "../../perplexity/cli-util";
import { writeLogprobTable } from "../../io/logprob-table";
import { InputError } from "../../core/errors";

interface ScoreOpts {
  model: string; corpus: string; out: string; context?: string; stride?: string; sample?: string; seed?: string;
  dtype: string; allowRemote?: boolean; batchSize?: string; shardChunks?: string; textField: string; textColumn: string;
  cache?: string; progress: string;
}

export const command: CliCommand = {
  name: "score",
  register(program, io) {
    program.command("score")
      .description("score every whitespace piece of a corpus with a causal LM (transformers.js), resumable, into a log-prob table folder")
      .requiredOption("--model <id|dir>", "local model folder (config.json, tokenizer.json, onnx/model.onnx) or a hub id with --allow-remote")
      .requiredOption("--corpus <path>", "text file, JSONL, Parquet, or a folder of these")
      .requiredOption("--out <dir>", "output log-prob table folder (written atomically)")
      .option("--context <n>", "pieces of context before each target (window = context + 1)", "30")
      .option("--stride <n>", "window start step in pieces (default context + 1: consecutive chunks)")
      .option("--sample <k>", "keep 1 in k targets (seeded)", "1")
      .option("--seed <s>", "seed of the 1-in-k sampling", "0")
      .option("--dtype <fp32|q8>", "weights: onnx/model.onnx (fp32) or onnx/model_quantized.onnx (q8)", "fp32")
      .option("--allow-remote", "allow downloading a hub model (off: nothing touches the network)")
      .option("--batch-size <n>", "windows per forward pass (results do not depend on it)", "8")
      .option("--shard-chunks <n>", "windows per cache shard (the unit of resume)", "64")
      .option("--text-field <name>", "JSONL field with the text", "text")
      .option("--text-column <name>", "Parquet column with the text", "text")
      .option("--cache <dir>", "cache folder (default $BSIG_CACHE or .cache/bsig)")
      .option("--progress <mode>", "auto | bar | lines | none", "auto")
      .action(async (o: ScoreOpts) => {
        if (o.dtype !== "fp32" && o.dtype !== "q8") throw new InputError("--dtype", `expected fp32 or q8, got '${o.dtype}'`);
        const unit = unitOptions({
          context: intOption("--context", o.context, 0), stride: intOption("--stride", o.stride, 1),
          sample: intOption("--sample", o.sample, 1), seed: intOption("--seed", o.seed),
        });
        const batchSize = intOption("--batch-size", o.batchSize, 1)!;
        const shardChunks = intOption("--shard-chunks", o.shardChunks, 1)!;
        const corpus = await readCorpus(o.corpus, { textField: o.textField, textColumn: o.textColumn });
        const plan = planScoring(corpus, unit);
        const cacheDir = resolveCacheDir(o.cache);
        const lm = await loadCausalLM(o.model, { dtype: o.dtype as ScoringDtype, allowRemote: !!o.allowRemote, cacheDir: `${cacheDir}/hub` });
        const mode = o.progress === "auto" ? (process.stderr.isTTY ? "bar" : "lines") : o.progress;
        const progress = mode === "none" ? undefined : createProgress({ tty: mode === "bar", write: io.err });
        // Testing knob (kill/resume tests): announce each commit step on stderr and pause there.
        const trace = process.env.BSIG_TEST_TRACE_MS;
        const onEvent = trace === undefined ? undefined : async (e: string) => {
          io.err(`trace ${e}\n`);
          await new Promise((r) => setTimeout(r, Number(trace)));
        };
        try {
          const { table, key, reusedShards, computedShards } = await scoreCorpus(lm, plan, {
            cacheDir, batchSize, shardChunks, progress,
            onEvent,
          });
          await onEvent?.("out");
          const m = writeLogprobTable(o.out, { ...table, manifest: { ...table.manifest, model: { ...table.manifest.model, id: o.model } } });
          io.out(`wrote ${o.out}: ${m.counts.pieces} pieces (${corpus.nPieces} in the corpus), ${m.counts.chunks} windows, ` +
            `${m.counts.tokens} tokens; cache ${key.slice(0, 12)} (${reusedShards} shards reused, ${computedShards} computed)\n`);
        } finally {
          await lm.dispose();
        }
      });
  },
};
