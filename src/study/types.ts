import type { Provenance } from "../core/provenance";
import type { PlotlyFigure } from "../figures/types";
import type { TableSpec } from "../report/table";

/** Names of the study profiles. */
export type ProfileName = "default" | "smoke";

/**
 * A study profile: `default` runs every chapter on the embedded data; `smoke` is the small, fast
 * variant CI runs (steps choose smaller inputs when `smoke` is true). Steps never branch on anything
 * else about the profile.
 */
export interface StudyProfile {
  name: ProfileName;
  description: string;
  /** Base seed for every random choice in the study (recorded in each step's provenance). */
  seed: number;
  smoke: boolean;
}

/** What a step gets: the profile, where its files go, the repository root, and a progress logger. */
export interface StudyContext {
  profile: StudyProfile;
  /** This profile's results folder (e.g. `results/smoke`). */
  outDir: string;
  /** The repository root (where `data/` is). */
  repoRoot: string;
  /** Print a progress line for this step (prefixed with the study and step name) on stderr. */
  log(line: string): void;
}

/** A figure a step produces: an id (unique within the step), its spec and a caption (markdown). */
export interface StudyFigure {
  id: string;
  spec: PlotlyFigure;
  caption?: string;
}

/**
 * What a step returns. Everything is computed in the run; nothing is typed in by hand.
 * `headline` is plain JSON (numbers, strings, arrays, objects) that a test recomputes and checks.
 */
export interface StepResult {
  headline: Record<string, unknown>;
  figures?: StudyFigure[];
  /** Report prose for this step, markdown: what was computed and how to read it. */
  prose?: string;
  tables?: TableSpec[];
  provenance?: Provenance;
}

/** One step of the study (usually one chapter's computation). */
export interface StudyStep {
  /** File-safe id: lowercase letters, digits, `-` (e.g. `performance`). Names `results/<profile>/<id>.json`. */
  id: string;
  /** Section title in the report. */
  title: string;
  run(ctx: StudyContext): Promise<StepResult>;
}
