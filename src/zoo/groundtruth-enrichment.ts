/**
 * Domain enrichment of a benchmark's signature or screened set: does the set of corpus pieces that the
 * method picks for a benchmark come from the domain the benchmark was built from?
 *
 * enrichment(S, D) = (#{j ∈ S : domain(j) ∈ D} / |S|) / (#{j : domain(j) ∈ D} / d)
 *
 * where d is the number of pieces in the wild pool. 1 = no enrichment, > 1 = over-represented.
 * Split by the sign of each piece's correlation with the benchmark scores: with features that are
 * surprisals (NLL), a **negative** correlation means "surprisal falls as the score rises", which is what
 * exposure to the source domain predicts (zoo-pilot.md, finding 3).
 */
import type { LabeledMatrix } from "../core/matrix";
import { permute, permutationDraws, summarizeNull, type NullOptions, type NullSummary } from "./groundtruth-null";

/** Pieces chosen for one benchmark: column indices into the feature matrix, with the sign of each one's correlation with the scores. */
export interface PieceSelection {
  indices: Int32Array;
  /** +1 or −1 per index (sign of corr(feature, score)); 0 counts as neither sign. */
  signs: Int8Array;
}

/** Enrichment of one selection in one (set of) source domain(s), overall and by correlation sign. */
export interface Enrichment {
  /** Enrichment over all selected pieces (NaN if none). */
  all: number;
  /** Enrichment over the negatively correlated pieces (NaN if none). */
  negative: number;
  /** Enrichment over the positively correlated pieces (NaN if none). */
  positive: number;
  nAll: number;
  nNegative: number;
  nPositive: number;
  /** The source domain(s)' share of the whole pool, #{j : domain(j) ∈ D} / d. */
  poolShare: number;
}

/** A selection pipeline: from a feature matrix (models x pieces) and a score per model to the chosen pieces. */
export type SelectionPipeline = (X: LabeledMatrix<Float32Array | Float64Array>, y: Float64Array) => PieceSelection;

function domainMask(pieceDomains: ArrayLike<number>, domains: readonly number[]): { inD: Uint8Array; share: number } {
  const inD = new Uint8Array(pieceDomains.length);
  const want = new Set(domains);
  let c = 0;
  for (let j = 0; j < pieceDomains.length; j++) if (want.has(pieceDomains[j])) { inD[j] = 1; c++; }
  return { inD, share: pieceDomains.length > 0 ? c / pieceDomains.length : NaN };
}

/**
 * Enrichment of a selection in the source domain(s), overall and split by correlation sign.
 *
 * enrichment = (share of selected pieces whose domain ∈ D) / (share of the pool whose domain ∈ D)
 *
 * @param pieceDomains domain index of every column of the feature matrix (length d)
 * @param domains the benchmark's source domain indices (a piece counts if its domain is any of them)
 * @example
 *   // pool: 2 of 4 pieces from domain 0; selection = both of them, negative sign
 *   enrichment({ indices: Int32Array.from([0, 1]), signs: Int8Array.from([-1, -1]) }, [0, 0, 1, 1], [0]).negative  // 2
 */
export function enrichment(sel: PieceSelection, pieceDomains: ArrayLike<number>, domains: readonly number[]): Enrichment {
  if (sel.indices.length !== sel.signs.length) throw new Error(`enrichment: ${sel.indices.length} indices but ${sel.signs.length} signs`);
  const { inD, share } = domainMask(pieceDomains, domains);
  let nA = 0, hA = 0, nN = 0, hN = 0, nP = 0, hP = 0;
  for (let k = 0; k < sel.indices.length; k++) {
    const j = sel.indices[k];
    if (j < 0 || j >= pieceDomains.length) throw new Error(`enrichment: piece index ${j} outside 0..${pieceDomains.length - 1}`);
    const h = inD[j];
    nA++; hA += h;
    if (sel.signs[k] < 0) { nN++; hN += h; } else if (sel.signs[k] > 0) { nP++; hP += h; }
  }
  const e = (hits: number, n: number): number => (n > 0 && share > 0 ? hits / n / share : NaN);
  return { all: e(hA, nA), negative: e(hN, nN), positive: e(hP, nP), nAll: nA, nNegative: nN, nPositive: nP, poolShare: share };
}

/**
 * The domain in which a selection is most enriched (ties go to the lower domain index), or −1 for an
 * empty selection. `sign` restricts to negatively (−1) or positively (+1) correlated pieces; 0 = all.
 *
 * top = argmax_D enrichment(S, {D})
 *
 * @example
 *   topDomain({ indices: Int32Array.from([2, 3]), signs: Int8Array.from([1, 1]) }, [0, 0, 1, 1], 2)  // 1
 */
export function topDomain(sel: PieceSelection, pieceDomains: ArrayLike<number>, nDomains: number, sign: -1 | 0 | 1 = 0): number {
  const pool = new Float64Array(nDomains), hit = new Float64Array(nDomains);
  for (let j = 0; j < pieceDomains.length; j++) pool[pieceDomains[j]]++;
  let n = 0;
  for (let k = 0; k < sel.indices.length; k++) {
    if (sign !== 0 && Math.sign(sel.signs[k]) !== sign) continue;
    hit[pieceDomains[sel.indices[k]]]++;
    n++;
  }
  if (n === 0) return -1;
  let best = -1, bestE = -Infinity;
  for (let d = 0; d < nDomains; d++) {
    if (pool[d] === 0) continue;
    const e = hit[d] / pool[d];
    if (e > bestE) { bestE = e; best = d; }
  }
  return best;
}

/** Enrichment with its model-permutation null, for each of all / negative / positive. */
export interface EnrichmentWithNull {
  observed: Enrichment;
  all: NullSummary;
  negative: NullSummary;
  positive: NullSummary;
  permutations: number;
  seed: number;
}

/**
 * Enrichment of the pipeline's selection on the real scores, against the same pipeline run on scores
 * permuted across models (B seeded permutations; conventions in `groundtruth-null.ts`).
 *
 * null_b = enrichment(pipeline(X, y∘π_b), D)
 *
 * @example
 *   const r = enrichmentNull(X, y, pieceDomains, [2], screenTails, { permutations: 200, seed: 5 });
 *   r.negative.p  // small when the negative tail really comes from domain 2
 */
export function enrichmentNull(
  X: LabeledMatrix<Float32Array | Float64Array>,
  y: Float64Array,
  pieceDomains: ArrayLike<number>,
  domains: readonly number[],
  pipeline: SelectionPipeline,
  opts: NullOptions = {},
): EnrichmentWithNull {
  checkShapes(X, y, pieceDomains);
  const observed = enrichment(pipeline(X, y), pieceDomains, domains);
  const draws = permutationDraws(
    X.rows.length,
    (perm) => {
      const e = enrichment(pipeline(X, permute(y, perm)), pieceDomains, domains);
      return { all: e.all, negative: e.negative, positive: e.positive };
    },
    opts,
  );
  return {
    observed,
    all: summarizeNull(observed.all, draws.all),
    negative: summarizeNull(observed.negative, draws.negative),
    positive: summarizeNull(observed.positive, draws.positive),
    permutations: opts.permutations ?? 100,
    seed: opts.seed ?? 1,
  };
}

/**
 * Throws unless X has one row per score and one domain per column, and every score is finite.
 *
 * @example
 *   checkShapes(X, y, pieceDomains);   // throws "score of model m3 is not finite (NaN)..."
 */
export function checkShapes(X: LabeledMatrix<Float32Array | Float64Array>, y: ArrayLike<number>, pieceDomains?: ArrayLike<number>): void {
  if (X.values.length !== X.rows.length * X.cols.length) throw new Error(`feature matrix: ${X.values.length} values for ${X.rows.length} x ${X.cols.length}`);
  if (y.length !== X.rows.length) throw new Error(`${y.length} scores for ${X.rows.length} models`);
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new Error(`score of model ${X.rows[i]} is not finite (${y[i]}); drop missing models first`);
  if (pieceDomains && pieceDomains.length !== X.cols.length) throw new Error(`${pieceDomains.length} piece domains for ${X.cols.length} columns`);
}
