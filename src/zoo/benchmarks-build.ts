/**
 * Build the zoo benchmarks: for every domain with a `bench.jsonl` split, one benchmark per family
 * (`zoo_<domain>_<id>`, e.g. zoo_wiki_nextword), plus the MMLU and HellaSwag negative controls; write
 * `<out>/<name>.jsonl`, `<out>/index.json` and `<out>/SHA256SUMS` (sha256sum format, paths relative
 * to the data/ folder above `out`). Seeded and deterministic: the same inputs and seed give the same bytes.
 *
 * Run: `node --import tsx src/zoo/benchmarks-build.ts [--splits data/zoo/splits] [--out data/zoo/benchmarks]`
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";

/** A path as recorded in index.json: relative to the working folder, with forward slashes. */
function recordPath(p: string): string {
  return relative(process.cwd(), resolve(p)).split(sep).join("/");
}
import { createRng } from "../core/random";
import { sha256, sha256File } from "../core/hash";
import { writeFileAtomic, writeJsonAtomic } from "../core/atomic";
import { InputError } from "../core/errors";
import type { BenchItem, BenchmarkIndex, BenchmarkSpec } from "./benchmarks-types";
import { deriveSeed, pieceDoc, type PiecedDoc } from "./benchmarks-text";
import { buildFamilyItems, DEFAULT_CONTEXT, FAMILIES, type FamilyInfo } from "./benchmarks-families";
import { hellaswagControlItems, mmluControlItems, parseHellaswagText, parseMmluCsv, type RawQuestion } from "./benchmarks-controls";
import { itemsToJsonl } from "./benchmarks-io";

/** Inputs and sizes of a build. */
export interface BuildOptions {
  splitsDir: string;
  outDir: string;
  /** Folder with MMLU `test/<subject>_test.csv` (null: no MMLU control). */
  mmluDir: string | null;
  /** HellaSwag validation text file, `.txt` or `.txt.bz2` (null: no HellaSwag control). */
  hellaswagFile: string | null;
  seed: number;
  itemsPerBenchmark: number;
  controlItems: number;
  families?: readonly FamilyInfo[];
}

/** The defaults used for the committed benchmarks. */
export const DEFAULT_BUILD = {
  seed: 20250927,
  itemsPerBenchmark: 400,
  controlItems: 400,
  mmluDir: "/work/shared/data/mmlu-hendrycks/data",
  hellaswagFile: "/work/shared/data/hellaswag-val/hellaswag_val_full.txt.bz2",
} as const;

/**
 * Read one domain's bench split (JSON lines with {id, domain, text}) as pieced documents.
 *
 * @example
 *   readBenchSplit("data/zoo/splits/wiki/bench.jsonl")[0].pieces.length
 */
export function readBenchSplit(file: string): PiecedDoc[] {
  const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
  return lines.map((l, i) => {
    let o: { id?: unknown; text?: unknown };
    try { o = JSON.parse(l) as typeof o; } catch { throw new InputError(file, `line ${i + 1}: not valid JSON`); }
    if (typeof o.id !== "string" || typeof o.text !== "string") throw new InputError(file, `line ${i + 1}: needs string 'id' and 'text'`);
    return pieceDoc(o.id, o.text);
  });
}

function readMmlu(dir: string): { questions: RawQuestion[]; hashes: Record<string, string> } {
  const testDir = join(dir, "test");
  const files = readdirSync(testDir).filter((f) => f.endsWith("_test.csv")).sort();
  if (files.length === 0) throw new InputError(testDir, "no <subject>_test.csv files");
  const questions: RawQuestion[] = [];
  const hashes: Record<string, string> = {};
  for (const f of files) {
    const p = join(testDir, f);
    const text = readFileSync(p, "utf8");
    hashes[recordPath(p)] = sha256(text);
    questions.push(...parseMmluCsv(text, f.replace(/_test\.csv$/, "")));
  }
  return { questions, hashes };
}

function readHellaswag(file: string): string {
  // Node has no bzip2; the build tool uses Debian's bzip2 (the decompressed text may also be given).
  return file.endsWith(".bz2") ? execFileSync("bzip2", ["-dc", file], { maxBuffer: 1 << 28 }).toString("utf8") : readFileSync(file, "utf8");
}

/**
 * Build every benchmark in memory (no files written): per domain x template, then the controls.
 *
 * @example
 *   const built = buildZooBenchmarks({ ...DEFAULT_BUILD, splitsDir: "data/zoo/splits", outDir: "data/zoo/benchmarks" });
 *   built.index.benchmarks.length  // 6 domains x 6 templates + 2 controls = 38
 */
export function buildZooBenchmarks(opts: BuildOptions): { index: BenchmarkIndex; files: Map<string, string> } {
  const families = opts.families ?? FAMILIES;
  const domains = readdirSync(opts.splitsDir).filter((d) => existsSync(join(opts.splitsDir, d, "bench.jsonl"))).sort();
  if (domains.length === 0) throw new InputError(opts.splitsDir, "no <domain>/bench.jsonl splits");
  const files = new Map<string, string>();
  const specs: BenchmarkSpec[] = [];
  const inputs: Record<string, string> = {};
  const add = (base: Omit<BenchmarkSpec, "file" | "items" | "sha256">, items: BenchItem[]): void => {
    const text = itemsToJsonl(items);
    const file = `${base.name}.jsonl`;
    files.set(file, text);
    specs.push({ ...base, file, items: items.length, sha256: sha256(text) });
  };
  for (const domain of domains) {
    const split = join(opts.splitsDir, domain, "bench.jsonl");
    inputs[recordPath(split)] = sha256File(split);
    const docs = readBenchSplit(split);
    for (const f of families) {
      const name = `zoo_${domain}_${f.id}`;
      const items = buildFamilyItems(f, name, docs, opts.itemsPerBenchmark, createRng(deriveSeed(opts.seed, name)));
      add({ name, family: f.family, format: f.format, options: f.options, chance: 1 / f.options, metric: f.metric, domains: [domain], category: "zoo-domain", direction: "higher", description: f.description }, items);
    }
  }
  if (opts.mmluDir) {
    const { questions, hashes } = readMmlu(opts.mmluDir);
    Object.assign(inputs, hashes);
    const name = "ctrl_mmlu";
    add(
      { name, family: "mmlu", format: "multiple-choice", options: 4, chance: 0.25, metric: "acc", domains: ["mmlu"], category: "negative-control", direction: "higher",
        description: "real MMLU test questions (all subjects, prompt <= 400 bytes), lm-eval prompt 'Q\\nA. ..\\nD. ..\\nAnswer:', options ' A'..' D', gold letter balanced; acc" },
      mmluControlItems(questions, opts.controlItems, 400, createRng(deriveSeed(opts.seed, name)), name),
    );
  }
  if (opts.hellaswagFile) {
    const text = readHellaswag(opts.hellaswagFile);
    inputs[recordPath(opts.hellaswagFile)] = sha256File(opts.hellaswagFile);
    const name = "ctrl_hellaswag";
    add(
      { name, family: "hellaswag", format: "multiple-choice", options: 4, chance: 0.25, metric: "acc_norm", domains: ["hellaswag"], category: "negative-control", direction: "higher",
        description: "real HellaSwag validation items (context <= 300 bytes), lm-eval preprocess, options ' ' + ending, gold position balanced; acc_norm" },
      hellaswagControlItems(parseHellaswagText(text), opts.controlItems, 300, createRng(deriveSeed(opts.seed, name)), name),
    );
  }
  const index: BenchmarkIndex = {
    format: "bsig-zoo-benchmarks",
    version: 1,
    seed: opts.seed,
    benchmarks: specs,
    inputs,
    notes: [
      `context: up to ${DEFAULT_CONTEXT.maxPieces} whitespace pieces and ${DEFAULT_CONTEXT.maxBytes} bytes before the target, at least ${DEFAULT_CONTEXT.minPieces} pieces, original whitespace kept`,
      "distractors come from the same domain's bench split only; answer positions are balanced across options",
      "negative controls are read from /work/shared/data (MMLU hendrycks/test CSVs, HellaSwag klosax text) until data/questions/ exists",
    ],
  };
  return { index, files };
}

/**
 * Write a built set atomically file by file: every jsonl, index.json and SHA256SUMS (paths relative to the
 * `data/` folder that contains outDir).
 *
 * @example
 *   writeZooBenchmarks("data/zoo/benchmarks", buildZooBenchmarks(opts));
 */
export function writeZooBenchmarks(outDir: string, built: { index: BenchmarkIndex; files: Map<string, string> }): void {
  const abs = resolve(outDir);
  const parts = abs.split(sep);
  const dataAt = parts.lastIndexOf("data");
  const dataRoot = dataAt >= 0 ? parts.slice(0, dataAt + 1).join(sep) : abs;
  const sums: string[] = [];
  for (const [file, text] of built.files) {
    writeFileAtomic(join(abs, file), text);
    sums.push(`${sha256(text)}  ${relative(dataRoot, join(abs, file))}`);
  }
  const indexText = JSON.stringify(built.index, null, 2) + "\n";
  writeJsonAtomic(join(abs, "index.json"), built.index);
  sums.push(`${sha256(indexText)}  ${relative(dataRoot, join(abs, "index.json"))}`);
  writeFileAtomic(join(abs, "SHA256SUMS"), sums.sort((a, b) => a.slice(66).localeCompare(b.slice(66))).join("\n") + "\n");
}

function arg(argv: string[], name: string, dflt: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const out = arg(argv, "--out", "data/zoo/benchmarks");
  const built = buildZooBenchmarks({
    splitsDir: arg(argv, "--splits", "data/zoo/splits"),
    outDir: out,
    mmluDir: arg(argv, "--mmlu", DEFAULT_BUILD.mmluDir),
    hellaswagFile: arg(argv, "--hellaswag", DEFAULT_BUILD.hellaswagFile),
    seed: Number(arg(argv, "--seed", String(DEFAULT_BUILD.seed))),
    itemsPerBenchmark: Number(arg(argv, "--items", String(DEFAULT_BUILD.itemsPerBenchmark))),
    controlItems: Number(arg(argv, "--control-items", String(DEFAULT_BUILD.controlItems))),
  });
  writeZooBenchmarks(out, built);
  for (const b of built.index.benchmarks) process.stdout.write(`${b.name}\t${b.items}\t${b.family}\t${b.format}\t${b.domains.join(",")}\n`);
}
