/**
 * Ranks of a sample. Tie rule of the whole workbook: **mid-ranks** (the average of the ranks a tied
 * group would occupy), as R's `rank(ties.method = "average")` and scipy's `rankdata(method="average")`.
 * Ranks are 1-based.
 */

/**
 * Mid-ranks of x (1-based; ties get the mean of their positions).
 *
 * rank(x_i) = 1 + #{j : x_j < x_i} + (#{j : x_j = x_i} − 1) / 2
 *
 * @example
 *   midranks([10, 20, 20, 5])  // Float64Array [2, 3.5, 3.5, 1]
 */
export function midranks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = sortedOrder(x);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && x[order[j]] === x[order[i]]) j++;
    const rank = (i + 1 + j) / 2; // mean of positions i+1..j
    for (let k = i; k < j; k++) r[order[k]] = rank;
    i = j;
  }
  return r;
}

/** Indices that sort x ascending (stable: equal values keep their original order). NaN is rejected. */
export function sortedOrder(x: ArrayLike<number>): Int32Array {
  const n = x.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(x[i])) throw new Error(`ranks: NaN at position ${i}`);
    idx[i] = i;
  }
  // Int32Array.prototype.sort with a comparator is stable in V8 (TimSort).
  return idx.sort((a, b) => x[a] - x[b] || a - b);
}

/** True when x has at least one tied pair. */
export function hasTies(x: ArrayLike<number>): boolean {
  const o = sortedOrder(x);
  for (let i = 1; i < o.length; i++) if (x[o[i]] === x[o[i - 1]]) return true;
  return false;
}
