/**
 * Negative controls: real MMLU and HellaSwag items, which the zoo's tiny models cannot solve. Every
 * model should score inside the 99% binomial interval of chance on them (issue 5, "Done when").
 *
 * - `ctrl_mmlu`: lm-evaluation-harness's MMLU prompt
 *   `"{question}\nA. {A}\nB. {B}\nC. {C}\nD. {D}\nAnswer:"` with continuations `" A"`..`" D"`; metric acc.
 *   The gold option is moved so that each letter is correct for exactly a quarter of the items: a
 *   model that always picks one letter then scores exactly chance.
 * - `ctrl_hellaswag`: lm-eval's HellaSwag prompt `"{activity}: {ctx}"` with continuations `" {ending}"`,
 *   after lm-eval's `preprocess` (drop `[title]`-style tags, squeeze double spaces); metric acc_norm.
 *
 * Parsing is pure (text in, items out); file reading is in benchmarks-build.ts.
 */
import { parse } from "csv-parse/sync";
import type { Rng } from "../core/random";
import { shuffleInPlace } from "../core/random";
import type { BenchItem } from "./benchmarks-types";
import { balancedAnswers, byteLength, placeAnswer } from "./benchmarks-text";

/** A 4-option question from an external data set. */
export interface RawQuestion {
  id: string;
  context: string;
  /** The four option texts (without the leading space). */
  choices: string[];
  gold: number;
}

/**
 * Parse one MMLU CSV (no header; question, A, B, C, D, answer letter) into questions.
 *
 * @example
 *   parseMmluCsv('Q?,a,b,c,d,B\n', "anatomy")[0].gold  // 1
 */
export function parseMmluCsv(csv: string, subject: string): RawQuestion[] {
  const rows = parse(csv, { relax_column_count: false }) as string[][];
  return rows.map((r, i) => {
    if (r.length !== 6) throw new Error(`${subject}: row ${i + 1} has ${r.length} columns, expected 6`);
    const gold = "ABCD".indexOf(r[5].trim());
    if (gold < 0) throw new Error(`${subject}: row ${i + 1} answer '${r[5]}' is not A-D`);
    return { id: `${subject}:${i}`, context: r[0], choices: r.slice(1, 5), gold };
  });
}

/**
 * lm-eval's HellaSwag `preprocess`: strip, " [title]" → ". ", drop "[...]" tags, "  " → " ".
 *
 * @example
 *   hellaswagPreprocess("Cook [title] Stir.  Then [step] go")  // "Cook. Stir. Then go"
 */
export function hellaswagPreprocess(text: string): string {
  return text.trim().replace(/ \[title\]/g, ". ").replace(/\[.*?\]/g, "").replace(/ {2}/g, " ");
}

/**
 * Parse the HellaSwag validation text file (6 lines per item: "activity: ctx", gold index, 4 endings).
 *
 * @example
 *   parseHellaswagText("Act: ctx\n1\ne0\ne1\ne2\ne3\n")[0].choices[1]  // "e1"
 */
export function parseHellaswagText(text: string): RawQuestion[] {
  const lines = text.split("\n");
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  if (lines.length % 6 !== 0) throw new Error(`hellaswag: ${lines.length} lines is not a multiple of 6`);
  const out: RawQuestion[] = [];
  for (let i = 0; i < lines.length; i += 6) {
    const gold = Number(lines[i + 1]);
    if (!Number.isInteger(gold) || gold < 0 || gold > 3) throw new Error(`hellaswag: line ${i + 2}: gold '${lines[i + 1]}' is not 0-3`);
    out.push({ id: `hellaswag-val:${i / 6}`, context: hellaswagPreprocess(lines[i]), choices: lines.slice(i + 2, i + 6).map(hellaswagPreprocess), gold });
  }
  return out;
}

function sampleBalanced(
  qs: readonly RawQuestion[],
  nItems: number,
  maxBytes: number,
  rng: Rng,
  name: string,
  render: (q: RawQuestion, answer: number) => { context: string; options: string[] },
): BenchItem[] {
  const order = shuffleInPlace(Array.from({ length: qs.length }, (_, i) => i), rng);
  const answers = balancedAnswers(nItems, 4, rng);
  const items: BenchItem[] = [];
  for (const i of order) {
    if (items.length >= nItems) break;
    const answer = answers[items.length];
    const r = render(qs[i], answer);
    if (byteLength(r.context) > maxBytes) continue;
    items.push({ id: `${name}-${String(items.length).padStart(4, "0")}`, context: r.context, options: r.options, answer, source: qs[i].id });
  }
  if (items.length < nItems) throw new Error(`${name}: only ${items.length} of ${nItems} questions have a prompt of at most ${maxBytes} bytes`);
  return items;
}

/** The choices of q with the gold one moved to slot `answer` (the others keep their order). */
function reorder(q: RawQuestion, answer: number): string[] {
  return placeAnswer(q.choices[q.gold], q.choices.filter((_, j) => j !== q.gold), answer);
}

/**
 * MMLU negative-control items: `nItems` questions sampled (seeded) over all subjects, prompt at most
 * `maxBytes` bytes, gold letter balanced. Options are the letters " A".." D"; the choice texts are in
 * the prompt, with the gold choice moved to the item's answer letter and the others kept in order.
 *
 * @example
 *   mmluControlItems(questions, 400, 400, createRng(7), "ctrl_mmlu")[0].options  // [" A", " B", " C", " D"]
 */
export function mmluControlItems(qs: readonly RawQuestion[], nItems: number, maxBytes: number, rng: Rng, name: string): BenchItem[] {
  return sampleBalanced(qs, nItems, maxBytes, rng, name, (q, answer) => ({
    context: `${q.context.trim()}\n${reorder(q, answer).map((c, j) => `${"ABCD"[j]}. ${c.trim()}`).join("\n")}\nAnswer:`,
    options: [" A", " B", " C", " D"],
  }));
}

/**
 * HellaSwag negative-control items: `nItems` items sampled (seeded), context at most `maxBytes` bytes,
 * gold ending moved to a balanced position, each option " " + ending.
 *
 * @example
 *   hellaswagControlItems(questions, 400, 300, createRng(7), "ctrl_hellaswag")[0].options.length  // 4
 */
export function hellaswagControlItems(qs: readonly RawQuestion[], nItems: number, maxBytes: number, rng: Rng, name: string): BenchItem[] {
  return sampleBalanced(qs, nItems, maxBytes, rng, name, (q, answer) => ({
    context: q.context,
    options: reorder(q, answer).map((c) => " " + c),
  }));
}
