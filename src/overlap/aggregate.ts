/**
 * Function-level overlap matrix (the paper's Fig. 1 left): benchmark overlaps averaged within and
 * between functional categories.
 *
 *   F[c, c] = mean of M[i, j] over unordered pairs i ≠ j with both in c   (NaN when |c| < 2)
 *   F[c, d] = mean of M[i, j] over i ∈ c, j ∈ d                            (c ≠ d)
 * NaN cells of M are skipped. The summary also gives the mean of the diagonal of F (the paper's
 * "mean within-function", 0.285) and of its off-diagonal cells ("mean cross-function", 0.105), each
 * category or category pair weighted equally.
 */
import { groupByCategory, withinCross } from "../stats/bootstrap-category";

/** Function-level matrix over sorted category names. */
export interface FunctionLevelMatrix {
  labels: string[];
  values: Float64Array;
  /** Benchmarks per category. */
  sizes: number[];
  meanWithin: number;
  meanCross: number;
}

/**
 * Aggregate a benchmark overlap matrix to categories.
 *
 * @example
 *   functionLevelMatrix(m.values, m.labels.length, ["math", "math", "logic"]).values  // 2 x 2
 */
export function functionLevelMatrix(values: ArrayLike<number>, n: number, categories: (string | null | undefined)[]): FunctionLevelMatrix {
  if (categories.length !== n) throw new Error(`functionLevelMatrix: ${categories.length} categories for ${n} benchmarks`);
  const g = groupByCategory(categories);
  const K = g.names.length;
  const out = new Float64Array(K * K);
  for (let c = 0; c < K; c++) {
    out[c * K + c] = withinCross(values, n, [g.members[c]])[0].within;
    for (let d = c + 1; d < K; d++) {
      let s = 0, k = 0;
      for (const i of g.members[c]) for (const j of g.members[d]) {
        const v = values[i * n + j];
        if (!Number.isNaN(v)) { s += v; k++; }
      }
      out[c * K + d] = out[d * K + c] = k ? s / k : NaN;
    }
  }
  let sw = 0, kw = 0, sc = 0, kc = 0;
  for (let c = 0; c < K; c++) for (let d = c; d < K; d++) {
    const v = out[c * K + d];
    if (Number.isNaN(v)) continue;
    if (c === d) { sw += v; kw++; } else { sc += v; kc++; }
  }
  return { labels: g.names, values: out, sizes: g.members.map((x) => x.length), meanWithin: kw ? sw / kw : NaN, meanCross: kc ? sc / kc : NaN };
}
