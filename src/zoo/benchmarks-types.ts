/**
 * Types of the zoo's multiple-choice benchmarks, as written to `data/zoo/benchmarks/`:
 * one `<name>.jsonl` per benchmark (one `BenchItem` per line) and an `index.json` (`BenchmarkIndex`).
 *
 * Scoring convention (lm-evaluation-harness): each option is a continuation of the item's context;
 * the context never ends in whitespace and each option starts with the whitespace that separates it
 * from the context (e.g. context "the cat sat on the", options [" mat", " dog", ...]).
 */

/** One multiple-choice item. */
export interface BenchItem {
  /** Unique within the benchmark, e.g. `zoo_wiki_nextword-0007`. */
  id: string;
  /** Text the options continue. */
  context: string;
  /** Candidate continuations (2 or 4). */
  options: string[];
  /** Index of the correct option. */
  answer: number;
  /** Where the item came from (document id and piece position, or the source question id). */
  source: string;
}

/** Benchmark family: the shared template (the paper's "family" factor, here with known ground truth). */
export type BenchFamily = "nextword" | "nextspan" | "wordorder" | "spelling" | "mmlu" | "hellaswag";

/** Question format (the paper's format factor: multiple choice vs true/false). */
export type BenchFormat = "multiple-choice" | "true-false";

/** Which score a benchmark reports (see harness.ts for the formulas). */
export type BenchMetric = "acc" | "acc_norm";

/** One benchmark's entry in index.json. */
export interface BenchmarkSpec {
  /** Canonical id (lowercase), e.g. `zoo_wiki_nextword`; the file is `<name>.jsonl`. */
  name: string;
  file: string;
  items: number;
  family: BenchFamily;
  format: BenchFormat;
  /** Number of options per item. */
  options: number;
  /** 1 / options. */
  chance: number;
  metric: BenchMetric;
  /** Source domain(s) of the items' text; for negative controls, the external data set. */
  domains: string[];
  /** `zoo-domain` for the domain benchmarks, `negative-control` for real MMLU / HellaSwag items. */
  category: "zoo-domain" | "negative-control";
  direction: "higher";
  /** Human-readable construction rule. */
  description: string;
  /** sha256 of the jsonl file. */
  sha256: string;
}

/** index.json of a benchmark folder. */
export interface BenchmarkIndex {
  format: "bsig-zoo-benchmarks";
  version: 1;
  seed: number;
  benchmarks: BenchmarkSpec[];
  /** sha256 of every input file, keyed by path. */
  inputs: Record<string, string>;
  notes: string[];
}

/** A benchmark with its items loaded. */
export interface Benchmark {
  spec: BenchmarkSpec;
  items: BenchItem[];
}
