// Synthetic zoo for the ground-truth tests: models with known per-domain exposure, pieces from known
// domains, surprisal that falls with exposure to the piece's domain, and scores that track exposure.
import { createRng } from "../../src/core/random";
import type { LabeledMatrix } from "../../src/core/matrix";
import { spearman } from "../../src/stats/correlation";
import type { PieceSelection } from "../../src/zoo/groundtruth-enrichment";

export interface SyntheticZoo {
  X: LabeledMatrix<Float32Array>;
  pieceDomains: Int32Array;
  exposure: Float64Array; // models x domains
  nDomains: number;
}

/** n models, nDomains domains with perDomain pieces each; X_ij = base_j − exposure_{i,dom(j)} + noise. */
export function syntheticZoo(n: number, nDomains: number, perDomain: number, seed: number, noise = 0.3): SyntheticZoo {
  const rng = createRng(seed);
  const exposure = new Float64Array(n * nDomains);
  for (let i = 0; i < exposure.length; i++) exposure[i] = rng.next();
  const p = nDomains * perDomain;
  const pieceDomains = new Int32Array(p);
  for (let j = 0; j < p; j++) pieceDomains[j] = Math.floor(j / perDomain);
  const base = Array.from({ length: p }, () => 2 + rng.next());
  const values = new Float32Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) values[i * p + j] = base[j] - exposure[i * nDomains + pieceDomains[j]] + noise * rng.normal();
  return {
    X: { rows: Array.from({ length: n }, (_, i) => `m${i}`), cols: Array.from({ length: p }, (_, j) => `p${j}`), values },
    pieceDomains,
    exposure,
    nDomains,
  };
}

/** Score on a benchmark of domain d: exposure plus noise. */
export function scoresFor(z: SyntheticZoo, d: number, seed: number, noise = 0.05): Float64Array {
  const rng = createRng(seed);
  const n = z.X.rows.length;
  return Float64Array.from({ length: n }, (_, i) => z.exposure[i * z.nDomains + d] + noise * rng.normal());
}

/** Test-only screening pipeline: Spearman per column, keep the top and bottom `frac` (signs = sign of ρ). */
export function screenTails(frac: number) {
  return (X: LabeledMatrix<Float32Array | Float64Array>, y: Float64Array): PieceSelection => {
    const n = X.rows.length, p = X.cols.length;
    const rho = new Float64Array(p);
    const col = new Float64Array(n);
    for (let j = 0; j < p; j++) {
      for (let i = 0; i < n; i++) col[i] = X.values[i * p + j];
      rho[j] = spearman(col, y);
    }
    const order = Array.from({ length: p }, (_, j) => j).sort((a, b) => rho[a] - rho[b] || a - b);
    const k = Math.max(1, Math.round(frac * p));
    const idx = [...order.slice(0, k), ...order.slice(p - k)];
    return { indices: Int32Array.from(idx), signs: Int8Array.from(idx, (j) => Math.sign(rho[j])) };
  };
}
