/**
 * Within- vs cross-category overlap with a stratified benchmark bootstrap (the paper's Table 5 and the
 * stars of Fig. 4a, A.6). The paper states only "10,000 bootstrap resamples"; the procedure here is:
 *
 * Statistic, for category c with member benchmarks G_c (K categories, overlap matrix M):
 *   within(c)   = mean of M[i, j] over unordered pairs of members i ≠ j of G_c
 *   between(c,d) = mean of M[i, j] over i ∈ G_c, j ∈ G_d
 *   cross(c)    = mean over the other categories d of between(c, d)   (every category pair weighted equally)
 *   D(c)        = within(c) − cross(c)
 * NaN cells are skipped in every mean.
 *
 * Resampling (one replicate): for every category k in sorted-name order, draw |G_k| positions with
 * replacement from 0..|G_k|-1 (`rng.int`, positions in order), giving a multiset of members per category;
 * recompute D(c) for all c on the resampled multisets, where within() skips pairs of two copies of the
 * same benchmark. All categories share the replicate. Replicates where D*(c) is undefined (fewer than two
 * distinct members drawn) are dropped for c and counted.
 *
 * Reported per category: D, the percentile interval of D*, `percentileOfZero` = 100·#{D* ≤ 0}/B,
 * the signed percentile (+100·#{D* > 0}/B when D ≥ 0, −100·#{D* < 0}/B when D < 0) and the two-sided
 * p = min(1, 2·(1 + min(#{D* ≤ 0}, #{D* ≥ 0}))/(B + 1)) (never 0: the smallest is 2/(B+1)), with Holm's
 * adjustment across categories. B counts the replicates where D*(c) is defined. With two members a
 * category's within mean is a single pair, so its bootstrap reflects only the cross side: read such
 * rows with care (the size is reported).
 */
import { createRng, type Rng } from "../core/random";
import { holm } from "./holm";

/**
 * Quantile of a sorted sample by linear interpolation (R's default `quantile(type = 7)`).
 *
 * Q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]),  h = (n − 1)p  (0-based)
 *
 * @example
 *   quantile7(Float64Array.of(1, 2, 3, 4), 0.5)  // 2.5
 */
export function quantile7(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h), hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Members of each category as benchmark indices (categories sorted by name). */
export interface CategoryGroups {
  names: string[];
  members: number[][];
}

/**
 * Group benchmark indices by category (benchmarks with an empty category are left out).
 *
 * @example
 *   groupByCategory(["x", "y", "x"])  // { names: ["x", "y"], members: [[0, 2], [1]] }
 */
export function groupByCategory(categories: (string | null | undefined)[]): CategoryGroups {
  const names = [...new Set(categories.filter((c): c is string => !!c))].sort();
  return { names, members: names.map((c) => categories.flatMap((x, i) => (x === c ? [i] : []))) };
}

function meanWithin(values: ArrayLike<number>, n: number, g: ArrayLike<number>): number {
  let s = 0, k = 0;
  for (let p = 0; p < g.length; p++) for (let q = p + 1; q < g.length; q++) {
    if (g[p] === g[q]) continue;
    const v = values[g[p] * n + g[q]];
    if (!Number.isNaN(v)) { s += v; k++; }
  }
  return k ? s / k : NaN;
}

function meanBetween(values: ArrayLike<number>, n: number, g: ArrayLike<number>, h: ArrayLike<number>): number {
  let s = 0, k = 0;
  for (let p = 0; p < g.length; p++) for (let q = 0; q < h.length; q++) {
    const v = values[g[p] * n + h[q]];
    if (!Number.isNaN(v)) { s += v; k++; }
  }
  return k ? s / k : NaN;
}

/**
 * within(c), cross(c) and D(c) for every category, given member lists (possibly with repeats).
 *
 * @example
 *   withinCross(m.values, m.labels.length, groups.members)  // [{ within, cross, diff }, ...]
 */
export function withinCross(values: ArrayLike<number>, n: number, members: ArrayLike<number>[]): { within: number; cross: number; diff: number }[] {
  const K = members.length;
  const between: number[][] = Array.from({ length: K }, () => new Array(K).fill(NaN));
  for (let c = 0; c < K; c++) for (let d = c + 1; d < K; d++) between[c][d] = between[d][c] = meanBetween(values, n, members[c], members[d]);
  return members.map((g, c) => {
    const within = meanWithin(values, n, g);
    let s = 0, k = 0;
    for (let d = 0; d < K; d++) if (d !== c && !Number.isNaN(between[c][d])) { s += between[c][d]; k++; }
    const cross = k ? s / k : NaN;
    return { within, cross, diff: within - cross };
  });
}

/**
 * Draw one stratified replicate: for each category, |G_k| positions with replacement.
 *
 * @example
 *   drawCategoryReplicate([3, 2], createRng(1))  // [Int32Array(3), Int32Array(2)]
 */
export function drawCategoryReplicate(sizes: number[], rng: Rng): Int32Array[] {
  return sizes.map((m) => {
    const out = new Int32Array(m);
    for (let i = 0; i < m; i++) out[i] = rng.int(m);
    return out;
  });
}

/** Result for one category. */
export interface CategoryTest {
  category: string;
  size: number;
  within: number;
  cross: number;
  diff: number;
  lower: number;
  upper: number;
  percentileOfZero: number;
  signedPercentile: number;
  p: number;
  pHolm: number;
  validResamples: number;
}

/** Options of `withinCrossBootstrap`. */
export interface CategoryBootstrapOptions {
  /** Replicates (default 10,000). */
  resamples?: number;
  seed?: number;
  level?: number;
  /** Pre-drawn replicates (replicate -> category -> positions), e.g. committed indices for a check. */
  replicates?: Int32Array[][];
}

/**
 * Within- vs cross-category test for every category (see the module comment for the exact procedure).
 *
 * @example
 *   const t = withinCrossBootstrap(m.values, m.labels.length, groupByCategory(cats), { resamples: 10000, seed: 0 });
 */
export function withinCrossBootstrap(values: ArrayLike<number>, n: number, groups: CategoryGroups, opts: CategoryBootstrapOptions = {}): CategoryTest[] {
  const K = groups.names.length;
  const level = opts.level ?? 0.95;
  const observed = withinCross(values, n, groups.members);
  const B = opts.replicates ? opts.replicates.length : opts.resamples ?? 10000;
  const rng = createRng(opts.seed ?? 0);
  const sizes = groups.members.map((g) => g.length);
  const stars: number[][] = Array.from({ length: K }, () => []);
  for (let r = 0; r < B; r++) {
    const rep = opts.replicates ? opts.replicates[r] : drawCategoryReplicate(sizes, rng);
    const members = rep.map((pos, k) => Array.from(pos, (p) => groups.members[k][p]));
    const res = withinCross(values, n, members);
    for (let c = 0; c < K; c++) if (!Number.isNaN(res[c].diff)) stars[c].push(res[c].diff);
  }
  const rows = observed.map((o, c) => {
    const d = Float64Array.from(stars[c]).sort();
    const b = d.length;
    let le = 0, ge = 0, gt = 0, lt = 0;
    for (const x of d) { if (x <= 0) le++; if (x >= 0) ge++; if (x > 0) gt++; if (x < 0) lt++; }
    return {
      category: groups.names[c], size: sizes[c], within: o.within, cross: o.cross, diff: o.diff,
      lower: quantile7(d, (1 - level) / 2), upper: quantile7(d, 1 - (1 - level) / 2),
      percentileOfZero: b ? (100 * le) / b : NaN,
      signedPercentile: b ? (o.diff >= 0 ? (100 * gt) / b : (-100 * lt) / b) : NaN,
      p: b && !Number.isNaN(o.diff) ? Math.min(1, (2 * (1 + Math.min(le, ge))) / (b + 1)) : NaN,
      pHolm: NaN, validResamples: b,
    };
  });
  const ps = rows.map((r) => r.p);
  const adj = holm(ps);
  rows.forEach((r, i) => (r.pHolm = adj[i]));
  return rows;
}
