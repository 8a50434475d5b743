import { dataStep } from "./data-step";
import { performanceStep } from "./performance-step";
import { methodStep } from "./method-step";
import { realLlmsStep } from "./real-llms-step";
import { semanticStep } from "./semantic-step";
import type { StudyStep } from "./types";
import { zooDataStep } from "./zoo-data-step";

/**
 * The study's steps, in report order. `bsig study` / `npm run study` run exactly this list. To add a
 * chapter, import its step (a `StudyStep`: id, title, `run(ctx)` returning headline numbers, figure
 * specs, tables and prose) and append it here.
 */
export const STUDY_STEPS: StudyStep[] = [
  dataStep,
  methodStep,
  performanceStep,
  semanticStep,
  zooDataStep,
  realLlmsStep,
];
