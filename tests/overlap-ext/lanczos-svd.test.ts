import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, SVD } from "ml-matrix";
import { createRng } from "../../src/core/random";
import { lanczosSvd, randomizedSvd, type CsrMatrix } from "../../src/embed/randomized-svd";

// The default LSA SVD (Lanczos, full reorthogonalisation, stopped at relative Ritz residual <= tol) against a
// dense one-sided Jacobi SVD (ml-matrix) on seeded random sparse matrices, both orientations. Tolerances: singular
// values 1e-10 relative to sigma_1; the top-k subspace: ||V_exact^T V||_F^2 = k to 1e-9 (principal angles),
// which holds because the matrices have a clear gap at k (checked).

function randomCsr(nRows: number, nCols: number, density: number, seed: number): { csr: CsrMatrix; dense: Matrix } {
  const rng = createRng(seed);
  const dense = new Matrix(nRows, nCols);
  const rowPtr = new Int32Array(nRows + 1), cols: number[] = [], vals: number[] = [];
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) {
      if (rng.next() < density) { const v = rng.normal(); cols.push(j); vals.push(v); dense.set(i, j, v); }
    }
    rowPtr[i + 1] = cols.length;
  }
  return { csr: { nRows, nCols, rowPtr, colIdx: Int32Array.from(cols), data: Float64Array.from(vals) }, dense };
}

/** ||V_exactᵀ V||_F² for V row-major (nCols x k): k when the two k-dimensional subspaces coincide. */
function subspaceOverlap(exactV: Matrix, v: Float64Array, nCols: number, k: number): number {
  let s = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let d = 0;
    for (let t = 0; t < nCols; t++) d += exactV.get(t, a) * v[t * k + b];
    s += d * d;
  }
  return s;
}

for (const [nRows, nCols] of [[120, 60], [50, 110]] as const) {
  test(`lanczosSvd equals a dense SVD (${nRows} x ${nCols}, k = 8)`, () => {
    const { csr, dense } = randomCsr(nRows, nCols, 0.15, nRows + nCols);
    const k = 8;
    const exact = new SVD(dense, { autoTranspose: true });
    const sv = exact.diagonal;
    assert.ok(sv[k - 1] - sv[k] > 1e-3 * sv[0], "the test matrix has a gap at k");
    const r = lanczosSvd(csr, k, { seed: 5 });
    assert.equal(r.converged, true);
    assert.ok(r.relResidual <= 1e-10);
    for (let i = 0; i < k; i++) {
      assert.ok(Math.abs(r.singularValues[i] - sv[i]) <= 1e-10 * sv[0], `sigma ${i}: ${r.singularValues[i]} vs ${sv[i]}`);
    }
    const ov = subspaceOverlap(exact.rightSingularVectors, r.v, nCols, k);
    assert.ok(Math.abs(ov - k) <= 1e-9, `subspace overlap ${ov}`);
    for (let c = 0; c < k; c++) {
      let nrm = 0;
      for (let t = 0; t < nCols; t++) nrm += r.v[t * k + c] ** 2;
      assert.ok(Math.abs(nrm - 1) <= 1e-10, `unit column ${c}`);
    }
  });
}

test("lanczosSvd is deterministic and its step cap is honoured (the checks can fail)", () => {
  const { csr } = randomCsr(200, 150, 0.05, 11);
  const a = lanczosSvd(csr, 10, { seed: 3 }), b = lanczosSvd(csr, 10, { seed: 3 });
  assert.deepEqual(a.v, b.v);
  assert.deepEqual(a.singularValues, b.singularValues);
  assert.equal(a.steps, b.steps);
  const capped = lanczosSvd(csr, 10, { seed: 3, maxSteps: 12 });
  assert.equal(capped.steps, 12);
  assert.equal(capped.converged, false);
  assert.ok(capped.relResidual > 1e-10);
});

test("randomizedSvd with few power iterations is less accurate than lanczosSvd on a slowly decaying spectrum", () => {
  const { csr, dense } = randomCsr(300, 200, 0.05, 21);
  const k = 20;
  const sv = new SVD(dense, { autoTranspose: true }).diagonal;
  const lz = lanczosSvd(csr, k, { seed: 1 });
  const rs = randomizedSvd(csr, k, { seed: 1, oversample: 5, powerIterations: 1 });
  const errL = Math.abs(lz.singularValues[k - 1] - sv[k - 1]), errR = Math.abs(rs.singularValues[k - 1] - sv[k - 1]);
  assert.ok(errL <= 1e-10 * sv[0], `lanczos sigma_k error ${errL}`);
  assert.ok(errR > 1e3 * errL + 1e-8, `randomized sigma_k error ${errR}`);
});
