import { dataStep } from "./data-step";
import { performanceStep } from "./performance-step";
import { methodStep } from "./method-step";
import { realLlmsStep } from "./real-llms-step";
import { semanticStep } from "./semantic-step";
import type { StudyStep } from "./types";
import { zooDataStep } from "./zoo-data-step";
import { zooCorpusStep } from "./zoo-corpus-step";
import { zooScreeningStep } from "./zoo-screening-step";
import { zooSignaturesStep } from "./zoo-signatures-step";
import { zooOverlapsStep } from "./zoo-overlaps-step";
import { zooBiasStep } from "./zoo-bias-step";
import { zooRobustnessStep } from "./zoo-robustness-step";
import { zooGroundTruthStep } from "./zoo-groundtruth-step";

/**
 * The study's steps, in report order. `bsig study` / `npm run study` run exactly this list. To add a
 * chapter, import its step (a `StudyStep`: id, title, `run(ctx)` returning headline numbers, figure
 * specs, tables and prose) and append it here. The zoo chapters read what `zooDataStep` writes, so they
 * come after it.
 */
export const STUDY_STEPS: StudyStep[] = [
  dataStep,
  methodStep,
  performanceStep,
  semanticStep,
  zooDataStep,
  zooCorpusStep,
  zooScreeningStep,
  zooSignaturesStep,
  zooOverlapsStep,
  zooBiasStep,
  zooRobustnessStep,
  zooGroundTruthStep,
  realLlmsStep,
];
