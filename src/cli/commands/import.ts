/**
 * `bsig import --format paper-parquet|jsonl ...` brings log-probs computed elsewhere (the paper's vLLM Parquet,
 * a simple JSONL) into the native log-prob table; `bsig export` writes a table as Parquet.
 */
import type { CliCommand } from "../registry";
import { InputError } from "../../core/errors";
import { loadTokenizer } from "../../perplexity/tokenizer";
import { importPaperParquet } from "../../io/logprob-paper";
import { importJsonl } from "../../io/logprob-jsonl";
import { exportParquet } from "../../io/logprob-export";
import { readLogprobTable, writeLogprobTable } from "../../io/logprob-table";

interface ImportOpts { format: string; in: string; out: string; model: string; chunks?: string; tokenizer?: string; corpusHash?: string }

export const command: CliCommand = {
  name: "import",
  register(program, io) {
    program.command("import")
      .description("import log-probs computed elsewhere (the paper's Parquet, or JSONL) as a native log-prob table")
      .requiredOption("--format <f>", "paper-parquet | jsonl")
      .requiredOption("--in <file>", "the log-prob file")
      .requiredOption("--model <name>", "model name recorded in the table (and the matrix row name)")
      .requiredOption("--out <dir>", "output log-prob table folder")
      .option("--chunks <file>", "paper-parquet: chunk file with text_id, chunk_id, chunk_text (Parquet or JSONL)")
      .option("--tokenizer <dir>", "paper-parquet: folder with the model's tokenizer.json + tokenizer_config.json")
      .option("--corpus-hash <h>", "jsonl: corpus hash to record (default: sha256 of the piece ids)")
      .action(async (o: ImportOpts) => {
        let table;
        if (o.format === "paper-parquet") {
          if (!o.chunks) throw new InputError("--chunks", "paper-parquet needs the chunk text file (--chunks FILE)");
          if (!o.tokenizer) throw new InputError("--tokenizer", "paper-parquet needs the model's tokenizer (--tokenizer DIR)");
          const tokenizer = await loadTokenizer(o.tokenizer);
          table = await importPaperParquet({ logprobs: o.in, chunks: o.chunks, tokenizer, modelId: o.model });
        } else if (o.format === "jsonl") {
          table = importJsonl(o.in, { modelId: o.model, corpusHash: o.corpusHash });
        } else {
          throw new InputError("--format", `expected paper-parquet or jsonl, got '${o.format}'`);
        }
        const m = writeLogprobTable(o.out, table);
        io.out(`wrote ${o.out}: ${m.counts.pieces} pieces (${m.counts.missing} missing), ${m.counts.chunks} chunks\n`);
      });
    program.command("export")
      .description("export a log-prob table folder as Parquet (piece, nll_sum, nll_last, n_tokens, n_bytes)")
      .requiredOption("--run <dir>", "log-prob table folder")
      .requiredOption("--out <file>", "Parquet file to write")
      .action(async (o: { run: string; out: string }) => {
        const t = readLogprobTable(o.run);
        await exportParquet(t, o.out);
        io.out(`wrote ${o.out}: ${t.pieceIds.length} pieces\n`);
      });
  },
};
