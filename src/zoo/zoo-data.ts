/**
 * The zoo study's data products, made once per profile and read by every zoo chapter: every model scored on
 * the wild pool (piece, chunk and document level; sum, last-token and bits-per-byte units) and on every zoo
 * benchmark. `prepareZooData` computes them through the content-keyed caches (a killed run resumes) and writes
 * `results/<profile>/zoo-data/`; `loadZooData` reads that folder back.
 *
 * Layout of `zoo-data/`: `features-<name>/` (feature-matrix folders, rows = models), `pieces.jsonl` (id,
 * domain, half, text, context), `scores.csv` + `scores.meta.json` + `scores.summary.json` (as `bsig eval`
 * writes them), `models.json` (per-model metadata and exposure), `manifest.json` (profile, counts, what was
 * dropped and why).
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../core/atomic";
import { InputError } from "../core/errors";
import type { LabeledMatrix } from "../core/matrix";
import { provenance } from "../core/provenance";
import { planScoring, unitOptions } from "../corpus/plan";
import { atLevel, joinTables, readFeatureMatrix, writeFeatureMatrix } from "../io/feature-matrix";
import type { LogprobTable } from "../io/logprob-table";
import { scoreCorpus } from "../perplexity/engine";
import { loadCausalLM } from "../perplexity/model";
import { readScoreTable, toLabeledMatrix, type ScoreTable } from "../scores/table";
import { readBenchmarkDir } from "./benchmarks-io";
import type { BenchmarkSpec } from "./benchmarks-types";
import { evalSummary, evaluateModels, scoresCsv, scoresMeta, type ExposureShares } from "./harness-eval";
import { zooProfile, type ZooProfile } from "./profiles";
import { resolveCacheDir } from "../cache/store";
import { buildWildPool, pieceOrigins, type WildHalf } from "./wild-pool";
import { evalModelOf, exposureFrom, modelFolders, modelMeta } from "./zoo-models";

/** The feature matrices the zoo study uses, by name: unit ablation (piece level) and Table 1's levels. */
export const ZOO_FEATURES = {
  /** Summed NLL of the piece's tokens (nats): the paper's unit and the study's default. */
  sum: { measure: "nll-sum-nats", level: "piece" },
  /** NLL of the piece's last token only. */
  last: { measure: "nll-last-token-nats", level: "piece" },
  /** Bits per UTF-8 byte of the piece (tokenizer-independent). */
  bpb: { measure: "bits-per-byte", level: "piece" },
  /** Mean token NLL of each 31-piece window. */
  chunk: { measure: "nll-sum-nats", level: "chunk" },
  /** Token-weighted mean NLL of each document. */
  document: { measure: "nll-sum-nats", level: "document" },
} as const;
export type ZooFeatureName = keyof typeof ZOO_FEATURES;

/** One wild-pool piece: id, where it comes from, its text and the window text before it. */
export interface ZooPiece { id: string; domain: string; half: WildHalf; text: string; context: string }

/** Everything a zoo chapter reads. Rows of every matrix are the models, in `models` order. */
export interface ZooData {
  profile: string;
  models: string[];
  /** Per model: tokenizer, size, kind (dirichlet / specialist:<d> / generalist), held-out nats/byte, … (hub models: their id) */
  modelMeta: Record<string, Record<string, string | number | boolean | null>>;
  /** Training share per domain (empty domains for hub models, whose training data is unknown). */
  exposure: ExposureShares;
  /** Piece-level columns (same order in sum, last, bpb): pieces with a value for every model. */
  pieces: ZooPiece[];
  features: Record<ZooFeatureName, LabeledMatrix<Float32Array>>;
  /** models x benchmarks (each benchmark's metric). */
  scores: LabeledMatrix<Float64Array>;
  /** The same scores as a score table (with the sidecar's per-benchmark metadata), for the signature pipeline. */
  table: ScoreTable;
  benchmarks: BenchmarkSpec[];
  /** `bsig eval`'s summary (reliability, qualifying, exposure correlations, negative controls). */
  evalSummary: Record<string, unknown>;
  /** Pieces dropped because some model could not score them (context longer than its positions). */
  dropped: { pieces: number; reason: string };
}

/** Options of {@link prepareZooData}. */
export interface PrepareOptions {
  repoRoot: string;
  /** Folder to write `zoo-data/` into (the profile's results folder). */
  outDir: string;
  /** Content-keyed cache root (scores/ and eval/ go under it). */
  cacheDir: string;
  log?: (line: string) => void;
  /** Windows per forward pass (default 16) and option sequences per pass (default 16); results do not depend on them. */
  batchSize?: number;
  /** Allow downloading a profile's hub models (default false: a hub profile then fails before any work). */
  allowRemote?: boolean;
}

/** The models of a profile: ids (row names) and what to load (a folder, or a hub id). */
function profileModels(profile: ZooProfile, repoRoot: string, allowRemote: boolean): { ids: string[]; refs: string[]; dirs: string[] | null } {
  if (profile.hubModels) {
    if (!allowRemote) throw new InputError(null, `profile "${profile.name}" downloads ${profile.hubModels.length} models from the Hugging Face hub (${profile.hubModels.slice(0, 3).join(", ")}, …): pass --allow-remote to allow it`);
    return { ids: profile.hubModels.slice(), refs: profile.hubModels.slice(), dirs: null };
  }
  const dirs = modelFolders(join(repoRoot, profile.modelsDir)).filter((d) => !profile.models || profile.models.includes(basename(d)));
  return { ids: dirs.map((d) => basename(d)), refs: dirs, dirs };
}

const DATA_DIR = "zoo-data";

/**
 * Score every model of a profile on its wild pool and its benchmarks (through the caches) and write
 * `<outDir>/zoo-data/`. Pieces some model leaves without a score (NaN: their window did not fit its positions)
 * are dropped from every matrix and counted in the manifest.
 *
 * @example
 *   const data = await prepareZooData(SMOKE_PROFILE, { repoRoot: ".", outDir: "results/smoke", cacheDir: ".cache/bsig" });
 *   data.features.sum.rows.length === data.models.length   // true
 */
export async function prepareZooData(profile: ZooProfile, opts: PrepareOptions): Promise<ZooData> {
  const log = opts.log ?? (() => {});
  const bs = opts.batchSize ?? 16;
  const { ids, refs, dirs } = profileModels(profile, opts.repoRoot, !!opts.allowRemote);
  const pool = buildWildPool(profile, opts.repoRoot);
  const plan = planScoring(pool.corpus, unitOptions({ context: profile.contextPieces }));
  const { benchmarks: allBench } = readBenchmarkDir(join(opts.repoRoot, "data", "zoo", "benchmarks"));
  const benchmarks = allBench.map((b) => (b.items.length <= profile.benchItemsPerBenchmark ? b : { spec: { ...b.spec, items: profile.benchItemsPerBenchmark }, items: b.items.slice(0, profile.benchItemsPerBenchmark) }));
  log(`${ids.length} models; wild pool ${plan.pieceIds.length} pieces in ${plan.chunks.length} windows; ${benchmarks.length} benchmarks x ${profile.benchItemsPerBenchmark} items`);
  const tables: { name: string; source: string; table: LogprobTable }[] = [];
  const t0 = Date.now();
  const evalRes = await evaluateModels(ids, benchmarks, async (id) => {
    const ref = refs[ids.indexOf(id)];
    const lm = await loadCausalLM(ref, { dtype: "q8", allowRemote: !!opts.allowRemote, cacheDir: join(opts.cacheDir, "hub") });
    const r = await scoreCorpus(lm, plan, { cacheDir: opts.cacheDir, batchSize: bs });
    tables.push({ name: id, source: ref, table: r.table });
    log(`${id}: wild pool ${r.computedShards ? `scored (${r.computedShards} shards)` : "from cache"}; benchmarks … (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    return evalModelOf(id, lm, bs);
  }, { cacheDir: join(opts.cacheDir, "eval") });
  const known = dirs ? exposureFrom(dirs) : null;
  if (dirs && !known) throw new InputError(profile.modelsDir, "every zoo model needs a manifest.json with its training bytes per domain");
  const exposure: ExposureShares = known ?? { domains: [], shares: new Float64Array(0) };
  const out = join(opts.outDir, DATA_DIR);
  const prov = provenance("zoo study data: wild-pool scoring + benchmark evaluation", { profile: profile.name, context: profile.contextPieces, perDomainPerHalf: profile.wildPiecesPerDomainPerHalf, items: profile.benchItemsPerBenchmark }, profile.seed, { corpus: pool.corpus.hash });
  const features = {} as Record<ZooFeatureName, LabeledMatrix<Float32Array>>;
  for (const [name, f] of Object.entries(ZOO_FEATURES) as [ZooFeatureName, (typeof ZOO_FEATURES)[ZooFeatureName]][]) {
    features[name] = joinTables(tables.map((t) => ({ ...t, table: atLevel(t.table, f.level) })), f.measure);
  }
  const keep = completeColumns(features.sum);
  for (const n of ["sum", "last", "bpb"] as const) features[n] = keepColumns(features[n], keep);
  for (const n of ["chunk", "document"] as const) features[n] = keepColumns(features[n], completeColumns(features[n]));
  const pieceIds = features.sum.cols;
  const origins = pieceOrigins(pool, pieceIds);
  const textOf = pieceTexts(plan);
  const pieces: ZooPiece[] = pieceIds.map((id, j) => ({ id, domain: origins.domain[j], half: origins.half[j], ...textOf.get(id)! }));
  for (const [name, m] of Object.entries(features)) writeFeatureMatrix(join(out, `features-${name}`), m, { measure: ZOO_FEATURES[name as ZooFeatureName].measure, provenance: prov });
  writeFileAtomic(join(out, "pieces.jsonl"), pieces.map((p) => JSON.stringify(p)).join("\n") + "\n");
  const meta = { ...scoresMeta(evalRes, null, prov), models: Object.fromEntries(refs.map((d, i) => [ids[i], dirs ? modelMeta(d) : { hub: d }])) };
  writeFileAtomic(join(out, "scores.csv"), scoresCsv(evalRes));
  writeJsonAtomic(join(out, "scores.meta.json"), meta);
  writeJsonAtomic(join(out, "scores.summary.json"), { ...evalSummary(evalRes, { splits: 50, seed: 1, exposure: known ?? undefined }), provenance: prov });
  writeJsonAtomic(join(out, "models.json"), { models: ids, meta: meta.models, exposure: { domains: exposure.domains, shares: Array.from(exposure.shares), capability: exposure.capability ? Array.from(exposure.capability) : null } });
  const dropped = { pieces: plan.pieceIds.length - pieceIds.length, reason: "some model has no score for the piece (its window is longer than the model's positions, so the piece was cut from its context)" };
  writeJsonAtomic(join(out, "manifest.json"), { format: "bsig-zoo-data", version: 1, profile: profile.name, models: ids.length, pieces: pieceIds.length, benchmarks: benchmarks.length, dropped, corpusHash: pool.corpus.hash, provenance: prov });
  cache.delete(out);
  return loadZooData(opts.outDir);
}

function completeColumns(m: LabeledMatrix<Float32Array>): number[] {
  const n = m.rows.length, p = m.cols.length, keep: number[] = [];
  for (let j = 0; j < p; j++) {
    let ok = true;
    for (let i = 0; i < n && ok; i++) if (!Number.isFinite(m.values[i * p + j])) ok = false;
    if (ok) keep.push(j);
  }
  return keep;
}

function keepColumns(m: LabeledMatrix<Float32Array>, keep: number[]): LabeledMatrix<Float32Array> {
  const n = m.rows.length, p = m.cols.length, q = keep.length, v = new Float32Array(n * q);
  for (let i = 0; i < n; i++) for (let k = 0; k < q; k++) v[i * q + k] = m.values[i * p + keep[k]];
  return { rows: m.rows.slice(), cols: keep.map((j) => m.cols[j]), values: v };
}

function pieceTexts(plan: ReturnType<typeof planScoring>): Map<string, { text: string; context: string }> {
  const out = new Map<string, { text: string; context: string }>();
  for (const c of plan.chunks) c.targets.forEach((t, k) => {
    out.set(plan.pieceIds[c.targetOffset + k], { text: c.text.slice(c.pieceStarts[t], c.pieceEnds[t]), context: c.text.slice(0, c.pieceStarts[t]).trimEnd() });
  });
  return out;
}

const cache = new Map<string, ZooData>();

/**
 * Read `<outDir>/zoo-data/` (written by {@link prepareZooData}); memoised per folder within a process.
 * Throws InputError naming the folder when it is missing (run the study's zoo-data step first).
 *
 * @example
 *   const z = loadZooData("results/smoke");
 *   z.scores.cols;   // benchmark names
 */
export function loadZooData(outDir: string): ZooData {
  const dir = join(outDir, DATA_DIR);
  const hit = cache.get(dir);
  if (hit) return hit;
  if (!existsSync(join(dir, "manifest.json"))) throw new InputError(dir, "no zoo data here: run `bsig study` (its zoo-data step) for this profile first");
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  const features = {} as Record<ZooFeatureName, LabeledMatrix<Float32Array>>;
  for (const name of Object.keys(ZOO_FEATURES) as ZooFeatureName[]) {
    const m = readFeatureMatrix(join(dir, `features-${name}`));
    features[name] = { rows: m.rows, cols: m.cols, values: m.values };
  }
  const pieces = readFileSync(join(dir, "pieces.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as ZooPiece);
  const table = readScoreTable(join(dir, "scores.csv"));
  const st = toLabeledMatrix(table);
  const meta = JSON.parse(readFileSync(join(dir, "scores.meta.json"), "utf8"));
  const models = JSON.parse(readFileSync(join(dir, "models.json"), "utf8"));
  const benchmarks: BenchmarkSpec[] = st.cols.map((name) => ({ name, ...meta.benchmarks[name], file: "", description: "" }));
  const data: ZooData = {
    profile: manifest.profile, models: models.models, modelMeta: models.meta,
    exposure: { domains: models.exposure.domains, shares: Float64Array.from(models.exposure.shares), ...(models.exposure.capability ? { capability: Float64Array.from(models.exposure.capability) } : {}) },
    pieces, features, scores: st, table, benchmarks,
    evalSummary: JSON.parse(readFileSync(join(dir, "scores.summary.json"), "utf8")),
    dropped: manifest.dropped,
  };
  cache.set(dir, data);
  return data;
}

/**
 * The zoo data a notebook or script should use: the profile named by `BSIG_PROFILE` (`default` or `smoke`),
 * else `default` when `results/default/zoo-data` exists, else `smoke`; loaded from `results/<profile>/`, or
 * prepared there first (through the caches) when missing.
 *
 * @example
 *   const z = await openZooData();   // in a notebook: the study's zoo data
 *   z.profile;                       // "default" after `npm run study`
 */
export async function openZooData(repoRoot: string = join(__dirname, "..", ".."), log?: (line: string) => void): Promise<ZooData> {
  const env = process.env.BSIG_PROFILE;
  const name = env ?? (existsSync(join(repoRoot, "results", "default", DATA_DIR, "manifest.json")) ? "default" : "smoke");
  const outDir = join(repoRoot, "results", name);
  const profile = zooProfile(name);
  if (existsSync(join(outDir, DATA_DIR, "manifest.json")) && zooDataIsCurrent(profile, repoRoot, outDir)) return loadZooData(outDir);
  return prepareZooData(profile, { repoRoot, outDir, cacheDir: resolveCacheDir(join(repoRoot, ".cache", "bsig")), log });
}

/**
 * Whether `<outDir>/zoo-data` was made from the models and benchmarks the repository holds now: the same model ids
 * with the same manifest facts (parameters, steps, final loss, held-out nats/byte, ...) and the same benchmark files
 * (sha256). False after the zoo or its benchmarks change (a pulled update), so {@link openZooData} re-prepares
 * instead of serving stale numbers. Hub profiles are not checked (their models are not in the repository).
 *
 * @example
 *   zooDataIsCurrent(SMOKE_PROFILE, ".", "results/smoke")   // true right after `bsig zoo data --profile smoke`
 */
export function zooDataIsCurrent(profile: ZooProfile, repoRoot: string, outDir: string): boolean {
  if (profile.hubModels) return true;
  try {
    const dir = join(outDir, DATA_DIR);
    const stored = JSON.parse(readFileSync(join(dir, "models.json"), "utf8")) as { models: string[]; meta: Record<string, unknown> };
    const { ids, dirs } = profileModels(profile, repoRoot, false);
    if (JSON.stringify(stored.models) !== JSON.stringify(ids)) return false;
    if (dirs && dirs.some((d, i) => JSON.stringify(modelMeta(d)) !== JSON.stringify(stored.meta[ids[i]]))) return false;
    const meta = JSON.parse(readFileSync(join(dir, "scores.meta.json"), "utf8")) as { benchmarks: Record<string, { sha256?: string }> };
    const index = JSON.parse(readFileSync(join(repoRoot, "data", "zoo", "benchmarks", "index.json"), "utf8")) as { benchmarks: { name: string; sha256: string }[] };
    const have = Object.entries(meta.benchmarks).map(([n, b]) => `${n}:${b.sha256}`).sort();
    const want = index.benchmarks.map((b) => `${b.name}:${b.sha256}`).sort();
    return JSON.stringify(have) === JSON.stringify(want);
  } catch {
    return false;
  }
}

/**
 * A per-ZooData, per-options cache for a chapter's expensive result: `memo(z, opts, compute)` returns the stored
 * result for the same ZooData object and the same options (compared as JSON, RegExps as their source), else
 * computes and stores it. Entries go when the ZooData is garbage-collected.
 *
 * @example
 *   const memo = zooMemo<SignatureRun>();
 *   const run = memo(z, { screenRatio: 0.01 }, () => computeSignatures(X, z.table, { screenRatio: 0.01 }));
 */
export function zooMemo<R>(): (z: ZooData, opts: unknown, compute: () => R) => R {
  const store = new WeakMap<ZooData, Map<string, R>>();
  return (z, opts, compute) => {
    const key = JSON.stringify(opts, (_, v) => (v instanceof RegExp ? String(v) : v));
    let m = store.get(z);
    if (!m) { m = new Map(); store.set(z, m); }
    let hit = m.get(key);
    if (hit === undefined) { hit = compute(); m.set(key, hit); }
    return hit;
  };
}
