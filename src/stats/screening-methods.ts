/**
 * Per-method engines of the fast screen: each turns the score vectors into a target matrix once, then
 * scores any block of features against all benchmarks with one call of the kernel.
 */
import { midranks } from "./ranks";
import { crossPlain, PackedProduct } from "./screening-kernel";
import type { RankedFeatures } from "./screening-ranks";

/** The screening statistics the workbook implements. */
export type ScreeningMethod = "thrush" | "spearman" | "kendall" | "pearson" | "preselect";

/**
 * All method names, for option parsing.
 *
 * @example
 *   SCREENING_METHODS.includes("thrush");  // true
 */
export const SCREENING_METHODS: readonly ScreeningMethod[] = ["thrush", "spearman", "kendall", "pearson", "preselect"];

/**
 * The value of a statistic that means "no association": 0.5 for preselect (a fraction of pairs), 0 for
 * the correlations; kept features are ordered by |statistic − centre|.
 *
 * @example
 *   methodCentre("preselect");  // 0.5
 */
export function methodCentre(method: ScreeningMethod): number {
  return method === "preselect" ? 0.5 : 0;
}

/** Scores a block of features f0..f0+n−1 against every target: out[b·n + i]. */
export interface MethodEngine {
  method: ScreeningMethod;
  nTargets: number;
  block(features: RankedFeatures, f0: number, n: number, out: Float64Array): void;
}

/**
 * Build the engine for a method from oriented score vectors (higher = better, finite, length m).
 *
 * Targets (benchmark-major, m values each):
 * - thrush:   v = 2·midrank(y) − m − 1;                 γ = Σ_k c_k v_k (c = centred mid-ranks of x)
 * - spearman: the same exact v;                         ρ_s = Σ_k c_k v_k / (‖c‖·‖v‖)
 * - pearson:  u = (y − ȳ)/‖y − ȳ‖;                     r = Σ_k (x_k − x̄) u_k / ‖x − x̄‖
 * - kendall / preselect: pair signs σ_p(y) = sign(y_k − y_l) over the P = m(m−1)/2 pairs k < l;
 *   S = Σ_p σ_p(x)σ_p(y), A = Σ_p |σ_p(x)||σ_p(y)|; τ_b = S/sqrt((P − t_x)(P − t_y)), η = (A − S)/(2P).
 * A constant y (or x) gives NaN for spearman, pearson and kendall, 0 for thrush and preselect.
 *
 * @example
 *   const eng = methodEngine("thrush", [new Float64Array([1, 3, 2])]);
 *   const out = new Float64Array(1);
 *   eng.block(rankFeatures(new Float64Array([3, 1, 2]), 3), 0, 1, out);  // out[0] = -4
 */
export function methodEngine(method: ScreeningMethod, ys: Float64Array[]): MethodEngine {
  if (ys.length === 0) throw new Error("screening: no score vectors");
  const m = ys[0].length;
  for (const y of ys) {
    if (y.length !== m) throw new Error(`screening: score vectors have different lengths (${m} vs ${y.length})`);
    for (let k = 0; k < m; k++) if (!Number.isFinite(y[k])) throw new Error(`screening: score ${y[k]} at model ${k} is not finite`);
  }
  const nb = ys.length;
  switch (method) {
    case "thrush": {
      const t = new Float64Array(nb * m);
      ys.forEach((y, b) => { const s = midranks(y); for (let k = 0; k < m; k++) t[b * m + k] = 2 * s[k] - m - 1; });
      const pk = new PackedProduct(t, nb, m, (m - 1) / 2, 2, m - 1);
      return { method, nTargets: nb, block: (f, f0, n, out) => { checkM(f, m); pk.cross(f.centred, f0, n, out); } };
    }
    case "spearman": {
      // exact integer targets v = 2·(s − s̄), scaled afterwards, so equal (dot, ‖c‖) give bit-equal ρ
      const t = new Float64Array(nb * m), vnorm = new Float64Array(nb);
      ys.forEach((y, b) => {
        const s = midranks(y);
        let ss = 0;
        for (let k = 0; k < m; k++) { const v = 2 * s[k] - m - 1; t[b * m + k] = v; ss += v * v; }
        vnorm[b] = Math.sqrt(ss);
      });
      const pk = new PackedProduct(t, nb, m, (m - 1) / 2, 2, m - 1);
      let nrm = new Float64Array(0);
      return {
        method, nTargets: nb,
        block: (f, f0, n, out) => {
          checkM(f, m);
          pk.cross(f.centred, f0, n, out);
          if (nrm.length < n) nrm = new Float64Array(n);
          nrm.set(f.norm.subarray(f0, f0 + n));
          // a constant feature (‖c‖ = 0) or score (‖v‖ = 0) has dot = 0, so 0/0 gives the NaN it should
          for (let b = 0; b < nb; b++) {
            const vb = vnorm[b], o = b * n;
            for (let i = 0; i < n; i++) {
              const q = out[o + i] / (nrm[i] * vb);
              out[o + i] = q > 1 ? 1 : q < -1 ? -1 : q;
            }
          }
        },
      };
    }
    case "pearson": {
      const t = new Float64Array(nb * m);
      ys.forEach((y, b) => unitCentred(y, t, b * m));
      let scratch = new Float64Array(0);
      return {
        method, nTargets: nb,
        block: (f, f0, n, out) => {
          checkM(f, m);
          if (scratch.length < n * m) scratch = new Float64Array(n * m);
          const constant = new Uint8Array(n);
          const src = f.source, d = f.nFeatures;
          for (let i = 0; i < n; i++) {
            let mean = 0, same = true;
            const first = src[f0 + i];
            for (let k = 0; k < m; k++) { const v = src[k * d + f0 + i]; mean += v; if (v !== first) same = false; }
            mean /= m;
            let ss = 0;
            for (let k = 0; k < m; k++) { const c = src[k * d + f0 + i] - mean; scratch[i * m + k] = c; ss += c * c; }
            if (same || ss === 0) { constant[i] = 1; continue; }
            const inv = 1 / Math.sqrt(ss);
            for (let k = 0; k < m; k++) scratch[i * m + k] *= inv;
          }
          crossPlain(scratch, 0, n, m, t, nb, out);
          for (let i = 0; i < n; i++) for (let b = 0; b < nb; b++) out[b * n + i] = constant[i] ? NaN : clamp(out[b * n + i]);
        },
      };
    }
    case "kendall":
    case "preselect":
      return pairEngine(method, ys, m);
  }
}

function pairEngine(method: "kendall" | "preselect", ys: Float64Array[], m: number): MethodEngine {
  const nb = ys.length, P = (m * (m - 1)) / 2;
  const sy = new Float64Array(nb * P), ay = new Float64Array(nb * P), tiesY = new Float64Array(nb);
  ys.forEach((y, b) => {
    let p = 0, ties = 0;
    for (let k = 0; k < m; k++) for (let l = k + 1; l < m; l++) {
      const s = Math.sign(y[k] - y[l]);
      sy[b * P + p] = s; ay[b * P + p] = s === 0 ? 0 : 1; if (s === 0) ties++; p++;
    }
    tiesY[b] = ties;
  });
  const pkS = new PackedProduct(sy, nb, P, 1, 1, 1), pkA = new PackedProduct(ay, nb, P, 1, 1, 1);
  let sx = new Float32Array(0), ax = new Float32Array(0), outA = new Float64Array(0);
  return {
    method, nTargets: nb,
    block: (f, f0, n, out) => {
      checkM(f, m);
      if (sx.length < n * P) { sx = new Float32Array(n * P); ax = new Float32Array(n * P); }
      if (method === "preselect" && outA.length < nb * n) outA = new Float64Array(nb * n);
      const tiesX = new Float64Array(n);
      const src = f.source, d = f.nFeatures;
      const col = new Float64Array(m);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < m; k++) col[k] = src[k * d + f0 + i];
        let p = i * P, ties = 0;
        for (let k = 0; k < m; k++) {
          const xk = col[k];
          for (let l = k + 1; l < m; l++) {
            const s = xk > col[l] ? 1 : xk < col[l] ? -1 : 0;
            sx[p] = s; ax[p] = s === 0 ? 0 : 1; if (s === 0) ties++; p++;
          }
        }
        tiesX[i] = ties;
      }
      pkS.cross(sx, 0, n, out);
      if (method === "kendall") {
        for (let i = 0; i < n; i++) for (let b = 0; b < nb; b++) {
          const den = Math.sqrt((P - tiesX[i]) * (P - tiesY[b]));
          out[b * n + i] = den === 0 ? NaN : clamp(out[b * n + i] / den);
        }
      } else {
        pkA.cross(ax, 0, n, outA);
        for (let q = 0; q < nb * n; q++) out[q] = P === 0 ? NaN : (outA[q] - out[q]) / (2 * P);
      }
    },
  };
}

function unitCentred(v: ArrayLike<number>, t: Float64Array, off: number): void {
  const m = v.length;
  let mean = 0, same = true;
  for (let k = 0; k < m; k++) { mean += v[k]; if (v[k] !== v[0]) same = false; }
  mean /= m;
  let ss = 0;
  for (let k = 0; k < m; k++) { const c = v[k] - mean; t[off + k] = c; ss += c * c; }
  const inv = same || ss === 0 ? NaN : 1 / Math.sqrt(ss);
  for (let k = 0; k < m; k++) t[off + k] *= inv;
}

function clamp(r: number): number {
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

function checkM(f: RankedFeatures, m: number): void {
  if (f.nModels !== m) throw new Error(`screening: features have ${f.nModels} models but scores have ${m}`);
}
