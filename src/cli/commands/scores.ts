/**
 * `bsig scores import --format sloth|thrush|lm-eval --out FILE.csv INPUT...` converts other layouts into the
 * canonical score table (CSV + sidecar meta.json); `bsig scores show FILE.csv` summarises one.
 */
import type { Command } from "commander";
import { InputError } from "../../core/errors";
import { provenance } from "../../core/provenance";
import { sha256File } from "../../core/hash";
import type { CliCommand, CliIo } from "../registry";
import { importSloth } from "../../scores/sloth";
import { importLmEval } from "../../scores/lm-eval";
import { importThrushErrors } from "../../scores/thrush";
import { applyLabels, readLabels } from "../../scores/labels";
import { readScoreTable, writeScoreTable, formatScoreTableCsv, type ScoreTable } from "../../scores/table";
import { detectAggregates } from "../../scores/aggregates";
import { completeBlock } from "../../scores/missing";

const FORMATS = ["sloth", "lm-eval", "thrush"] as const;

function importCmd(io: CliIo, inputs: string[], opts: { format: string; out?: string; labels?: string }): void {
  if (!FORMATS.includes(opts.format as (typeof FORMATS)[number])) throw new InputError(null, `--format must be one of ${FORMATS.join(", ")}, got "${opts.format}"`);
  if (inputs.length === 0) throw new InputError(null, "no input file given");
  if (opts.format !== "lm-eval" && inputs.length !== 1) throw new InputError(null, `--format ${opts.format} takes exactly one input file, got ${inputs.length}`);
  let table: ScoreTable = opts.format === "sloth" ? importSloth(inputs[0]) : opts.format === "thrush" ? importThrushErrors(inputs[0]) : importLmEval(inputs);
  const hashes: Record<string, string> = {};
  for (const p of inputs) hashes[p] = sha256File(p);
  if (opts.labels) {
    const labels = readLabels(opts.labels);
    table = applyLabels(table, labels);
    hashes[opts.labels] = labels.sha256;
  }
  const prov = provenance(`scores import --format ${opts.format}`, { inputs, labels: opts.labels ?? null }, null, hashes);
  if (opts.out) {
    writeScoreTable(opts.out, table, { notes: table.notes, provenance: prov });
    io.out(`wrote ${opts.out} (${table.models.length} models x ${table.benchmarks.length} benchmarks) and its sidecar\n`);
  } else {
    io.out(formatScoreTableCsv(table));
  }
}

function show(io: CliIo, file: string, opts: { format: string }): void {
  if (opts.format !== "text" && opts.format !== "json") throw new InputError(null, `--format must be text or json, got "${opts.format}"`);
  const t = readScoreTable(file);
  let missing = 0;
  for (const v of t.values) if (Number.isNaN(v)) missing++;
  const lower = t.benchmarks.filter((b) => t.meta[b].direction === "lower");
  const aggregates = detectAggregates(t);
  let block: { models: number; benchmarks: number } | null = null;
  try {
    const b = completeBlock(t);
    block = { models: b.table.models.length, benchmarks: b.requested.length };
  } catch { block = null; }
  const summary = {
    file, sha256: t.sha256, models: t.models.length, benchmarks: t.benchmarks.length, missingCells: missing,
    lowerIsBetter: lower, completeBlockAllColumns: block,
    aggregates: aggregates.map((a) => ({ benchmark: a.benchmark, members: a.members.length, verified: a.verified, reason: a.reason })),
    notes: t.notes,
  };
  if (opts.format === "json") { io.out(JSON.stringify(summary, null, 2) + "\n"); return; }
  const lines = [
    `${file}: ${t.models.length} models x ${t.benchmarks.length} benchmarks, ${missing} missing cells`,
    `sha256 ${t.sha256}`,
    `lower is better: ${lower.length ? lower.join(", ") : "(none)"}`,
    `complete block over all columns: ${block ? `${block.models} models` : "none"}`,
    ...aggregates.map((a) => `aggregate ${a.benchmark}: ${a.reason}`),
    ...t.notes.map((n) => `note: ${n}`),
  ];
  io.out(lines.join("\n") + "\n");
}

/** The `scores` command group. */
export const command: CliCommand = {
  name: "scores",
  register(program: Command, io: CliIo): void {
    const scores = program.command("scores").description("Score tables: import other layouts into the canonical CSV, show a table");
    scores.command("import")
      .description("Convert a Sloth CSV, a Thrush et al. error CSV, or lm-evaluation-harness results JSON files into a canonical score table (CSV + NAME.meta.json)")
      .argument("<inputs...>", "input file(s): one Sloth CSV, one Thrush error CSV, or one lm-eval results JSON per model")
      .requiredOption("--format <format>", "input layout: sloth | thrush | lm-eval")
      .option("--out <file.csv>", "write the canonical CSV and its sidecar here (default: print the CSV)")
      .option("--labels <labels.csv>", "fill family/format/category in the sidecar from this labels file")
      .action((inputs: string[], opts: { format: string; out?: string; labels?: string }) => importCmd(io, inputs, opts));
    scores.command("show")
      .description("Summarise a canonical score table: size, missing cells, directions, aggregates, notes")
      .argument("<file.csv>", "canonical score CSV")
      .option("--format <format>", "text | json", "text")
      .action((file: string, opts: { format: string }) => show(io, file, opts));
  },
};
