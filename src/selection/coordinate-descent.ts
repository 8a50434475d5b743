/**
 * Cyclic coordinate descent for the elastic-net least-squares problem on a prepared (centred or
 * standardised) design, with glmnet's active-set strategy: one sweep over all coordinates, then sweeps
 * over the non-zero ones until they settle, then a full sweep again until a full sweep changes nothing.
 * When the active-set sweeps converge slowly (every 10th sweep; typical near saturation, e.g. 31 active
 * features for 32 models), an exact active-set step jumps to the restricted minimum (see
 * `exactOnActiveSet`); the answer is the same minimum, reached in far fewer sweeps.
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
    for (let inner = 1; ; inner++) {
      const dl = sweep(act);
      sweeps++;
      if (dl < thr) break;
      if (sweeps >= maxSweeps) return { sweeps, converged: false };
      // Slow convergence (an ill-conditioned active set, e.g. near saturation): try the exact solution
      // for this active set and sign pattern; accept it only if it satisfies every KKT condition.
      if (inner % 10 === 0) {
        const ex = exactOnActiveSet(d, b, r, act, l1, l2);
        if (ex === "optimal") return { sweeps, converged: true };
        if (ex === "restricted") break; // jumped to the optimum on this active set; a full sweep decides the rest
      }
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

/**
 * Jump to the minimum of the objective restricted to the active set A (the non-zero coefficients among
 * `candidates`), an active-set step for when coordinate descent converges slowly (ill-conditioned A).
 * With s = sign(b_A), the restricted minimiser on that orthant solves
 *   (X_AᵀX_A/n + l2·I)·z = X_Aᵀy/n − l1·s,  y = r + X_A·b_A.
 * If some z_a has the wrong sign, b moves along b → z only up to the first sign crossing (the objective
 * decreases along the way, being convex and equal to that quadratic inside the orthant), the crossing
 * coefficients become 0 and leave A, and the solve is repeated. b and r are updated in place. Result:
 * "optimal" when every column outside A satisfies |x_jᵀr/n| ≤ l1 (the KKT conditions, so b is the
 * global minimum), "restricted" when b improved but that check fails, "failed" when nothing changed
 * (A empty, larger than n, or numerically singular).
 */
function exactOnActiveSet(d: CdDesign, b: Float64Array, r: Float64Array, candidates: Int32Array, l1: number, l2: number): "optimal" | "restricted" | "failed" {
  const { n, p, x, xv } = d;
  let act = candidates.filter((j) => b[j] !== 0);
  if (act.length === 0 || act.length > n) return "failed";
  let moved = false;
  for (let iter = 0; iter <= candidates.length && act.length > 0; iter++) {
    const k = act.length;
    const z = solveActive(d, b, r, act, l1, l2);
    if (!z) return moved ? "restricted" : "failed";
    let t = 1;
    for (let a = 0; a < k; a++) {
      const ba = b[act[a]];
      if (Math.sign(z[a]) !== Math.sign(ba)) t = Math.min(t, ba / (ba - z[a]));
    }
    for (let a = 0; a < k; a++) {
      const j = act[a], ba = b[j];
      const crosses = Math.sign(z[a]) !== Math.sign(ba) && ba / (ba - z[a]) <= t;
      const nb = crosses ? 0 : t === 1 ? z[a] : ba + t * (z[a] - ba);
      const del = nb - ba, oa = j * n;
      if (del !== 0) for (let i = 0; i < n; i++) r[i] -= del * x[oa + i];
      b[j] = nb;
    }
    moved = true;
    const before = act.length;
    act = act.filter((j) => b[j] !== 0);
    if (act.length === before) break; // no crossing: b is the minimum restricted to A
  }
  const inA = new Uint8Array(p);
  for (const j of act) inA[j] = 1;
  const bound = l1 * (1 + 1e-9);
  for (let j = 0; j < p; j++) {
    if (inA[j] || xv[j] === 0) continue;
    const oj = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += x[oj + i] * r[i];
    if (Math.abs(s / n) > bound) return "restricted";
  }
  return "optimal";
}

/** z = (X_AᵀX_A/n + l2·I)⁻¹ (X_Aᵀy/n − l1·sign(b_A)) by Cholesky; null if not numerically positive definite. */
function solveActive(d: CdDesign, b: Float64Array, r: Float64Array, act: Int32Array, l1: number, l2: number): Float64Array | null {
  const { n, x } = d;
  const k = act.length;
  const G = new Float64Array(k * k), rhs = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const oa = act[a] * n;
    for (let c = 0; c <= a; c++) {
      const oc = act[c] * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += x[oa + i] * x[oc + i];
      G[a * k + c] = G[c * k + a] = s / n;
    }
  }
  for (let a = 0; a < k; a++) {
    const oa = act[a] * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += x[oa + i] * r[i];
    let gb = 0;
    for (let c = 0; c < k; c++) gb += G[a * k + c] * b[act[c]];
    rhs[a] = s / n + gb - l1 * Math.sign(b[act[a]]);
    G[a * k + a] += l2;
  }
  for (let j = 0; j < k; j++) {
    let dj = G[j * k + j];
    for (let t = 0; t < j; t++) dj -= G[j * k + t] ** 2;
    if (!(dj > 1e-12 * (G[j * k + j] + 1e-300))) return null;
    const ljj = Math.sqrt(dj);
    G[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let v = G[i * k + j];
      for (let t = 0; t < j; t++) v -= G[i * k + t] * G[j * k + t];
      G[i * k + j] = v / ljj;
    }
  }
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) { let v = rhs[i]; for (let t = 0; t < i; t++) v -= G[i * k + t] * z[t]; z[i] = v / G[i * k + i]; }
  for (let i = k - 1; i >= 0; i--) { let v = z[i]; for (let t = i + 1; t < k; t++) v -= G[t * k + i] * z[t]; z[i] = v / G[i * k + i]; }
  return z;
}
