/**
 * Signature overlap (paper §3.3, A.5.1): how similarly the models are "confused" by two signatures.
 *
 * Given the feature matrix X (rows = models, columns = corpus pieces; a surprisal per piece, e.g.
 * NLL in nats) and signatures S_a, S_b (sets of column ids):
 *   1. z-score within each model: z_ij = (x_ij − μ_i) / σ_i, with μ_i and σ_i (population SD) over the
 *      pool P: `"all"` pieces of the matrix (default) or `"signatures"` = the union of all signatures given;
 *   2. u_i = mean_{j ∈ S_a} z_ij  (or, sign-weighted, mean_{j ∈ S_a} sign(β_j) z_ij);
 *   3. overlap(a, b) = Spearman(u, v) across models (mid-ranks).
 * Because every model has its own μ_i and σ_i, the pool matters; the SD divisor (n or n−1) does not.
 * A piece in two signatures counts in both means (nothing is removed).
 * Set overlaps of the piece sets: Jaccard |A∩B|/|A∪B| and overlap coefficient |A∩B|/min(|A|,|B|).
 */
import { InputError } from "../core/errors";
import type { LabeledMatrix } from "../core/matrix";
import { provenance, type Provenance } from "../core/provenance";
import { createRng, resampleIndices } from "../core/random";
import { spearman } from "../stats/correlation";
import { quantile7 } from "../stats/bootstrap-category";

/** A benchmark signature: its selected pieces, and optionally their regression coefficients. */
export interface Signature {
  benchmark: string;
  pieces: string[];
  coefficients?: number[];
}

/** Options of the signature overlap. */
export interface SignatureOverlapOptions {
  /** z-score pool: all columns (default) or the union of the signatures' pieces. */
  pool?: "all" | "signatures";
  /** Weight each piece by the sign of its coefficient (default false: plain mean, as the paper). */
  signWeighted?: boolean;
}

/** Per-model signature scores (models x signatures) and the overlap matrix. */
export interface SignatureOverlapResult {
  labels: string[];
  /** Spearman of the per-model mean z-scores, row-major n x n (diagonal 1). */
  values: Float64Array;
  /** Per-model scores: scores[s] has one value per model. */
  scores: Float64Array[];
  models: string[];
  provenance: Provenance;
}

/** Column index of the wanted pieces only (feature matrices can have ~1e7 columns). */
function columnIndex(m: LabeledMatrix<Float32Array | Float64Array>, wanted: Set<string>): Map<string, number> {
  const idx = new Map<string, number>();
  m.cols.forEach((c, j) => { if (wanted.has(c) && !idx.has(c)) idx.set(c, j); });
  return idx;
}

/**
 * Per-model mean z-scored surprisal over each signature (step 1–2 above).
 *
 * @example
 *   signatureScores(X, [{ benchmark: "a", pieces: ["d1:3", "d2:7"] }])  // [Float64Array(models)]
 */
export function signatureScores(
  x: LabeledMatrix<Float32Array | Float64Array>,
  sigs: Signature[],
  opts: SignatureOverlapOptions = {},
): Float64Array[] {
  const n = x.rows.length, p = x.cols.length;
  const idx = columnIndex(x, new Set(sigs.flatMap((s) => s.pieces)));
  const sigCols = sigs.map((s) => {
    if (s.pieces.length === 0) throw new InputError(null, `signature of '${s.benchmark}' is empty`);
    if (opts.signWeighted && (!s.coefficients || s.coefficients.length !== s.pieces.length)) {
      throw new InputError(null, `signature of '${s.benchmark}': sign weighting needs one coefficient per piece`);
    }
    return s.pieces.map((piece) => {
      const j = idx.get(piece);
      if (j === undefined) throw new InputError(null, `signature of '${s.benchmark}': piece '${piece}' is not a column of the feature matrix`);
      return j;
    });
  });
  let pool: number[] | null = null;
  if (opts.pool === "signatures") pool = [...new Set(sigCols.flat())].sort((a, b) => a - b);
  const mu = new Float64Array(n), sd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = x.values.subarray(i * p, i * p + p);
    const cols = pool ?? null;
    const k = cols ? cols.length : p;
    let s = 0;
    for (let t = 0; t < k; t++) s += row[cols ? cols[t] : t];
    const m = s / k;
    let ss = 0;
    for (let t = 0; t < k; t++) { const d = row[cols ? cols[t] : t] - m; ss += d * d; }
    mu[i] = m;
    sd[i] = Math.sqrt(ss / k);
    if (!(sd[i] > 0) || !Number.isFinite(sd[i])) throw new InputError(null, `model '${x.rows[i]}': surprisals over the z-score pool have zero or non-finite spread`);
  }
  return sigs.map((s, k) => {
    const cols = sigCols[k];
    const w = opts.signWeighted ? (s.coefficients as number[]).map((c) => Math.sign(c)) : null;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let t = 0; t < cols.length; t++) acc += (w ? w[t] : 1) * (x.values[i * p + cols[t]] - mu[i]) / sd[i];
      out[i] = acc / cols.length;
    }
    return out;
  });
}

/**
 * Signature overlap matrix: Spearman across models of the per-model mean z-scores.
 *
 * overlap(a, b) = ρ_s(u, v),  u_i = mean_{j∈S_a} z_ij,  v_i = mean_{j∈S_b} z_ij
 *
 * @example
 *   const r = signatureOverlap(X, sigs, { pool: "all" });
 *   r.values[0 * sigs.length + 1]  // overlap of the first two signatures
 */
export function signatureOverlap(
  x: LabeledMatrix<Float32Array | Float64Array>,
  sigs: Signature[],
  opts: SignatureOverlapOptions = {},
): SignatureOverlapResult {
  if (x.rows.length < 3) throw new InputError(null, `signature overlap needs at least 3 models, got ${x.rows.length}`);
  const scores = signatureScores(x, sigs, opts);
  const values = correlationMatrix(scores);
  return {
    labels: sigs.map((s) => s.benchmark), values, scores, models: x.rows.slice(),
    provenance: provenance("signature-overlap", {
      pool: opts.pool ?? "all", signWeighted: !!opts.signWeighted, zscore: "within model, population SD",
      correlation: "spearman (mid-ranks)", models: x.rows.length, pieces: x.cols.length,
    }),
  };
}

/**
 * Spearman correlation matrix of several vectors (diagonal 1).
 *
 * @example
 *   correlationMatrix([Float64Array.of(1, 2, 3), Float64Array.of(3, 2, 1)])  // [1, -1, -1, 1]
 */
export function correlationMatrix(vectors: Float64Array[], rows?: ArrayLike<number>): Float64Array {
  const n = vectors.length;
  const vs = rows ? vectors.map((v) => Float64Array.from(rows, (r) => v[r])) : vectors;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) out[i * n + j] = out[j * n + i] = spearman(vs[i], vs[j]);
  }
  return out;
}

/**
 * Jaccard index of two piece sets: |A ∩ B| / |A ∪ B| (NaN when both are empty).
 *
 * @example
 *   jaccard(["a", "b"], ["b", "c"])  // 1/3
 */
export function jaccard(a: string[], b: string[]): number {
  const A = new Set(a), B = new Set(b);
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  const union = A.size + B.size - inter;
  return union ? inter / union : NaN;
}

/**
 * Overlap (Szymkiewicz–Simpson) coefficient: |A ∩ B| / min(|A|, |B|) (NaN when either is empty).
 *
 * @example
 *   overlapCoefficient(["a", "b"], ["b", "c", "d"])  // 0.5
 */
export function overlapCoefficient(a: string[], b: string[]): number {
  const A = new Set(a), B = new Set(b);
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  const m = Math.min(A.size, B.size);
  return m ? inter / m : NaN;
}

/**
 * Matrix of a set overlap measure between signatures' piece sets.
 *
 * @example
 *   setOverlapMatrix(sigs, "jaccard")  // Float64Array(n*n), diagonal 1
 */
export function setOverlapMatrix(sigs: Signature[], measure: "jaccard" | "overlap-coefficient"): Float64Array {
  const n = sigs.length;
  const f = measure === "jaccard" ? jaccard : overlapCoefficient;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = f(sigs[i].pieces, sigs[j].pieces);
  return out;
}

/** Percentile bootstrap intervals for every cell of an overlap matrix. */
export interface MatrixCi {
  level: number;
  resamples: number;
  seed: number;
  lower: Float64Array;
  upper: Float64Array;
  /** Bootstrap standard error per cell. */
  se: Float64Array;
  /** Replicates per cell where the statistic was defined (a resample with a constant vector gives NaN). */
  valid: Int32Array;
}

/**
 * Seeded bootstrap over models for any per-model-vector correlation matrix: each replicate draws m
 * model indices with replacement (`resampleIndices(m, m, rng)`, one draw shared by all cells) and
 * recomputes every cell's Spearman on the resampled models; the interval is the type-7 quantiles at
 * (1 − level)/2 and (1 + level)/2 of the defined replicates.
 *
 * @example
 *   const ci = bootstrapModelsCi(r.scores, { resamples: 1000, seed: 0 });
 */
export function bootstrapModelsCi(
  vectors: Float64Array[],
  opts: { resamples?: number; seed?: number; level?: number; draws?: Int32Array[] } = {},
): MatrixCi {
  const n = vectors.length, m = vectors[0]?.length ?? 0;
  const B = opts.draws ? opts.draws.length : opts.resamples ?? 1000;
  const level = opts.level ?? 0.95, seed = opts.seed ?? 0;
  const rng = createRng(seed);
  const reps: number[][] = Array.from({ length: n * n }, () => []);
  for (let r = 0; r < B; r++) {
    const idx = opts.draws ? opts.draws[r] : resampleIndices(m, m, rng);
    const c = correlationMatrix(vectors, idx);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (!Number.isNaN(c[i * n + j])) reps[i * n + j].push(c[i * n + j]);
  }
  const lower = new Float64Array(n * n), upper = new Float64Array(n * n), se = new Float64Array(n * n), valid = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    lower[i * n + i] = upper[i * n + i] = 1; valid[i * n + i] = B;
    for (let j = i + 1; j < n; j++) {
      const d = Float64Array.from(reps[i * n + j]).sort();
      let mean = 0;
      for (const x of d) mean += x;
      mean /= d.length;
      let ss = 0;
      for (const x of d) ss += (x - mean) ** 2;
      for (const [a, b] of [[i, j], [j, i]]) {
        lower[a * n + b] = quantile7(d, (1 - level) / 2);
        upper[a * n + b] = quantile7(d, (1 + level) / 2);
        se[a * n + b] = d.length > 1 ? Math.sqrt(ss / (d.length - 1)) : NaN;
        valid[a * n + b] = d.length;
      }
    }
  }
  return { level, resamples: B, seed, lower, upper, se, valid };
}
