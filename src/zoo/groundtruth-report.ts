/**
 * One call for the zoo's per-benchmark ground truth: for every benchmark with known source domain(s),
 * the enrichment of its screened set and of its signature in the source domain (by correlation sign,
 * with model-permutation nulls), the top domain of the negative tail, and leave-one-model-out R² of the
 * signature pipeline next to the one-feature baseline (mean surprisal of the source domain's pieces).
 * The pipelines are parameters, so this does not depend on a particular screening or selection code.
 */
import type { LabeledMatrix } from "../core/matrix";
import { selectRows } from "../core/matrix";
import { enrichmentNull, topDomain, type EnrichmentWithNull, type SelectionPipeline } from "./groundtruth-enrichment";
import { domainMeanPipeline, lomoR2Null, type FitPipeline, type LomoWithNull } from "./groundtruth-lomo";
import type { NullOptions } from "./groundtruth-null";

/** Inputs: features and scores over the same models (matched by name), and the domains of pieces and benchmarks. */
export interface GroundTruthInputs {
  /** Feature matrix, rows = models, columns = wild-pool pieces (e.g. surprisal in nats). */
  X: LabeledMatrix<Float32Array | Float64Array>;
  /** Domain name of every column of X. */
  pieceDomains: readonly string[];
  /** Score table, rows = models, columns = benchmarks; NaN = missing (that model is left out for that benchmark). */
  scores: LabeledMatrix<Float64Array>;
  /** Source domain(s) of each benchmark to report on (benchmarks not listed are skipped). */
  sourceDomains: Readonly<Record<string, readonly string[]>>;
}

/** Pipelines to evaluate. */
export interface GroundTruthPipelines {
  /** Screening (e.g. Spearman, top and bottom 1%). */
  screen: SelectionPipeline;
  /** Screening + selection giving the signature; omitted = not reported. */
  signature?: SelectionPipeline;
  /** Screening + selection + OLS, for leave-one-model-out R²; omitted = not reported. */
  fit?: FitPipeline;
}

/** Ground truth of one benchmark. */
export interface BenchmarkGroundTruth {
  benchmark: string;
  domains: string[];
  models: number;
  screened: EnrichmentWithNull;
  /** Top domain of the screened negative tail (surprisal falls as the score rises); correct when in `domains`. */
  screenedTopNegative: string | null;
  signature: EnrichmentWithNull | null;
  signatureTopNegative: string | null;
  lomo: LomoWithNull | null;
  /** The pilot's one-feature baseline, with its own null. */
  baselineLomo: LomoWithNull;
}

/**
 * Ground truth for every benchmark in `sourceDomains`; each null uses `opts.permutations` seeded
 * permutations (seed recorded in each result).
 *
 * enrichment = share of selected pieces from D / share of the pool from D; R²_LOMO = 1 − PRESS / TSS
 *
 * @example
 *   groundTruthReport({ X, pieceDomains, scores, sourceDomains }, { screen, signature, fit }, { permutations: 200, seed: 1 })
 */
export function groundTruthReport(inp: GroundTruthInputs, pipes: GroundTruthPipelines, opts: NullOptions = {}): BenchmarkGroundTruth[] {
  const { X, scores } = inp;
  if (inp.pieceDomains.length !== X.cols.length) throw new Error(`${inp.pieceDomains.length} piece domains for ${X.cols.length} columns`);
  const domainNames = [...new Set(inp.pieceDomains)].sort();
  const dIndex = new Map(domainNames.map((d, i) => [d, i]));
  const pd = Int32Array.from(inp.pieceDomains, (d) => dIndex.get(d) as number);
  const xRow = new Map(X.rows.map((r, i) => [r, i]));
  const out: BenchmarkGroundTruth[] = [];
  for (const [bench, doms] of Object.entries(inp.sourceDomains)) {
    const j = scores.cols.indexOf(bench);
    if (j < 0) throw new Error(`benchmark '${bench}' is not a column of the score table`);
    const di = doms.map((d) => dIndex.get(d)).filter((x): x is number => x !== undefined);
    if (di.length === 0) throw new Error(`benchmark '${bench}': none of its domains (${doms.join(", ")}) occurs in the piece domains`);
    const keepX: number[] = [], y: number[] = [];
    scores.rows.forEach((m, i) => {
      const v = scores.values[i * scores.cols.length + j];
      const r = xRow.get(m);
      if (Number.isFinite(v) && r !== undefined) { keepX.push(r); y.push(v); }
    });
    if (keepX.length < 4) throw new Error(`benchmark '${bench}': only ${keepX.length} models have both features and a score`);
    const Xb = selectRows(X, keepX);
    const yb = Float64Array.from(y);
    const top = (sel: ReturnType<SelectionPipeline>): string | null => {
      const t = topDomain(sel, pd, domainNames.length, -1);
      return t >= 0 ? domainNames[t] : null;
    };
    const screened = enrichmentNull(Xb, yb, pd, di, pipes.screen, opts);
    const signature = pipes.signature ? enrichmentNull(Xb, yb, pd, di, pipes.signature, opts) : null;
    out.push({
      benchmark: bench,
      domains: doms.slice(),
      models: keepX.length,
      screened,
      screenedTopNegative: top(pipes.screen(Xb, yb)),
      signature,
      signatureTopNegative: pipes.signature ? top(pipes.signature(Xb, yb)) : null,
      lomo: pipes.fit ? lomoR2Null(Xb, yb, pipes.fit, opts) : null,
      baselineLomo: lomoR2Null(Xb, yb, domainMeanPipeline(pd, di), opts),
    });
  }
  return out;
}
