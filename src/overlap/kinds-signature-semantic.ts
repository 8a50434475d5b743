/**
 * Handlers for `bsig overlap --kind signature|semantic` (plugged into the KINDS map of
 * src/cli/commands/overlap.ts by the lead). Each returns `{labels, values, provenance}` plus `ci` where
 * one is computed. Edge code: reads files, then calls the pure functions.
 *
 * Signatures are read from `--signatures`, a comma-separated list of files or folders:
 * - a `bsig select --format json` output (`benchmark`, `selected`, `coefficients.features`), or a folder
 *   of them (every *.json in it);
 * - a signatures file `{"signatures": [{"benchmark", "pieces": [...], "coefficients"?: [...]}]}`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import { provenance, type Provenance } from "../core/provenance";
import { toNested } from "../core/matrix";
import { readFeatures } from "../io/features";
import { bootstrapModelsCi, setOverlapMatrix, signatureOverlap, type Signature } from "./signature";
import { semanticOverlap } from "./semantic";
import { allQuestionBenchmarks, loadAllQuestions } from "../questions/loaders";
import { fitLsa } from "../embed/lsa";
import { lsaConcatEmbedder, type ConcatEmbedder } from "../embed/embedder";
import { loadSentenceEncoder, transformersConcatEmbedder } from "../embed/transformers";
import { readScoreTable } from "../scores/table";
import { excludeAggregates } from "../scores/aggregates";
import { completeBlock } from "../scores/missing";
import { partialPc1Overlap } from "./partial";

/** Interval per cell, as printed under `ci` (nested rows, null for NaN). */
export interface OverlapCi {
  kind: string;
  level: number;
  lower: Float64Array;
  upper: Float64Array;
  resamples: number;
  seed: number;
}

/** What a handler returns. */
export interface OverlapOutputWithCi {
  labels: string[];
  values: Float64Array;
  provenance: Provenance;
  ci?: OverlapCi;
}

/** A `--kind` handler (same shape as overlap.ts's OverlapKind, but `compute` may be async). */
export interface AsyncOverlapKind {
  description: string;
  options: { flags: string; description: string; defaultValue?: string | boolean }[];
  compute(opts: Record<string, unknown>): OverlapOutputWithCi | Promise<OverlapOutputWithCi>;
}

function parseSignatureDoc(file: string, doc: unknown): Signature[] {
  const d = doc as Record<string, unknown>;
  if (Array.isArray(d.signatures)) {
    return d.signatures.map((s: Record<string, unknown>, i: number) => {
      if (typeof s.benchmark !== "string" || !Array.isArray(s.pieces) || !s.pieces.every((p) => typeof p === "string")) {
        throw new InputError(file, `signatures[${i}]: needs "benchmark" (string) and "pieces" (array of strings)`);
      }
      const coefficients = Array.isArray(s.coefficients) ? (s.coefficients as number[]) : undefined;
      if (coefficients && coefficients.length !== s.pieces.length) throw new InputError(file, `signatures[${i}]: ${coefficients.length} coefficients for ${s.pieces.length} pieces`);
      return { benchmark: s.benchmark, pieces: s.pieces as string[], coefficients };
    });
  }
  if (typeof d.benchmark === "string" && Array.isArray(d.selected)) {
    const feats = (d.coefficients as { features?: Record<string, number> } | undefined)?.features;
    const pieces = d.selected as string[];
    return [{ benchmark: d.benchmark, pieces, coefficients: feats ? pieces.map((p) => feats[p]) : undefined }];
  }
  throw new InputError(file, 'not a signatures file: expected {"signatures": [...]} or a bsig select output with "benchmark" and "selected"');
}

/**
 * Read signatures from files / folders (see the module comment). Returns them with each file's sha256.
 *
 * @example
 *   readSignatures(["runs/select/"]).signatures.length
 */
export function readSignatures(paths: string[]): { signatures: Signature[]; hashes: Record<string, string> } {
  const files: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new InputError(p, "file not found");
    if (statSync(p).isDirectory()) files.push(...readdirSync(p).filter((f) => f.endsWith(".json")).sort().map((f) => join(p, f)));
    else files.push(p);
  }
  if (files.length === 0) throw new InputError(paths.join(","), "no signature files found");
  const signatures: Signature[] = [];
  const hashes: Record<string, string> = {};
  for (const f of files) {
    const text = readFileSync(f, "utf8");
    hashes[f] = sha256(text);
    let doc: unknown;
    try { doc = JSON.parse(text); } catch (e) { throw new InputError(f, `not valid JSON: ${(e as Error).message}`); }
    signatures.push(...parseSignatureDoc(f, doc));
  }
  const seen = new Set<string>();
  for (const s of signatures) {
    if (seen.has(s.benchmark)) throw new InputError(paths.join(","), `two signatures for benchmark '${s.benchmark}'`);
    seen.add(s.benchmark);
  }
  return { signatures, hashes };
}

function intOption(v: unknown, name: string, def: number, min = 0): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InputError(null, `${name} must be an integer ≥ ${min}, got "${String(v)}"`);
  return n;
}

function levelOption(v: unknown): number {
  const x = v === undefined ? 0.95 : Number(v);
  if (!(x > 0 && x < 1)) throw new InputError(null, `--level must be in (0, 1), got "${String(v)}"`);
  return x;
}

/** `--kind signature`: the paper's signature overlap (or a set overlap), with a model bootstrap interval. */
export const signatureKind: AsyncOverlapKind = {
  description: "Spearman across models of mean within-model z-scored surprisal over each signature (paper §3.3)",
  options: [
    { flags: "--features <path>", description: "signature: feature matrix (folder or canonical CSV; rows = models)" },
    { flags: "--signatures <paths>", description: "signature: comma-separated bsig select outputs, folders of them, or a signatures JSON" },
    { flags: "--pool <pool>", description: "signature: z-score pool: all | signatures", defaultValue: "all" },
    { flags: "--sign-weighted", description: "signature: weight pieces by the sign of their coefficient", defaultValue: false },
    { flags: "--set-measure <m>", description: "signature: jaccard | overlap-coefficient of the piece sets instead of the Spearman overlap" },
    { flags: "--bootstrap <n>", description: "signature: model bootstrap resamples for the interval (0: none)", defaultValue: "1000" },
    { flags: "--level <x>", description: "signature/semantic: interval level", defaultValue: "0.95" },
    { flags: "--seed <n>", description: "signature/semantic: seed", defaultValue: "0" },
  ],
  compute(opts) {
    if (typeof opts.signatures !== "string") throw new InputError(null, "--kind signature needs --signatures PATHS");
    const { signatures, hashes } = readSignatures(opts.signatures.split(",").map((s) => s.trim()).filter(Boolean));
    const labels = signatures.map((s) => s.benchmark);
    if (opts.setMeasure !== undefined) {
      const m = String(opts.setMeasure);
      if (m !== "jaccard" && m !== "overlap-coefficient") throw new InputError(null, `--set-measure must be jaccard or overlap-coefficient, got "${m}"`);
      return { labels, values: setOverlapMatrix(signatures, m), provenance: provenance(`signature-set-overlap-${m}`, { pieces: "signature piece ids" }, null, hashes) };
    }
    if (typeof opts.features !== "string") throw new InputError(null, "--kind signature needs --features PATH");
    const pool = String(opts.pool ?? "all");
    if (pool !== "all" && pool !== "signatures") throw new InputError(null, `--pool must be all or signatures, got "${pool}"`);
    const x = readFeatures(opts.features);
    const r = signatureOverlap(x, signatures, { pool, signWeighted: !!opts.signWeighted });
    const B = intOption(opts.bootstrap, "--bootstrap", 1000);
    const seed = intOption(opts.seed, "--seed", 0);
    const level = levelOption(opts.level);
    const ci = B > 0 ? bootstrapModelsCi(r.scores, { resamples: B, seed, level }) : null;
    const prov = provenance(r.provenance.method, {
      ...r.provenance.params, measure: x.measure,
      bootstrap: ci ? { resamples: B, level, over: "models, with replacement, one draw shared by all cells", interval: "percentile (type 7)" } : null,
    }, ci ? seed : null, { ...hashes, [opts.features]: x.sha256 });
    return { labels, values: r.values, provenance: prov, ...(ci ? { ci: { kind: "model-bootstrap-percentile", level, lower: ci.lower, upper: ci.upper, resamples: B, seed } } : {}) };
  },
};

/**
 * Build the embedder named by `--embedder`: "lsa" (TF-IDF + LSA fitted on `corpus`) or a transformers.js
 * model folder (or hub id when `allowRemote`).
 *
 * @example
 *   const emb = await embedderFor({ embedder: "lsa", lsaDim: "100", maxTokens: "384" }, questions);
 */
export async function embedderFor(opts: Record<string, unknown>, corpus: string[]): Promise<ConcatEmbedder> {
  const name = String(opts.embedder ?? "lsa");
  const maxTokens = opts.maxTokens === undefined ? 384 : intOption(opts.maxTokens, "--max-tokens", 384, 3);
  if (name === "lsa") {
    const dim = intOption(opts.lsaDim, "--lsa-dim", 100, 1);
    return lsaConcatEmbedder(fitLsa(corpus, { dim, seed: intOption(opts.seed, "--seed", 0) }), { maxTokens });
  }
  const enc = await loadSentenceEncoder(name, { maxTokens, allowRemote: !!opts.allowRemote });
  return transformersConcatEmbedder(enc);
}

/** `--kind semantic`: the paper's size-matched bootstrap of question embeddings. */
export const semanticKind: AsyncOverlapKind = {
  description: "cosine similarity of embedded concatenated questions, size-matched bootstrap (paper §2, A.4.1)",
  options: [
    { flags: "--questions <regex>", description: "semantic: benchmark ids with carried questions to include (default all 87)" },
    { flags: "--embedder <name>", description: "semantic: lsa (offline default) or a transformers.js model folder (or hub id with --allow-remote)", defaultValue: "lsa" },
    { flags: "--lsa-dim <n>", description: "semantic: LSA dimension", defaultValue: "100" },
    { flags: "--max-tokens <n>", description: "semantic: truncation length of a concatenation (LSA: word tokens; transformers: word pieces incl. specials)", defaultValue: "384" },
    { flags: "--resamples <n>", description: "semantic: resamples of the larger benchmark per pair", defaultValue: "1000" },
    { flags: "--with-options", description: "semantic: include answer options in the question text", defaultValue: false },
    { flags: "--allow-remote", description: "semantic: allow downloading the encoder", defaultValue: false },
  ],
  async compute(opts) {
    let ids = allQuestionBenchmarks();
    if (opts.questions !== undefined) {
      let re: RegExp;
      try { re = new RegExp(String(opts.questions)); } catch (e) { throw new InputError(null, `--questions: not a valid regular expression: ${(e as Error).message}`); }
      ids = ids.filter((b) => re.test(b));
    }
    if (ids.length < 2) throw new InputError(null, `--questions selects ${ids.length} benchmark(s); need at least 2`);
    const sets = loadAllQuestions(ids, { withOptions: !!opts.withOptions });
    const embedder = await embedderFor(opts, sets.flatMap((s) => s.questions));
    const seed = intOption(opts.seed, "--seed", 0);
    const resamples = intOption(opts.resamples, "--resamples", 1000, 1);
    const level = levelOption(opts.level);
    const r = await semanticOverlap(sets, embedder, { resamples, seed, level });
    const prov = provenance(r.provenance.method, { ...r.provenance.params, withOptions: !!opts.withOptions, questions: opts.questions ?? null }, seed, r.provenance.dataHashes);
    return { labels: r.labels, values: r.values, provenance: prov, ci: { kind: "resample-percentile (spread of the T cosines)", level, lower: r.lower, upper: r.upper, resamples, seed } };
  },
};

/**
 * `--kind performance-pc1` (beyond the paper): performance overlap with the first principal component of
 * the ranked score matrix partialled out (src/overlap/partial.ts). Same inputs as `--kind performance`
 * (complete block, aggregates dropped, lower-is-better columns negated).
 */
export const performancePc1Kind: AsyncOverlapKind = {
  description: "partial Spearman between benchmarks given PC1 of the ranked score matrix (beyond the paper)",
  options: [
    { flags: "--scores <file.csv>", description: "performance: canonical score table (first column model; sidecar NAME.meta.json optional)" },
    { flags: "--benchmarks <regex>", description: "performance: keep only benchmarks whose id matches this regular expression" },
    { flags: "--keep-aggregates", description: "performance: keep aggregate columns (dropped by default)", defaultValue: false },
  ],
  compute(opts) {
    if (typeof opts.scores !== "string") throw new InputError(null, "--kind performance-pc1 needs --scores FILE.csv");
    const table = readScoreTable(opts.scores);
    let re: RegExp | null = null;
    if (opts.benchmarks !== undefined) {
      try { re = new RegExp(String(opts.benchmarks)); } catch (e) { throw new InputError(null, `--benchmarks: not a valid regular expression: ${(e as Error).message}`); }
    }
    const wanted = table.benchmarks.filter((b) => !re || re.test(b));
    const kept = opts.keepAggregates ? wanted : excludeAggregates(table, wanted).kept;
    if (kept.length < 2) throw new InputError(opts.scores, `need at least 2 benchmarks after filtering, got ${kept.length}`);
    const block = completeBlock(table, kept);
    const t = block.table, p = t.benchmarks.length, m = t.models.length;
    const values = new Float64Array(m * kept.length);
    kept.forEach((b, k) => {
      const j = t.benchmarks.indexOf(b);
      const sign = t.meta[b]?.direction === "lower" ? -1 : 1;
      for (let i = 0; i < m; i++) values[i * kept.length + k] = sign * t.values[i * p + j];
    });
    const r = partialPc1Overlap({ rows: t.models, cols: kept, values });
    const prov = provenance(r.provenance.method, {
      ...r.provenance.params, varianceExplained: r.varianceExplained, missingPolicy: block.policy, droppedModels: block.dropped.length,
      loadings: Object.fromEntries(kept.map((b, k) => [b, r.loadings[k]])),
    }, null, { [opts.scores]: table.sha256 });
    return { labels: r.labels, values: r.values, provenance: prov };
  },
};

/**
 * JSON text of a handler's output: `{"labels", "values", "provenance"}` plus `"ci"` (with `lower` and
 * `upper` as nested rows) when computed; NaN is printed as null.
 *
 * @example
 *   overlapJson(await semanticKind.compute({ questions: "^(gsm8k|humaneval)$" }))
 */
export function overlapJson(o: OverlapOutputWithCi): string {
  const n = o.labels.length;
  const nested = (v: Float64Array) => toNested(v, n).map((row) => row.map((x) => (Number.isFinite(x) ? x : null)));
  const ci = o.ci ? { ...o.ci, lower: nested(o.ci.lower), upper: nested(o.ci.upper) } : undefined;
  return JSON.stringify({ labels: o.labels, values: nested(o.values), provenance: o.provenance, ...(ci ? { ci } : {}) }) + "\n";
}
