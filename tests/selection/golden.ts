// Loads the committed R goldens (tests/golden/selection/*.json, made by make_goldens.R) as typed values.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LabeledMatrix } from "../../src/core/matrix";

const dir = join(__dirname, "..", "golden", "selection");

export function loadGolden<T>(file: string): T {
  return JSON.parse(readFileSync(join(dir, file), "utf8")) as T;
}

/** A matrix from the golden's nested rows (rows = models). */
export function toMatrix(X: number[][], cols: string[]): LabeledMatrix {
  const n = X.length, p = cols.length;
  const values = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) values[i * p + j] = X[i][j];
  return { rows: X.map((_, i) => `m${i + 1}`), cols, values };
}

export interface StepGoldenPath { added: string | null; rss: number; edf: number; aic: number; r2?: number; adjR2?: number }
export interface StepGoldenCase {
  name: string; note: string; n: number; k?: number; criterion?: string; steps: number; cols: string[]; X: number[][]; y: number[];
  path: StepGoldenPath[]; selected: string[]; nSteps: number; stoppedBecause?: string; coefficients?: Record<string, number>; tss?: number;
}
export interface GlmnetFitGolden { lambda: number; a0: number; beta: number[]; df: number; devRatio: number }
export interface GlmnetCase { name: string; alpha: number; standardize: boolean; intercept: boolean; lambdaMax: number; cols: string[]; X: number[][]; y: number[]; fits: GlmnetFitGolden[] }
export interface GlmnetGolden {
  cases: GlmnetCase[];
  sklearn: { name: string; cols: string[]; X: number[][]; y: number[]; fits: { alpha: number; beta: number[] }[] };
}

/** |a − b| ≤ rel·max(1, |b|). */
export function close(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));
}
