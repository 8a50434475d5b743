/**
 * Information criteria for Gaussian linear models, on R's `extractAIC` scale (the constant
 * n·(1 + log 2π) is dropped, as R does): value = n·log(RSS/n) + k·edf, edf = rank of the design,
 * counting the intercept.
 */

/** The criterion names the selection functions and the CLI accept. */
export type SelectionCriterion = "aic" | "bic" | "aicc";

/** A criterion bound to a sample size: `value(rss, edf)` and its name and per-parameter penalty k. */
export interface BoundCriterion {
  name: SelectionCriterion;
  /** Penalty per parameter: 2 (AIC, AICc) or log n (BIC), or the `k` given for "aic". */
  k: number;
  /** Criterion value for a fit with residual sum of squares `rss` and `edf` parameters. */
  value(rss: number, edf: number): number;
}

/**
 * R's `extractAIC` for an `lm` fit.
 *
 * AIC_k = n·log(RSS/n) + k·edf   (k = 2: AIC; k = log n: BIC)
 *
 * @example
 *   extractAic(10, 32, 3);          // 32·log(10/32) + 6 = −31.22…
 *   extractAic(10, 32, 3, Math.log(32));
 */
export function extractAic(rss: number, n: number, edf: number, k = 2): number {
  return n * Math.log(rss / n) + k * edf;
}

/**
 * Small-sample corrected AIC (Hurvich & Tsai 1989) on the `extractAIC` scale. K = edf + 1 counts the
 * error variance as a parameter, as Burnham & Anderson and `MuMIn::AICc` do; Infinity when n − K − 1 ≤ 0.
 *
 * AICc = n·log(RSS/n) + 2·edf + 2K(K + 1)/(n − K − 1),  K = edf + 1
 *
 * @example
 *   aicc(10, 32, 3);  // extractAic(10, 32, 3) + 2·4·5/27
 */
export function aicc(rss: number, n: number, edf: number): number {
  const K = edf + 1;
  const den = n - K - 1;
  if (den <= 0) return Infinity;
  return extractAic(rss, n, edf, 2) + (2 * K * (K + 1)) / den;
}

/**
 * Bind a criterion to a sample size n. `k` overrides the AIC penalty (R's `step(k = …)`) and is only
 * allowed with "aic".
 *
 * @example
 *   const bic = boundCriterion("bic", 32);  // k = log 32
 *   bic.value(10, 3);
 */
export function boundCriterion(name: SelectionCriterion, n: number, k?: number): BoundCriterion {
  if (k !== undefined && name !== "aic") throw new RangeError(`criterion ${name}: a custom k is only allowed with "aic"`);
  if (k !== undefined && !(k >= 0 && Number.isFinite(k))) throw new RangeError(`criterion k must be a finite number >= 0, got ${k}`);
  switch (name) {
    case "aic": { const kk = k ?? 2; return { name, k: kk, value: (rss, edf) => extractAic(rss, n, edf, kk) }; }
    case "bic": { const kk = Math.log(n); return { name, k: kk, value: (rss, edf) => extractAic(rss, n, edf, kk) }; }
    case "aicc": return { name, k: 2, value: (rss, edf) => aicc(rss, n, edf) };
    default: throw new RangeError(`unknown criterion '${String(name)}' (use aic, aicc or bic)`);
  }
}
