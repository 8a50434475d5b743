import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../core/atomic";
import { sha256 } from "../core/hash";
import { provenance } from "../core/provenance";
import type { ScoringPlan } from "../corpus/plan";
import { ENGINE_VERSION, cacheKey, entryPath, removeStaleTemps } from "../cache/store";
import { f32Bytes, f32FromBytes } from "../io/atomic-dir";
import type { LogprobTable } from "../io/logprob-table";
import { chunkMeanNll, pieceStats } from "./aggregate";
import { tokenLogprobs } from "./logprobs";
import type { CausalLM } from "./model";
import type { Progress } from "./progress";

/** The conventions every score follows; recorded in tables and part of the cache key. */
export const CONVENTIONS: Record<string, string> = {
  bos: "model BOS token prepended (EOS when the model has no BOS, as GPT-2)",
  chunkText: "window pieces joined by one space",
  spans: "token char spans rebuilt from token bytes (byte-level) or prefix decoding",
  assignment: "a token belongs to the piece holding its first non-whitespace character; all-whitespace tokens to the next piece",
  nll_sum: "sum of the piece's token NLLs, nats",
  nll_last: "NLL of the piece's last token, nats",
  n_bytes: "UTF-8 bytes of the piece plus the whitespace before it in the window",
  logsoftmax: "float64 log-softmax of float32 logits",
};

/** Options of {@link scoreCorpus}. */
export interface ScoreRunOptions {
  cacheDir: string;
  /** Windows per forward pass (default 8); results do not depend on it. */
  batchSize?: number;
  /** Windows per cache shard, the unit of resume (default 64); part of the cache key. */
  shardChunks?: number;
  progress?: Progress;
  /**
   * Test hook, awaited at each step of the commit protocol: `shard-data:<i>` (data file written, not yet
   * committed), `shard-commit:<i>` (committed), `assembled` (every shard in, the table assembled, not yet returned).
   */
  onEvent?: (event: string) => Promise<void> | void;
}

/** Result of a run: the table, its cache key, and how many shards were reused vs computed. */
export interface ScoreRunResult {
  table: LogprobTable;
  key: string;
  reusedShards: number;
  computedShards: number;
}

/** The cache-key inputs of scoring `plan` with `lm` (everything that determines the numbers). */
export function scoreKeyInputs(lm: CausalLM, plan: ScoringPlan, shardChunks: number): Record<string, unknown> {
  return {
    schema: 1, kind: "piece-logprobs", engine: ENGINE_VERSION,
    model: { source: lm.identity.source, hubId: lm.identity.source === "hub" ? lm.id : null, files: lm.identity.files },
    dtype: lm.dtype, tokenizerHash: lm.tokenizerHash, bosId: lm.bosId, maxPositions: lm.maxPositions,
    corpusHash: plan.corpusHash, unit: plan.unit, conventions: CONVENTIONS, shardChunks,
  };
}

/**
 * Cache writes stay atomic but skip fsync: every shard and the table are checked against their sha256 when read
 * (a shard that fails is recomputed, a table that fails is rebuilt), so bytes lost to a power cut cost a recompute,
 * never a wrong number. (Twelve fsyncs per call were a quarter of `scoreCorpus`'s time on small models.)
 */
const CACHE_WRITE = { fsync: false } as const;

interface ShardData { nllSum: Float32Array; nllLast: Float32Array; nTokens: Float32Array; nBytes: Float32Array; chunkMean: Float32Array; chunkTok: Float32Array }

function shardTargets(plan: ScoringPlan, from: number, to: number): number {
  let n = 0;
  for (let c = from; c < to; c++) n += plan.chunks[c].targets.length;
  return n;
}

function readShard(dir: string, name: string, nT: number, nC: number): ShardData | null {
  const bin = join(dir, `${name}.bin`), js = join(dir, `${name}.json`);
  if (!existsSync(bin) || !existsSync(js)) return null;
  try {
    const meta = JSON.parse(readFileSync(js, "utf8")) as { sha256: string; targets: number; chunks: number };
    const buf = readFileSync(bin);
    if (meta.targets !== nT || meta.chunks !== nC || sha256(buf) !== meta.sha256 || buf.length !== 4 * (4 * nT + 2 * nC)) return null;
    return readShardBytes(buf, nT, nC);
  } catch {
    return null;
  }
}

/** A shard's columns from its bytes (nT targets, nC chunks). */
function readShardBytes(buf: Uint8Array, nT: number, nC: number): ShardData {
  const a = f32FromBytes(buf);
  return {
    nllSum: a.subarray(0, nT), nllLast: a.subarray(nT, 2 * nT), nTokens: a.subarray(2 * nT, 3 * nT), nBytes: a.subarray(3 * nT, 4 * nT),
    chunkMean: a.subarray(4 * nT, 4 * nT + nC), chunkTok: a.subarray(4 * nT + nC),
  };
}

async function computeShard(lm: CausalLM, plan: ScoringPlan, from: number, to: number, batchSize: number): Promise<ShardData> {
  const chunks = plan.chunks.slice(from, to);
  const nT = shardTargets(plan, from, to), nC = chunks.length;
  const d: ShardData = {
    nllSum: new Float32Array(nT), nllLast: new Float32Array(nT), nTokens: new Float32Array(nT), nBytes: new Float32Array(nT),
    chunkMean: new Float32Array(nC), chunkTok: new Float32Array(nC),
  };
  const res = await tokenLogprobs(lm, chunks.map((c) => c.text), { batchSize });
  let k = 0;
  chunks.forEach((c, i) => {
    for (const s of pieceStats(res[i], c.pieceStarts, c.pieceEnds, c.targets)) {
      d.nllSum[k] = s.nllSum; d.nllLast[k] = s.nllLast; d.nTokens[k] = s.nTokens; d.nBytes[k] = s.nBytes; k++;
    }
    const agg = chunkMeanNll(res[i]);
    d.chunkMean[i] = agg.meanNll; d.chunkTok[i] = agg.nTokens;
  });
  return d;
}

/**
 * Score every target of a plan with `lm`, through the content-keyed cache: the run is split into shards
 * of `shardChunks` windows; each finished shard is written atomically (data file, then a small JSON with
 * its sha256 that commits it), so a run killed at any moment resumes from the committed shards and ends
 * byte-identical to an uninterrupted run. The committed shards are the whole cache entry: the table is
 * assembled from them in memory on every call, so a finished entry is a cache hit that writes nothing, and a
 * run writes `entry.json` plus two files per shard (no second copy of the numbers as a table folder).
 *
 * @example
 *   const { table } = await scoreCorpus(lm, plan, { cacheDir: resolveCacheDir() });
 */
export async function scoreCorpus(lm: CausalLM, plan: ScoringPlan, opts: ScoreRunOptions): Promise<ScoreRunResult> {
  const shardChunks = Math.max(1, Math.floor(opts.shardChunks ?? 64));
  const batchSize = opts.batchSize ?? 8;
  const inputs = scoreKeyInputs(lm, plan, shardChunks);
  const key = cacheKey(inputs);
  const dir = entryPath(opts.cacheDir, "scores", key);
  const shardDir = join(dir, "shards");
  const nShards = Math.ceil(plan.chunks.length / shardChunks);
  const shards: ShardData[] = new Array(nShards);
  const todo: number[] = [];
  let doneChunks = 0;
  const have = existsSync(shardDir);
  for (let s = 0; s < nShards; s++) {
    const from = s * shardChunks, to = Math.min(plan.chunks.length, from + shardChunks);
    const got = have ? readShard(shardDir, shardName(s), shardTargets(plan, from, to), to - from) : null;
    if (got) { shards[s] = got; doneChunks += to - from; } else todo.push(s);
  }
  if (todo.length) {
    mkdirSync(shardDir, { recursive: true });
    if (!existsSync(join(dir, "entry.json"))) writeJsonAtomic(join(dir, "entry.json"), { key, inputs }, CACHE_WRITE);
    removeStaleTemps(shardDir);
    removeStaleTemps(dir);
  }
  opts.progress?.start(plan.chunks.length, doneChunks);
  for (const s of todo) {
    const from = s * shardChunks, to = Math.min(plan.chunks.length, from + shardChunks);
    const d = await computeShard(lm, plan, from, to, batchSize);
    const bytes = Buffer.concat([f32Bytes(d.nllSum), f32Bytes(d.nllLast), f32Bytes(d.nTokens), f32Bytes(d.nBytes), f32Bytes(d.chunkMean), f32Bytes(d.chunkTok)]);
    writeFileAtomic(join(shardDir, `${shardName(s)}.bin`), bytes, CACHE_WRITE);
    await opts.onEvent?.(`shard-data:${s}`);
    writeJsonAtomic(join(shardDir, `${shardName(s)}.json`), { sha256: sha256(bytes), targets: d.nllSum.length, chunks: to - from }, CACHE_WRITE);
    await opts.onEvent?.(`shard-commit:${s}`);
    // What a later cache hit reads back from this shard's bytes (float32 little-endian), so both return the same.
    shards[s] = readShardBytes(bytes, d.nllSum.length, to - from);
    let tok = 0;
    for (const v of d.chunkTok) tok += v;
    opts.progress?.advance(to - from, d.nllSum.length, tok);
  }
  opts.progress?.stop();
  const table = assemble(lm, plan, shards, key);
  await opts.onEvent?.("assembled");
  return { table, key, reusedShards: nShards - todo.length, computedShards: todo.length };
}

function shardName(s: number): string {
  return `shard-${String(s).padStart(6, "0")}`;
}

function assemble(lm: CausalLM, plan: ScoringPlan, shards: ShardData[], key: string): LogprobTable {
  const cat = (f: (d: ShardData) => Float32Array) => {
    const parts = shards.map(f);
    const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  };
  // The manifest as a JSON round trip gives it (what readLogprobTable returns for the written table).
  return {
    manifest: JSON.parse(JSON.stringify({
      model: { id: lm.id, source: lm.identity.source, dtype: lm.dtype, files: lm.identity.files },
      tokenizerHash: lm.tokenizerHash,
      corpus: { hash: plan.corpusHash, source: plan.corpusSource },
      unit: { ...plan.unit },
      conventions: CONVENTIONS,
      provenance: provenance("bsig score", { model: lm.id, dtype: lm.dtype, unit: plan.unit, engine: ENGINE_VERSION }, plan.unit.sample > 1 ? plan.unit.seed : null, { corpus: plan.corpusHash }),
      cacheKey: key,
    })) as LogprobTable["manifest"],
    pieceIds: plan.pieceIds,
    nllSum: cat((d) => d.nllSum), nllLast: cat((d) => d.nllLast), nTokens: cat((d) => d.nTokens), nBytes: cat((d) => d.nBytes),
    chunkIds: plan.chunks.map((c) => `${docIdOf(plan, c.targetOffset, c.targets[0], c.first)}@${c.first}`),
    chunkNllMean: cat((d) => d.chunkMean), chunkNTokens: cat((d) => d.chunkTok),
  };
}

function docIdOf(plan: ScoringPlan, targetOffset: number, _t: number, _first: number): string {
  const id = plan.pieceIds[targetOffset];
  return id.slice(0, id.lastIndexOf(":"));
}
