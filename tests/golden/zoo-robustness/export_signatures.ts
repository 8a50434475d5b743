/**
 * Writes tests/golden/zoo-robustness/signatures.json: every piece list the robustness chapter compares on the
 * smoke fixture (the input of make_expected.py, which recomputes overlaps and agreements independently).
 * To keep the file small, pieces are column indices (0-based) of features-sum/columns.txt, signs a string of
 * "+", "-" and "0" (one per piece; null for the random baseline), and ratio lists identical to the 0.01 ones are
 * written as { "sameAs": 0.01 }.
 *
 *   node --import tsx tests/golden/zoo-robustness/export_signatures.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadZooData } from "../../../src/zoo/zoo-data";
import { zooRobustness, zooRobustnessPieceLists } from "../../../src/chapters/zoo-robustness";
import { STUDY_PROFILES } from "../../../src/study/profiles";

const z = loadZooData(join(__dirname, "..", "..", "fixtures", "zoo-smoke"));
const lists = zooRobustnessPieceLists(zooRobustness(z, { seed: STUDY_PROFILES.smoke.seed }));
const col = new Map(z.features.sum.cols.map((c, j) => [c, j]));
type Sigs = Record<string, { pieces: string[]; signs: number[] | null }>;
const pack = (sigs: Sigs) => Object.fromEntries(Object.entries(sigs).map(([b, s]) => [b, {
  pieces: s.pieces.map((p) => col.get(p)!), signs: s.signs ? s.signs.map((v) => (v > 0 ? "+" : v < 0 ? "-" : "0")).join("") : null,
}]));
const ref = JSON.stringify(lists.ratios.find((r) => r.ratio === 0.01)!.signatures);
const out = {
  fixture: "tests/fixtures/zoo-smoke/zoo-data", seed: STUDY_PROFILES.smoke.seed, feature: "features-sum", benchmarks: lists.benchmarks,
  regressors: Object.fromEntries(Object.entries(lists.regressors).map(([m, s]) => [m, pack(s)])),
  ratios: lists.ratios.map((r) => (r.ratio !== 0.01 && JSON.stringify(r.signatures) === ref ? { ratio: r.ratio, sameAs: 0.01 } : { ratio: r.ratio, signatures: pack(r.signatures) })),
  halves: Object.fromEntries(Object.entries(lists.halves).map(([h, s]) => [h, pack(s)])),
};
writeFileSync(join(__dirname, "signatures.json"), JSON.stringify(out) + "\n");
