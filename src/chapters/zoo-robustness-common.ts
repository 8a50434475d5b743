/**
 * Shared pieces of the zoo robustness chapter (paper §A.7): which benchmarks it covers, the signature overlap of
 * arbitrary piece lists (empty signatures allowed), and the agreement of two overlap matrices.
 */
import type { LabeledMatrix, SquareMatrix } from "../core/matrix";
import { signatureOverlap, type Signature } from "../overlap/signature";
import { pearson, spearman } from "../stats/correlation";
import type { ZooData } from "../zoo/zoo-data";

/** A signature as the robustness chapter compares them: pieces and (where the method has them) coefficients. */
export interface PieceList {
  benchmark: string;
  pieces: string[];
  /** One per piece; null for methods without coefficients (the random baseline). */
  coefficients: number[] | null;
}

/** Agreement of two overlap matrices over the benchmark pairs both define. */
export interface MatrixAgreement {
  /** Pearson correlation of the two upper triangles (the paper's ratio table). */
  pearson: number;
  /** Spearman correlation (mid-ranks) of the two upper triangles (the paper's Dolma check). */
  spearman: number;
  /** Benchmark pairs used (pairs where either matrix is NaN are left out). */
  pairs: number;
}

/**
 * The benchmarks the chapter covers: the zoo-domain benchmarks (negative controls left out), in table order.
 *
 * @example
 *   zooDomainBenchmarks(z).length   // 35 on the smoke and default profiles
 */
export function zooDomainBenchmarks(z: ZooData): string[] {
  return z.benchmarks.filter((b) => b.category === "zoo-domain").map((b) => b.name);
}

/**
 * The paper's unsigned signature overlap (or the sign-weighted variant) of piece lists, as a square matrix over
 * all of them; rows and columns of an empty list (a selector that kept nothing) are NaN.
 *
 * overlap(a, b) = Spearman_models(mean_{j∈S_a} z_ij, mean_{j∈S_b} z_ij), z within model over every column of X
 *
 * @example
 *   const m = overlapOfPieceLists(X, [{ benchmark: "a", pieces: ["p1"], coefficients: null }, …]);
 *   m.values[0 * m.labels.length + 1]
 */
export function overlapOfPieceLists(X: LabeledMatrix<Float32Array | Float64Array>, lists: PieceList[], signWeighted = false): SquareMatrix {
  const k = lists.length;
  const values = new Float64Array(k * k).fill(NaN);
  const used = lists.map((l, i) => ({ l, i })).filter(({ l }) => l.pieces.length > 0 && (!signWeighted || l.coefficients !== null));
  if (used.length > 0) {
    const sigs: Signature[] = used.map(({ l }) => ({ benchmark: l.benchmark, pieces: l.pieces, ...(l.coefficients ? { coefficients: l.coefficients } : {}) }));
    const r = signatureOverlap(X, sigs, { pool: "all", signWeighted });
    const u = used.length;
    for (let a = 0; a < u; a++) for (let b = 0; b < u; b++) values[used[a].i * k + used[b].i] = r.values[a * u + b];
  }
  return { labels: lists.map((l) => l.benchmark), values };
}

/**
 * Pearson and Spearman correlation of the strict upper triangles of two overlap matrices over the same labels,
 * leaving out pairs where either is NaN (the paper's "correlation of the flattened upper triangles").
 *
 * @example
 *   matrixAgreement(overlapAic, overlapLasso).spearman
 */
export function matrixAgreement(a: SquareMatrix, b: SquareMatrix): MatrixAgreement {
  if (a.labels.length !== b.labels.length || a.labels.some((l, i) => l !== b.labels[i])) throw new RangeError("matrixAgreement: the two matrices have different labels");
  const n = a.labels.length, x: number[] = [], y: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const u = a.values[i * n + j], v = b.values[i * n + j];
    if (Number.isFinite(u) && Number.isFinite(v)) { x.push(u); y.push(v); }
  }
  return { pearson: pearson(x, y), spearman: spearman(x, y), pairs: x.length };
}

/**
 * Mean over benchmarks of the Jaccard index |A∩B|/|A∪B| of two methods' piece sets (same benchmarks, same order;
 * benchmarks where both are empty are left out).
 *
 * @example
 *   meanJaccard(aicLists, lassoLists)   // share of pieces two selectors agree on
 */
export function meanJaccard(a: PieceList[], b: PieceList[]): number {
  if (a.length !== b.length || a.some((l, i) => l.benchmark !== b[i].benchmark)) throw new RangeError("meanJaccard: the two lists cover different benchmarks");
  let s = 0, c = 0;
  a.forEach((la, i) => {
    const A = new Set(la.pieces), B = new Set(b[i].pieces);
    let inter = 0;
    for (const p of A) if (B.has(p)) inter++;
    const union = A.size + B.size - inter;
    if (union > 0) { s += inter / union; c++; }
  });
  return c ? s / c : NaN;
}
