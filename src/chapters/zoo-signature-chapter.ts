/**
 * Signatures on the zoo (paper Algorithm 1, §3.4, A.7 LOOCV): for every zoo benchmark its signature under
 * the pipeline's defaults (Thrush screening 1 % per tail with floor max(2m, 50), forward OLS by AIC, at
 * least 10 residual df), each selected piece with its context text, coefficient sign, screening sign and
 * domain; the selection path (AIC, R², adjusted R² per step); size and stop reason; and leave-one-model-out
 * R² against the training-mean and screened-mean baselines (src/chapters/zoo-signature-loo.ts).
 *
 * Where the zoo differs from the paper: 40 models (so the residual-df cap allows at most 40 − 11 = 29
 * pieces, 28 inside a leave-one-out fold), not 32 LLMs; a 36,000-piece balanced pool of 6 domains (default
 * profile), not 1.7e7 RedPajama tokens; and here the source domain of every benchmark is known, so the
 * signature's domain make-up can be checked against the truth.
 */
import { provenance, type Provenance } from "../core/provenance";
import type { StopReason } from "../selection/forward";
import { sampleMedian } from "../stats/describe";
import type { ZooData } from "../zoo/zoo-data";
import { zooContexts, zooFeatureMatrix, zooSignatures } from "./zoo-signatures";
import { zooRepresentativeBenchmarks, zooReliability } from "./zoo-screening";
import { zooLeaveOneModelOut, type ZooBenchmarkLoo } from "./zoo-signature-loo";

/** One selected piece of a zoo signature. */
export interface ZooSignaturePiece {
  id: string;
  /** Order of selection (1-based). */
  step: number;
  coefficient: number;
  /** Thrush coefficient of the piece in the full-data screen (oriented: higher = better score); < 0: surprisal falls as the score rises. */
  thrush: number;
  domain: string;
  fromSource: boolean;
  /** `… context ⟦piece⟧` (zooContexts). */
  context: string;
}

/** One benchmark's signature and its checks. */
export interface ZooSignatureSummary {
  benchmark: string;
  category: string;
  family: string;
  format: string;
  sourceDomains: string[];
  qualifies: boolean;
  reliability: number | null;
  nCandidates: number;
  size: number;
  stoppedBecause: StopReason;
  r2: number;
  adjR2: number;
  steps: { step: number; added: string | null; rss: number; edf: number; aic: number; r2: number; adjR2: number }[];
  pieces: ZooSignaturePiece[];
  /** Share of the signature's pieces from the source domain(s) (null for negative controls), and the pool's share. */
  sourceShare: number | null;
  poolSourceShare: number | null;
  /** Pieces whose Thrush coefficient is negative ("surprisal falls as the score rises"). */
  nNegative: number;
  /** Pieces with a positive OLS coefficient. */
  nPositiveCoefficient: number;
  loo: ZooBenchmarkLoo | null;
}

/** Medians and win counts of the leave-one-model-out R² over a group of benchmarks. */
export interface ZooLooGroup {
  n: number;
  medianAic: number;
  medianScreenedMean: number;
  /** Over the group's benchmarks with a source domain. */
  medianSourceMean: number | null;
  /** R²_loo(AIC) > 0: beats the training mean. */
  aicBeatsMean: number;
  aicBeatsScreenedMean: number;
  screenedMeanBeatsMean: number;
  aicBeatsSourceMean: number | null;
}

/** Options of {@link zooSignaturesChapter}. */
export interface ZooSignaturesChapterOptions {
  feature?: "sum" | "last" | "bpb";
  /** Run leave-one-model-out CV (default true). */
  loo?: boolean;
  /** Cross-validate only these benchmarks (default all); the rule that chose them goes in `looRule`. */
  looBenchmarks?: readonly string[] | null;
  looRule?: string;
}

/** Everything the chapter reports. */
export interface ZooSignaturesChapterResult {
  profile: string;
  nModels: number;
  nPieces: number;
  /** Text domains of the wild pool. */
  nDomains: number;
  screen: { method: string; ratio: number; minCandidates: number; candidates: number };
  criterion: string;
  minResidualDf: number;
  /** Largest signature the residual-df cap allows on all models: n − minResidualDf − 1. */
  maxSize: number;
  signatures: ZooSignatureSummary[];
  /** The benchmark whose selection path the chapter draws (the best-reliability qualifying benchmark). */
  pathBenchmark: string;
  looBenchmarks: string[];
  looRule: string;
  groups: { qualifying: ZooLooGroup | null; zooDomain: ZooLooGroup | null; negativeControl: ZooLooGroup | null };
  stopReasons: Record<string, number>;
  provenance: Provenance;
}

/**
 * Medians and win counts of leave-one-model-out R² over the signatures that have one.
 *
 * @example
 *   summarizeZooLoo(r.signatures.filter((s) => s.qualifies))?.medianAic
 */
export function summarizeZooLoo(sigs: ZooSignatureSummary[]): ZooLooGroup | null {
  const l = sigs.map((s) => s.loo).filter((x): x is ZooBenchmarkLoo => x !== null);
  if (!l.length) return null;
  const src = l.filter((x) => x.r2SourceMean !== null);
  return {
    n: l.length,
    medianAic: sampleMedian(l.map((x) => x.r2Aic)), medianScreenedMean: sampleMedian(l.map((x) => x.r2ScreenedMean)),
    medianSourceMean: src.length ? sampleMedian(src.map((x) => x.r2SourceMean!)) : null,
    aicBeatsMean: l.filter((x) => x.r2Aic > 0).length, aicBeatsScreenedMean: l.filter((x) => x.r2Aic > x.r2ScreenedMean).length,
    screenedMeanBeatsMean: l.filter((x) => x.r2ScreenedMean > 0).length,
    aicBeatsSourceMean: src.length ? src.filter((x) => x.r2Aic > x.r2SourceMean!).length : null,
  };
}

/**
 * The signatures chapter: every benchmark's signature (zooSignatures defaults) with pieces, contexts,
 * signs, domains and path, plus leave-one-model-out R² against the two baselines.
 *
 * @example
 *   const r = zooSignaturesChapter(loadZooData("tests/fixtures/zoo-smoke"));
 *   r.signatures[0].pieces[0].context;   // "… the context ⟦piece⟧"
 *   r.groups.qualifying?.medianAic;      // median LOO R² of the AIC signatures
 */
export function zooSignaturesChapter(z: ZooData, opts: ZooSignaturesChapterOptions = {}): ZooSignaturesChapterResult {
  const feature = opts.feature ?? "sum";
  const run = zooSignatures(z, feature === "sum" ? {} : { feature }); // {} shares the memo with the other zoo chapters
  const X = zooFeatureMatrix(z, feature);
  const n = X.rows.length, d = X.cols.length, nb = z.scores.cols.length;
  const ctx = zooContexts(z);
  const domainOf = new Map(z.pieces.map((p) => [p.id, p.domain]));
  const poolDomains = new Set(z.pieces.map((p) => p.domain));
  const rel = zooReliability(z);
  const sourceOf = (b: string) => (z.benchmarks.find((x) => x.name === b)?.domains ?? []).filter((dm) => poolDomains.has(dm));
  const ys = z.scores.cols.map((_, j) => Float64Array.from({ length: n }, (_, i) => z.scores.values[i * nb + j]));
  const looNames = opts.loo === false ? [] : (opts.looBenchmarks ?? z.scores.cols).filter((b) => z.scores.cols.includes(b));
  const sourceColumns = z.scores.cols.map((b) => {
    const src = sourceOf(b);
    return src.length ? z.pieces.flatMap((p, j) => (src.includes(p.domain) ? [j] : [])) : null;
  });
  const loos = zooLeaveOneModelOut(X, ys, z.scores.cols, looNames.map((b) => z.scores.cols.indexOf(b)), sourceColumns);
  const signatures: ZooSignatureSummary[] = run.signatures.map((s) => {
    const meta = z.table.meta[s.benchmark];
    const spec = z.benchmarks.find((x) => x.name === s.benchmark);
    const src = sourceOf(s.benchmark);
    const pieces: ZooSignaturePiece[] = s.pieces.map((p) => {
      const dm = domainOf.get(p.feature) ?? "";
      return { id: p.feature, step: p.step, coefficient: p.coefficient, thrush: p.screenStatistic ?? NaN, domain: dm, fromSource: src.includes(dm), context: ctx.get(p.feature) ?? p.feature };
    });
    return {
      benchmark: s.benchmark, category: String(meta?.category ?? spec?.category ?? ""), family: String(meta?.family ?? spec?.family ?? ""), format: String(meta?.format ?? spec?.format ?? ""),
      sourceDomains: src, qualifies: rel.get(s.benchmark)?.qualifies ?? false, reliability: rel.get(s.benchmark)?.reliability ?? null,
      nCandidates: s.nCandidates, size: s.pieces.length, stoppedBecause: s.stoppedBecause, r2: s.r2, adjR2: s.adjR2, steps: s.steps, pieces,
      sourceShare: src.length && pieces.length ? pieces.filter((p) => p.fromSource).length / pieces.length : null,
      poolSourceShare: src.length ? z.pieces.filter((p) => src.includes(p.domain)).length / d : null,
      nNegative: pieces.filter((p) => p.thrush < 0).length, nPositiveCoefficient: pieces.filter((p) => p.coefficient > 0).length,
      loo: loos.find((l) => l.benchmark === s.benchmark) ?? null,
    };
  });
  const stopReasons: Record<string, number> = {};
  for (const s of signatures) stopReasons[s.stoppedBecause] = (stopReasons[s.stoppedBecause] ?? 0) + 1;
  const first = run.signatures[0];
  const minResidualDf = Number(run.provenance.params.minResidualDf ?? 10);
  return {
    profile: z.profile, nModels: n, nPieces: d, nDomains: z.exposure.domains.length,
    screen: { method: first.screen?.method ?? "thrush", ratio: first.screen?.ratio ?? 0.01, minCandidates: first.screen?.minCandidates ?? NaN, candidates: first.nCandidates },
    criterion: first.criterion, minResidualDf, maxSize: n - minResidualDf - 1, signatures,
    pathBenchmark: zooRepresentativeBenchmarks(z)[0]?.benchmark ?? signatures[0].benchmark,
    looBenchmarks: looNames, looRule: opts.looRule ?? (looNames.length === nb ? "every benchmark" : looNames.length ? "chosen by the caller" : "not run"),
    groups: {
      qualifying: summarizeZooLoo(signatures.filter((s) => s.qualifies)),
      zooDomain: summarizeZooLoo(signatures.filter((s) => s.category !== "negative-control")),
      negativeControl: summarizeZooLoo(signatures.filter((s) => s.category === "negative-control")),
    },
    stopReasons,
    provenance: provenance("zoo signatures: Thrush screening + forward AIC per benchmark, pieces with contexts and domains, leave-one-model-out vs training-mean and screened-mean baselines", {
      profile: z.profile, feature, ...run.provenance.params, loo: looNames.length, looRule: opts.looRule ?? null,
      screenedMean: "screened pieces z-scored over the training models, signed by tail, averaged; simple regression within the fold",
      sourceMean: "mean surprisal over the source domain's pieces; simple regression, leave-one-out",
    }),
  };
}
