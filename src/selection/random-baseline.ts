/**
 * The paper's random-feature baseline (§A.7: "50 random post-filter features"): k candidates drawn
 * uniformly without replacement with a seeded generator, and their OLS fit (with intercept).
 */
import type { LabeledMatrix } from "../core/matrix";
import type { Rng } from "../core/random";
import { olsFit, type OlsFit } from "./ols";

/** Result of {@link randomFeatureBaseline}. */
export interface RandomBaseline {
  seed: number;
  /** Drawn column indices, in draw order. */
  columns: Int32Array;
  selected: string[];
  /** OLS of y on [1, X[:, columns]]; with k ≥ n − 1 the fit saturates and some coefficients are NaN (aliased). */
  fit: OlsFit;
}

/**
 * Draw k distinct candidates at random (partial Fisher–Yates with `rng`) and fit them by OLS.
 *
 * @param candidates pool of column indices (default all columns)
 * @example
 *   const base = randomFeatureBaseline(X, y, 5, createRng(42));
 *   base.selected;  // the same 5 features for seed 42 on every machine
 */
export function randomFeatureBaseline(
  X: LabeledMatrix<Float64Array | Float32Array>, y: ArrayLike<number>, k: number, rng: Rng, candidates?: ArrayLike<number>,
): RandomBaseline {
  const n = X.rows.length, p = X.cols.length;
  const pool = candidates ? Int32Array.from(candidates) : Int32Array.from({ length: p }, (_, j) => j);
  if (!Number.isInteger(k) || k < 0 || k > pool.length) throw new RangeError(`randomFeatureBaseline: k must be an integer in 0..${pool.length}, got ${k}`);
  for (let t = 0; t < k; t++) {
    const u = t + rng.int(pool.length - t);
    const tmp = pool[t]; pool[t] = pool[u]; pool[u] = tmp;
  }
  const columns = pool.slice(0, k);
  const d = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let s = 0; s < k; s++) d[i * k + s] = X.values[i * p + columns[s]];
  return { seed: rng.seed, columns, selected: Array.from(columns, (j) => X.cols[j]), fit: olsFit(d, n, k, y) };
}
