/**
 * `bsig overlap --kind performance --scores FILE.csv [--benchmarks REGEX] [--format json|csv]` prints
 * an overlap matrix: `{"labels": [...], "values": [[...]], "provenance": {...}}` (json) or a square CSV.
 *
 * Kinds are handlers in the KINDS map: to add one (signature, semantic), write a handler with its
 * options and compute function and add it to the map; the command registers every handler's options.
 */
import type { Command } from "commander";
import { InputError } from "../../core/errors";
import { provenance } from "../../core/provenance";
import type { CliCommand, CliIo } from "../registry";
import { readScoreTable } from "../../scores/table";
import { excludeAggregates } from "../../scores/aggregates";
import { completeBlock } from "../../scores/missing";
import { performanceOverlap } from "../../overlap/performance";
import { overlapJson, performancePc1Kind, semanticKind, signatureKind, type AsyncOverlapKind, type OverlapOutputWithCi } from "../../overlap/kinds-signature-semantic";

/** The result every kind returns: a labelled square matrix, its provenance, and a CI where computed. */
export type OverlapOutput = OverlapOutputWithCi;
/** One `--kind`: its own options (flags, description) and how it computes the matrix. */
export type OverlapKind = AsyncOverlapKind;

function benchmarkFilter(pattern: unknown): (b: string) => boolean {
  if (pattern === undefined) return () => true;
  let re: RegExp;
  try {
    re = new RegExp(String(pattern));
  } catch (e) {
    throw new InputError(null, `--benchmarks: not a valid regular expression: ${(e as Error).message}`);
  }
  return (b) => re.test(b);
}

const performanceKind: OverlapKind = {
  description: "Spearman correlation (mid-ranks) of benchmark scores across models (paper §3.7)",
  options: [
    { flags: "--scores <file.csv>", description: "performance: canonical score table (first column model; sidecar NAME.meta.json optional)" },
    { flags: "--benchmarks <regex>", description: "performance: keep only benchmarks whose id matches this regular expression" },
    { flags: "--keep-aggregates", description: "performance: keep aggregate columns (dropped by default)", defaultValue: false },
  ],
  compute(opts) {
    if (typeof opts.scores !== "string") throw new InputError(null, "--kind performance needs --scores FILE.csv");
    const table = readScoreTable(opts.scores);
    const wanted = table.benchmarks.filter(benchmarkFilter(opts.benchmarks));
    if (wanted.length === 0) throw new InputError(opts.scores, `no benchmark matches --benchmarks ${String(opts.benchmarks)}`);
    const { kept, excluded } = opts.keepAggregates ? { kept: wanted, excluded: [] } : excludeAggregates(table, wanted);
    if (kept.length < 2) throw new InputError(opts.scores, `need at least 2 benchmarks after filtering, got ${kept.length}`);
    const block = completeBlock(table, kept);
    const ov = performanceOverlap(block.table, { benchmarks: kept });
    const prov = provenance(ov.provenance.method, {
      ...ov.provenance.params,
      benchmarksRegex: opts.benchmarks ?? null,
      missingPolicy: block.policy,
      droppedModels: block.dropped.length,
      excludedAggregates: excluded.map((a) => ({ benchmark: a.benchmark, verified: a.verified, reason: a.reason })),
      notes: table.notes,
    }, null, { [opts.scores]: table.sha256, ...(table.metaSha256 ? { [`${opts.scores} sidecar`]: table.metaSha256 } : {}) });
    return { labels: ov.matrix.labels, values: ov.matrix.values, provenance: prov };
  },
};

/** The overlap kinds `bsig overlap --kind` accepts. */
export const KINDS: Record<string, OverlapKind> = {
  performance: performanceKind,
  signature: signatureKind,
  semantic: semanticKind,
  "performance-pc1": performancePc1Kind,
};

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Format an overlap output as JSON (`{labels, values, provenance}`, NaN as null) or as a square CSV
 * (`benchmark,<labels>` then one row per label; NaN as an empty cell).
 *
 * @example
 *   formatOverlap({ labels: ["a", "b"], values: Float64Array.of(1, .5, .5, 1), provenance: p }, "csv")
 *   // "benchmark,a,b\na,1,0.5\nb,0.5,1\n"
 */
export function formatOverlap(o: OverlapOutput, format: "json" | "csv"): string {
  const n = o.labels.length;
  if (format === "json") return overlapJson(o);
  const lines = [["benchmark", ...o.labels].map(csvField).join(",")];
  for (let i = 0; i < n; i++) {
    const cells = [csvField(o.labels[i])];
    for (let j = 0; j < n; j++) { const v = o.values[i * n + j]; cells.push(Number.isFinite(v) ? String(v) : ""); }
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

/** The `overlap` command. */
export const command: CliCommand = {
  name: "overlap",
  register(program: Command, io: CliIo): void {
    const cmd = program.command("overlap")
      .description(`Print a benchmark overlap matrix. Kinds: ${Object.entries(KINDS).map(([k, v]) => `${k} (${v.description})`).join("; ")}`)
      .requiredOption("--kind <kind>", `overlap kind: ${Object.keys(KINDS).join(" | ")}`)
      .option("--format <format>", "json | csv", "json");
    const seen = new Set<string>();
    for (const kind of Object.values(KINDS)) for (const o of kind.options) {
      if (seen.has(o.flags)) continue;
      seen.add(o.flags);
      if (o.defaultValue !== undefined) cmd.option(o.flags, o.description, o.defaultValue); else cmd.option(o.flags, o.description);
    }
    cmd.action(async (opts: Record<string, unknown>) => {
      const kind = KINDS[String(opts.kind)];
      if (!kind) throw new InputError(null, `--kind must be one of ${Object.keys(KINDS).join(", ")}, got "${String(opts.kind)}"`);
      if (opts.format !== "json" && opts.format !== "csv") throw new InputError(null, `--format must be json or csv, got "${String(opts.format)}"`);
      const text = formatOverlap(await kind.compute(opts), opts.format);
      io.out(text);
    });
  },
};
