import { createRng } from "../../src/core/random";
import type { LabeledMatrix } from "../../src/core/matrix";

/**
 * A seeded regression problem for the selection tests: X ~ N(0, 1) (n x p), and
 * y = Σ_t (base − slope·t)·X[:, signal[t]] + noise·ε.
 */
export function synthetic(
  n: number, p: number, seed: number, signal: number[], noise: number, base: number, slope: number,
): { X: LabeledMatrix; y: Float64Array } {
  const rng = createRng(seed);
  const values = new Float64Array(n * p);
  for (let i = 0; i < values.length; i++) values[i] = rng.normal();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = noise * rng.normal();
    signal.forEach((j, t) => { y[i] += (base - slope * t) * values[i * p + j]; });
  }
  return { X: { rows: Array.from({ length: n }, (_, i) => `m${i}`), cols: Array.from({ length: p }, (_, j) => `f${j}`), values }, y };
}
