/**
 * `bsig compare --overlap FILE.json --labels data/labels.csv [--tests LIST] [--by category|function]
 *   [--resamples 10000] [--permutations 10000] [--seed 0] [--level 0.95] [--threshold 0.5] [--format json|text]`
 *
 * Statistics of one overlap matrix (a `bsig overlap --format json` output, any kind), as the paper's:
 * - `within-cross`: within- vs cross-category bootstrap per group with Holm (Table 5; src/stats/bootstrap-category.ts);
 * - `function-level`: mean overlap within and between functions (Fig. 1 left);
 * - `family`, `format`: within vs across pairs, Mann–Whitney U (R's wilcox.test) and the label-permutation
 *   test (Fig. 5; run it on the performance and on the signature matrix);
 * - `clique`: maximum clique of the graph with edges where overlap > threshold, overall and per group.
 */
import type { Command } from "commander";
import { readFileSync, existsSync } from "node:fs";
import { InputError } from "../../core/errors";
import { sha256 } from "../../core/hash";
import { toNested, type SquareMatrix } from "../../core/matrix";
import { provenance } from "../../core/provenance";
import type { CliCommand, CliIo } from "../registry";
import { readLabels, type Labels } from "../../scores/labels";
import { compareWithinAcross } from "../../overlap/performance";
import { functionLevelMatrix } from "../../overlap/aggregate";
import { groupByCategory, withinCrossBootstrap } from "../../stats/bootstrap-category";
import { maxCliqueLabels } from "../../stats/clique";

const ALL_TESTS = ["within-cross", "function-level", "family", "format", "clique"];

/**
 * Read an overlap matrix JSON (`{"labels": [...], "values": [[...]]}`, null = NaN).
 *
 * @example
 *   readOverlapJson("results/signature.json").labels
 */
export function readOverlapJson(path: string): SquareMatrix & { sha256: string } {
  if (!existsSync(path)) throw new InputError(path, "file not found");
  const text = readFileSync(path, "utf8");
  let doc: { labels?: unknown; values?: unknown };
  try { doc = JSON.parse(text); } catch (e) { throw new InputError(path, `not valid JSON: ${(e as Error).message}`); }
  if (!Array.isArray(doc.labels) || !doc.labels.every((l) => typeof l === "string")) throw new InputError(path, '"labels" must be an array of strings');
  const labels = doc.labels as string[], n = labels.length;
  if (new Set(labels).size !== n) throw new InputError(path, "duplicate labels");
  if (!Array.isArray(doc.values) || doc.values.length !== n) throw new InputError(path, `"values" must be ${n} rows`);
  const values = new Float64Array(n * n);
  (doc.values as unknown[]).forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) throw new InputError(path, `values row ${i + 1}: expected ${n} cells`);
    row.forEach((v, j) => {
      if (v !== null && typeof v !== "number") throw new InputError(path, `values row ${i + 1}, column ${j + 1}: not a number or null`);
      values[i * n + j] = v === null ? NaN : v;
    });
  });
  return { labels, values, sha256: sha256(text) };
}

function labelColumn(m: SquareMatrix, labels: Labels, key: "category" | "function" | "family" | "format", file: string): string[] {
  const missing = m.labels.filter((b) => !labels.byBenchmark[b]);
  if (missing.length) throw new InputError(file, `no label for ${missing.length} benchmark(s): ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", ..." : ""}`);
  return m.labels.map((b) => labels.byBenchmark[b][key]);
}

const arr = (x: ArrayLike<number>): (number | null)[] => Array.from(x, (v) => (Number.isFinite(v) ? v : null));

/**
 * Run the requested tests on an overlap matrix; returns a JSON-ready object (NaN as null).
 *
 * @example
 *   runCompare(readOverlapJson("sig.json"), readLabels("data/labels.csv"), { tests: ["within-cross"], by: "category",
 *     resamples: 10000, permutations: 10000, seed: 0, level: 0.95, threshold: 0.5, overlapFile: "sig.json", labelsFile: "data/labels.csv" })
 */
export function runCompare(m: SquareMatrix & { sha256: string }, labels: Labels, o: {
  tests: string[]; by: "category" | "function"; resamples: number; permutations: number; seed: number; level: number; threshold: number;
  overlapFile: string; labelsFile: string;
}): Record<string, unknown> {
  const n = m.labels.length;
  const out: Record<string, unknown> = {};
  const groups = labelColumn(m, labels, o.by, o.labelsFile);
  if (o.tests.includes("within-cross")) {
    const rows = withinCrossBootstrap(m.values, n, groupByCategory(groups), { resamples: o.resamples, seed: o.seed, level: o.level });
    out.withinCross = { by: o.by, resamples: o.resamples, level: o.level, rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" && !Number.isFinite(v) ? null : v]))) };
  }
  if (o.tests.includes("function-level")) {
    const f = functionLevelMatrix(m.values, n, labelColumn(m, labels, "function", o.labelsFile));
    out.functionLevel = { labels: f.labels, values: toNested(f.values, f.labels.length).map(arr), sizes: f.sizes, meanWithin: f.meanWithin, meanCross: f.meanCross };
  }
  for (const factor of ["family", "format"] as const) {
    if (!o.tests.includes(factor)) continue;
    const g = compareWithinAcross(m, labelColumn(m, labels, factor, o.labelsFile), { factor, seed: o.seed, permutations: o.permutations });
    out[factor] = JSON.parse(JSON.stringify(g, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)));
  }
  if (o.tests.includes("clique")) {
    const g = groupByCategory(groups);
    out.clique = {
      threshold: o.threshold, edge: "overlap > threshold", overall: maxCliqueLabels(m, o.threshold),
      byGroup: Object.fromEntries(g.names.map((name, k) => [name, maxCliqueLabels(m, o.threshold, g.members[k])])),
    };
  }
  out.provenance = provenance("compare", {
    tests: o.tests, by: o.by, resamples: o.resamples, permutations: o.permutations, level: o.level, threshold: o.threshold,
    withinCross: "stratified benchmark bootstrap (src/stats/bootstrap-category.ts), Holm across groups",
    familyFormat: "Mann-Whitney U = R wilcox.test(exact=FALSE, correct=TRUE) + label permutation over benchmarks",
  }, o.seed, { [o.overlapFile]: m.sha256, [o.labelsFile]: labels.sha256 });
  return out;
}

function num(v: unknown, name: string, int: boolean): number {
  const x = Number(v);
  if (!Number.isFinite(x) || (int && (!Number.isInteger(x) || x < 1))) throw new InputError(null, `${name} must be ${int ? "a positive integer" : "a number"}, got "${String(v)}"`);
  return x;
}

function textReport(r: Record<string, unknown>): string {
  const lines: string[] = [];
  const wc = r.withinCross as { by: string; rows: { category: string; size: number; within: number | null; cross: number | null; diff: number | null; signedPercentile: number | null; p: number | null; pHolm: number | null }[] } | undefined;
  const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? "NA" : v.toFixed(d));
  if (wc) {
    lines.push(`within vs cross (${wc.by}):`, "  group                      n  within   cross    diff  pctile       p   pHolm");
    for (const x of wc.rows) lines.push(`  ${x.category.padEnd(24)} ${String(x.size).padStart(3)} ${f(x.within).padStart(7)} ${f(x.cross).padStart(7)} ${f(x.diff).padStart(7)} ${f(x.signedPercentile, 1).padStart(7)} ${f(x.p, 4).padStart(7)} ${f(x.pHolm, 4).padStart(7)}`);
  }
  const fl = r.functionLevel as { meanWithin: number; meanCross: number } | undefined;
  if (fl) lines.push(`function level: mean within ${f(fl.meanWithin)}, mean cross ${f(fl.meanCross)}`);
  for (const k of ["family", "format"]) {
    const g = r[k] as { within: { mean: number }; across: { mean: number }; mannWhitney: { pValue: number }; permutation: { pTwoSided: number } } | undefined;
    if (g) lines.push(`${k}: within ${f(g.within.mean)} vs across ${f(g.across.mean)}; Mann-Whitney p = ${g.mannWhitney.pValue.toPrecision(4)}; permutation p = ${g.permutation.pTwoSided.toPrecision(4)}`);
  }
  const c = r.clique as { threshold: number; overall: string[] } | undefined;
  if (c) lines.push(`maximum clique (overlap > ${c.threshold}): ${c.overall.length} benchmarks: ${c.overall.join(", ")}`);
  return lines.join("\n") + "\n";
}

/** The `compare` command. */
export const command: CliCommand = {
  name: "compare",
  register(program: Command, io: CliIo): void {
    program.command("compare")
      .description("Within/cross-category bootstrap (Holm), function-level matrix, family/format tests and maximum clique of an overlap matrix")
      .requiredOption("--overlap <file.json>", "overlap matrix: a bsig overlap --format json output")
      .requiredOption("--labels <file.csv>", "benchmark labels (benchmark,function,category,family,format,note)")
      .option("--tests <list>", `comma-separated: ${ALL_TESTS.join(",")}`, ALL_TESTS.join(","))
      .option("--by <key>", "grouping for within-cross and cliques: category | function", "category")
      .option("--resamples <n>", "bootstrap replicates for within-cross", "10000")
      .option("--permutations <n>", "label permutations for family/format", "10000")
      .option("--seed <n>", "seed", "0")
      .option("--level <x>", "interval level", "0.95")
      .option("--threshold <x>", "clique edge threshold (overlap > x)", "0.5")
      .option("--format <format>", "json | text", "json")
      .action((opts: Record<string, string>) => {
        const tests = opts.tests.split(",").map((s) => s.trim()).filter(Boolean);
        const bad = tests.filter((t) => !ALL_TESTS.includes(t));
        if (bad.length || tests.length === 0) throw new InputError(null, `--tests: unknown test(s) ${bad.join(", ")} (known: ${ALL_TESTS.join(", ")})`);
        if (opts.by !== "category" && opts.by !== "function") throw new InputError(null, `--by must be category or function, got "${opts.by}"`);
        if (opts.format !== "json" && opts.format !== "text") throw new InputError(null, `--format must be json or text, got "${opts.format}"`);
        const level = num(opts.level, "--level", false);
        if (!(level > 0 && level < 1)) throw new InputError(null, `--level must be in (0, 1), got "${opts.level}"`);
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new InputError(null, `--seed must be an integer, got "${opts.seed}"`);
        const m = readOverlapJson(opts.overlap);
        const labels = readLabels(opts.labels);
        const r = runCompare(m, labels, {
          tests, by: opts.by, resamples: num(opts.resamples, "--resamples", true), permutations: num(opts.permutations, "--permutations", true),
          seed, level, threshold: num(opts.threshold, "--threshold", false), overlapFile: opts.overlap, labelsFile: opts.labels,
        });
        io.out(opts.format === "json" ? JSON.stringify(r, null, 2) + "\n" : textReport(r));
      });
  },
};
