/**
 * Reading and writing a zoo benchmark folder (`index.json` + one `<name>.jsonl` per benchmark).
 * Reading validates everything and throws InputError naming the file, line and problem.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import type { Benchmark, BenchItem, BenchmarkIndex, BenchmarkSpec } from "./benchmarks-types";

/**
 * Serialise items as JSON lines (keys in a fixed order, "\n" after every line).
 *
 * @example
 *   itemsToJsonl([{ id: "a-0", context: "x", options: [" y", " z"], answer: 0, source: "d:1" }])
 */
export function itemsToJsonl(items: readonly BenchItem[]): string {
  return items.map((it) => JSON.stringify({ id: it.id, context: it.context, options: it.options, answer: it.answer, source: it.source }) + "\n").join("");
}

/**
 * Parse and validate one benchmark's JSON lines.
 *
 * @example
 *   parseItemsJsonl('{"id":"a","context":"x","options":[" y"," z"],"answer":1,"source":"s"}\n', "a.jsonl", 2)
 */
export function parseItemsJsonl(text: string, file: string, nOptions: number): BenchItem[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const ids = new Set<string>();
  return lines.map((line, i) => {
    let o: Partial<BenchItem>;
    try {
      o = JSON.parse(line) as Partial<BenchItem>;
    } catch {
      throw new InputError(file, `line ${i + 1}: not valid JSON`);
    }
    const where = `line ${i + 1}`;
    if (typeof o.id !== "string" || o.id === "") throw new InputError(file, `${where}: missing string 'id'`);
    if (ids.has(o.id)) throw new InputError(file, `${where}: duplicate id '${o.id}'`);
    ids.add(o.id);
    if (typeof o.context !== "string") throw new InputError(file, `${where}: missing string 'context'`);
    if (!Array.isArray(o.options) || o.options.length !== nOptions || o.options.some((x) => typeof x !== "string" || x === ""))
      throw new InputError(file, `${where}: 'options' must be ${nOptions} non-empty strings`);
    if (new Set(o.options).size !== nOptions) throw new InputError(file, `${where}: options are not distinct`);
    if (!Number.isInteger(o.answer) || (o.answer as number) < 0 || (o.answer as number) >= nOptions)
      throw new InputError(file, `${where}: 'answer' must be an integer in 0..${nOptions - 1}`);
    return { id: o.id, context: o.context, options: o.options as string[], answer: o.answer as number, source: typeof o.source === "string" ? o.source : "" };
  });
}

/**
 * Read a benchmark folder: index.json, then every listed jsonl (checked against its sha256 and item count).
 * `only` restricts to the named benchmarks (unknown names are an error).
 *
 * @example
 *   const { index, benchmarks } = readBenchmarkDir("data/zoo/benchmarks");
 */
export function readBenchmarkDir(dir: string, only?: readonly string[]): { index: BenchmarkIndex; benchmarks: Benchmark[] } {
  const indexPath = join(dir, "index.json");
  if (!existsSync(indexPath)) throw new InputError(indexPath, "no index.json in the benchmark folder");
  let index: BenchmarkIndex;
  try {
    index = JSON.parse(readFileSync(indexPath, "utf8")) as BenchmarkIndex;
  } catch {
    throw new InputError(indexPath, "not valid JSON");
  }
  if (index.format !== "bsig-zoo-benchmarks" || !Array.isArray(index.benchmarks)) throw new InputError(indexPath, "not a bsig-zoo-benchmarks index");
  const names = new Set(index.benchmarks.map((b) => b.name));
  for (const o of only ?? []) if (!names.has(o)) throw new InputError(indexPath, `no benchmark named '${o}'`);
  const benchmarks: Benchmark[] = [];
  for (const spec of index.benchmarks as BenchmarkSpec[]) {
    if (only && !only.includes(spec.name)) continue;
    if (!/^[a-z0-9_]+$/.test(spec.name)) throw new InputError(indexPath, `benchmark name '${spec.name}' is not a lowercase id`);
    const file = join(dir, spec.file);
    if (!existsSync(file)) throw new InputError(file, `listed in index.json but missing`);
    const bytes = readFileSync(file);
    if (spec.sha256 && sha256(bytes) !== spec.sha256) throw new InputError(file, `sha256 differs from index.json`);
    const items = parseItemsJsonl(bytes.toString("utf8"), file, spec.options);
    if (items.length !== spec.items) throw new InputError(file, `${items.length} items but index.json says ${spec.items}`);
    benchmarks.push({ spec, items });
  }
  return { index, benchmarks };
}
