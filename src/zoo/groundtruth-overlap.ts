/**
 * Does an overlap matrix between benchmarks recover the zoo's known same-domain structure?
 *
 * r = Spearman( upper triangle of the overlap matrix , upper triangle of the same-domain indicator )
 *
 * with mid-ranks (the indicator is 0/1, so this is the rank-biserial-like Spearman the pilot reports:
 * -0.005 for the weak zoo's unsigned overlap, 0.37 for the stronger one).
 */
import type { LabeledMatrix, SquareMatrix } from "../core/matrix";
import { spearman } from "../stats/correlation";
import { permute, permutationDraws, summarizeNull, type NullOptions, type NullSummary } from "./groundtruth-null";
import { createRng, permutation } from "../core/random";

/**
 * Same-domain indicator over the strict upper triangle (i < j, row by row): 1 when benchmarks i and j
 * share at least one source domain, else 0.
 *
 * s_ij = 1[D_i ∩ D_j ≠ ∅]
 *
 * @example
 *   sameDomainIndicator([["wiki"], ["wiki"], ["code"]])  // Float64Array [1, 0, 0]
 */
export function sameDomainIndicator(domains: readonly (readonly string[])[]): Float64Array {
  const n = domains.length;
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const a = new Set(domains[i]);
    for (let j = i + 1; j < n; j++) out[k++] = domains[j].some((d) => a.has(d)) ? 1 : 0;
  }
  return out;
}

/** Result of comparing an overlap matrix with the same-domain structure. */
export interface DomainStructure {
  /** Spearman (mid-ranks) between the overlap values and the same-domain indicator, over usable pairs. */
  spearman: number;
  /** Pairs used (both benchmarks present, overlap finite). */
  nPairs: number;
  /** Of which same-domain pairs. */
  nSame: number;
  /** Mean overlap over same-domain pairs and over different-domain pairs. */
  meanSame: number;
  meanDifferent: number;
}

/**
 * Spearman correlation between an overlap matrix's upper triangle and the same-domain indicator.
 * `domainsOf` maps every label of the overlap matrix to its source domain(s); pairs with a NaN overlap
 * are dropped.
 *
 * r = spearman({O_ij}, {1[D_i ∩ D_j ≠ ∅]}), i < j
 *
 * @example
 *   const O = { labels: ["a", "b", "c"], values: Float64Array.from([1, .9, .1, .9, 1, .2, .1, .2, 1]) };
 *   overlapDomainCorrelation(O, { a: ["wiki"], b: ["wiki"], c: ["code"] }).spearman  // 0.866 (the 0/1 indicator is tied)
 */
export function overlapDomainCorrelation(overlap: SquareMatrix, domainsOf: Readonly<Record<string, readonly string[]>>): DomainStructure {
  const n = overlap.labels.length;
  if (overlap.values.length !== n * n) throw new Error(`overlap matrix: ${overlap.values.length} values for ${n} labels`);
  const doms = overlap.labels.map((l) => {
    const d = domainsOf[l];
    if (!d) throw new Error(`no source domain given for benchmark '${l}'`);
    return d;
  });
  const ind = sameDomainIndicator(doms);
  const xs: number[] = [], ss: number[] = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      const v = overlap.values[i * n + j];
      if (!Number.isFinite(v)) continue;
      xs.push(v);
      ss.push(ind[k]);
    }
  }
  let sumS = 0, nS = 0, sumD = 0, nD = 0;
  for (let t = 0; t < xs.length; t++) if (ss[t] === 1) { sumS += xs[t]; nS++; } else { sumD += xs[t]; nD++; }
  return {
    spearman: xs.length >= 2 ? spearman(xs, ss) : NaN,
    nPairs: xs.length,
    nSame: nS,
    meanSame: nS > 0 ? sumS / nS : NaN,
    meanDifferent: nD > 0 ? sumD / nD : NaN,
  };
}

/** From a score table (models x benchmarks, columns = benchmark labels) to an overlap matrix between its benchmarks. */
export type OverlapPipeline = (scores: LabeledMatrix<Float64Array>) => SquareMatrix;

/** How scores are permuted across models for the overlap null. */
export type OverlapPermutation = "per-benchmark" | "joint";

/** Observed domain structure with its null. */
export interface DomainStructureWithNull {
  observed: DomainStructure;
  null: NullSummary;
  permutations: number;
  seed: number;
  mode: OverlapPermutation | "labels";
}

/**
 * The overlap pipeline run on scores permuted across models, B times (seeded).
 * - `"per-benchmark"` (default): each benchmark's score column gets its own permutation, so every
 *   benchmark is tied to the models at random and to the other benchmarks at random.
 * - `"joint"`: one permutation per draw for all columns: the scores keep their correlations with each
 *   other but lose their link to the models' features (a stricter null: performance overlap is unchanged).
 *
 * null_b = overlapDomainCorrelation(pipeline(Y∘π_b), D).spearman
 *
 * @example
 *   const r = overlapDomainNull(scores, (s) => signatureOverlap(X, s), domainsOf, { permutations: 100, seed: 3 });
 *   r.null.percentile  // where the real structure falls in the null (100 = above every draw)
 */
export function overlapDomainNull(
  scores: LabeledMatrix<Float64Array>,
  pipeline: OverlapPipeline,
  domainsOf: Readonly<Record<string, readonly string[]>>,
  opts: NullOptions & { mode?: OverlapPermutation } = {},
): DomainStructureWithNull {
  const mode = opts.mode ?? "per-benchmark";
  const n = scores.rows.length, p = scores.cols.length;
  const observed = overlapDomainCorrelation(pipeline(scores), domainsOf);
  const colRng = createRng(((opts.seed ?? 1) ^ 0x5bd1e995) | 0);
  const draws = permutationDraws(
    n,
    (perm) => {
      const v = new Float64Array(n * p);
      for (let j = 0; j < p; j++) {
        const pj = mode === "joint" ? perm : permutation(n, colRng);
        const col = new Float64Array(n);
        for (let i = 0; i < n; i++) col[i] = scores.values[i * p + j];
        const pc = permute(col, pj);
        for (let i = 0; i < n; i++) v[i * p + j] = pc[i];
      }
      const permuted = { rows: scores.rows.slice(), cols: scores.cols.slice(), values: v };
      return { r: overlapDomainCorrelation(pipeline(permuted), domainsOf).spearman };
    },
    opts,
  );
  return { observed, null: summarizeNull(observed.spearman, draws.r), permutations: opts.permutations ?? 100, seed: opts.seed ?? 1, mode };
}

/**
 * The cheap label-permutation null (the one the pilot quotes as "label-permutation p"): keep the
 * overlap matrix fixed and shuffle which benchmark has which source domain(s).
 *
 * null_b = spearman({O_ij}, {1[D_σ(i) ∩ D_σ(j) ≠ ∅]})
 *
 * @example
 *   overlapLabelNull(O, domainsOf, { permutations: 1000, seed: 2 }).null.p
 */
export function overlapLabelNull(
  overlap: SquareMatrix,
  domainsOf: Readonly<Record<string, readonly string[]>>,
  opts: NullOptions = {},
): DomainStructureWithNull {
  const observed = overlapDomainCorrelation(overlap, domainsOf);
  const labels = overlap.labels;
  const draws = permutationDraws(
    labels.length,
    (perm) => {
      const shuffled: Record<string, readonly string[]> = {};
      labels.forEach((l, i) => { shuffled[l] = domainsOf[labels[perm[i]]]; });
      return { r: overlapDomainCorrelation(overlap, shuffled).spearman };
    },
    opts,
  );
  return { observed, null: summarizeNull(observed.spearman, draws.r), permutations: opts.permutations ?? 100, seed: opts.seed ?? 1, mode: "labels" };
}
