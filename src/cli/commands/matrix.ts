/**
 * `bsig matrix --runs DIR... --out FILE`: join several models' log-prob tables on piece ids into one
 * models x pieces feature matrix (folder format of docs/formats.md, or CSV), at piece, chunk or document level;
 * a clear error when the runs cover different pieces.
 */
import { basename } from "node:path";
import type { CliCommand } from "../registry";
import { InputError } from "../../core/errors";
import { writeFileAtomic } from "../../core/atomic";
import { provenance } from "../../core/provenance";
import { selectColumns } from "../../core/matrix";
import { readLogprobTable } from "../../io/logprob-table";
import { atLevel, joinTables, writeFeatureMatrix, type MatrixLevel } from "../../io/feature-matrix";

interface MatrixOpts { runs: string[]; out: string; measure: string; level: string; names?: string; allowCorpusMismatch?: boolean; dropMissing?: boolean }

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const command: CliCommand = {
  name: "matrix",
  register(program, io) {
    program.command("matrix")
      .description("join N models' log-prob tables on piece ids into a models x pieces Float32 feature matrix")
      .requiredOption("--runs <dirs...>", "log-prob table folders (from bsig score or bsig import)")
      .requiredOption("--out <path>", "feature-matrix folder, or a .csv file (canonical CSV: model, one column per piece)")
      .option("--measure <m>", "nll-sum-nats | nll-last-token-nats | bits-per-byte", "nll-sum-nats")
      .option("--level <l>", "piece (token level) | chunk (mean token NLL per window) | document (per document)", "piece")
      .option("--names <list>", "comma-separated row names, one per run (default: the model folder name or hub id)")
      .option("--drop-missing", "drop pieces that are NaN for any model (cut off by a context limit, or unscored in an import)")
      .option("--allow-corpus-mismatch", "join tables whose corpus hashes differ (their piece ids must still match)")
      .action((o: MatrixOpts) => {
        if (!["piece", "chunk", "document"].includes(o.level)) throw new InputError("--level", `expected piece, chunk or document, got '${o.level}'`);
        const level = o.level as MatrixLevel;
        if (level !== "piece" && o.measure !== "nll-sum-nats") throw new InputError("--measure", `the ${level} level is a mean token NLL in nats; leave --measure at nll-sum-nats`);
        const tables = o.runs.map((dir) => ({ dir, table: atLevel(readLogprobTable(dir), level) }));
        const names = o.names ? o.names.split(",").map((s) => s.trim()) : tables.map(({ table }) =>
          table.manifest.model.source === "local" ? basename(table.manifest.model.id) : table.manifest.model.id);
        if (names.length !== tables.length) throw new InputError("--names", `${names.length} names for ${tables.length} runs`);
        let m = joinTables(tables.map((t, i) => ({ name: names[i], source: t.dir, table: t.table })), o.measure, { allowCorpusMismatch: o.allowCorpusMismatch });
        let dropped = 0;
        if (o.dropMissing) {
          const p = m.cols.length, keep: number[] = [];
          for (let j = 0; j < p; j++) if (m.rows.every((_, i) => !Number.isNaN(m.values[i * p + j]))) keep.push(j);
          dropped = p - keep.length;
          m = selectColumns(m, keep);
        }
        const measure = level === "piece" ? o.measure : `${level}-mean-token-nll-nats`;
        const prov = provenance("bsig matrix", { measure, level, runs: o.runs, names, dropMissing: !!o.dropMissing, dropped }, null,
          Object.fromEntries(tables.map((t) => [t.dir, t.table.manifest.corpus.hash])));
        if (o.out.toLowerCase().endsWith(".csv")) {
          const lines = [["model", ...m.cols].map(csvCell).join(",")];
          const p = m.cols.length;
          m.rows.forEach((r, i) => lines.push([csvCell(r), ...Array.from(m.values.subarray(i * p, (i + 1) * p), (v) => (Number.isNaN(v) ? "" : String(v)))].join(",")));
          writeFileAtomic(o.out, lines.join("\n") + "\n");
        } else {
          writeFeatureMatrix(o.out, m, { measure, provenance: prov });
        }
        io.out(`wrote ${o.out}: ${m.rows.length} models x ${m.cols.length} ${level === "piece" ? "pieces" : `${level}s`} (${measure})${o.dropMissing ? `; dropped ${dropped} with a missing value` : ""}\n`);
      });
  },
};
