/**
 * Deterministic truncated SVD of a sparse matrix by seeded randomized subspace iteration
 * (Halko, Martinsson & Tropp 2011, Algorithms 4.4 + 5.1) with a fixed number of power iterations.
 * Same seed, same input, same machine -> bit-identical output.
 */
import { Matrix, SVD } from "ml-matrix";
import { createRng } from "../core/random";

/** A sparse matrix in compressed sparse row form (rows x cols). */
export interface CsrMatrix {
  nRows: number;
  nCols: number;
  /** Row i's entries are at rowPtr[i] .. rowPtr[i+1]-1. */
  rowPtr: Int32Array;
  colIdx: Int32Array;
  data: Float64Array;
}

/** Result of `randomizedSvd`: the top-k singular values and right singular vectors. */
export interface TruncatedSvd {
  k: number;
  singularValues: Float64Array;
  /** V, row-major nCols x k: column c (unit norm) is the c-th right singular vector. */
  v: Float64Array;
}

/** Options of `randomizedSvd`. */
export interface RandomizedSvdOptions {
  /** Extra random directions beyond k (default 16). */
  oversample?: number;
  /** Power (subspace) iterations (default 4). */
  powerIterations?: number;
  /** Seed of the Gaussian test matrix. */
  seed: number;
}

/** A dense block of l vectors of length n, stored row-major (n x l): element (i, j) at i*l + j. */
interface Block { n: number; l: number; x: Float64Array }

/** A · X for X (nCols x l) -> nRows x l. */
function mulA(a: CsrMatrix, X: Block): Block {
  const l = X.l, out = new Float64Array(a.nRows * l), x = X.x;
  for (let i = 0; i < a.nRows; i++) {
    const o = i * l;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const v = a.data[p], b = a.colIdx[p] * l;
      for (let j = 0; j < l; j++) out[o + j] += v * x[b + j];
    }
  }
  return { n: a.nRows, l, x: out };
}

/** Aᵀ · Y for Y (nRows x l) -> nCols x l. */
function mulAt(a: CsrMatrix, Y: Block): Block {
  const l = Y.l, out = new Float64Array(a.nCols * l), y = Y.x;
  for (let i = 0; i < a.nRows; i++) {
    const o = i * l;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const v = a.data[p], b = a.colIdx[p] * l;
      for (let j = 0; j < l; j++) out[b + j] += v * y[o + j];
    }
  }
  return { n: a.nCols, l, x: out };
}

/** One Cholesky-QR pass in place (Y <- Y R^-1 with RᵀR = YᵀY); false if YᵀY is not numerically positive definite. */
function cholQrPass(Y: Block): boolean {
  const { n, l, x } = Y;
  const g = new Float64Array(l * l);
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let a = 0; a < l; a++) {
      const ya = x[o + a];
      if (ya === 0) continue;
      const ga = a * l;
      for (let b = a; b < l; b++) g[ga + b] += ya * x[o + b];
    }
  }
  // Cholesky: g = Rᵀ R, R upper triangular stored in g's upper part.
  let maxDiag = 0;
  for (let a = 0; a < l; a++) maxDiag = Math.max(maxDiag, g[a * l + a]);
  for (let a = 0; a < l; a++) {
    let d = g[a * l + a];
    for (let k = 0; k < a; k++) d -= g[k * l + a] * g[k * l + a];
    if (!(d > 1e-12 * maxDiag)) return false;
    const r = Math.sqrt(d);
    g[a * l + a] = r;
    for (let b = a + 1; b < l; b++) {
      let s = g[a * l + b];
      for (let k = 0; k < a; k++) s -= g[k * l + a] * g[k * l + b];
      g[a * l + b] = s / r;
    }
  }
  // rt = Rᵀ (row b holds column b of R), so the substitution below reads contiguous memory.
  const rt = new Float64Array(l * l);
  for (let a = 0; a < l; a++) for (let b = a; b < l; b++) rt[b * l + a] = g[a * l + b];
  // Each row y <- y R^-1 (forward substitution on yᵀ = Rᵀ zᵀ).
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let b = 0; b < l; b++) {
      let s = x[o + b];
      const rb = b * l;
      for (let k = 0; k < b; k++) s -= x[o + k] * rt[rb + k];
      x[o + b] = s / rt[rb + b];
    }
  }
  return true;
}

/** Modified Gram–Schmidt, twice, on the columns of a row-major block (fallback for rank-deficient blocks). */
function mgsBlock(Y: Block): void {
  const cols = Array.from({ length: Y.l }, (_, j) => Float64Array.from({ length: Y.n }, (_, i) => Y.x[i * Y.l + j]));
  orthonormalize(cols);
  for (let j = 0; j < Y.l; j++) for (let i = 0; i < Y.n; i++) Y.x[i * Y.l + j] = cols[j][i];
}

/**
 * Orthonormalise the columns of a block: Cholesky-QR, one pass (`passes` = 1, enough between power
 * iterations) or two (CholeskyQR2, for the final bases); MGS twice when Cholesky breaks down.
 */
function orthBlock(Y: Block, passes = 2): void {
  const backup = Y.x.slice();
  if (cholQrPass(Y) && (passes < 2 || cholQrPass(Y))) return;
  Y.x.set(backup);
  mgsBlock(Y);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Orthonormalise a block of column vectors in place by modified Gram–Schmidt, applied twice
 * ("twice is enough"). Columns that become numerically zero are set to zero vectors.
 *
 * @example
 *   const cols = [Float64Array.of(1, 1), Float64Array.of(1, 0)];
 *   orthonormalize(cols);  // cols[0] = [0.707, 0.707], cols[1] = [0.707, -0.707]
 */
export function orthonormalize(cols: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      for (let i = 0; i < j; i++) {
        const q = cols[i];
        const r = dot(q, c);
        if (r !== 0) for (let t = 0; t < c.length; t++) c[t] -= r * q[t];
      }
      const nrm = Math.sqrt(dot(c, c));
      if (nrm > 1e-300) for (let t = 0; t < c.length; t++) c[t] /= nrm;
      else c.fill(0);
    }
  }
}

/**
 * Top-k singular values and right singular vectors of a sparse matrix A.
 *
 * Algorithm: Ω (nCols x l, l = k + oversample) has seeded N(0,1) entries; Q = orth(AΩ); then
 * `powerIterations` times Q = orth(A orth(AᵀQ)); finally Z = AᵀQ = Q₂R (thin QR), SVD Rᵀ = U Σ Wᵀ, so
 * A ≈ Q U Σ (Q₂W)ᵀ and V = Q₂W. Signs of singular vectors are arbitrary (cosines do not depend on them).
 *
 * @example
 *   const svd = randomizedSvd(csr, 2, { seed: 1 });
 *   svd.singularValues  // Float64Array [σ1, σ2]
 */
export function randomizedSvd(a: CsrMatrix, k: number, opts: RandomizedSvdOptions): TruncatedSvd {
  const l = Math.min(k + (opts.oversample ?? 16), a.nRows, a.nCols);
  if (k > l) throw new Error(`randomizedSvd: k = ${k} exceeds min(rows, cols) = ${l}`);
  const rng = createRng(opts.seed);
  const omega: Block = { n: a.nCols, l, x: new Float64Array(a.nCols * l) };
  for (let t = 0; t < omega.x.length; t++) omega.x[t] = rng.normal(); // row-major: term t, direction j
  const iters = opts.powerIterations ?? 4;
  let q = mulA(a, omega);
  orthBlock(q, iters > 0 ? 1 : 2);
  for (let it = 0; it < iters; it++) {
    const z = mulAt(a, q);
    orthBlock(z, 1);
    q = mulA(a, z);
    orthBlock(q, it === iters - 1 ? 2 : 1);
  }
  const z = mulAt(a, q); // nCols x l, equals Bᵀ with B = QᵀA
  const q2: Block = { n: z.n, l, x: z.x.slice() };
  orthBlock(q2);
  // Rᵀ = Zᵀ Q2 (l x l), since Z = Q2 R.
  const rt = new Matrix(l, l);
  const acc = new Float64Array(l * l);
  for (let t = 0; t < z.n; t++) {
    const o = t * l;
    for (let i = 0; i < l; i++) {
      const zi = z.x[o + i];
      if (zi === 0) continue;
      for (let j = 0; j < l; j++) acc[i * l + j] += zi * q2.x[o + j];
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) rt.set(i, j, acc[i * l + j]);
  const svd = new SVD(rt, { computeLeftSingularVectors: false, computeRightSingularVectors: true, autoTranspose: false });
  const w = svd.rightSingularVectors; // l x l
  const sv = svd.diagonal;
  // V = Q2 W restricted to the first k columns, row-major nCols x k.
  const wk = new Float64Array(l * k);
  for (let i = 0; i < l; i++) for (let c = 0; c < k; c++) wk[i * k + c] = w.get(i, c);
  const v = new Float64Array(a.nCols * k);
  for (let t = 0; t < a.nCols; t++) {
    const o = t * l, ov = t * k;
    for (let i = 0; i < l; i++) {
      const qi = q2.x[o + i];
      if (qi === 0) continue;
      const wi = i * k;
      for (let c = 0; c < k; c++) v[ov + c] += qi * wk[wi + c];
    }
  }
  return { k, singularValues: Float64Array.from(sv.slice(0, k)), v };
}
