/**
 * A seeded simulator of screening inputs at any scale: surprisal-like features for m models and
 * score vectors for nb benchmarks that share a latent model ability, generated in column blocks so
 * that a 1.69e7-feature matrix (the paper's scale) never has to exist in memory at once.
 */
import { createRng } from "../core/random";
import type { FeatureBlockSource, ScoreTarget } from "./screening";

/** Parameters of the simulation (all have defaults except the sizes). */
export interface ScreeningSimOptions {
  nModels: number;
  nFeatures: number;
  nBenchmarks: number;
  seed: number;
  /** Fraction of features that load on model ability (default 0.01). */
  signalFraction?: number;
  /** Fraction of features rounded to 0.1 nats, which creates ties across models (default 0.01). */
  tieFraction?: number;
  /** Columns per generated block (default 65536); the data do not depend on the consumer's blocking. */
  blockSize?: number;
}

/** Simulated targets and a block source over the simulated features. */
export interface ScreeningSim {
  targets: ScoreTarget[];
  source: FeatureBlockSource;
  /** The latent ability of each model. */
  ability: Float64Array;
}

/**
 * Simulate: ability a_k ~ N(0,1); score y_bk = 0.5 + 0.1·w_b·a_k + 0.03·ε with w_b ~ U(0.5, 1.5);
 * feature x_kf = μ_f − β_f·a_k + 0.5·ε with μ_f ~ N(3, 1) and β_f ~ N(0, 0.5²) for a `signalFraction`
 * of features (else 0), stored as Float32. Block j uses its own generator seeded from (seed, j),
 * so any block can be regenerated alone.
 *
 * @example
 *   const sim = simulateScreening({ nModels: 32, nFeatures: 1000, nBenchmarks: 3, seed: 1 });
 *   const X = materialize(sim.source);  // Float32Array of 32 x 1000
 */
export function simulateScreening(o: ScreeningSimOptions): ScreeningSim {
  const m = o.nModels, d = o.nFeatures, nb = o.nBenchmarks;
  const sf = o.signalFraction ?? 0.01, tf = o.tieFraction ?? 0.01, B = o.blockSize ?? 65536;
  const rng = createRng(o.seed);
  const ability = Float64Array.from({ length: m }, () => rng.normal());
  const targets: ScoreTarget[] = Array.from({ length: nb }, (_, b) => {
    const w = 0.5 + rng.next();
    return { name: `sim_${b}`, values: Float64Array.from(ability, (a) => 0.5 + 0.1 * w * a + 0.03 * rng.normal()) };
  });
  const source: FeatureBlockSource = {
    nModels: m, nFeatures: d,
    *blocks() {
      for (let j = 0, off = 0; off < d; j++, off += B) yield { offset: off, values: simulateBlock(o.seed, j, m, Math.min(B, d - off), ability, sf, tf) };
    },
  };
  return { targets, source, ability };
}

function simulateBlock(seed: number, j: number, m: number, n: number, ability: Float64Array, sf: number, tf: number): Float32Array {
  const rng = createRng((seed ^ Math.imul(j + 1, 0x9e3779b1)) | 0);
  const v = new Float32Array(m * n);
  for (let i = 0; i < n; i++) {
    const mu = 3 + rng.normal();
    const beta = rng.next() < sf ? 0.5 * rng.normal() : 0;
    const round = rng.next() < tf;
    for (let k = 0; k < m; k++) {
      let x = mu - beta * ability[k] + 0.5 * rng.normal();
      if (round) x = Math.round(x * 10) / 10;
      v[k * n + i] = x;
    }
  }
  return v;
}

/**
 * Concatenate every block of a source into one row-major models x features Float32Array.
 *
 * @example
 *   materialize({ nModels: 1, nFeatures: 2, blocks: () => [{ offset: 0, values: new Float32Array([1, 2]) }] });
 */
export function materialize(source: FeatureBlockSource): Float32Array {
  const m = source.nModels, d = source.nFeatures;
  const out = new Float32Array(m * d);
  for (const { offset, values } of source.blocks()) {
    const n = values.length / m;
    for (let k = 0; k < m; k++) out.set(values.subarray(k * n, (k + 1) * n), k * d + offset);
  }
  return out;
}
