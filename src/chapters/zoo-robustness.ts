/**
 * The zoo robustness chapter (paper §A.7): does the benchmark structure that signatures reveal survive a change
 * of regressor (forward AIC, lasso, elastic net, the released code's lasso, 50 random screened pieces), of the
 * screening ratio (1e-6 … 0.5 per tail), and of the corpus (the two disjoint wild halves, the paper's
 * RedPajama-vs-Dolma check)? Pure computation over a ZooData; the parts live in zoo-robustness-regressors.ts
 * and zoo-robustness-ratios.ts, the shared helpers in zoo-robustness-common.ts.
 *
 * Where the zoo differs from the paper: 40 small byte-level models with known training mixtures, not 32 LLMs;
 * a wild pool of whitespace pieces from the zoo's own domains (36,000 on the default profile, 480 on smoke),
 * not 1.69e7 RedPajama pieces, so a ratio keeps ~400x fewer candidates than the same ratio in the paper, and the
 * max(2m, 50) = 80 floor makes every ratio up to 1e-3 screen the same 80-84 candidates; 35 zoo-domain benchmarks
 * (5 formats x 6 domains), not 27 BBH subtasks or 89 benchmarks; the "other corpus" is the other half of the
 * same pool (same domains, disjoint text), not a different crawl.
 */
import { provenance, type Provenance } from "../core/provenance";
import type { ZooData } from "../zoo/zoo-data";
import type { PieceList } from "./zoo-robustness-common";
import { zooRegressorAgreement, type RegressorAgreement, type RegressorAgreementOptions } from "./zoo-robustness-regressors";
import { ZOO_RATIO_GRID, zooCorpusSwap, zooRatioSensitivity, type CorpusSwap, type RatioSensitivity } from "./zoo-robustness-ratios";

export * from "./zoo-robustness-common";
export * from "./zoo-robustness-regressors";
export * from "./zoo-robustness-ratios";

/** Options of {@link zooRobustness}. */
export interface ZooRobustnessOptions extends RegressorAgreementOptions {
  /** Screening ratios per tail (default ZOO_RATIO_GRID; 0.01 is always added). */
  ratios?: readonly number[];
}

/** Everything the chapter reports. */
export interface ZooRobustnessResult {
  profile: string;
  nModels: number;
  nPieces: number;
  benchmarks: string[];
  /** Source domain of each benchmark (its first listed domain), for ordering figures. */
  domainOf: Record<string, string>;
  regressors: RegressorAgreement;
  ratios: RatioSensitivity;
  swap: CorpusSwap;
  provenance: Provenance;
}

/**
 * The three robustness checks on the zoo-domain benchmarks.
 *
 * agreement(A, B) = corr(upper(O_A), upper(O_B)) for signature-overlap matrices O of two variants
 *
 * @example
 *   const r = zooRobustness(z);
 *   r.regressors.pairs.find((p) => p.a === "aic" && p.b === "lasso")?.unsigned.pearson;
 *   r.ratios.rows.map((x) => [x.ratio, x.effectiveCandidates, x.vsPaperRatio.pearson]);
 *   r.swap.agreement.spearman;
 */
export function zooRobustness(z: ZooData, opts: ZooRobustnessOptions = {}): ZooRobustnessResult {
  const { ratios = ZOO_RATIO_GRID, ...regOpts } = opts;
  const regressors = zooRegressorAgreement(z, regOpts);
  const ratioRes = zooRatioSensitivity(z, ratios);
  const swap = zooCorpusSwap(z);
  return {
    profile: z.profile, nModels: z.models.length, nPieces: z.features.sum.cols.length, benchmarks: regressors.benchmarks,
    domainOf: Object.fromEntries(z.benchmarks.filter((b) => regressors.benchmarks.includes(b.name)).map((b) => [b.name, b.domains[0] ?? "other"])),
    regressors, ratios: ratioRes, swap,
    provenance: provenance("zoo robustness: regressor agreement, screening-ratio sensitivity, corpus swap (paper A.7)", {
      feature: "sum", screen: "thrush", paperRatio: 0.01, minCandidates: "max(2m, 50)", criterion: "aic", minResidualDf: 10,
      overlap: "unsigned mean of within-model z-scores (pool: every piece of the matrix), Spearman across models",
      agreement: "Pearson and Spearman of the strict upper triangles", ratios: ratioRes.rows.map((r) => r.ratio),
      ...regressors.params,
    }, regressors.params.seed),
  };
}

/**
 * Every piece list the chapter compared, as plain JSON (method → benchmark → pieces): the input of the
 * independent golden script (tests/golden/zoo-robustness/make_expected.py), which recomputes the overlaps.
 *
 * @example
 *   JSON.stringify(zooRobustnessPieceLists(zooRobustness(z)))
 */
export function zooRobustnessPieceLists(r: ZooRobustnessResult) {
  const asObj = (lists: PieceList[]) => Object.fromEntries(lists.map((l) => [l.benchmark, { pieces: l.pieces, signs: l.coefficients ? l.coefficients.map(Math.sign) : null }]));
  return {
    benchmarks: r.benchmarks,
    regressors: Object.fromEntries(r.regressors.methods.map((m) => [m.method, asObj(m.lists)])),
    ratios: r.ratios.rows.map((row, g) => ({ ratio: row.ratio, signatures: asObj(r.ratios.lists[g]) })),
    halves: Object.fromEntries(r.swap.halves.map((h) => [h.half, asObj(h.lists)])),
  };
}
