/**
 * Real benchmark questions, read from the copies under `data/questions/` (see each folder's SOURCE.md).
 *
 * One documented form for every benchmark: a `BenchmarkQuestions` record whose `questions` are plain
 * strings, in the order of the source file. With `withOptions: false` (the default) a question is only
 * its stem; with `withOptions: true` the answer options follow on new lines as `A. …`, `B. …`:
 *
 * | id            | stem                                   | options (withOptions)                        |
 * |---------------|----------------------------------------|----------------------------------------------|
 * | `mmlu_<subj>` | CSV column 1 of `test/<subj>_test.csv` | `A. <c2>` … `D. <c5>`                        |
 * | `bbh_<task>`  | `input` up to `\nOptions:`             | the rest of `input`, verbatim (`(A) …`)      |
 * | `gsm8k`       | `question`                             | none (free answer)                           |
 * | `humaneval`   | `prompt` (signature + docstring)       | none                                         |
 * | `hellaswag`   | `activity_label: ctx`                  | `A. <ending 1>` … `D. <ending 4>`            |
 *
 * Answers (gold labels, solutions) are never included.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";

/** Questions of one benchmark in the one documented form. */
export interface BenchmarkQuestions {
  /** Canonical benchmark id (`mmlu_<subject>`, `bbh_<task>`, `gsm8k`, `humaneval`, `hellaswag`). */
  benchmark: string;
  /** Question texts in source order. */
  questions: string[];
  /** Data file read, relative to the data root. */
  source: string;
  /** sha256 of the file's bytes as stored. */
  sha256: string;
}

/** Options for the loaders. */
export interface QuestionOptions {
  /** Append the answer options (default false). */
  withOptions?: boolean;
  /** Folder holding the carried datasets (default: the repository's `data/questions`). */
  root?: string;
  /** MMLU split: "test" (default) or "dev" (5 few-shot examples per subject). */
  mmluSplit?: "test" | "dev";
}

/**
 * The repository's `data/questions` folder (works from `src/` under tsx and from `dist/`).
 *
 * @example
 *   defaultQuestionsRoot()  // "/…/data/questions"
 */
export function defaultQuestionsRoot(): string {
  return join(__dirname, "..", "..", "data", "questions");
}

function readBytes(root: string, rel: string): Buffer {
  const p = join(root, rel);
  if (!existsSync(p)) throw new InputError(p, "question file not found");
  return readFileSync(p);
}

const LETTERS = ["A", "B", "C", "D", "E", "F", "G", "H"];

/**
 * MMLU questions of one subject (Hendrycks et al. 2021), id `mmlu_<subject>`.
 *
 * @example
 *   loadMmlu("abstract_algebra").questions.length  // 100
 */
export function loadMmlu(subject: string, opts: QuestionOptions = {}): BenchmarkQuestions {
  const root = opts.root ?? defaultQuestionsRoot();
  const split = opts.mmluSplit ?? "test";
  const rel = `mmlu-hendrycks/data/${split}/${subject}_${split}.csv`;
  const bytes = readBytes(root, rel);
  let rows: string[][];
  try {
    rows = parse(bytes.toString("utf8"), { relax_column_count: false }) as string[][];
  } catch (e) {
    throw new InputError(join(root, rel), `not a valid CSV: ${(e as Error).message}`);
  }
  const questions = rows.map((r, i) => {
    if (r.length !== 6) throw new InputError(join(root, rel), `row ${i + 1}: expected 6 columns, got ${r.length}`);
    return opts.withOptions ? [r[0], ...r.slice(1, 5).map((o, k) => `${LETTERS[k]}. ${o}`)].join("\n") : r[0];
  });
  return { benchmark: `mmlu_${subject}`, questions, source: rel, sha256: sha256(bytes) };
}

/**
 * The 57 MMLU subjects present under the data root, sorted.
 *
 * @example
 *   mmluSubjects()[0]  // "abstract_algebra"
 */
export function mmluSubjects(root: string = defaultQuestionsRoot()): string[] {
  const dir = join(root, "mmlu-hendrycks/data/test");
  if (!existsSync(dir)) throw new InputError(dir, "MMLU folder not found");
  return readdirSync(dir).filter((f) => f.endsWith("_test.csv")).map((f) => f.slice(0, -"_test.csv".length)).sort();
}

/**
 * BIG-Bench Hard questions of one task (Suzgun et al. 2022), id `bbh_<task>`. Without options the
 * text is cut at the first `\nOptions:`; tasks without an options block are unchanged either way.
 *
 * @example
 *   loadBbh("date_understanding").questions[0]  // "Today is Christmas Eve of 1937. What is the date tomorrow in MM/DD/YYYY?"
 */
export function loadBbh(task: string, opts: QuestionOptions = {}): BenchmarkQuestions {
  const root = opts.root ?? defaultQuestionsRoot();
  const rel = `bbh-suzgun/bbh/${task}.json`;
  const bytes = readBytes(root, rel);
  let doc: { examples?: { input?: unknown }[] };
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    throw new InputError(join(root, rel), `not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(doc.examples)) throw new InputError(join(root, rel), "no 'examples' array");
  const questions = doc.examples.map((ex, i) => {
    if (typeof ex.input !== "string") throw new InputError(join(root, rel), `example ${i}: 'input' is not a string`);
    if (opts.withOptions) return ex.input;
    const cut = ex.input.indexOf("\nOptions:");
    return cut >= 0 ? ex.input.slice(0, cut) : ex.input;
  });
  return { benchmark: `bbh_${task}`, questions, source: rel, sha256: sha256(bytes) };
}

/**
 * The 27 BBH tasks present under the data root, sorted.
 *
 * @example
 *   bbhTasks()[0]  // "boolean_expressions"
 */
export function bbhTasks(root: string = defaultQuestionsRoot()): string[] {
  const dir = join(root, "bbh-suzgun/bbh");
  if (!existsSync(dir)) throw new InputError(dir, "BBH folder not found");
  return readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
}

function jsonLines(path: string, text: string): Record<string, unknown>[] {
  return text.split("\n").filter((l) => l.trim() !== "").map((l, i) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch (e) {
      throw new InputError(path, `line ${i + 1}: not valid JSON: ${(e as Error).message}`);
    }
  });
}

function stringField(path: string, rec: Record<string, unknown>, key: string, i: number): string {
  const v = rec[key];
  if (typeof v !== "string") throw new InputError(path, `record ${i + 1}: '${key}' is not a string`);
  return v;
}

/**
 * GSM8K test questions (Cobbe et al. 2021), id `gsm8k` (1,319; free answer, so no options).
 *
 * @example
 *   loadGsm8k().questions.length  // 1319
 */
export function loadGsm8k(opts: QuestionOptions = {}): BenchmarkQuestions {
  const root = opts.root ?? defaultQuestionsRoot();
  const rel = "gsm8k-openai/test.jsonl";
  const bytes = readBytes(root, rel);
  const questions = jsonLines(join(root, rel), bytes.toString("utf8")).map((r, i) => stringField(join(root, rel), r, "question", i));
  return { benchmark: "gsm8k", questions, source: rel, sha256: sha256(bytes) };
}

/**
 * HumanEval prompts (Chen et al. 2021), id `humaneval` (164 function signatures with docstrings).
 *
 * @example
 *   loadHumanEval().questions[0].startsWith("from typing import List")  // true
 */
export function loadHumanEval(opts: QuestionOptions = {}): BenchmarkQuestions {
  const root = opts.root ?? defaultQuestionsRoot();
  const rel = "humaneval-openai/HumanEval.jsonl.gz";
  const bytes = readBytes(root, rel);
  const text = gunzipSync(bytes).toString("utf8");
  const questions = jsonLines(join(root, rel), text).map((r, i) => stringField(join(root, rel), r, "prompt", i));
  return { benchmark: "humaneval", questions, source: rel, sha256: sha256(bytes) };
}

/**
 * HellaSwag validation contexts (Zellers et al. 2019), id `hellaswag` (10,042). The stem is
 * `activity_label: ctx` as stored; options are the four endings.
 *
 * @example
 *   loadHellaSwag().questions[0]  // "Roof shingle removal: A man is sitting on a roof. he"
 */
export function loadHellaSwag(opts: QuestionOptions = {}): BenchmarkQuestions {
  const root = opts.root ?? defaultQuestionsRoot();
  const rel = "hellaswag-val/hellaswag_val_full.txt.gz";
  const bytes = readBytes(root, rel);
  const lines = gunzipSync(bytes).toString("utf8").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  if (lines.length % 6 !== 0) throw new InputError(join(root, rel), `expected 6 lines per item, got ${lines.length} lines`);
  const questions: string[] = [];
  for (let i = 0; i < lines.length; i += 6) {
    if (!/^[0-3]$/.test(lines[i + 1])) throw new InputError(join(root, rel), `line ${i + 2}: gold label '${lines[i + 1]}' is not 0-3`);
    questions.push(opts.withOptions ? [lines[i], ...lines.slice(i + 2, i + 6).map((o, k) => `${LETTERS[k]}. ${o}`)].join("\n") : lines[i]);
  }
  return { benchmark: "hellaswag", questions, source: rel, sha256: sha256(bytes) };
}

/**
 * Load one benchmark's questions by canonical id.
 *
 * @example
 *   loadQuestions("bbh_navigate").questions.length  // 250
 */
export function loadQuestions(benchmark: string, opts: QuestionOptions = {}): BenchmarkQuestions {
  if (benchmark.startsWith("mmlu_")) return loadMmlu(benchmark.slice(5), opts);
  if (benchmark.startsWith("bbh_")) return loadBbh(benchmark.slice(4), opts);
  if (benchmark === "gsm8k") return loadGsm8k(opts);
  if (benchmark === "humaneval") return loadHumanEval(opts);
  if (benchmark === "hellaswag") return loadHellaSwag(opts);
  throw new InputError(null, `no question loader for benchmark '${benchmark}' (known: mmlu_<subject>, bbh_<task>, gsm8k, humaneval, hellaswag)`);
}

/**
 * Every benchmark with carried questions, in a fixed order: 57 MMLU subjects, 27 BBH tasks, gsm8k,
 * humaneval, hellaswag (87 in all).
 *
 * @example
 *   allQuestionBenchmarks().length  // 87
 */
export function allQuestionBenchmarks(root: string = defaultQuestionsRoot()): string[] {
  return [...mmluSubjects(root).map((s) => `mmlu_${s}`), ...bbhTasks(root).map((t) => `bbh_${t}`), "gsm8k", "humaneval", "hellaswag"];
}

/**
 * Load several benchmarks' questions (default: all 87).
 *
 * @example
 *   loadAllQuestions(["gsm8k", "humaneval"]).map((b) => b.questions.length)  // [1319, 164]
 */
export function loadAllQuestions(benchmarks?: string[], opts: QuestionOptions = {}): BenchmarkQuestions[] {
  return (benchmarks ?? allQuestionBenchmarks(opts.root)).map((b) => loadQuestions(b, opts));
}
