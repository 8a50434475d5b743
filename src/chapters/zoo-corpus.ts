/**
 * The zoo's wild corpus and its perplexities (paper §2.1, A.2): what the wild pool holds (pieces and bytes
 * per domain and half) and how surprised each zoo model is by it (per-piece nats, last-token nats and bits
 * per byte, by domain). Table 1 (granularity) is in `zoo-corpus-table1.ts`, the unit ablation in
 * `zoo-corpus-units.ts`; `zooCorpusChapter` runs all three.
 *
 * Where the zoo differs from the paper: 7 known text domains instead of RedPajama's mix; 40 small GPT-2
 * models with three tokenizers (byte, bpe512, bpe1024) instead of 32 LLMs; the pool is balanced by domain and
 * split into two halves (wild-a, wild-b); each piece is scored with its 30 preceding pieces, as in the paper.
 */
import type { Provenance } from "../core/provenance";
import { provenance } from "../core/provenance";
import { quantile7 } from "../stats/bootstrap-category";
import { spearman } from "../stats/correlation";
import { sampleMedian } from "../stats/describe";
import type { WildHalf } from "../zoo/wild-pool";
import type { ZooData } from "../zoo/zoo-data";
import { pieceGroups, scoredBytes } from "./zoo-corpus-levels";
import { zooTable1, type Table1Options, type ZooTable1 } from "./zoo-corpus-table1";
import { zooUnitAblation, type UnitAblationOptions, type ZooUnitAblation } from "./zoo-corpus-units";

/** Pieces and bytes of one (domain, half) cell of the wild pool. */
export interface PoolCell {
  domain: string;
  half: WildHalf;
  pieces: number;
  /** UTF-8 bytes of the pieces' own text. */
  textBytes: number;
  /** Bytes the bits-per-byte unit divides by: the piece plus the whitespace before it (see `scoredBytes`). */
  scoredBytes: number;
}

/** The wild pool as scored. */
export interface ZooPoolSummary {
  nModels: number;
  nPieces: number;
  domains: string[];
  halves: WildHalf[];
  cells: PoolCell[];
  totalTextBytes: number;
  totalScoredBytes: number;
  /** Columns of the chunk-level (31-piece windows) and document-level matrices. */
  nChunks: number;
  nDocuments: number;
  /** Pool pieces per window (chunk): smallest, median, largest, and how many windows are shorter than the largest (end-of-document windows). */
  chunkPieces: { min: number; median: number; max: number; short: number };
  /** Pieces dropped because some model could not score them. */
  dropped: number;
}

/** Five quantiles (R type 7) of a sample. */
export interface FiveQuantiles { q05: number; q25: number; median: number; q75: number; q95: number }

/** One model's surprisal on one domain (or on the whole pool). */
export interface SurprisalSummary {
  /** Summed token NLL of a piece (nats): quantiles over pieces. */
  nats: FiveQuantiles;
  /** NLL of the piece's last token only (nats). */
  last: FiveQuantiles;
  /** Bits per byte of a piece. */
  bpb: FiveQuantiles;
  /** Pooled bits per byte: Σ nats / (ln 2 · Σ scored bytes) over the pieces. */
  pooledBpb: number;
}

/** One model's row: its metadata and its surprisal on the pool and per domain. */
export interface ModelSurprisal {
  model: string;
  tokenizer: string;
  kind: string;
  parameters: number;
  heldoutNatsPerByte: number;
  all: SurprisalSummary;
  byDomain: Record<string, SurprisalSummary>;
}

/** Medians over the models of one tokenizer. */
export interface TokenizerSummary {
  tokenizer: string;
  models: number;
  medianNats: number;
  medianLast: number;
  medianBpb: number;
  pooledBpb: number;
  heldoutNatsPerByte: number;
}

/** Per-model surprisal distributions and how they relate to the models' held-out quality. */
export interface ZooSurprisal {
  models: ModelSurprisal[];
  tokenizers: TokenizerSummary[];
  /** Spearman across models of held-out nats/byte with each per-model summary (how well each ranks model quality). */
  heldoutSpearman: { pooledBpb: number; medianNats: number; medianLast: number; medianBpb: number };
}

/**
 * Pieces and bytes of the wild pool per domain and half, plus the sizes of the chunk and document levels.
 *
 * @example
 *   zooPoolSummary(z).cells.find((c) => c.domain === "code" && c.half === "wild-a")?.pieces   // 40 on smoke
 */
export function zooPoolSummary(z: ZooData, bytes: Int32Array = scoredBytes(z)): ZooPoolSummary {
  const domains = [...new Set(z.pieces.map((p) => p.domain))].sort();
  const halves: WildHalf[] = ["wild-a", "wild-b"];
  const cells: PoolCell[] = [];
  for (const domain of domains) for (const half of halves) {
    let pieces = 0, textBytes = 0, scored = 0;
    z.pieces.forEach((p, j) => {
      if (p.domain !== domain || p.half !== half) return;
      pieces++; textBytes += Buffer.byteLength(p.text, "utf8"); scored += bytes[j];
    });
    cells.push({ domain, half, pieces, textBytes, scoredBytes: scored });
  }
  const sizes = pieceGroups(z).chunks.map((c) => c.pieces.length);
  const max = Math.max(...sizes);
  return {
    nModels: z.models.length, nPieces: z.pieces.length, domains, halves, cells,
    chunkPieces: { min: Math.min(...sizes), median: sampleMedian(sizes), max, short: sizes.filter((x) => x < max).length },
    totalTextBytes: cells.reduce((s, c) => s + c.textBytes, 0), totalScoredBytes: cells.reduce((s, c) => s + c.scoredBytes, 0),
    nChunks: z.features.chunk.cols.length, nDocuments: z.features.document.cols.length, dropped: z.dropped.pieces,
  };
}

/**
 * R type-7 quantiles 5, 25, 50, 75, 95 % of a sample (NaN for an empty one).
 *
 * @example
 *   fiveQuantiles([1, 2, 3, 4, 5]).median   // 3
 */
export function fiveQuantiles(x: ArrayLike<number>): FiveQuantiles {
  const s = Float64Array.from(x).sort();
  return { q05: quantile7(s, 0.05), q25: quantile7(s, 0.25), median: quantile7(s, 0.5), q75: quantile7(s, 0.75), q95: quantile7(s, 0.95) };
}

function summarise(z: ZooData, i: number, cols: number[], bytes: Int32Array): SurprisalSummary {
  const p = z.features.sum.cols.length, off = i * p;
  const S = z.features.sum.values, L = z.features.last.values, B = z.features.bpb.values;
  let nats = 0, b = 0;
  for (const j of cols) { nats += S[off + j]; b += bytes[j]; }
  return {
    nats: fiveQuantiles(cols.map((j) => S[off + j])), last: fiveQuantiles(cols.map((j) => L[off + j])),
    bpb: fiveQuantiles(cols.map((j) => B[off + j])), pooledBpb: nats / (Math.LN2 * b),
  };
}

const num = (v: unknown): number => (typeof v === "number" ? v : NaN);

/**
 * Each model's surprisal distribution on the pool and per domain (nats per piece, last-token nats, bits per
 * byte: R type-7 quantiles over pieces; pooled bits per byte), medians per tokenizer, and the Spearman
 * correlation across models of held-out nats/byte with each summary.
 *
 * pooled BPB_i = Σ_j sum_ij / (ln 2 · Σ_j bytes_j)
 *
 * @example
 *   const s = zooSurprisal(z);
 *   s.tokenizers.map((t) => [t.tokenizer, t.medianLast]);   // last-token NLL depends on the tokenizer
 */
export function zooSurprisal(z: ZooData, bytes: Int32Array = scoredBytes(z)): ZooSurprisal {
  const domains = [...new Set(z.pieces.map((p) => p.domain))].sort();
  const colsOf = new Map(domains.map((d) => [d, [] as number[]]));
  z.pieces.forEach((p, j) => colsOf.get(p.domain)!.push(j));
  const all = z.pieces.map((_, j) => j);
  const models: ModelSurprisal[] = z.models.map((model, i) => {
    const meta = z.modelMeta[model] ?? {};
    return {
      model, tokenizer: String(meta.tokenizer ?? "unknown"), kind: String(meta.kind ?? "unknown"),
      parameters: num(meta.parameters), heldoutNatsPerByte: num(meta.heldout_nats_per_byte),
      all: summarise(z, i, all, bytes),
      byDomain: Object.fromEntries(domains.map((d) => [d, summarise(z, i, colsOf.get(d)!, bytes)])),
    };
  });
  const toks = [...new Set(models.map((m) => m.tokenizer))].sort(tokenizerOrder);
  const tokenizers = toks.map((t) => {
    const ms = models.filter((m) => m.tokenizer === t);
    return {
      tokenizer: t, models: ms.length,
      medianNats: sampleMedian(ms.map((m) => m.all.nats.median)), medianLast: sampleMedian(ms.map((m) => m.all.last.median)),
      medianBpb: sampleMedian(ms.map((m) => m.all.bpb.median)), pooledBpb: sampleMedian(ms.map((m) => m.all.pooledBpb)),
      heldoutNatsPerByte: sampleMedian(ms.map((m) => m.heldoutNatsPerByte)),
    };
  });
  const h = models.map((m) => m.heldoutNatsPerByte);
  return {
    models, tokenizers,
    heldoutSpearman: {
      pooledBpb: spearman(h, models.map((m) => m.all.pooledBpb)), medianNats: spearman(h, models.map((m) => m.all.nats.median)),
      medianLast: spearman(h, models.map((m) => m.all.last.median)), medianBpb: spearman(h, models.map((m) => m.all.bpb.median)),
    },
  };
}

/**
 * Order of tokenizers for display: byte, then BPE by vocabulary size, then anything else by name.
 *
 * @example
 *   ["bpe1024", "byte", "bpe512"].sort(tokenizerOrder)   // ["byte", "bpe512", "bpe1024"]
 */
export function tokenizerOrder(a: string, b: string): number {
  const key = (t: string) => (t === "byte" ? 0 : /^bpe(\d+)$/.test(t) ? Number(t.slice(3)) : Infinity);
  return key(a) - key(b) || a.localeCompare(b);
}

/** Options of {@link zooCorpusChapter}. */
export interface ZooCorpusOptions {
  table1?: Table1Options;
  units?: UnitAblationOptions;
}

/** Everything the chapter computes. */
export interface ZooCorpusResult {
  profile: string;
  pool: ZooPoolSummary;
  surprisal: ZooSurprisal;
  table1: ZooTable1;
  units: ZooUnitAblation;
  provenance: Provenance;
}

/**
 * The corpus-and-perplexity chapter on the zoo: the wild pool, per-model surprisal distributions, Table 1
 * (dispersion of Thrush coefficients at piece, chunk and document level) and the unit ablation (summed NLL vs
 * last-token NLL vs bits per byte: how much do screened sets, signatures and their overlaps change).
 *
 * @example
 *   const r = zooCorpusChapter(loadZooData("tests/fixtures/zoo-smoke"));
 *   r.table1.tokenMean.wins.piece;              // cells where piece level has the largest dispersion
 *   r.units.medians.selected["sum-last"];       // median Jaccard of signatures, sum vs last unit
 */
export function zooCorpusChapter(z: ZooData, opts: ZooCorpusOptions = {}): ZooCorpusResult {
  const bytes = scoredBytes(z);
  const table1 = zooTable1(z, opts.table1);
  const units = zooUnitAblation(z, opts.units);
  return {
    profile: z.profile, pool: zooPoolSummary(z, bytes), surprisal: zooSurprisal(z, bytes), table1, units,
    provenance: provenance("zoo corpus and perplexity: wild pool, surprisal distributions, Table 1 granularity dispersion, unit ablation", {
      profile: z.profile, models: z.models.length, pieces: z.pieces.length,
      quantiles: "R type 7", sd: "sample (n − 1)",
      table1: { ...table1.params }, units: { ...units.params },
    }, null),
  };
}
