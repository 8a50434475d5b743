import { join } from "node:path";
import { loadZooData, type ZooData } from "../../src/zoo/zoo-data";
import { zooGroundTruth, type ZooGroundTruthOptions, type ZooGroundTruthResult } from "../../src/chapters/zoo-groundtruth";

/** The committed CI fixture (smoke profile: 40 models x 560 pieces, 37 benchmarks). */
export const FIXTURE = join(__dirname, "..", "fixtures", "zoo-smoke");

/**
 * The options the chapter tests and the golden input use: the smoke budget for the screened-set null (the
 * golden recomputes it) and small budgets for the nulls that re-run AIC selection (not part of the golden).
 */
export const TEST_OPTIONS: ZooGroundTruthOptions = {
  budget: { screened: 200, signature: 5, domainMeanLomo: 20, screenedAverageLomo: 1, signatureLomo: 1, overlapLabel: 200, performanceModel: 50, signatureOverlapModel: 2, inflation: 200 },
};

/** The benchmark whose screened-set null the golden recomputes from the exported permutation list. */
export const NULL_BENCHMARK = "zoo_code_nextword";

let z: ZooData | null = null;
/** The fixture's zoo data (loaded once per process). */
export const fixtureZoo = (): ZooData => (z ??= loadZooData(FIXTURE));
/** The chapter on the fixture with TEST_OPTIONS (memoised by the chapter). */
export const fixtureResult = (): ZooGroundTruthResult => zooGroundTruth(fixtureZoo(), TEST_OPTIONS);
