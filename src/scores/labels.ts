import { existsSync, readFileSync } from "node:fs";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import { parseCsvRecords, type ScoreTable } from "./table";

/**
 * Benchmark labels (`data/labels.csv`, sources in `data/labels.md`): per benchmark its `function` (the
 * paper's grouping, method.md §2.3), `category` (finer, used to order heatmaps as in Fig. 4), `family`
 * (MMLU, BBH, GPQA, MATH, MuSR, OpenLLMv1, ...) and question `format`.
 */
export interface BenchmarkLabel {
  benchmark: string;
  function: string;
  category: string;
  family: string;
  format: string;
  note: string;
}

/** A labels file: per benchmark id its label, plus where it came from. */
export interface Labels {
  byBenchmark: Record<string, BenchmarkLabel>;
  source: string;
  sha256: string;
}

/** Allowed question formats. */
export const FORMATS: readonly string[] = ["multiple-choice", "true-false", "free-answer", "preference"];

/**
 * Category order for heatmaps (Fig. 4 ordering: math and logic, the knowledge areas, then BBH's
 * reasoning / language / world knowledge, then the rest). Unknown categories sort after these, by name.
 */
export const CATEGORY_ORDER: readonly string[] = [
  "mathematics", "logic", "science-engineering", "medicine-health", "business-other", "humanities",
  "social-sciences", "multi-domain", "reasoning", "language", "world-knowledge", "coding",
  "instruction-following", "general-chat", "aggregate",
];

const HEADER = ["benchmark", "function", "category", "family", "format", "note"];

/**
 * Parse labels CSV text. Errors name file and line: wrong header, ragged row, empty field, unknown
 * format, duplicate benchmark.
 *
 * @example
 *   parseLabels("benchmark,function,category,family,format,note\nmbpp,coding,coding,MBPP,free-answer,x\n", "l.csv").byBenchmark.mbpp.family  // "MBPP"
 */
export function parseLabels(text: string, source: string): Labels {
  const recs = parseCsvRecords(text, source);
  if (recs.length === 0) throw new InputError(source, "empty file");
  const header = recs[0].record.map((h) => h.trim());
  if (header.join(",") !== HEADER.join(",")) throw new InputError(source, `line ${recs[0].line}: header must be ${HEADER.join(",")}`);
  const byBenchmark: Record<string, BenchmarkLabel> = {};
  const lineOf: Record<string, number> = {};
  for (const { line, record } of recs.slice(1)) {
    if (record.length !== HEADER.length) throw new InputError(source, `line ${line}: ragged row: ${record.length} cells, expected ${HEADER.length}`);
    const [benchmark, fn, category, family, format, note] = record.map((c) => c.trim());
    for (const [k, v] of [["benchmark", benchmark], ["function", fn], ["category", category], ["family", family], ["format", format]] as const) {
      if (!v) throw new InputError(source, `line ${line}: empty ${k}`);
    }
    if (!FORMATS.includes(format)) throw new InputError(source, `line ${line}: format '${format}' is not one of ${FORMATS.join(", ")}`);
    if (byBenchmark[benchmark]) throw new InputError(source, `line ${line}: duplicate benchmark '${benchmark}' (first at line ${lineOf[benchmark]})`);
    byBenchmark[benchmark] = { benchmark, function: fn, category, family, format, note };
    lineOf[benchmark] = line;
  }
  return { byBenchmark, source, sha256: sha256(text) };
}

/**
 * Read a labels file.
 *
 * @example
 *   readLabels("data/labels.csv").byBenchmark.bbh_navigate.format  // "true-false"
 */
export function readLabels(path: string): Labels {
  if (!existsSync(path)) throw new InputError(path, "file not found");
  return parseLabels(readFileSync(path, "utf8"), path);
}

/**
 * The label of a benchmark; throws InputError naming the labels file when it is missing.
 *
 * @example
 *   labelOf(labels, "mmlu_anatomy").category  // "medicine-health"
 */
export function labelOf(labels: Labels, benchmark: string): BenchmarkLabel {
  const l = labels.byBenchmark[benchmark];
  if (!l) throw new InputError(labels.source, `no label for benchmark '${benchmark}'`);
  return l;
}

/**
 * A copy of the table whose meta gets family, format and category from the labels (direction kept).
 * Every benchmark of the table must have a label.
 *
 * @example
 *   applyLabels(t, labels).meta.mmlu_anatomy.family  // "MMLU"
 */
export function applyLabels(table: ScoreTable, labels: Labels): ScoreTable {
  const meta: ScoreTable["meta"] = {};
  for (const b of table.benchmarks) {
    const l = labelOf(labels, b);
    meta[b] = { ...(table.meta[b] ?? { direction: "higher" }), family: l.family, format: l.format, category: l.category };
  }
  return { ...table, meta, notes: [...table.notes, `family/format/category from ${labels.source}`] };
}

/**
 * Benchmarks sorted for display: by CATEGORY_ORDER, then family, then id (stable and total).
 *
 * @example
 *   orderByCategory(["bbh_snarks", "mmlu_anatomy"], labels)  // ["mmlu_anatomy", "bbh_snarks"]
 */
export function orderByCategory(benchmarks: readonly string[], labels: Labels): string[] {
  const rank = (c: string) => { const k = CATEGORY_ORDER.indexOf(c); return k < 0 ? CATEGORY_ORDER.length : k; };
  return benchmarks.slice().sort((a, b) => {
    const la = labelOf(labels, a), lb = labelOf(labels, b);
    return rank(la.category) - rank(lb.category) || la.category.localeCompare(lb.category) ||
      la.family.localeCompare(lb.family) || (a < b ? -1 : a > b ? 1 : 0);
  });
}
