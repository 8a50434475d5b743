/**
 * Signatures on the zoo: the paper's pipeline (Thrush screening, 1% per tail, forward OLS by AIC) run on the
 * zoo's wild-pool feature matrix for every zoo benchmark, with the knobs the chapters vary (unit, pool half,
 * screening ratio, criterion). Results are memoised per ZooData object and options, so chapters that need the
 * same signatures compute them once per process.
 */
import type { LabeledMatrix } from "../core/matrix";
import { selectColumns } from "../core/matrix";
import { computeSignatures, type SignaturePipelineOptions, type SignatureRun } from "../signatures/pipeline";
import type { WildHalf } from "../zoo/wild-pool";
import { zooMemo, type ZooData, type ZooFeatureName } from "../zoo/zoo-data";

/** Options: the pipeline's, plus which feature matrix (unit) and which wild half to use. */
export interface ZooSignatureOptions extends SignaturePipelineOptions {
  /** Piece-level unit (default "sum": summed token NLL, the paper's). */
  feature?: Extract<ZooFeatureName, "sum" | "last" | "bpb">;
  /** Restrict the pool to one wild half (default: both). */
  half?: WildHalf | null;
}

const memo = zooMemo<SignatureRun>();

/**
 * The piece-level feature matrix of a unit, optionally restricted to one wild half (columns in pool order).
 *
 * @example
 *   zooFeatureMatrix(z, "sum", "wild-a").cols.length   // half the pool
 */
export function zooFeatureMatrix(z: ZooData, feature: "sum" | "last" | "bpb" = "sum", half: WildHalf | null = null): LabeledMatrix<Float32Array> {
  const X = z.features[feature];
  if (!half) return X;
  const idx: number[] = [];
  z.pieces.forEach((p, j) => { if (p.half === half) idx.push(j); });
  return selectColumns(X, idx);
}

/**
 * Each piece's text shown with its context: `…context ⟦piece⟧` (the last 12 context pieces).
 *
 * @example
 *   zooContexts(z).get("wiki-t026:5")   // "Edward / / (born July ⟦12,⟧"
 */
export function zooContexts(z: ZooData): Map<string, string> {
  return new Map(z.pieces.map((p) => {
    const ctx = p.context.split(/\s+/).filter(Boolean);
    const shown = (ctx.length > 12 ? "… " : "") + ctx.slice(-12).join(" ");
    return [p.id, `${shown}${shown ? " " : ""}⟦${p.text}⟧`];
  }));
}

/**
 * Signatures of every zoo benchmark (negative controls included) under the given options; memoised.
 *
 * defaults: Thrush screening, ratio 0.01 per tail (floor max(2m, 50) candidates), AIC, residual df ≥ 10
 *
 * @example
 *   const run = zooSignatures(z);
 *   run.signatures.find((s) => s.benchmark === "zoo_wiki_nextword")?.pieces.length
 */
export function zooSignatures(z: ZooData, opts: ZooSignatureOptions = {}): SignatureRun {
  return memo(z, opts, () => {
    const { feature = "sum", half = null, ...pipe } = opts;
    return computeSignatures(zooFeatureMatrix(z, feature, half), z.table, pipe, zooContexts(z));
  });
}
