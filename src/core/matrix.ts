/**
 * Labelled dense matrices. Convention for the whole workbook: **rows are models**, columns are
 * features (corpus pieces) or benchmarks. Storage is row-major: `values[i * cols.length + j]`.
 */
export interface LabeledMatrix<V extends Float64Array | Float32Array = Float64Array> {
  rows: string[];
  cols: string[];
  values: V;
}

/** A square matrix over one set of labels (an overlap or correlation matrix). */
export interface SquareMatrix {
  labels: string[];
  values: Float64Array;
}

/** Element (i, j) of a row-major matrix with `nCols` columns. */
export function at(m: { values: ArrayLike<number>; cols: string[] }, i: number, j: number): number {
  return m.values[i * m.cols.length + j];
}

/** Column j of a row-major matrix as a new Float64Array (length = number of rows). */
export function column(m: LabeledMatrix<Float64Array | Float32Array>, j: number): Float64Array {
  const n = m.rows.length, p = m.cols.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = m.values[i * p + j];
  return out;
}

/** A new matrix keeping only the given column indices, in that order. */
export function selectColumns<V extends Float64Array | Float32Array>(m: LabeledMatrix<V>, idx: ArrayLike<number>): LabeledMatrix<V> {
  const n = m.rows.length, p = m.cols.length, q = idx.length;
  const values = new (m.values.constructor as { new (n: number): V })(n * q);
  for (let i = 0; i < n; i++) for (let k = 0; k < q; k++) values[i * q + k] = m.values[i * p + idx[k]];
  return { rows: m.rows.slice(), cols: Array.from(idx, (j) => m.cols[j]), values };
}

/** A new matrix keeping only the given row indices, in that order. */
export function selectRows<V extends Float64Array | Float32Array>(m: LabeledMatrix<V>, idx: ArrayLike<number>): LabeledMatrix<V> {
  const p = m.cols.length, q = idx.length;
  const values = new (m.values.constructor as { new (n: number): V })(q * p);
  for (let k = 0; k < q; k++) values.set(m.values.subarray(idx[k] * p, idx[k] * p + p), k * p);
  return { rows: Array.from(idx, (i) => m.rows[i]), cols: m.cols.slice(), values };
}

/** Square matrix as nested arrays (for JSON output), row by row. */
export function toNested(values: ArrayLike<number>, n: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) out.push(Array.from({ length: n }, (_, j) => values[i * n + j]));
  return out;
}

/** The strict upper triangle of an n x n row-major matrix, row by row (i < j). */
export function upperTriangle(values: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[k++] = values[i * n + j];
  return out;
}
