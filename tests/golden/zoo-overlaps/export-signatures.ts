/**
 * Writes tests/golden/zoo-overlaps/signatures.json: the fixture's signatures (pieces, oriented screening
 * statistics, OLS coefficients) as the zoo overlap chapters use them. This is the one TypeScript-made input of
 * the golden; make_expected.py recomputes every overlap statistic from it and the fixture's raw files.
 * Run from the repository root: node --import tsx tests/golden/zoo-overlaps/export-signatures.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { zooOverlapMatrices } from "../../../src/chapters/zoo-overlaps";
import { loadZooData } from "../../../src/zoo/zoo-data";

const root = join(__dirname, "..", "..", "..");
const m = zooOverlapMatrices(loadZooData(join(root, "tests", "fixtures", "zoo-smoke")));
const out: Record<string, { pieces: string[]; screenStatistics: number[]; coefficients: number[] }> = {};
for (const s of m.signatures) out[s.benchmark] = { pieces: s.pieces, screenStatistics: s.screenStatistics, coefficients: s.coefficients };
writeFileSync(join(__dirname, "signatures.json"), JSON.stringify({ source: "zooSignatures(loadZooData('tests/fixtures/zoo-smoke')) defaults", signatures: out }, null, 1) + "\n");
