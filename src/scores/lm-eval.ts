import { existsSync, readFileSync } from "node:fs";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import { lmEvalTaskId } from "./benchmark-ids";
import type { BenchmarkMeta, ScoreTable } from "./table";
import { parseJsonObject } from "../core/json";

/**
 * Importer for lm-evaluation-harness results JSON (v0.4 output of `lm_eval ... --output_path`):
 * `{"results": {task: {"alias": ..., "acc,none": x, "acc_stderr,none": s, "acc_norm,none": ...}},
 *   "groups"?: ..., "group_subtasks"?: {group: [task]}, "configs": ..., "versions": ...,
 *   "higher_is_better"?: {task: {metric: bool}}, "config": {"model_args": "pretrained=..."},
 *   "model_name"?: "org/name"}`.
 */

/**
 * Metric preference, first present wins: `acc_norm`, `acc`, `exact_match`, `pass@1`,
 * `prompt_level_strict_acc`, `inst_level_strict_acc`, `mc2`, `f1`, `word_perplexity`, `perplexity`;
 * when none of these is present, the alphabetically first metric. Within a metric the filter preference
 * is `none`, `strict-match`, `get-answer`, `flexible-extract`, then alphabetical.
 */
export const METRIC_PREFERENCE: readonly string[] = [
  "acc_norm", "acc", "exact_match", "pass@1", "prompt_level_strict_acc", "inst_level_strict_acc", "mc2", "f1",
  "word_perplexity", "perplexity",
];
/** Filter preference used by chooseMetric. */
export const FILTER_PREFERENCE: readonly string[] = ["none", "strict-match", "get-answer", "flexible-extract"];
/** Metrics whose direction is `lower` when the file has no `higher_is_better` entry. */
const LOWER_BY_DEFAULT = new Set(["perplexity", "word_perplexity", "byte_perplexity", "bits_per_byte"]);

/**
 * Choose the reported metric key (`name,filter`) of one task's result entry by the stated preference.
 * Returns null when the entry has no numeric metric.
 *
 * @example
 *   chooseMetric({ "acc,none": 0.5, "acc_norm,none": 0.6, "acc_stderr,none": 0.01 })  // "acc_norm,none"
 */
export function chooseMetric(entry: Record<string, unknown>): string | null {
  const keys = Object.keys(entry).filter((k) => k.includes(",") && !/_stderr,/.test(k) && typeof entry[k] === "number");
  if (keys.length === 0) return null;
  const byName = new Map<string, string[]>();
  for (const k of keys) {
    const [name] = k.split(",", 1);
    byName.set(name, [...(byName.get(name) ?? []), k]);
  }
  const name = METRIC_PREFERENCE.find((m) => byName.has(m)) ?? [...byName.keys()].sort()[0];
  const cands = byName.get(name)!.sort();
  const filt = (k: string) => k.slice(k.indexOf(",") + 1);
  return FILTER_PREFERENCE.map((f) => cands.find((k) => filt(k) === f)).find((k) => k !== undefined) ?? cands[0];
}

/** One parsed results file: the model, and per canonical task id its value, metric and direction. */
export interface LmEvalRun {
  model: string;
  source: string;
  sha256: string;
  tasks: Record<string, { value: number; metric: string; direction: "higher" | "lower"; task: string; aggregateOf?: string[] }>;
}

function modelNameOf(doc: Record<string, unknown>): string | null {
  if (typeof doc.model_name === "string" && doc.model_name) return doc.model_name;
  const cfg = doc.config as Record<string, unknown> | undefined;
  const args = cfg?.model_args;
  if (typeof args === "string") {
    const m = /(?:^|,)\s*pretrained=([^,]+)/.exec(args);
    if (m) return m[1].trim();
  } else if (args && typeof args === "object" && typeof (args as Record<string, unknown>).pretrained === "string") {
    return (args as Record<string, string>).pretrained;
  }
  return null;
}

/**
 * Parse one lm-eval results JSON text. The model name comes from `model_name`, else from
 * `config.model_args` `pretrained=...`, else from `modelOverride` (required when neither is present).
 *
 * @example
 *   parseLmEvalResults('{"results":{"arc_easy":{"acc,none":0.75}},"model_name":"m"}', "r.json").tasks.arc_easy.value  // 0.75
 */
export function parseLmEvalResults(text: string, source: string, modelOverride?: string): LmEvalRun {
  const d = parseJsonObject(text, source);
  const results = d.results;
  if (!results || typeof results !== "object" || Array.isArray(results)) throw new InputError(source, "no 'results' object (not an lm-evaluation-harness results file)");
  const model = modelOverride ?? modelNameOf(d);
  if (!model) throw new InputError(source, "no model name: neither 'model_name' nor 'config.model_args' pretrained=... (pass a name explicitly)");
  const hib = (d.higher_is_better ?? {}) as Record<string, Record<string, unknown>>;
  const groups = (d.group_subtasks ?? {}) as Record<string, unknown>;
  const tasks: LmEvalRun["tasks"] = {};
  for (const [task, entry] of Object.entries(results as Record<string, unknown>)) {
    if (!entry || typeof entry !== "object") throw new InputError(source, `results.${task}: expected an object`);
    const key = chooseMetric(entry as Record<string, unknown>);
    if (key === null) continue; // a group header without its own score
    const value = (entry as Record<string, number>)[key];
    if (!Number.isFinite(value)) throw new InputError(source, `results.${task}.${key}: not a finite number`);
    const name = key.split(",", 1)[0];
    const declared = hib[task]?.[name];
    const direction: "higher" | "lower" = typeof declared === "boolean" ? (declared ? "higher" : "lower") : LOWER_BY_DEFAULT.has(name) ? "lower" : "higher";
    const id = lmEvalTaskId(task);
    if (tasks[id]) throw new InputError(source, `results.${task}: maps to '${id}', which task '${tasks[id].task}' already gave`);
    const sub = groups[task];
    tasks[id] = { value, metric: key, direction, task };
    if (Array.isArray(sub) && sub.length) tasks[id].aggregateOf = sub.map((s) => lmEvalTaskId(String(s)));
  }
  return { model, source, sha256: sha256(text), tasks };
}

/**
 * Merge several runs (one per model, or several per model with disjoint tasks) into a canonical
 * ScoreTable: rows = models in first-seen order, columns = the union of tasks (sorted), missing = NaN.
 * The same (model, task) twice, or one task with different metrics/directions across files, is an error.
 *
 * @example
 *   mergeLmEvalRuns([runA, runB]).models  // ["EleutherAI/pythia-160m", "EleutherAI/pythia-410m"]
 */
export function mergeLmEvalRuns(runs: readonly LmEvalRun[]): ScoreTable {
  if (runs.length === 0) throw new InputError(null, "no lm-eval results files given");
  const models: string[] = [];
  const cells = new Map<string, Map<string, { value: number; source: string }>>();
  const meta: Record<string, BenchmarkMeta & { from: string }> = {};
  for (const run of runs) {
    if (!cells.has(run.model)) { models.push(run.model); cells.set(run.model, new Map()); }
    const row = cells.get(run.model)!;
    for (const [id, t] of Object.entries(run.tasks)) {
      if (row.has(id)) throw new InputError(run.source, `model '${run.model}' task '${id}' is also in ${row.get(id)!.source}`);
      row.set(id, { value: t.value, source: run.source });
      const m = meta[id];
      if (!m) {
        meta[id] = { direction: t.direction, metric: t.metric, from: run.source };
        if (t.aggregateOf) meta[id].aggregateOf = t.aggregateOf;
      } else if (m.metric !== t.metric || m.direction !== t.direction) {
        throw new InputError(run.source, `task '${id}': metric ${t.metric} (${t.direction}) differs from ${m.metric} (${m.direction}) in ${m.from}`);
      }
    }
  }
  const benchmarks = Object.keys(meta).sort();
  const p = benchmarks.length;
  const values = new Float64Array(models.length * p).fill(NaN);
  models.forEach((m, i) => benchmarks.forEach((b, j) => {
    const c = cells.get(m)!.get(b);
    if (c) values[i * p + j] = c.value;
  }));
  const cleanMeta: Record<string, BenchmarkMeta> = {};
  for (const b of benchmarks) {
    const { from: _from, ...rest } = meta[b];
    cleanMeta[b] = rest;
  }
  return {
    models, benchmarks, values, meta: cleanMeta, source: runs.map((r) => r.source).join(";"),
    sha256: sha256(runs.map((r) => r.sha256).join("\n")),
    notes: [
      `imported ${runs.length} lm-eval results file(s): ${models.length} models x ${p} tasks`,
      `metric per task: first of ${METRIC_PREFERENCE.join(" > ")} (filter ${FILTER_PREFERENCE.join(" > ")}); direction from higher_is_better when present`,
    ],
  };
}

/**
 * Read and merge lm-eval results files.
 *
 * @example
 *   importLmEval(["results/pythia-160m.json", "results/pythia-410m.json"])
 */
export function importLmEval(paths: readonly string[]): ScoreTable {
  return mergeLmEvalRuns(paths.map((p) => {
    if (!existsSync(p)) throw new InputError(p, "file not found");
    return parseLmEvalResults(readFileSync(p, "utf8"), p);
  }));
}
