import { existsSync, readFileSync } from "node:fs";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import { parseCsvRecords, type ScoreTable } from "./table";

/**
 * Model alias table: one row per model, a `canonical` id (the Hugging Face repository id), one column
 * per source giving that source's name for the model (empty = not in that source), and a `basis` saying
 * why the names denote the same model. File: `data/model-aliases.csv` (`canonical,sloth,thrush,basis`).
 */
export interface AliasTable {
  /** Source columns, in file order (for example ["sloth", "thrush"]). */
  sources: string[];
  rows: { canonical: string; names: Record<string, string>; basis: string }[];
  source: string;
  sha256: string;
}

/**
 * Parse alias CSV text. Errors (naming file and line): first column not `canonical`, last not `basis`,
 * no source column, ragged row, empty canonical, a canonical id or a source name used twice.
 *
 * @example
 *   parseAliasTable("canonical,sloth,basis\nEleutherAI/pythia-160m,pythia-160m,exact-lowercase\n", "a.csv").rows.length  // 1
 */
export function parseAliasTable(text: string, source: string): AliasTable {
  const recs = parseCsvRecords(text, source);
  if (recs.length === 0) throw new InputError(source, "empty file");
  const header = recs[0].record.map((h) => h.trim());
  if (header[0] !== "canonical") throw new InputError(source, `line ${recs[0].line}: first column must be 'canonical'`);
  if (header[header.length - 1] !== "basis") throw new InputError(source, `line ${recs[0].line}: last column must be 'basis'`);
  const sources = header.slice(1, -1);
  if (sources.length === 0) throw new InputError(source, `line ${recs[0].line}: no source columns between 'canonical' and 'basis'`);
  const seen = new Map<string, Map<string, number>>();
  for (const s of ["canonical", ...sources]) seen.set(s, new Map());
  const rows: AliasTable["rows"] = [];
  for (const { line, record } of recs.slice(1)) {
    if (record.length !== header.length) throw new InputError(source, `line ${line}: ragged row: ${record.length} cells, the header has ${header.length}`);
    const canonical = record[0].trim();
    if (!canonical) throw new InputError(source, `line ${line}: empty canonical id`);
    const names: Record<string, string> = {};
    const check = (col: string, v: string) => {
      const m = seen.get(col)!;
      if (m.has(v)) throw new InputError(source, `line ${line}: ${col} name '${v}' already used at line ${m.get(v)}`);
      m.set(v, line);
    };
    check("canonical", canonical);
    sources.forEach((s, k) => {
      const v = record[k + 1].trim();
      if (v) { check(s, v); names[s] = v; }
    });
    rows.push({ canonical, names, basis: record[record.length - 1].trim() });
  }
  return { sources, rows, source, sha256: sha256(text) };
}

/**
 * Read an alias table file.
 *
 * @example
 *   readAliasTable("data/model-aliases.csv").sources  // ["sloth", "thrush"]
 */
export function readAliasTable(path: string): AliasTable {
  if (!existsSync(path)) throw new InputError(path, "file not found");
  return parseAliasTable(readFileSync(path, "utf8"), path);
}

/**
 * Canonical id of a model as named in `from` (a source column, or "canonical"); null when not listed.
 *
 * @example
 *   resolveAlias(aliases, "pythia-160m", "sloth")  // "EleutherAI/pythia-160m"
 */
export function resolveAlias(aliases: AliasTable, name: string, from: string): string | null {
  if (from !== "canonical" && !aliases.sources.includes(from)) throw new InputError(aliases.source, `no source column '${from}'`);
  const row = aliases.rows.find((r) => (from === "canonical" ? r.canonical : r.names[from]) === name);
  return row ? row.canonical : null;
}

/**
 * The name a model has in source `to`, given its name in source `from`; null when either is not listed.
 *
 * @example
 *   translateModel(aliases, "pythia-160m", "sloth", "thrush")  // "EleutherAI/pythia-160m"
 */
export function translateModel(aliases: AliasTable, name: string, from: string, to: string): string | null {
  if (to !== "canonical" && !aliases.sources.includes(to)) throw new InputError(aliases.source, `no source column '${to}'`);
  const c = resolveAlias(aliases, name, from);
  if (c === null) return null;
  if (to === "canonical") return c;
  return aliases.rows.find((r) => r.canonical === c)!.names[to] ?? null;
}

/**
 * Rename a score table's models from source `from` to source `to`. Models without an alias are dropped
 * (the default) or kept under their old name (`keepUnmatched`); either way a note lists them.
 *
 * @example
 *   renameModels(slothTable, aliases, "sloth", "canonical").models  // Hugging Face ids of the matched models
 */
export function renameModels(table: ScoreTable, aliases: AliasTable, from: string, to: string, opts: { keepUnmatched?: boolean } = {}): ScoreTable {
  const keep: number[] = [];
  const names: string[] = [];
  const unmatched: string[] = [];
  table.models.forEach((m, i) => {
    const t = translateModel(aliases, m, from, to);
    if (t !== null) { keep.push(i); names.push(t); } else {
      unmatched.push(m);
      if (opts.keepUnmatched) { keep.push(i); names.push(m); }
    }
  });
  const dup = names.find((n, k) => names.indexOf(n) !== k);
  if (dup) throw new InputError(aliases.source, `two models of ${table.source || "the table"} map to '${dup}'`);
  const p = table.benchmarks.length;
  const values = new Float64Array(keep.length * p);
  keep.forEach((i, r) => values.set(table.values.subarray(i * p, i * p + p), r * p));
  const notes = table.notes.slice();
  notes.push(`models renamed ${from} -> ${to} with ${aliases.source}: ${keep.length - (opts.keepUnmatched ? unmatched.length : 0)} matched, ${unmatched.length} without an alias ${opts.keepUnmatched ? "kept under their old names" : "dropped"}`);
  const out: ScoreTable = { ...table, models: names, values, notes };
  if (table.modelMeta) {
    out.modelMeta = {};
    keep.forEach((i, r) => { const mm = table.modelMeta![table.models[i]]; if (mm) out.modelMeta![names[r]] = mm; });
  }
  return out;
}
