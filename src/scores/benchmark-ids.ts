/**
 * Canonical benchmark ids (lowercase, lm-evaluation-harness style) and the renaming rules that map the
 * names used by other sources (the Sloth CSV, lm-eval task names) onto them.
 *
 * Canonical forms: `mmlu_<subject>` (57), `bbh_<task>` (27), `gpqa_<x>`, `math_<x>_hard`, `musr_<x>`,
 * the Open LLM Leaderboard v1 columns `mmlu`, `arc_challenge`, `hellaswag`, `winogrande`, `truthfulqa`,
 * `gsm8k`, and `humaneval`, `ifeval`, `mbpp`.
 */

/** The 57 MMLU subjects (Hendrycks et al. 2021), in the order of the original test files. */
export const MMLU_SUBJECTS: readonly string[] = [
  "abstract_algebra", "anatomy", "astronomy", "business_ethics", "clinical_knowledge", "college_biology",
  "college_chemistry", "college_computer_science", "college_mathematics", "college_medicine", "college_physics",
  "computer_security", "conceptual_physics", "econometrics", "electrical_engineering", "elementary_mathematics",
  "formal_logic", "global_facts", "high_school_biology", "high_school_chemistry", "high_school_computer_science",
  "high_school_european_history", "high_school_geography", "high_school_government_and_politics",
  "high_school_macroeconomics", "high_school_mathematics", "high_school_microeconomics", "high_school_physics",
  "high_school_psychology", "high_school_statistics", "high_school_us_history", "high_school_world_history",
  "human_aging", "human_sexuality", "international_law", "jurisprudence", "logical_fallacies", "machine_learning",
  "management", "marketing", "medical_genetics", "miscellaneous", "moral_disputes", "moral_scenarios", "nutrition",
  "philosophy", "prehistory", "professional_accounting", "professional_law", "professional_medicine",
  "professional_psychology", "public_relations", "security_studies", "sociology", "us_foreign_policy", "virology",
  "world_religions",
];

/** The 27 BIG-Bench Hard tasks (Suzgun et al. 2022), lm-eval names without the `bbh_` prefix. */
export const BBH_TASKS: readonly string[] = [
  "boolean_expressions", "causal_judgement", "date_understanding", "disambiguation_qa", "dyck_languages",
  "formal_fallacies", "geometric_shapes", "hyperbaton", "logical_deduction_five_objects",
  "logical_deduction_seven_objects", "logical_deduction_three_objects", "movie_recommendation",
  "multistep_arithmetic_two", "navigate", "object_counting", "penguins_in_a_table",
  "reasoning_about_colored_objects", "ruin_names", "salient_translation_error_detection", "snarks",
  "sports_understanding", "temporal_sequences", "tracking_shuffled_objects_five_objects",
  "tracking_shuffled_objects_seven_objects", "tracking_shuffled_objects_three_objects", "web_of_lies", "word_sorting",
];

/** Canonical ids of the 57 MMLU subjects (`mmlu_<subject>`). */
export const MMLU_IDS: readonly string[] = MMLU_SUBJECTS.map((s) => `mmlu_${s}`);
/** Canonical ids of the 27 BBH tasks (`bbh_<task>`). */
export const BBH_IDS: readonly string[] = BBH_TASKS.map((t) => `bbh_${t}`);

/**
 * Sloth (`data_v2.csv`) column names that are not already canonical, mapped to canonical ids.
 * The `hendrycksTest-<subject>` columns are handled by rule (-> `mmlu_<subject>`); `bbh_*`, `gpqa_*`,
 * `math_*_hard` and `musr_*` are already canonical.
 */
export const SLOTH_RENAMES: Readonly<Record<string, string>> = {
  IFEval: "ifeval",
  BBH: "bbh",
  "MATH Lvl 5": "math_hard",
  GPQA: "gpqa",
  MUSR: "musr",
  "MMLU-PRO": "mmlu_pro",
  XWinograd: "xwinograd",
  "Arena-Elo": "arena_elo",
  MTBench: "mtbench",
  MMLU: "mmlu",
  ARC: "arc_challenge",
  HellaSwag: "hellaswag",
  Winogrande: "winogrande",
  TruthfulQA: "truthfulqa",
  GSM8K: "gsm8k",
  HumanEval: "humaneval",
};

/**
 * Canonical id of a Sloth benchmark column; throws on a name with no rule (so a new column is never
 * silently passed through under a non-canonical name).
 *
 * @example
 *   slothBenchmarkId("hendrycksTest-anatomy")  // "mmlu_anatomy"
 *   slothBenchmarkId("ARC")                    // "arc_challenge"
 */
export function slothBenchmarkId(column: string): string {
  const m = /^hendrycksTest-([a-z_]+)$/.exec(column);
  if (m) return `mmlu_${m[1]}`;
  if (Object.prototype.hasOwnProperty.call(SLOTH_RENAMES, column)) return SLOTH_RENAMES[column];
  if (/^(bbh|gpqa|musr)_[a-z0-9_]+$/.test(column) || /^math_[a-z_]+_hard$/.test(column)) return column;
  throw new Error(`no canonical id rule for Sloth column '${column}'`);
}

/**
 * Canonical id of an lm-evaluation-harness task name. Rules, in order: drop a `leaderboard_` prefix
 * (Open LLM Leaderboard v2 task group); `bbh_{cot_,}{fewshot,zeroshot}_<task>` -> `bbh_<task>`;
 * `arc_challenge`, `truthfulqa_mc2` -> `truthfulqa`, `gsm8k_cot*` stays distinct; everything else is
 * lowercased and kept.
 *
 * @example
 *   lmEvalTaskId("leaderboard_bbh_navigate")         // "bbh_navigate"
 *   lmEvalTaskId("bbh_cot_fewshot_snarks")           // "bbh_snarks"
 *   lmEvalTaskId("mmlu_anatomy")                     // "mmlu_anatomy"
 */
export function lmEvalTaskId(task: string): string {
  let t = task.trim().toLowerCase();
  if (t.startsWith("leaderboard_")) t = t.slice("leaderboard_".length);
  const bbh = /^bbh_(?:cot_)?(?:fewshot|zeroshot)_(.+)$/.exec(t);
  if (bbh) return `bbh_${bbh[1]}`;
  if (t === "truthfulqa_mc2") return "truthfulqa";
  return t;
}
