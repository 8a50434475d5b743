/**
 * The selection and fit pipelines the zoo ground-truth chapter evaluates, in the shapes the measures of
 * `src/zoo/groundtruth-*.ts` take (`SelectionPipeline`, `FitPipeline`):
 * - `screenPipeline`: the paper's Thrush screening, top and bottom 1% with the floor max(2m, 50);
 * - `signaturePipeline`: screening, then forward stepwise OLS by AIC among the survivors (residual df ≥ 10),
 *   exactly `zooSignatures`' signature (src/chapters/zoo-signatures.ts);
 * - `signatureFitPipeline`: the same, as a predictor (intercept + Σ β_j x_j), for leave-one-model-out R²;
 * - `screenedAverageFitPipeline`: the simple baseline, one feature = the sign-weighted mean surprisal over
 *   the screened pieces, regressed on the score.
 *
 * Speed: permutation nulls re-run these pipelines hundreds of times on the same feature matrix, or on it
 * with one model left out. The across-model ranks that screening needs are therefore computed once per
 * matrix (`rankedFor`) and, for a leave-one-model-out fold, derived from the full ranks in O(m·d)
 * (`dropModelRanks`) instead of re-sorting every column. Results are bit-identical to ranking from scratch.
 */
import { selectRows, type LabeledMatrix } from "../core/matrix";
import { rankFeatures, type RankedFeatures } from "../stats/screening-ranks";
import { screen } from "../stats/screening";
import { defaultMinCandidates } from "../stats/screening-tails";
import { forwardSelect, type StopReason } from "../selection/forward";
import type { SelectionCriterion } from "../selection/criteria";
import type { PieceSelection, SelectionPipeline } from "../zoo/groundtruth-enrichment";
import { simpleLinearFit, type FitPipeline } from "../zoo/groundtruth-lomo";

type Features = LabeledMatrix<Float32Array | Float64Array>;

/** Options shared by the pipelines (defaults = the paper's pipeline as `zooSignatures` runs it). */
export interface GroundTruthPipelineOptions {
  /** Fraction kept per screening tail (default 0.01). */
  screenRatio?: number;
  /** Floor on the screened candidates (default max(2m, 50) for m models). */
  minCandidates?: number;
  /** Selection criterion (default "aic"). */
  criterion?: SelectionCriterion;
  /** Residual degrees of freedom never go below this (default 10). */
  minResidualDf?: number;
}

/** A signature as a piece selection, with what forward selection found. */
export interface SignatureSelection extends PieceSelection {
  /** OLS coefficient of each selected piece, aligned with `indices`. */
  coefficients: Float64Array;
  intercept: number;
  stoppedBecause: StopReason;
  /** Size of the screened candidate set the signature was chosen from. */
  nCandidates: number;
}

const fullRanks = new WeakMap<object, RankedFeatures>();

/**
 * Mid-ranks across models of a matrix with one model (row `drop`) removed, derived from the full ranks:
 * r'_k = r_k − 1[x_drop < x_k] − ½·1[x_drop = x_k] (mid-ranks keep the order of the values), stored
 * centred at m/2 as `rankFeatures` stores them. Equal to `rankFeatures` on the reduced matrix, bit for bit.
 *
 * @param source the reduced matrix itself (kept as `source` for estimators that need raw values)
 * @example
 *   const R = rankFeatures(X.values, 40);
 *   dropModelRanks(R, 7, selectRows(X, keep).values).centred  // === rankFeatures(selectRows(X, keep).values, 39).centred
 */
export function dropModelRanks(full: RankedFeatures, drop: number, source: Float32Array | Float64Array): RankedFeatures {
  const m = full.nModels, d = full.nFeatures, m1 = m - 1;
  if (!(drop >= 0 && drop < m)) throw new RangeError(`dropModelRanks: row ${drop} outside 0..${m - 1}`);
  if (source.length !== m1 * d) throw new RangeError(`dropModelRanks: source has ${source.length} values, expected ${m1} x ${d}`);
  const centred = new Float32Array(d * m1), norm = new Float64Array(d);
  const noTieSs = (m1 * (m1 * m1 - 1)) / 12, noTieNorm = Math.sqrt(noTieSs);
  let nTied = 0;
  for (let f = 0; f < d; f++) {
    const base = f * m, o = f * m1, ci = full.centred[base + drop];
    let ss = 0, q = 0;
    for (let k = 0; k < m; k++) {
      if (k === drop) continue;
      const c = full.centred[base + k];
      const v = c + 0.5 - (ci < c ? 1 : ci === c ? 0.5 : 0);
      centred[o + q++] = v;
      ss += v * v;
    }
    // without ties Σ c² is exactly m(m² − 1)/12 (all terms are multiples of ¼); with ties it is smaller
    if (ss === noTieSs) norm[f] = noTieNorm;
    else { norm[f] = Math.sqrt(ss); nTied++; }
  }
  return { nModels: m1, nFeatures: d, centred, norm, nTied, source };
}

/**
 * Ranks for screening `X`, reusing work: `X` itself → ranked once and cached; `X` equal to `parent` with one
 * row removed (same row names in order, same values) → `dropModelRanks` of the parent's ranks; anything
 * else → ranked from scratch.
 *
 * @example
 *   rankedFor(Xi, X)   // Xi = selectRows(X, all rows but one): O(m·d), no sorting
 */
export function rankedFor(X: Features, parent: Features | null = null): RankedFeatures {
  const hit = fullRanks.get(X);
  if (hit) return hit;
  if (parent && parent !== X && X.rows.length === parent.rows.length - 1 && X.cols.length === parent.cols.length) {
    let drop = X.rows.length;
    for (let k = 0; k < X.rows.length; k++) if (X.rows[k] !== parent.rows[k]) { drop = k; break; }
    let same = true;
    for (let k = drop; k < X.rows.length && same; k++) same = X.rows[k] === parent.rows[k + 1];
    const p = X.cols.length;
    // spot-check values: the first, middle and last column of every remaining row
    for (let k = 0; k < X.rows.length && same; k++) {
      const src = k < drop ? k : k + 1;
      for (const j of [0, p >> 1, p - 1]) if (!Object.is(X.values[k * p + j], parent.values[src * p + j])) { same = false; break; }
    }
    if (same) return dropModelRanks(rankedFor(parent), drop, X.values);
  }
  const r = rankFeatures(X.values, X.rows.length);
  if (!parent || parent === X) fullRanks.set(X, r);
  return r;
}

function screenOf(X: Features, y: Float64Array, parent: Features | null, o: GroundTruthPipelineOptions): { kept: Int32Array; stat: Float64Array } {
  const n = X.rows.length;
  const [res] = screen(rankedFor(X, parent), n, [{ name: "y", values: y }], "thrush", {
    ratio: o.screenRatio ?? 0.01, minCandidates: o.minCandidates ?? defaultMinCandidates(n),
  });
  return { kept: res.tails.kept, stat: res.keptStatistic };
}

/**
 * Thrush screening as a `SelectionPipeline`: the kept pieces (both tails), each with the sign of its
 * statistic γ (negative = surprisal falls as the score rises).
 *
 * γ_j = Σ_{k<l} sign(y_k − y_l)(rank x_kj − rank x_lj); keep the top and bottom `screenRatio` (floor max(2m, 50))
 *
 * @param parent the full matrix the pipeline will be called on (or on with one model left out), for rank reuse
 * @example
 *   enrichmentNull(X, y, pieceDomains, [2], screenPipeline(X), { permutations: 100, seed: 1 })
 */
export function screenPipeline(parent: Features | null = null, o: GroundTruthPipelineOptions = {}): SelectionPipeline {
  return (X, y) => {
    const { kept, stat } = screenOf(X, y, parent, o);
    return { indices: Int32Array.from(kept), signs: Int8Array.from(stat, (s) => Math.sign(s)) };
  };
}

function selectSignature(X: Features, y: Float64Array, parent: Features | null, o: GroundTruthPipelineOptions): SignatureSelection {
  const { kept, stat } = screenOf(X, y, parent, o);
  const statOf = new Map<number, number>();
  kept.forEach((j, t) => statOf.set(j, stat[t]));
  const candidates = Int32Array.from(kept).sort();
  const path = forwardSelect(X, y, { criterion: o.criterion ?? "aic", minResidualDf: o.minResidualDf ?? 10, candidates });
  return {
    indices: Int32Array.from(path.selectedColumns),
    signs: Int8Array.from(path.selectedColumns, (j) => Math.sign(statOf.get(j) ?? 0)),
    coefficients: Float64Array.from(path.coefficients),
    intercept: path.intercept,
    stoppedBecause: path.stoppedBecause,
    nCandidates: candidates.length,
  };
}

/**
 * Screening then forward stepwise OLS by AIC (the paper's signature) as a `SelectionPipeline`; each piece's
 * sign is the sign of its screening statistic. Same pieces, same order as `zooSignatures`.
 *
 * S = forward-AIC(y ~ 1 + x_j, j ∈ screened), residual df ≥ 10
 *
 * @example
 *   (signaturePipeline(X)(X, y) as SignatureSelection).coefficients
 */
export function signaturePipeline(parent: Features | null = null, o: GroundTruthPipelineOptions = {}): SelectionPipeline {
  return (X, y) => selectSignature(X, y, parent, o);
}

/**
 * The signature pipeline as a predictor for leave-one-model-out R²: screen and select on the training
 * models, then ŷ = intercept + Σ_s β_s x_{selected_s} for the held-out model (no leakage).
 *
 * @example
 *   lomoR2(X, y, signatureFitPipeline(X)).r2
 */
export function signatureFitPipeline(parent: Features | null = null, o: GroundTruthPipelineOptions = {}): FitPipeline {
  return (X, y) => {
    const s = selectSignature(X, y, parent, o);
    return (row) => {
      let v = s.intercept;
      for (let t = 0; t < s.indices.length; t++) v += s.coefficients[t] * row[s.indices[t]];
      return v;
    };
  };
}

/**
 * The simple baseline: one feature per model, the sign-weighted mean surprisal over the screened pieces
 * (pieces whose statistic is negative count with −1, positive with +1), fitted by simple least squares.
 * No selection step, so it shows what AIC selection adds to screening.
 *
 * f_i = (1/|S|) Σ_{j∈S} sign(γ_j) x_ij;  ŷ = a + b f
 *
 * @example
 *   lomoR2(X, y, screenedAverageFitPipeline(X)).r2
 */
export function screenedAverageFitPipeline(parent: Features | null = null, o: GroundTruthPipelineOptions = {}): FitPipeline {
  return (X, y) => {
    const { kept, stat } = screenOf(X, y, parent, o);
    const p = X.cols.length;
    const feature = (row: ArrayLike<number>): number => {
      let s = 0;
      for (let t = 0; t < kept.length; t++) s += Math.sign(stat[t]) * row[kept[t]];
      return s / kept.length;
    };
    const f = Float64Array.from(X.rows, (_, i) => feature(X.values.subarray(i * p, (i + 1) * p)));
    const { intercept, slope } = simpleLinearFit(f, y);
    if (!Number.isFinite(slope)) return () => intercept;
    return (row) => intercept + slope * feature(row);
  };
}

/**
 * The one feature of the source-domain baseline as a one-column matrix: each model's mean over the pieces
 * whose domain is in `domains`, summed in column order exactly as `domainMeanPipeline` sums it, so that
 * `lomoR2(domainMeanFeature(X, pd, D), y, domainMeanPipeline([0], [0]))` equals
 * `lomoR2(X, y, domainMeanPipeline(pd, D))` bit for bit while copying one column per fold instead of d.
 *
 * f_i = mean_{j : domain(j) ∈ D} X_ij
 *
 * @example
 *   domainMeanFeature(X, pieceDomains, [2]).cols  // ["domain-mean"]
 */
export function domainMeanFeature(X: Features, pieceDomains: ArrayLike<number>, domains: readonly number[]): LabeledMatrix<Float64Array> {
  const want = new Set(domains), p = X.cols.length;
  if (pieceDomains.length !== p) throw new RangeError(`${pieceDomains.length} piece domains for ${p} columns`);
  const cols: number[] = [];
  for (let j = 0; j < p; j++) if (want.has(pieceDomains[j])) cols.push(j);
  if (cols.length === 0) throw new RangeError(`no pieces from domain(s) ${domains.join(", ")}`);
  const values = Float64Array.from(X.rows, (_, i) => {
    let s = 0;
    for (const j of cols) s += X.values[i * p + j];
    return s / cols.length;
  });
  return { rows: X.rows.slice(), cols: ["domain-mean"], values };
}

/**
 * Rows of `X` with a finite score, and those scores oriented so that higher = better.
 *
 * @example
 *   benchmarkRows(X, [0.3, NaN, 0.5], "higher")  // { X: 2 rows, y: [0.3, 0.5], dropped: ["m2"] }
 */
export function benchmarkRows(X: Features, scores: ArrayLike<number>, direction: "higher" | "lower" = "higher"): { X: Features; y: Float64Array; dropped: string[] } {
  if (scores.length !== X.rows.length) throw new RangeError(`${scores.length} scores for ${X.rows.length} models`);
  const keep: number[] = [], dropped: string[] = [];
  for (let i = 0; i < scores.length; i++) (Number.isFinite(scores[i]) ? keep.push(i) : dropped.push(X.rows[i]));
  const Xb = dropped.length ? selectRows(X, keep) : X;
  const sgn = direction === "lower" ? -1 : 1;
  return { X: Xb, y: Float64Array.from(keep, (i) => sgn * scores[i]), dropped };
}
