/**
 * The paper's bias check (Fig. 5) and its within- vs cross-category test (Table 5) on the model zoo, where
 * the benchmarks' families and formats are crossed with their source domains by construction, so a family
 * or format effect can be told apart from the ground truth (same source domain).
 *
 * Fig. 5: for each overlap level (performance; signature, the paper's unsigned; signature, sign-weighted)
 * and each factor (family: nextword / nextspan / wordorder / spelling; format: multiple choice vs true/false;
 * and, the zoo's ground truth, source domain), the overlaps of pairs that share the factor's group against
 * pairs that do not: Mann–Whitney U (= R wilcox.test, exact = FALSE, correct = TRUE; pairs treated as
 * independent, as the paper does) two-sided and one-sided ("within greater"), plus the label-permutation test
 * (dependence between pairs kept). Because two benchmarks of each domain share the nextword family, the
 * family and format contrasts are also given on the different-domain pairs only (same-domain pairs masked).
 *
 * Table 5: per source domain, the stratified benchmark bootstrap of within-domain minus cross-domain overlap
 * (withinCrossBootstrap, Holm across domains), at each level.
 */
import { toNested, type SquareMatrix } from "../core/matrix";
import { provenance, type Provenance } from "../core/provenance";
import { compareWithinAcross } from "../overlap/performance";
import { groupByCategory, withinCrossBootstrap, type CategoryTest } from "../stats/bootstrap-category";
import type { ZooData } from "../zoo/zoo-data";
import { factorJson, type SemanticFactor } from "./semantic";
import type { ZooSignatureOptions } from "./zoo-signatures";
import { mainBlock, ZOO_OVERLAP_SEED, zooOverlapMatrices } from "./zoo-overlaps";

/** Levels compared in Fig. 5 (model-based overlaps). */
export type ZooBiasLevel = "performance" | "signature" | "signatureSigned";
/** The levels in display order (performance first, as the paper's Fig. 5). */
export const ZOO_BIAS_LEVELS: ZooBiasLevel[] = ["performance", "signature", "signatureSigned"];
/** Factors: the paper's two, and the zoo's ground truth. */
export type ZooBiasFactor = "family" | "format" | "domain";

/** One (level, factor, pair set) cell: the pair values and the tests. */
export interface ZooBiasCell {
  level: ZooBiasLevel;
  factor: ZooBiasFactor;
  /** "all pairs", or "different-domain pairs" (same-domain pairs masked). */
  pairs: "all" | "different-domain";
  within: number[];
  across: number[];
  summary: SemanticFactor & { mannWhitneyPGreater: number; mannWhitneyZ: number };
}

/** Options of {@link zooBias}. */
export interface ZooBiasOptions {
  seed?: number;
  /** Label permutations per comparison (default 10,000). */
  permutations?: number;
  /** Replicates of the Table 5 bootstrap (default 10,000). */
  bootstrapResamples?: number;
  signatureOptions?: ZooSignatureOptions;
}

/** Everything the bias chapter reports. */
export interface ZooBiasResult {
  profile: string;
  nModels: number;
  /** Fewest items of a zoo-domain benchmark in this profile. */
  items: number;
  labels: string[];
  domains: string[];
  families: string[];
  formats: string[];
  /** The three main-block matrices compared. */
  matrices: Record<ZooBiasLevel, number[][]>;
  cells: ZooBiasCell[];
  /** Table 5: per level, one row per source domain. */
  categoryTests: Record<ZooBiasLevel, CategoryTest[]>;
  permutations: number;
  bootstrapResamples: number;
  seed: number;
  notes: string[];
  provenance: Provenance;
}

/**
 * A copy of a square matrix with the pairs whose two benchmarks share a group set to NaN (both triangles),
 * so that within/across splits and permutation tests skip them.
 *
 * @example
 *   maskPairs({ labels: ["a", "b", "c"], values: Float64Array.of(1, .9, .1, .9, 1, .2, .1, .2, 1) }, ["x", "x", "y"]).values[1]  // NaN
 */
export function maskPairs(m: SquareMatrix, groups: readonly string[]): SquareMatrix {
  const n = m.labels.length, v = Float64Array.from(m.values);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && groups[i] === groups[j]) v[i * n + j] = NaN;
  return { labels: m.labels.slice(), values: v };
}

/**
 * Seed of one comparison: the base seed plus a fixed offset per (level, factor, pair set), so that each
 * comparison's permutations are reproducible on their own.
 *
 * @example
 *   biasSeed(1, "signature", "format", "all")  // 1 + 4
 */
export function biasSeed(seed: number, level: ZooBiasLevel, factor: ZooBiasFactor, pairs: "all" | "different-domain"): number {
  return seed + ZOO_BIAS_LEVELS.indexOf(level) * 100 + (["family", "format", "domain"] as const).indexOf(factor) * 4 + (pairs === "all" ? 0 : 1);
}

/**
 * The bias chapter (Fig. 5 and Table 5 on the zoo).
 *
 * D(c) = mean within-domain overlap of c − mean over d ≠ c of mean overlap between c and d (Table 5);
 * Mann–Whitney W = Σ ranks(within) − n_w(n_w+1)/2 over the pooled within/across pairs (Fig. 5)
 *
 * @example
 *   const b = zooBias(z, { permutations: 2000, bootstrapResamples: 2000 });
 *   b.cells.find((c) => c.level === "performance" && c.factor === "family" && c.pairs === "all")?.summary.mannWhitneyP
 */
export function zooBias(z: ZooData, opts: ZooBiasOptions = {}): ZooBiasResult {
  const seed = opts.seed ?? ZOO_OVERLAP_SEED;
  const permutations = opts.permutations ?? 10000;
  const B = opts.bootstrapResamples ?? 10000;
  const m = zooOverlapMatrices(z, opts.signatureOptions ?? {});
  const k = m.labels.length;
  const mats = {} as Record<ZooBiasLevel, SquareMatrix>;
  for (const l of ZOO_BIAS_LEVELS) mats[l] = mainBlock(m[l], k);
  const groupsOf: Record<ZooBiasFactor, string[]> = { family: m.families, format: m.formats, domain: m.domains };
  const cells: ZooBiasCell[] = [];
  for (const factor of ["family", "format", "domain"] as const) {
    for (const pairs of factor === "domain" ? (["all"] as const) : (["all", "different-domain"] as const)) {
      for (const level of ZOO_BIAS_LEVELS) {
        const mat = pairs === "all" ? mats[level] : maskPairs(mats[level], m.domains);
        const g = groupsOf[factor];
        const within: number[] = [], across: number[] = [];
        for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) {
          const v = mat.values[i * k + j];
          if (!Number.isNaN(v)) (g[i] === g[j] ? within : across).push(v);
        }
        const c = compareWithinAcross(mat, g, { factor, seed: biasSeed(seed, level, factor, pairs), permutations });
        cells.push({ level, factor, pairs, within, across, summary: { ...factorJson(c), mannWhitneyPGreater: c.mannWhitneyGreater.pValue, mannWhitneyZ: c.mannWhitney.z } });
      }
    }
  }
  const groups = groupByCategory(m.domains);
  const categoryTests = {} as Record<ZooBiasLevel, CategoryTest[]>;
  for (const l of ZOO_BIAS_LEVELS) categoryTests[l] = withinCrossBootstrap(mats[l].values, k, groups, { resamples: B, seed });
  const matrices = {} as Record<ZooBiasLevel, number[][]>;
  for (const l of ZOO_BIAS_LEVELS) matrices[l] = toNested(mats[l].values, k);
  return {
    profile: z.profile, nModels: m.models.length, items: Math.min(...z.benchmarks.filter((x) => x.category === "zoo-domain").map((x) => x.items)), labels: m.labels, domains: m.domains, families: m.families, formats: m.formats,
    matrices, cells, categoryTests, permutations, bootstrapResamples: B, seed,
    notes: [
      `The zoo's design crosses family and format with source domain: each of the ${new Set(m.domains).size} domains has one benchmark of each family, two of them nextword (multiple choice and true/false), so ${new Set(m.domains).size} same-family pairs are also same-domain pairs; the "different-domain pairs" rows drop every same-domain pair.`,
      "Mann–Whitney treats the pairs as independent (as the paper does); pairs sharing a benchmark are not, so its p-values are too small. The label-permutation p (benchmark labels shuffled, pair dependence kept) is the safer one.",
      `Table 5: stratified benchmark bootstrap, ${B} replicates, seed ${seed}, two-sided p = 2(1 + min(#D* ≤ 0, #D* ≥ 0))/(B + 1), Holm across the ${groups.names.length} domains; with 5 benchmarks per domain each within mean has 10 pairs.`,
    ],
    provenance: provenance("zoo bias: within vs across family / format / domain at performance and signature level (Mann-Whitney U = R wilcox.test exact=FALSE correct=TRUE, label permutation); Table 5 stratified bootstrap by domain", {
      benchmarks: k, permutations, bootstrapResamples: B, levels: ZOO_BIAS_LEVELS.join(","), permutationSeeds: "seed + 100*level + 4*factor + (different-domain ? 1 : 0)",
      signatureOptions: JSON.stringify(opts.signatureOptions ?? {}),
    }, seed),
  };
}
