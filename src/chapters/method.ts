/**
 * The teaching chapter "the method on a small worked example": a small seeded synthetic world in which
 * the answer is known, and every stage of the paper's pipeline (§3.2–3.5) run on it and returned as
 * plain JSON: one Thrush correlation worked by hand, its identity with Spearman, the histogram with its
 * 1st/99th percentiles, the screened set, the add1 table of the first forward step, the forward path
 * (capped and uncapped), whether the planted pieces were recovered, and a toy signature overlap.
 *
 * The world: m models with a latent ability a_i for benchmark A and b_i = ρ·a_i + √(1 − ρ²)·e_i for
 * benchmark B. Scores y_A = 0.55 + 0.12·a + 0.02·ε, y_B = 0.45 + 0.12·b + 0.02·ε. Every corpus piece j
 * has a base surprisal μ_j ~ U(2, 6) nats; a piece planted for A has x_ij = μ_j − 0.8·a_i + 0.35·ε (abler
 * models are less surprised by it), planted for B likewise with b_i, and every other piece
 * x_ij = μ_j + 0.8·ε (noise). Draw order is fixed (see `methodWorld`), so a seed gives one world.
 */
import type { LabeledMatrix } from "../core/matrix";
import { createRng, permutation } from "../core/random";
import { provenance, type Provenance } from "../core/provenance";
import { midranks } from "../stats/ranks";
import { spearman } from "../stats/correlation";
import { thrushCorrelation } from "../stats/screening-stats";
import { screen } from "../stats/screening";
import { quantile7 } from "../stats/bootstrap-category";
import { add1 } from "../selection/add1";
import { forwardSelect, type SelectionPath, type StopReason } from "../selection/forward";
import { signatureOverlap } from "../overlap/signature";

/** Default seed of the worked example (the paper's arXiv date). */
export const METHOD_SEED = 20250927;

/** Parameters of the synthetic world. */
export interface MethodWorldOptions {
  /** Number of models (default 12). */
  models?: number;
  /** Number of corpus pieces (default 200). */
  pieces?: number;
  /** Pieces planted per benchmark (default 3). */
  planted?: number;
  /** Correlation of the latent abilities behind benchmarks A and B (default 0.5). */
  abilityCorrelation?: number;
  seed?: number;
}

/** The synthetic world: surprisals (rows = models), two benchmarks' scores, and the planted truth. */
export interface MethodWorld {
  models: string[];
  pieces: string[];
  /** Row-major models x pieces surprisal (nats). */
  surprisal: Float64Array;
  scoresA: Float64Array;
  scoresB: Float64Array;
  abilityA: Float64Array;
  abilityB: Float64Array;
  plantedA: string[];
  plantedB: string[];
  seed: number;
  abilityCorrelation: number;
}

/**
 * Generate the world. Draws, in order: a (m normals), e (m), the score noises of A then B (m each),
 * μ (d uniforms), the planted positions (one permutation of d: the first `planted` are A's, the next
 * B's), then the surprisal noise model by model, piece by piece.
 *
 * @example
 *   const w = methodWorld();
 *   w.models.length, w.pieces.length;  // 12, 200
 *   w.plantedA;                         // e.g. ["p017", "p088", "p140"]
 */
export function methodWorld(opts: MethodWorldOptions = {}): MethodWorld {
  const m = opts.models ?? 12, d = opts.pieces ?? 200, k = opts.planted ?? 3;
  const rho = opts.abilityCorrelation ?? 0.5, seed = opts.seed ?? METHOD_SEED;
  if (!(m >= 4 && d >= 2 * k + 2 && k >= 1)) throw new RangeError(`methodWorld: need models >= 4, planted >= 1 and pieces >= 2·planted + 2`);
  const rng = createRng(seed);
  const a = Float64Array.from({ length: m }, () => rng.normal());
  const e = Float64Array.from({ length: m }, () => rng.normal());
  const b = Float64Array.from(a, (ai, i) => rho * ai + Math.sqrt(1 - rho * rho) * e[i]);
  const scoresA = Float64Array.from(a, (ai) => 0.55 + 0.12 * ai + 0.02 * rng.normal());
  const scoresB = Float64Array.from(b, (bi) => 0.45 + 0.12 * bi + 0.02 * rng.normal());
  const mu = Float64Array.from({ length: d }, () => 2 + 4 * rng.next());
  const perm = permutation(d, rng);
  const role = new Int8Array(d); // 0 noise, 1 planted for A, 2 planted for B
  for (let t = 0; t < k; t++) { role[perm[t]] = 1; role[perm[k + t]] = 2; }
  const x = new Float64Array(m * d);
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) {
    const z = rng.normal();
    x[i * d + j] = role[j] === 1 ? mu[j] - 0.8 * a[i] + 0.35 * z : role[j] === 2 ? mu[j] - 0.8 * b[i] + 0.35 * z : mu[j] + 0.8 * z;
  }
  const pieces = Array.from({ length: d }, (_, j) => `p${String(j).padStart(3, "0")}`);
  const models = Array.from({ length: m }, (_, i) => `model-${String(i + 1).padStart(2, "0")}`);
  return {
    models, pieces, surprisal: x, scoresA, scoresB, abilityA: a, abilityB: b, seed, abilityCorrelation: rho,
    plantedA: pieces.filter((_, j) => role[j] === 1), plantedB: pieces.filter((_, j) => role[j] === 2),
  };
}

/**
 * The world as CSV for independent checks (R, Python): columns `model, score_a, score_b, p000, …`,
 * one row per model, numbers with 17 significant digits (round-trip exact).
 *
 * @example
 *   methodWorldCsv(methodWorld()).split("\n")[0];  // "model,score_a,score_b,p000,p001,…"
 */
export function methodWorldCsv(w: MethodWorld): string {
  const d = w.pieces.length, f = (v: number) => v.toPrecision(17);
  const lines = [["model", "score_a", "score_b", ...w.pieces].join(",")];
  w.models.forEach((name, i) => {
    const row = [name, f(w.scoresA[i]), f(w.scoresB[i])];
    for (let j = 0; j < d; j++) row.push(f(w.surprisal[i * d + j]));
    lines.push(row.join(","));
  });
  return lines.join("\n") + "\n";
}

/** One model pair of the worked Thrush correlation: sign(y_k − y_l)·(r_k − r_l). */
export interface ThrushPair {
  k: string; l: string; yk: number; yl: number; sign: number; xk: number; xl: number; rk: number; rl: number; rankDiff: number; term: number;
}

/** One row of the first step's add1 table (R's `<none>` first, then every candidate). */
export interface MethodAdd1Row { piece: string | null; rss: number; aic: number; planted: boolean }

/** One step of a forward path; `aic` is null where it is −∞ (an exact fit). */
export interface MethodPathStep { step: number; added: string | null; edf: number; rss: number; aic: number | null; r2: number; adjR2: number; planted: boolean }

/** A forward path in JSON form. */
export interface MethodPath { minResidualDf: number; stoppedBecause: StopReason; selected: string[]; steps: MethodPathStep[] }

/** Options of the chapter. */
export interface MethodChapterOptions extends MethodWorldOptions {
  /** Fraction kept per screening tail (default 0.05: the paper's 0.01 of 200 pieces would keep 2 per tail). */
  ratio?: number;
  /** Residual df the capped forward path keeps (default 6: at most 5 pieces with 12 models). */
  minResidualDf?: number;
}

/** Everything the chapter reports, as plain JSON. */
export interface MethodChapterResult {
  world: { models: string[]; nPieces: number; plantedA: string[]; plantedB: string[]; scoresA: number[]; scoresB: number[]; abilityCorrelation: number; seed: number };
  worked: { piece: string; surprisal: number[]; ranks: number[]; pairs: ThrushPair[]; nPairs: number; gamma: number; spearman: number; scale: number; spearmanTimesScale: number };
  thrush: { values: number[]; spearman: number[]; maxIdentityError: number; p01: number; p99: number; min: number; max: number; plantedValues: Record<string, number> };
  screening: { ratio: number; perTail: number; top: string[]; bottom: string[]; kept: string[]; topThreshold: number; bottomThreshold: number; plantedKept: string[]; plantedMissed: string[];
    /** What the paper's 1 % per tail would keep on this many pieces. */
    paperTails: { ratio: number; perTail: number; kept: string[]; plantedKept: string[] } };
  add1: { rows: MethodAdd1Row[]; winner: string; winnerRss: number; winnerAic: number; noneAic: number };
  path: MethodPath;
  saturated: MethodPath;
  recovery: { plantedInScreen: number; plantedSelected: string[]; falseSelected: string[]; firstStepsArePlanted: boolean; planted: number };
  overlap: {
    signatureA: string[]; signatureB: string[]; signature: number; signedSignature: number; oracleSignature: number; performance: number; latent: number;
    scoresA: number[]; scoresB: number[]; sharedPieces: string[];
    /** Sign of each signature piece's Thrush correlation with its own benchmark (−1: less surprise ↔ higher score). */
    gammaSignsA: number[]; gammaSignsB: number[];
  };
  provenance: Provenance;
}

const column = (w: MethodWorld, j: number) => Float64Array.from(w.models, (_, i) => w.surprisal[i * w.pieces.length + j]);

function pathJson(p: SelectionPath, planted: Set<string>): MethodPath {
  return {
    minResidualDf: p.minResidualDf, stoppedBecause: p.stoppedBecause, selected: p.selected.slice(),
    steps: p.steps.map((s) => ({
      step: s.step, added: s.added, edf: s.edf, rss: s.rss, aic: Number.isFinite(s.aic) ? s.aic : null, r2: s.r2, adjR2: s.adjR2,
      planted: s.added !== null && planted.has(s.added),
    })),
  };
}

/**
 * Run the whole method on the synthetic world for benchmark A (and B, for the toy overlap).
 *
 * Thrush: γ_j = Σ_{k<l} sign(y_k − y_l)(r_k − r_l) = ρ_s·m(m² − 1)/6 without ties. Screening keeps the
 * ⌊ratio·d⌋ largest and smallest γ. Forward selection adds argmin_c AIC(y ~ 1 + S + c),
 * AIC = n·log(RSS/n) + 2·edf, while AIC falls and n − edf ≥ minResidualDf; the uncapped path
 * (minResidualDf = 0) shows AIC heading to −∞ as the fit saturates. Signature overlap: Spearman across
 * models of each model's mean z-scored surprisal over each signature (z-scores over all pieces).
 *
 * @example
 *   const r = methodChapter();
 *   r.worked.gamma === r.worked.spearmanTimesScale;   // up to rounding
 *   r.add1.winner === r.path.selected[0];              // true
 */
export function methodChapter(opts: MethodChapterOptions = {}): MethodChapterResult {
  const w = methodWorld(opts);
  const m = w.models.length, d = w.pieces.length;
  const ratio = opts.ratio ?? 0.05, minResidualDf = opts.minResidualDf ?? 6;
  const X: LabeledMatrix<Float64Array> = { rows: w.models, cols: w.pieces, values: w.surprisal };
  const plantedA = new Set(w.plantedA);
  const scale = (m * (m * m - 1)) / 6;

  // 1. One Thrush correlation by hand: the first planted piece of A.
  const jw = w.pieces.indexOf(w.plantedA[0]);
  const xw = column(w, jw), rw = midranks(xw), y = w.scoresA;
  const pairs: ThrushPair[] = [];
  for (let k = 0; k < m; k++) for (let l = k + 1; l < m; l++) {
    const sign = Math.sign(y[k] - y[l]), rankDiff = rw[k] - rw[l];
    pairs.push({ k: w.models[k], l: w.models[l], yk: y[k], yl: y[l], sign, xk: xw[k], xl: xw[l], rk: rw[k], rl: rw[l], rankDiff, term: sign * rankDiff });
  }
  const gamma = pairs.reduce((s, p) => s + p.term, 0);
  const rhoW = spearman(xw, y);

  // 2. Every piece: γ and ρ_s, the identity, the percentiles.
  const gammas = w.pieces.map((_, j) => thrushCorrelation(column(w, j), y));
  const rhos = w.pieces.map((_, j) => spearman(column(w, j), y));
  const maxIdentityError = Math.max(...gammas.map((g, j) => Math.abs(g - rhos[j] * scale)));
  const sorted = Float64Array.from(gammas).sort();

  // 3. Screening (the fast path), checked against the hand-computed γ.
  const sA = screen(w.surprisal, m, [{ name: "A", values: w.scoresA }], "thrush", { ratio, minCandidates: 0 })[0];
  const name = (j: number) => w.pieces[j];
  const kept = Array.from(sA.tails.kept, name);
  const s1 = screen(w.surprisal, m, [{ name: "A", values: w.scoresA }], "thrush", { ratio: 0.01, minCandidates: 0 })[0];
  const kept1 = Array.from(s1.tails.kept, name);

  // 4. First forward step as R's add1 table, then the capped and the uncapped path.
  const table = add1(X, y, [], sA.tails.kept);
  const rows: MethodAdd1Row[] = table.map((r) => ({ piece: r.term, rss: r.rss, aic: r.aic, planted: r.term !== null && plantedA.has(r.term) }));
  const best = rows.slice(1).reduce((a, b) => (b.aic < a.aic ? b : a));
  const path = forwardSelect(X, y, { candidates: sA.tails.kept, minResidualDf });
  const saturated = forwardSelect(X, y, { candidates: sA.tails.kept, minResidualDf: 0 });

  // 5. Benchmark B through the same pipeline; the toy signature overlap.
  const sB = screen(w.surprisal, m, [{ name: "B", values: w.scoresB }], "thrush", { ratio, minCandidates: 0 })[0];
  const pathB = forwardSelect(X, w.scoresB, { candidates: sB.tails.kept, minResidualDf });
  const ov = signatureOverlap(X, [{ benchmark: "A", pieces: path.selected }, { benchmark: "B", pieces: pathB.selected }], { pool: "all" });
  const signed = signatureOverlap(X, [
    { benchmark: "A", pieces: path.selected, coefficients: Array.from(path.coefficients) },
    { benchmark: "B", pieces: pathB.selected, coefficients: Array.from(pathB.coefficients) },
  ], { pool: "all", signWeighted: true });
  const oracle = signatureOverlap(X, [{ benchmark: "A", pieces: w.plantedA }, { benchmark: "B", pieces: w.plantedB }], { pool: "all" });
  const setB = new Set(pathB.selected);
  const gammaOf = (p: string, yy: Float64Array) => thrushCorrelation(column(w, w.pieces.indexOf(p)), yy);

  const selectedPlanted = path.selected.filter((p) => plantedA.has(p));
  return {
    world: {
      models: w.models, nPieces: d, plantedA: w.plantedA, plantedB: w.plantedB, scoresA: Array.from(w.scoresA), scoresB: Array.from(w.scoresB),
      abilityCorrelation: w.abilityCorrelation, seed: w.seed,
    },
    worked: { piece: w.pieces[jw], surprisal: Array.from(xw), ranks: Array.from(rw), pairs, nPairs: pairs.length, gamma, spearman: rhoW, scale, spearmanTimesScale: rhoW * scale },
    thrush: {
      values: gammas, spearman: rhos, maxIdentityError, p01: quantile7(sorted, 0.01), p99: quantile7(sorted, 0.99), min: sorted[0], max: sorted[d - 1],
      plantedValues: Object.fromEntries(w.plantedA.map((p) => [p, gammas[w.pieces.indexOf(p)]])),
    },
    screening: {
      ratio, perTail: sA.tails.perTail, top: Array.from(sA.tails.top, name), bottom: Array.from(sA.tails.bottom, name), kept,
      topThreshold: sA.tails.topThreshold, bottomThreshold: sA.tails.bottomThreshold,
      plantedKept: w.plantedA.filter((p) => kept.includes(p)), plantedMissed: w.plantedA.filter((p) => !kept.includes(p)),
      paperTails: { ratio: 0.01, perTail: s1.tails.perTail, kept: kept1, plantedKept: w.plantedA.filter((p) => kept1.includes(p)) },
    },
    add1: { rows, winner: best.piece as string, winnerRss: best.rss, winnerAic: best.aic, noneAic: rows[0].aic },
    path: pathJson(path, plantedA),
    saturated: pathJson(saturated, plantedA),
    recovery: {
      planted: w.plantedA.length, plantedInScreen: w.plantedA.filter((p) => kept.includes(p)).length, plantedSelected: selectedPlanted,
      falseSelected: path.selected.filter((p) => !plantedA.has(p)),
      firstStepsArePlanted: path.selected.slice(0, w.plantedA.length).every((p) => plantedA.has(p)),
    },
    overlap: {
      signatureA: path.selected, signatureB: pathB.selected, signature: ov.values[1], signedSignature: signed.values[1], oracleSignature: oracle.values[1],
      performance: spearman(w.scoresA, w.scoresB), latent: spearman(w.abilityA, w.abilityB),
      scoresA: Array.from(ov.scores[0]), scoresB: Array.from(ov.scores[1]), sharedPieces: path.selected.filter((p) => setB.has(p)),
      gammaSignsA: path.selected.map((p) => Math.sign(gammaOf(p, w.scoresA))), gammaSignsB: pathB.selected.map((p) => Math.sign(gammaOf(p, w.scoresB))),
    },
    provenance: provenance("method chapter: Thrush screening + forward AIC selection + signature overlap on a seeded synthetic world", {
      models: m, pieces: d, planted: w.plantedA.length, abilityCorrelation: w.abilityCorrelation, ratio, minCandidates: 0,
      minResidualDf, criterion: "aic (R extractAIC, k = 2)", zscorePool: "all", generator: "methodWorld (src/chapters/method.ts)",
    }, w.seed),
  };
}

/** Averages of the chapter's recovery and overlap numbers over many seeds (how typical one world is). */
export interface MethodSweep {
  /** Worlds averaged: seeds 1..nSeeds. */
  nSeeds: number;
  plantedInScreen: number;
  plantedSelected: number;
  falseSelected: number;
  firstStepPlanted: number;
  signature: number;
  signedSignature: number;
  oracleSignature: number;
  performance: number;
  latent: number;
}

/**
 * Run the chapter on seeds 1..n (same options otherwise) and average: planted pieces screened and
 * selected (out of `planted`), noise pieces selected, the fraction of worlds whose first step is
 * planted, and the mean of each overlap.
 *
 * @example
 *   methodSweep(100).plantedSelected;  // mean number of A's planted pieces in the capped signature
 */
export function methodSweep(n: number, opts: MethodChapterOptions = {}): MethodSweep {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`methodSweep: n must be a positive integer, got ${n}`);
  const seeds = Array.from({ length: n }, (_, i) => i + 1);
  const acc = { plantedInScreen: 0, plantedSelected: 0, falseSelected: 0, firstStepPlanted: 0, signature: 0, signedSignature: 0, oracleSignature: 0, performance: 0, latent: 0 };
  for (const seed of seeds) {
    const r = methodChapter({ ...opts, seed });
    acc.plantedInScreen += r.recovery.plantedInScreen;
    acc.plantedSelected += r.recovery.plantedSelected.length;
    acc.falseSelected += r.recovery.falseSelected.length;
    acc.firstStepPlanted += r.path.steps[1]?.planted ? 1 : 0;
    acc.signature += r.overlap.signature; acc.signedSignature += r.overlap.signedSignature;
    acc.oracleSignature += r.overlap.oracleSignature; acc.performance += r.overlap.performance; acc.latent += r.overlap.latent;
  }
  const out = { nSeeds: n } as MethodSweep;
  for (const [k, v] of Object.entries(acc)) (out as unknown as Record<string, number>)[k] = v / n;
  return out;
}
