/**
 * Tail selection for screening: keep the features with the largest and the smallest statistic.
 *
 * Rule (the paper's Algorithm 4 with the released code's floor): per tail k = max(1, ⌊ratio·d⌋) where d
 * is the number of features with a defined (non-NaN) statistic; if 2k < minCandidates the tails are
 * widened to ⌈minCandidates/2⌉ (top) and ⌊minCandidates/2⌋ (bottom) more in total; if the two tails
 * would cover every feature, all defined features are kept. Ties in the statistic are broken by
 * feature index (the lower index wins), in both tails, so the selection is fully deterministic.
 */

/**
 * Default floor on the number of candidates: max(2m, 50), as the paper's released code.
 *
 * @example
 *   defaultMinCandidates(32);  // 64
 */
export function defaultMinCandidates(nModels: number): number {
  return Math.max(2 * nModels, 50);
}

/**
 * How many features each tail keeps.
 *
 * k = max(1, ⌊ratio·d⌋) per tail (ratio clipped to [0, 0.5]; a relative 1e-12 guards ⌊0.29·100⌋ = 28);
 * if 2k < minCandidates, need = minCandidates − 2k is split ⌈need/2⌉ to the top, ⌊need/2⌋ to the bottom.
 * `all` is true when the tails would cover all d features (then everything is kept).
 *
 * @example
 *   tailSizes(1_000_000, 0.01, 64);  // { perTail: 10000, nTop: 10000, nBottom: 10000, all: false }
 *   tailSizes(1000, 0.01, 64);       // { perTail: 10, nTop: 32, nBottom: 32, all: false }
 */
export function tailSizes(nValid: number, ratio: number, minCandidates: number): { perTail: number; nTop: number; nBottom: number; all: boolean } {
  if (!(ratio >= 0) || !Number.isFinite(ratio)) throw new Error(`tail ratio must be a number >= 0, got ${ratio}`);
  if (!(minCandidates >= 0) || !Number.isInteger(minCandidates)) throw new Error(`minCandidates must be an integer >= 0, got ${minCandidates}`);
  const r = Math.min(ratio, 0.5);
  const perTail = Math.max(1, Math.floor(r * nValid * (1 + 1e-12)));
  let nTop = perTail, nBottom = perTail;
  if (nTop + nBottom < minCandidates) {
    const need = minCandidates - nTop - nBottom;
    nTop += Math.ceil(need / 2);
    nBottom += Math.floor(need / 2);
  }
  if (nTop + nBottom >= nValid) {
    nTop = Math.ceil(nValid / 2);
    nBottom = nValid - nTop;
    return { perTail, nTop, nBottom, all: true };
  }
  return { perTail, nTop, nBottom, all: false };
}

/**
 * Streaming best-k selector over (value, feature index) pairs. `side = "top"` keeps the largest values,
 * `"bottom"` the smallest; among equal values the lower index is better. NaN values are skipped.
 * Memory is 2·capacity entries; the result does not depend on the order or blocking of `push` calls.
 *
 * @example
 *   const acc = new TailAccumulator(2, "top");
 *   acc.push(new Float64Array([0.1, 0.9, 0.5, 0.9]), 0);
 *   acc.result().index;  // Int32Array [1, 3]
 */
export class TailAccumulator {
  private readonly vals: Float64Array;
  private readonly idx: Int32Array;
  private count = 0;
  private pruned = false;
  private tv = -Infinity; // threshold key (sign-adjusted value) and index after the last prune
  private ti = 0;
  private readonly sgn: number;
  /** Number of non-NaN values seen. */
  nValid = 0;

  constructor(readonly capacity: number, readonly side: "top" | "bottom") {
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`TailAccumulator: bad capacity ${capacity}`);
    this.vals = new Float64Array(Math.max(2 * capacity, 1));
    this.idx = new Int32Array(Math.max(2 * capacity, 1));
    this.sgn = side === "top" ? 1 : -1;
  }

  /** Offer values[start + j·stride] as feature index offset + j, for j < n (n defaults to the whole array). */
  push(values: ArrayLike<number>, offset: number, start = 0, n = values.length - start, stride = 1): void {
    const cap = this.capacity, sgn = this.sgn, vals = this.vals, idx = this.idx, full = vals.length;
    let valid = 0, count = this.count, pruned = this.pruned, tv = this.tv, ti = this.ti;
    for (let j = 0; j < n; j++) {
      const raw = values[start + j * stride];
      if (raw !== raw) continue;
      valid++;
      const s = sgn * raw, i = offset + j;
      if (pruned ? !(s > tv || (s === tv && i < ti)) : cap === 0) continue;
      vals[count] = s; idx[count] = i; count++;
      if (count === full) {
        this.count = count;
        this.prune();
        count = this.count; pruned = true; tv = this.tv; ti = this.ti;
      }
    }
    this.count = count;
    this.nValid += valid;
  }

  private prune(): void {
    const cap = this.capacity;
    select(this.vals, this.idx, 0, this.count - 1, cap - 1);
    this.count = cap;
    // threshold = the worst of the kept cap entries
    let wv = Infinity, wi = -1;
    for (let q = 0; q < cap; q++) {
      const v = this.vals[q], i = this.idx[q];
      if (v < wv || (v === wv && i > wi)) { wv = v; wi = i; }
    }
    this.tv = wv; this.ti = wi; this.pruned = true;
  }

  /** The best min(k, capacity) entries, best first: feature indices and their (original-sign) values. */
  result(k = this.capacity): { index: Int32Array; value: Float64Array } {
    const n = Math.min(k, this.capacity, this.count);
    const order = new Int32Array(this.count);
    for (let q = 0; q < this.count; q++) order[q] = q;
    const vals = this.vals, idx = this.idx;
    if (this.count > n && n > 0) select(vals, idx, 0, this.count - 1, n - 1);
    const head = order.subarray(0, n).sort((a, b) => vals[b] - vals[a] || idx[a] - idx[b]);
    const index = new Int32Array(n), value = new Float64Array(n);
    for (let q = 0; q < n; q++) { index[q] = idx[head[q]]; value[q] = this.sgn * vals[head[q]]; }
    return { index, value };
  }
}

/** "a is better than b": larger key, then smaller index. */
function better(va: number, ia: number, vb: number, ib: number): boolean {
  return va > vb || (va === vb && ia < ib);
}

/** Quickselect on parallel arrays: afterwards positions lo..k hold the k−lo+1 best entries (unordered). */
function select(vals: Float64Array, idx: Int32Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    // median of three as pivot
    const mid = (lo + hi) >>> 1;
    if (better(vals[mid], idx[mid], vals[lo], idx[lo])) swap(vals, idx, mid, lo);
    if (better(vals[hi], idx[hi], vals[lo], idx[lo])) swap(vals, idx, hi, lo);
    if (better(vals[hi], idx[hi], vals[mid], idx[mid])) swap(vals, idx, hi, mid);
    const pv = vals[mid], pi = idx[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (better(vals[i], idx[i], pv, pi)) i++;
      while (better(pv, pi, vals[j], idx[j])) j--;
      if (i <= j) { swap(vals, idx, i, j); i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(vals: Float64Array, idx: Int32Array, a: number, b: number): void {
  const v = vals[a]; vals[a] = vals[b]; vals[b] = v;
  const i = idx[a]; idx[a] = idx[b]; idx[b] = i;
}

/** The outcome of tail selection for one statistic vector. */
export interface TailSelection {
  /** Features with a defined statistic (d in the rule above). */
  nValid: number;
  /** k = max(1, ⌊ratio·d⌋) before the floor. */
  perTail: number;
  /** Top-tail feature indices, largest statistic first. */
  top: Int32Array;
  /** Bottom-tail feature indices, smallest statistic first. */
  bottom: Int32Array;
  /** Smallest statistic kept in the top tail (NaN when the tail is empty). */
  topThreshold: number;
  /** Largest statistic kept in the bottom tail (NaN when the tail is empty). */
  bottomThreshold: number;
  /** All kept features ordered by decreasing |statistic − centre| (equal to 12 digits = tied), ties by index. */
  kept: Int32Array;
  /** Statistic of each kept feature, aligned with `kept`. */
  keptStatistic: Float64Array;
  /** True when the tails covered every defined feature. */
  keptAll: boolean;
}

/**
 * Accumulator capacity that is enough for any nValid <= nFeatures: the largest tail `tailSizes` can
 * ask for, or every feature when the tails could cover them all.
 *
 * @example
 *   tailCapacity(1_000_000, 0.01, 64);  // 10000
 *   tailCapacity(40, 0.01, 64);         // 40 (tails cover everything)
 */
export function tailCapacity(nFeatures: number, ratio: number, minCandidates: number): number {
  if (ratio >= 0.49) return nFeatures;
  const sz = tailSizes(nFeatures, ratio, minCandidates);
  // "keep all" happens for nValid <= max(minCandidates, 2): then the top accumulator must hold them all
  return Math.min(nFeatures, Math.max(sz.nTop, sz.nBottom, minCandidates, 2));
}

/**
 * Select both tails of a statistic vector from two accumulators that have each seen every feature
 * (capacities from `tailCapacity` for the total number of features).
 *
 * @example
 *   const top = new TailAccumulator(3, "top"), bot = new TailAccumulator(3, "bottom");
 *   const s = new Float64Array([0.2, -0.9, 0.7]); top.push(s, 0); bot.push(s, 0);
 *   finishTails(top, bot, 0.01, 2, 0).kept;  // Int32Array [1, 2]
 */
export function finishTails(
  top: TailAccumulator, bottom: TailAccumulator, ratio: number, minCandidates: number, centre: number,
): TailSelection {
  const nValid = top.nValid;
  if (bottom.nValid !== nValid) throw new Error("finishTails: the two accumulators saw different features");
  const sz = tailSizes(nValid, ratio, minCandidates);
  let t: { index: Int32Array; value: Float64Array }, b: { index: Int32Array; value: Float64Array };
  if (sz.all) {
    if (top.capacity < nValid) throw new Error("finishTails: accumulator capacity too small");
    const all = top.result(nValid); // every defined feature, largest first
    t = { index: all.index.slice(0, sz.nTop), value: all.value.slice(0, sz.nTop) };
    b = { index: all.index.slice(sz.nTop).reverse(), value: all.value.slice(sz.nTop).reverse() };
    // equal values in the bottom tail: lower index first
    const ord = Int32Array.from({ length: b.index.length }, (_, q) => q)
      .sort((p, q) => b.value[p] - b.value[q] || b.index[p] - b.index[q]);
    b = { index: Int32Array.from(ord, (q) => b.index[q]), value: Float64Array.from(ord, (q) => b.value[q]) };
  } else {
    if (sz.nTop > top.capacity || sz.nBottom > bottom.capacity) throw new Error("finishTails: accumulator capacity too small");
    t = top.result(sz.nTop);
    b = bottom.result(sz.nBottom);
  }
  const n = t.index.length + b.index.length;
  const ki = new Int32Array(n), kv = new Float64Array(n);
  ki.set(t.index, 0); ki.set(b.index, t.index.length);
  kv.set(t.value, 0); kv.set(b.value, t.index.length);
  // distances equal to 12 significant digits count as tied (|0.6 − 0.5| and |0.4 − 0.5| differ in the
  // last bit), and ties go to the lower feature index
  const dist = Float64Array.from(kv, (v) => Math.abs(v - centre));
  const order = Int32Array.from({ length: n }, (_, q) => q).sort((p, q) => {
    const a = dist[p], b = dist[q];
    if (Math.abs(a - b) > 1e-12 * Math.max(a, b)) return b - a;
    return ki[p] - ki[q];
  });
  return {
    nValid, perTail: sz.perTail, top: t.index, bottom: b.index,
    topThreshold: t.value.length ? t.value[t.value.length - 1] : NaN,
    bottomThreshold: b.value.length ? b.value[b.value.length - 1] : NaN,
    kept: Int32Array.from(order, (q) => ki[q]), keptStatistic: Float64Array.from(order, (q) => kv[q]), keptAll: sz.all,
  };
}

/**
 * Tail selection over a whole statistic vector in memory.
 *
 * @example
 *   selectTails(new Float64Array([0.2, -0.9, 0.7, NaN, 0.1]), { ratio: 0.2, minCandidates: 0 });
 *   // top [2], bottom [1], kept [1, 2]; nValid 4 (the NaN is never kept)
 */
export function selectTails(stat: ArrayLike<number>, opts: { ratio?: number; minCandidates: number; centre?: number }): TailSelection {
  const ratio = opts.ratio ?? 0.01;
  const cap = tailCapacity(stat.length, ratio, opts.minCandidates);
  const top = new TailAccumulator(cap, "top"), bottom = new TailAccumulator(cap, "bottom");
  top.push(stat, 0); bottom.push(stat, 0);
  return finishTails(top, bottom, ratio, opts.minCandidates, opts.centre ?? 0);
}
