/**
 * Table 1 of the paper on the zoo: how widely the Thrush coefficients spread at piece, chunk and document
 * level, for four benchmarks, and which level "wins" each cell (the paper: token level wins 15 of 20 cells).
 *
 * Levels: piece = summed token NLL of each wild piece (`features.sum`). The coarse levels come in two
 * variants (see zoo-corpus-levels.ts): `tokenMean` = the zoo data's `features.chunk` (mean token NLL of each
 * 31-piece window) and `features.document` (token-weighted mean NLL of each document), the paper's literal
 * "average over tokens"; `bytes` = bits per byte of the same windows and documents aggregated from the pool's
 * pieces, which compares across tokenizers. Every level is scored by the same models, so the Thrush scale is
 * shared.
 */
import { selectRows, type LabeledMatrix } from "../core/matrix";
import { olsFit } from "../selection/ols";
import { quantile7 } from "../stats/bootstrap-category";
import { screeningStatistics } from "../stats/screening";
import { rankFeatures } from "../stats/screening-ranks";
import type { ZooData } from "../zoo/zoo-data";
import { groupBitsPerByte, pieceGroups, scoredBytes } from "./zoo-corpus-levels";

/** The three granularities of Table 1 (finest first). */
export type Table1Level = "piece" | "chunk" | "document";
export const TABLE1_LEVELS: readonly Table1Level[] = ["piece", "chunk", "document"];
/** The five dispersion measures (columns) of Table 1; larger = the level separates pieces more. */
export type Table1Measure = "std" | "iqr" | "maxMinusQ99" | "q01MinusMin" | "adjR2";
export const TABLE1_MEASURES: readonly Table1Measure[] = ["std", "iqr", "maxMinusQ99", "q01MinusMin", "adjR2"];

/** Options of {@link zooTable1}. */
export interface Table1Options {
  /** Benchmarks of the table (default: {@link table1Benchmarks}). */
  benchmarks?: string[];
  /** How many benchmarks the default rule picks (default 4, the paper's). */
  count?: number;
  /** Features in the linear fit behind adjusted R² (default 5). */
  fitK?: number;
}

/** One level of one benchmark: the dispersion of its normalised Thrush coefficients and the fit. */
export interface LevelDispersion {
  level: Table1Level;
  nFeatures: number;
  /** Sample SD (n − 1) of γ̃ = γ / (m(m² − 1)/6) over the level's features. */
  std: number;
  /** Q75 − Q25 of γ̃ (R type 7). */
  iqr: number;
  /** max γ̃ − Q99. */
  maxMinusQ99: number;
  /** Q01 − min γ̃. */
  q01MinusMin: number;
  /** Median γ̃ (not a Table 1 measure: where the distribution sits). */
  median: number;
  /** Adjusted R² of OLS y ~ 1 + the `fitK` features with the largest |γ| (ties: lower column index). */
  adjR2: number;
  fitFeatures: string[];
  /** γ̃ of every feature (column order of the level's matrix). */
  coefficients: Float64Array;
}

/** One benchmark's row: the three levels and the winning level per measure. */
export interface Table1Row {
  benchmark: string;
  sourceDomain: string | null;
  reliability: number | null;
  levels: LevelDispersion[];
  winner: Record<Table1Measure, Table1Level | "tie">;
}

/** Wins per level over a set of rows. */
export type Table1Wins = Record<Table1Level | "tie", number>;

/** One variant of the coarse levels: its rows and win counts. */
export interface Table1Variant {
  /** What the chunk and document features are in this variant. */
  coarse: string;
  nFeatures: Record<Table1Level, number>;
  rows: Table1Row[];
  wins: Table1Wins;
  cells: number;
  /** The same count over every qualifying benchmark (robustness of the four-benchmark count). */
  allQualifying: { wins: Table1Wins; cells: number };
}

/** Table 1 on the zoo, with both variants of the coarse levels. */
export interface ZooTable1 {
  params: { count: number; fitK: number; rule: string; thrush: string; adjR2: string; quantiles: string };
  benchmarks: string[];
  qualifying: string[];
  /** Normalising constant m(m² − 1)/6 (γ of a perfect rank agreement without ties). */
  thrushScale: number;
  nModels: number;
  /** Coarse levels as the zoo data stores them: mean NLL per token (the paper's literal definition). */
  tokenMean: Table1Variant;
  /** Coarse levels as bits per byte of the pool's pieces per window / document (tokenizer-neutral). */
  bytes: Table1Variant;
}

const RULE = "qualifying benchmarks (bsig eval's rule) by split-half reliability, descending (ties by name), at most one per source domain; filled from the other zoo-domain benchmarks by reliability when fewer qualify";

interface PerBench { name: string; reliability?: { spearmanBrown?: number } }

function reliabilityOf(z: ZooData): Map<string, number> {
  const per = (z.evalSummary.perBenchmark ?? []) as PerBench[];
  return new Map(per.map((p) => [p.name, typeof p.reliability?.spearmanBrown === "number" ? p.reliability.spearmanBrown : NaN]));
}

function qualifyingOf(z: ZooData): string[] {
  const q = z.evalSummary.qualifying;
  return Array.isArray(q) ? q.filter((b): b is string => typeof b === "string" && z.scores.cols.includes(b)) : [];
}

/**
 * The default benchmarks of Table 1: among the qualifying benchmarks, by split-half reliability (descending,
 * ties by name), the first `count` with distinct source domains; filled from the other zoo-domain benchmarks
 * (same order) when fewer qualify.
 *
 * @example
 *   table1Benchmarks(z)   // e.g. ["zoo_code_wordorder", "zoo_math_nextword", …] (4 names)
 */
export function table1Benchmarks(z: ZooData, count = 4): string[] {
  const rel = reliabilityOf(z), q = new Set(qualifyingOf(z));
  const spec = new Map(z.benchmarks.map((b) => [b.name, b]));
  const key = (b: string) => { const r = rel.get(b); return r !== undefined && Number.isFinite(r) ? r : -Infinity; };
  const order = (a: string, b: string) => key(b) - key(a) || (a < b ? -1 : a > b ? 1 : 0);
  const domainOf = (b: string) => String((spec.get(b) as { sourceDomain?: string } | undefined)?.sourceDomain ?? spec.get(b)?.domains?.[0] ?? b);
  const chosen: string[] = [], used = new Set<string>();
  const take = (list: string[]) => {
    for (const b of list) {
      if (chosen.length >= count) return;
      if (chosen.includes(b) || used.has(domainOf(b))) continue;
      chosen.push(b); used.add(domainOf(b));
    }
  };
  take([...q].sort(order));
  take(z.scores.cols.filter((b) => !q.has(b) && spec.get(b)?.category === "zoo-domain").sort(order));
  return chosen;
}

function scoreColumn(z: ZooData, b: string): Float64Array {
  const p = z.scores.cols.length, j = z.scores.cols.indexOf(b);
  if (j < 0) throw new Error(`zooTable1: no benchmark '${b}'`);
  return Float64Array.from(z.scores.rows, (_, i) => z.scores.values[i * p + j]);
}

/**
 * Dispersion of one normalised coefficient vector: sample SD, IQR, max − Q99, Q01 − min (R type 7 quantiles).
 *
 * @example
 *   thrushDispersion(Float64Array.of(-0.2, 0, 0.1, 0.5)).iqr   // 0.25 (Q75 = 0.2, Q25 = −0.05)
 */
export function thrushDispersion(g: ArrayLike<number>): { std: number; iqr: number; maxMinusQ99: number; q01MinusMin: number; median: number } {
  const s = Float64Array.from(g).sort(), n = s.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += s[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (s[i] - mean) ** 2;
  return {
    std: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN, iqr: quantile7(s, 0.75) - quantile7(s, 0.25),
    maxMinusQ99: s[n - 1] - quantile7(s, 0.99), q01MinusMin: quantile7(s, 0.01) - s[0], median: quantile7(s, 0.5),
  };
}

/**
 * Adjusted R² of OLS y ~ 1 + X_S, S = the k columns with the largest |stat| (ties: lower index):
 * adjR² = 1 − (RSS/(n − r − 1)) / (TSS/(n − 1)), r = rank of X_S (aliased columns do not count).
 *
 * @example
 *   topKAdjR2(X, y, gamma, 5).adjR2
 */
export function topKAdjR2(X: LabeledMatrix<Float32Array | Float64Array>, y: ArrayLike<number>, stat: ArrayLike<number>, k: number): { adjR2: number; features: string[] } {
  const n = X.rows.length, p = X.cols.length;
  const kk = Math.min(k, p, n - 2);
  const order = Int32Array.from({ length: p }, (_, j) => j).sort((a, b) => Math.abs(stat[b]) - Math.abs(stat[a]) || a - b);
  const S = Array.from(order.subarray(0, kk));
  const x = new Float64Array(n * kk);
  for (let i = 0; i < n; i++) S.forEach((j, t) => { x[i * kk + t] = X.values[i * p + j]; });
  const fit = olsFit(x, n, kk, y);
  let my = 0;
  for (let i = 0; i < n; i++) my += y[i];
  my /= n;
  let tss = 0;
  for (let i = 0; i < n; i++) tss += (y[i] - my) ** 2;
  const r = fit.rank - 1;
  return { adjR2: 1 - (fit.rss / (n - r - 1)) / (tss / (n - 1)), features: S.map((j) => X.cols[j]) };
}

type LevelMatrices = Record<Table1Level, LabeledMatrix<Float32Array | Float64Array>>;

function winnerOf(levels: LevelDispersion[], m: Table1Measure): Table1Level | "tie" {
  let best = -Infinity, who: Table1Level | "tie" = "tie", count = 0;
  for (const l of levels) {
    const v = l[m];
    if (!Number.isFinite(v)) continue;
    if (v > best) { best = v; who = l.level; count = 1; } else if (v === best) count++;
  }
  return count === 1 ? who : "tie";
}

function rowsFor(z: ZooData, benchmarks: string[], fitK: number, mats: LevelMatrices): { rows: Table1Row[]; m: number } {
  const rel = reliabilityOf(z), spec = new Map(z.benchmarks.map((b) => [b.name, b]));
  const ys = benchmarks.map((b) => scoreColumn(z, b));
  const keep = z.models.map((_, i) => i).filter((i) => ys.every((y) => Number.isFinite(y[i])));
  const m = keep.length;
  const scale = (m * (m * m - 1)) / 6;
  const targets = benchmarks.map((b, t) => ({
    name: b, values: keep.map((i) => ys[t][i]), direction: (z.table.meta[b]?.direction ?? "higher") as "higher" | "lower",
  }));
  const per = TABLE1_LEVELS.map((level) => {
    const X0 = mats[level];
    const X = keep.length === z.models.length ? X0 : selectRows(X0, keep);
    const st = screeningStatistics(rankFeatures(X.values, m), targets, "thrush");
    return { level, X, st };
  });
  const rows = benchmarks.map((b, t) => {
    const levels: LevelDispersion[] = per.map(({ level, X, st }) => {
      const d = X.cols.length;
      const g = Float64Array.from(st.values.subarray(t * d, (t + 1) * d), (v) => v / scale);
      const fit = topKAdjR2(X, targets[t].values, g, fitK);
      return { level, nFeatures: d, ...thrushDispersion(g), adjR2: fit.adjR2, fitFeatures: fit.features, coefficients: g };
    });
    const s = spec.get(b) as { sourceDomain?: string; domains?: string[] } | undefined;
    return {
      benchmark: b, sourceDomain: s?.sourceDomain ?? s?.domains?.[0] ?? null,
      reliability: Number.isFinite(rel.get(b)) ? rel.get(b)! : null, levels,
      winner: Object.fromEntries(TABLE1_MEASURES.map((mm) => [mm, winnerOf(levels, mm)])) as Record<Table1Measure, Table1Level | "tie">,
    };
  });
  return { rows, m };
}

/**
 * Wins per level over rows (one cell = one benchmark × one measure).
 *
 * @example
 *   table1CountWins(t.rows).piece   // cells won by piece level
 */
export function table1CountWins(rows: Table1Row[]): Table1Wins {
  const w: Table1Wins = { piece: 0, chunk: 0, document: 0, tie: 0 };
  for (const r of rows) for (const m of TABLE1_MEASURES) w[r.winner[m]]++;
  return w;
}

/**
 * Table 1 on the zoo: for each chosen benchmark and each level, the Thrush coefficient of every feature
 * (γ_j = Σ_{k<l} sign(y_k − y_l)(rank(x_kj) − rank(x_lj)), mid-ranks, y oriented higher = better; shown
 * normalised γ̃ = γ/(m(m² − 1)/6), which is Spearman's ρ without ties and rescales every cell alike), its
 * SD, IQR and tail gaps, and the adjusted R² of the top-k linear fit; the level with the largest value wins
 * each cell (exact ties are counted as "tie"). Computed for both variants of the coarse levels (`tokenMean`:
 * the zoo data's mean NLL per token; `bytes`: bits per byte of the same pieces), the piece level being the same.
 *
 * @example
 *   const t = zooTable1(z);
 *   t.tokenMean.wins;   // { piece, chunk, document, tie } over 4 × 5 cells
 *   t.bytes.wins;       // the same with tokenizer-neutral coarse levels
 */
export function zooTable1(z: ZooData, opts: Table1Options = {}): ZooTable1 {
  const count = opts.count ?? 4, fitK = opts.fitK ?? 5;
  const benchmarks = opts.benchmarks ?? table1Benchmarks(z, count);
  const q = qualifyingOf(z);
  const groups = pieceGroups(z), bytes = scoredBytes(z);
  let m = 0;
  const variant = (coarse: string, mats: LevelMatrices): Table1Variant => {
    const r = rowsFor(z, benchmarks, fitK, mats);
    const allRows = q.length ? rowsFor(z, q, fitK, mats).rows : [];
    m = r.m;
    return {
      coarse, nFeatures: { piece: mats.piece.cols.length, chunk: mats.chunk.cols.length, document: mats.document.cols.length },
      rows: r.rows, wins: table1CountWins(r.rows), cells: r.rows.length * TABLE1_MEASURES.length,
      allQualifying: { wins: table1CountWins(allRows), cells: allRows.length * TABLE1_MEASURES.length },
    };
  };
  const tokenMean = variant("mean NLL per token of each 31-piece window / document (features.chunk, features.document)",
    { piece: z.features.sum, chunk: z.features.chunk, document: z.features.document });
  const byteLevels = variant("bits per byte of the pool's pieces in each window / document: Σ nats / (ln 2 · Σ bytes)",
    { piece: z.features.sum, chunk: groupBitsPerByte(z, groups.chunks, bytes), document: groupBitsPerByte(z, groups.documents, bytes) });
  return {
    params: {
      count, fitK, rule: opts.benchmarks ? "given" : RULE,
      thrush: "γ = Σ_{k<l} sign(y_k − y_l)(rank(x_k) − rank(x_l)), mid-ranks, scores oriented higher = better; shown as γ/(m(m²−1)/6)",
      adjR2: `OLS y ~ 1 + the ${fitK} features with the largest |γ| at that level (ties: lower column index); adjR² = 1 − (RSS/(n − r − 1))/(TSS/(n − 1))`,
      quantiles: "R type 7 (numpy default 'linear'); SD with n − 1",
    },
    benchmarks, qualifying: q, thrushScale: (m * (m * m - 1)) / 6, nModels: m, tokenMean, bytes: byteLevels,
  };
}
