/**
 * Cyclic coordinate descent for the elastic-net least-squares problem on a prepared (centred or
 * standardised) design, with glmnet's active-set strategy: one sweep over all coordinates, then sweeps
 * over the non-zero ones until they settle, then a full sweep again until a full sweep changes nothing.
 */

/** A design prepared for coordinate descent: columns stored contiguously (column-major), p × n. */
export interface CdDesign {
  n: number;
  p: number;
  /** x[j * n + i]: column j, row (model) i. */
  x: Float64Array;
  /** (1/n)·‖x_j‖²; 0 marks an excluded (constant) column, whose coefficient stays 0. */
  xv: Float64Array;
}

/** Result of {@link coordinateDescent}. */
export interface CdResult {
  /** Full sweeps plus active-set sweeps performed. */
  sweeps: number;
  converged: boolean;
}

/**
 * Minimise (1/(2n))·‖y − Xb‖² + l1·‖b‖₁ + (l2/2)·‖b‖² by cyclic coordinate descent, in place.
 *
 * Update: b_j ← S((1/n)·x_jᵀr + xv_j·b_j, l1) / (xv_j + l2), S(z, t) = sign(z)·max(|z| − t, 0),
 * r = y − Xb kept up to date. Stops when a full sweep's largest xv_j·Δb_j² is below `thr`.
 *
 * @param b coefficients (warm start in, solution out)
 * @param r residual y − Xb for the incoming b (updated in place)
 * @example
 *   const d = { n: 2, p: 1, x: new Float64Array([1, -1]), xv: new Float64Array([1]) };
 *   const b = new Float64Array(1), r = new Float64Array([2, -2]);
 *   coordinateDescent(d, b, r, 0.5, 0, 1e-20, 1000); // b[0] = 1.5
 */
export function coordinateDescent(d: CdDesign, b: Float64Array, r: Float64Array, l1: number, l2: number, thr: number, maxSweeps: number): CdResult {
  const { n, p, x, xv } = d;
  const all = new Int32Array(p);
  let m = 0;
  for (let j = 0; j < p; j++) if (xv[j] > 0) all[m++] = j;
  const everyColumn = all.subarray(0, m);
  let sweeps = 0;
  for (;;) {
    const dlx = sweep(everyColumn);
    sweeps++;
    if (dlx < thr) return { sweeps, converged: true };
    if (sweeps >= maxSweeps) return { sweeps, converged: false };
    const active: number[] = [];
    for (const j of everyColumn) if (b[j] !== 0) active.push(j);
    const act = Int32Array.from(active);
    for (;;) {
      const dl = sweep(act);
      sweeps++;
      if (dl < thr) break;
      if (sweeps >= maxSweeps) return { sweeps, converged: false };
    }
  }

  function sweep(cols: Int32Array): number {
    let dlx = 0;
    for (let t = 0; t < cols.length; t++) {
      const j = cols[t], off = j * n;
      const old = b[j];
      let g = 0;
      for (let i = 0; i < n; i++) g += x[off + i] * r[i];
      const u = g / n + xv[j] * old;
      const au = Math.abs(u) - l1;
      const nb = au > 0 ? (Math.sign(u) * au) / (xv[j] + l2) : 0;
      if (nb === old) continue;
      const del = nb - old;
      b[j] = nb;
      for (let i = 0; i < n; i++) r[i] -= del * x[off + i];
      const ch = xv[j] * del * del;
      if (ch > dlx) dlx = ch;
    }
    return dlx;
  }
}
