/**
 * Ordinary least squares by Householder QR with R's rank rule (LINPACK `dqrdc2`, as `lm.fit` uses it):
 * columns are processed in order; a column whose norm, after removing the part explained by the columns
 * already accepted, falls below `tol` (default 1e-7) times its original norm is numerically collinear. It is
 * moved to the end, and its coefficient is `NaN` (R reports `NA`, "aliased"). Rows are models.
 */

/** Result of {@link olsFit}. Coefficients are in input column order (intercept first when present). */
export interface OlsFit {
  /** One per design column (intercept first when `intercept`); NaN for aliased (collinear) columns. */
  coefficients: Float64Array;
  /** Numerical rank of the design (R's `fit$rank`). */
  rank: number;
  /** Residual sum of squares Σ (y_i − ŷ_i)². */
  rss: number;
  /** y − ŷ. */
  residuals: Float64Array;
  /** ŷ. */
  fitted: Float64Array;
  /** true for design columns judged collinear with earlier ones (same order as `coefficients`). */
  aliased: boolean[];
  /** n − rank. */
  dfResidual: number;
}

/** Options of {@link olsFit}. */
export interface OlsOptions {
  /** Prepend a column of ones (default true). */
  intercept?: boolean;
  /** Relative collinearity tolerance on column norms (default 1e-7, R's `lm.fit`). */
  tol?: number;
}

/**
 * Fit y ~ X by least squares (Householder QR, R's limited column pivoting for rank deficiency).
 *
 * β̂ = argmin ‖y − [1 X] β‖², computed as R β̂ = Qᵀy on the first `rank` pivoted columns.
 *
 * @param x row-major n × p design (rows = models), without the intercept column
 * @example
 *   const fit = olsFit(new Float64Array([1, 2, 3]), 3, 1, new Float64Array([2, 4, 7]));
 *   fit.coefficients; // Float64Array [-0.333…, 2.5]  (intercept, slope)
 */
export function olsFit(x: ArrayLike<number>, n: number, p: number, y: ArrayLike<number>, opts: OlsOptions = {}): OlsFit {
  const intercept = opts.intercept ?? true;
  const tol = opts.tol ?? 1e-7;
  if (x.length !== n * p) throw new RangeError(`olsFit: x has ${x.length} values, expected ${n} x ${p}`);
  if (y.length !== n) throw new RangeError(`olsFit: y has ${y.length} values, expected ${n}`);
  const q = p + (intercept ? 1 : 0);
  // Column-major copy of the design: a[j * n + i].
  const a = new Float64Array(q * n);
  let c0 = 0;
  if (intercept) { a.fill(1, 0, n); c0 = 1; }
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) a[(j + c0) * n + i] = x[i * p + j];
  const perm = Array.from({ length: q }, (_, j) => j);
  const origNorm = new Float64Array(q);
  for (let j = 0; j < q; j++) {
    const nr = norm(a, j * n, 0, n);
    origNorm[j] = nr === 0 ? 1 : nr; // as dqrdc2: a zero column is compared against 1
  }
  const qty = Float64Array.from(y);
  const tau = new Float64Array(q); // Householder scalars; vectors stored below the diagonal of a
  const diag = new Float64Array(q);
  let rank = 0;
  let last = q; // columns [last, q) are the aliased ones, moved to the end
  let l = 0;
  const steps = Math.min(n, q);
  while (l < last && l < steps) {
    const nrm = norm(a, perm[l] * n, l, n);
    if (nrm < tol * origNorm[perm[l]]) {
      // Move the collinear column to the end (R keeps the relative order of the moved columns).
      const moved = perm[l];
      for (let k = l; k < q - 1; k++) perm[k] = perm[k + 1];
      perm[q - 1] = moved;
      last--;
      continue;
    }
    // Householder reflection H = I − v vᵀ / tau zeroing column perm[l] below row l.
    const off = perm[l] * n;
    const alpha = a[off + l] >= 0 ? -nrm : nrm;
    a[off + l] -= alpha; // v = x − alpha e_l (stored in place)
    let s = 0; // vᵀv, computed directly
    for (let i = l; i < n; i++) s += a[off + i] * a[off + i];
    tau[l] = s;
    diag[l] = alpha;
    if (s > 0) {
      for (let k = l + 1; k < q; k++) applyReflector(a, off, a, perm[k] * n, l, n, s);
      applyReflector(a, off, qty, 0, l, n, s);
    }
    rank++;
    l++;
  }
  // Back-substitution on the leading rank × rank triangle.
  const b = new Float64Array(q).fill(NaN);
  const sol = new Float64Array(rank);
  for (let r = rank - 1; r >= 0; r--) {
    let v = qty[r];
    for (let k = r + 1; k < rank; k++) v -= rAt(a, perm, diag, n, r, k) * sol[k];
    sol[r] = v / diag[r];
  }
  for (let r = 0; r < rank; r++) b[perm[r]] = sol[r];
  let rss = 0;
  for (let i = rank; i < n; i++) rss += qty[i] * qty[i];
  const fitted = new Float64Array(n);
  for (let j = 0; j < q; j++) {
    if (Number.isNaN(b[j])) continue;
    for (let i = 0; i < n; i++) fitted[i] += (j < c0 ? 1 : x[i * p + (j - c0)]) * b[j];
  }
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = y[i] - fitted[i];
  const aliased = Array.from(b, (v) => Number.isNaN(v));
  return { coefficients: b, rank, rss, residuals, fitted, aliased, dfResidual: n - rank };
}

/** Entry (r, k) of the R factor, k ≥ r, in pivoted order. */
function rAt(a: Float64Array, perm: number[], diag: Float64Array, n: number, r: number, k: number): number {
  return k === r ? diag[r] : a[perm[k] * n + r];
}

function norm(a: Float64Array, off: number, from: number, to: number): number {
  let scale = 0;
  for (let i = from; i < to; i++) scale = Math.max(scale, Math.abs(a[off + i]));
  if (scale === 0) return 0;
  let s = 0;
  for (let i = from; i < to; i++) { const t = a[off + i] / scale; s += t * t; }
  return scale * Math.sqrt(s);
}

/** target[l..n) −= v (vᵀ target) / vtv, with v stored at a[voff + l .. voff + n). */
function applyReflector(a: Float64Array, voff: number, target: Float64Array, toff: number, l: number, n: number, vtv: number): void {
  let d = 0;
  for (let i = l; i < n; i++) d += a[voff + i] * target[toff + i];
  const f = (2 * d) / vtv;
  for (let i = l; i < n; i++) target[toff + i] -= f * a[voff + i];
}
