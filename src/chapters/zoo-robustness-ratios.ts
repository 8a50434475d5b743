/**
 * Screening-ratio sensitivity (paper §A.7.4) and the corpus swap (paper §A.7.3, the Dolma check) on the zoo:
 * the paper's pipeline re-run at each ratio per tail, and on each of the two disjoint wild halves.
 */
import type { SquareMatrix } from "../core/matrix";
import { sampleMedian } from "../stats/describe";
import { tailSizes } from "../stats/screening-tails";
import type { SignatureRun } from "../signatures/pipeline";
import type { WildHalf } from "../zoo/wild-pool";
import type { ZooData } from "../zoo/zoo-data";
import { matrixAgreement, meanJaccard, overlapOfPieceLists, zooDomainBenchmarks, type MatrixAgreement, type PieceList } from "./zoo-robustness-common";
import { zooFeatureMatrix, zooSignatures } from "./zoo-signatures";

/** The ratio grid of the chapter (fraction kept per tail). */
export const ZOO_RATIO_GRID: readonly number[] = [1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.1, 0.25, 0.5];

/** The paper's consecutive ratio pairs (A.7.4 table) whose both ends are on a grid. */
export const PAPER_RATIO_PAIRS: readonly [number, number][] = [[1e-6, 1e-5], [1e-5, 1e-4], [1e-4, 1e-3], [1e-3, 0.01], [0.01, 0.1], [0.1, 0.2], [0.2, 0.3], [0.3, 0.4], [0.4, 0.5], [0.5, 1]];

/** One row of the ratio table. */
export interface RatioRow {
  ratio: number;
  /** ratio·d per tail before rounding (d = pieces in the pool). */
  askedPerTailExact: number;
  /** max(1, ⌊ratio·d⌋) per tail: what the ratio asks for. */
  askedPerTail: number;
  /** 2 × askedPerTail. */
  askedCandidates: number;
  /** Candidates actually screened in (after the max(2m, 50) floor and the cap at d). */
  effectiveCandidates: number;
  floorApplies: boolean;
  meanSize: number;
  medianSize: number;
  medianR2: number;
  meanR2: number;
  /** Overlap-matrix agreement with the 0.01 (paper) ratio's matrix. */
  vsPaperRatio: MatrixAgreement;
  /** Agreement with the previous ratio of the grid (null for the first). */
  vsPrevious: MatrixAgreement | null;
  /** Mean Jaccard of the signatures' piece sets with the 0.01 ones. */
  jaccardVsPaperRatio: number;
}

/** What {@link zooRatioSensitivity} returns. */
export interface RatioSensitivity {
  benchmarks: string[];
  nPieces: number;
  nModels: number;
  minCandidates: number;
  rows: RatioRow[];
  /** The paper's pairs (from, to) both on the grid, with this run's agreement. */
  paperPairs: { from: number; to: number; agreement: MatrixAgreement }[];
  /** Piece lists per ratio (same order as rows), for export and the golden. */
  lists: PieceList[][];
  overlaps: SquareMatrix[];
}

/**
 * A signature run's signatures of the given benchmarks as piece lists (with coefficients), in that order.
 *
 * @example
 *   zooPieceLists(zooSignatures(z), zooDomainBenchmarks(z))[0].pieces   // the first benchmark's pieces
 */
export function zooPieceLists(run: SignatureRun, benchmarks: string[]): PieceList[] {
  return benchmarks.map((b) => {
    const s = run.signatures.find((x) => x.benchmark === b);
    if (!s) throw new Error(`no signature for '${b}'`);
    return { benchmark: b, pieces: s.pieces.map((p) => p.feature), coefficients: s.pieces.map((p) => p.coefficient) };
  });
}

/**
 * The paper's pipeline at each screening ratio: candidate counts (asked and effective), signature sizes and R²,
 * and how far each ratio's signature-overlap matrix agrees with the 0.01 ratio's and with the previous ratio's.
 *
 * per tail k = max(1, ⌊r·d⌋), widened to max(2m, 50) in total; agreement = corr(upper(O_r), upper(O_0.01))
 *
 * @example
 *   const s = zooRatioSensitivity(z);
 *   s.rows.map((r) => [r.ratio, r.effectiveCandidates, r.vsPaperRatio.pearson]);
 */
export function zooRatioSensitivity(z: ZooData, ratios: readonly number[] = ZOO_RATIO_GRID): RatioSensitivity {
  const grid = [...new Set([...ratios, 0.01])].sort((a, b) => a - b);
  const X = zooFeatureMatrix(z, "sum");
  const benchmarks = zooDomainBenchmarks(z);
  const d = X.cols.length, m = X.rows.length, minCandidates = Math.max(2 * m, 50);
  const runs = grid.map((r) => (r === 0.01 ? zooSignatures(z) : zooSignatures(z, { screenRatio: r })));
  const lists = runs.map((run) => zooPieceLists(run, benchmarks));
  const overlaps = lists.map((l) => overlapOfPieceLists(X, l));
  const ref = grid.indexOf(0.01);
  const rows: RatioRow[] = grid.map((ratio, g) => {
    const sigs = benchmarks.map((b) => runs[g].signatures.find((s) => s.benchmark === b)!);
    const ts = tailSizes(d, ratio, minCandidates);
    const sizes = sigs.map((s) => s.pieces.length), r2 = sigs.map((s) => s.r2);
    return {
      ratio, askedPerTailExact: ratio * d, askedPerTail: ts.perTail, askedCandidates: 2 * ts.perTail,
      effectiveCandidates: sigs[0].nCandidates, floorApplies: 2 * ts.perTail < minCandidates,
      meanSize: sizes.reduce((a, b) => a + b, 0) / sizes.length, medianSize: sampleMedian(sizes),
      medianR2: sampleMedian(r2), meanR2: r2.reduce((a, b) => a + b, 0) / r2.length,
      vsPaperRatio: matrixAgreement(overlaps[g], overlaps[ref]),
      vsPrevious: g > 0 ? matrixAgreement(overlaps[g], overlaps[g - 1]) : null,
      jaccardVsPaperRatio: meanJaccard(lists[g], lists[ref]),
    };
  });
  const paperPairs = PAPER_RATIO_PAIRS.filter(([a, b]) => grid.includes(a) && grid.includes(b))
    .map(([from, to]) => ({ from, to, agreement: matrixAgreement(overlaps[grid.indexOf(from)], overlaps[grid.indexOf(to)]) }));
  return { benchmarks, nPieces: d, nModels: m, minCandidates, rows, paperPairs, lists, overlaps };
}

/** What {@link zooCorpusSwap} returns. */
export interface CorpusSwap {
  benchmarks: string[];
  halves: { half: WildHalf; pieces: number; candidates: number; medianSize: number; medianR2: number; lists: PieceList[]; overlap: SquareMatrix }[];
  /** Agreement of the wild-a and wild-b overlap matrices (Spearman = the paper's Dolma statistic). */
  agreement: MatrixAgreement;
  /** Agreement of each half's matrix with the full-pool (both halves) matrix. */
  vsFullPool: { half: WildHalf; agreement: MatrixAgreement }[];
}

/**
 * The corpus swap: the paper's pipeline on wild-a only and on wild-b only (disjoint pieces, same domains), each
 * half's signature-overlap matrix computed on its own half's features (z-scores over that half), correlated.
 *
 * agreement = Spearman(upper(O_wild-a), upper(O_wild-b))   (paper: RedPajama vs Dolma, 0.895 on BBH)
 *
 * @example
 *   zooCorpusSwap(z).agreement.spearman
 */
export function zooCorpusSwap(z: ZooData): CorpusSwap {
  const benchmarks = zooDomainBenchmarks(z);
  const full = overlapOfPieceLists(zooFeatureMatrix(z, "sum"), zooPieceLists(zooSignatures(z), benchmarks));
  const halves = (["wild-a", "wild-b"] as const).map((half) => {
    const X = zooFeatureMatrix(z, "sum", half);
    const run = zooSignatures(z, { half });
    const lists = zooPieceLists(run, benchmarks);
    const sigs = benchmarks.map((b) => run.signatures.find((s) => s.benchmark === b)!);
    return {
      half, pieces: X.cols.length, candidates: sigs[0].nCandidates,
      medianSize: sampleMedian(sigs.map((s) => s.pieces.length)), medianR2: sampleMedian(sigs.map((s) => s.r2)),
      lists, overlap: overlapOfPieceLists(X, lists),
    };
  });
  return {
    benchmarks, halves, agreement: matrixAgreement(halves[0].overlap, halves[1].overlap),
    vsFullPool: halves.map((h) => ({ half: h.half, agreement: matrixAgreement(h.overlap, full) })),
  };
}
