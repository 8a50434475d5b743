/**
 * Writes input.json for make_expected.py: the selections the chapter made on the fixture (so Python checks the
 * enrichment arithmetic on exactly these piece lists), the signatures (for the overlap matrices), and the
 * permutation list of one benchmark's screened-set null (so Python need not re-implement the RNG).
 * Run: node --import tsx tests/golden/zoo-groundtruth/export_input.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng, permutation } from "../../../src/core/random";
import { fixtureResult, fixtureZoo, NULL_BENCHMARK, TEST_OPTIONS } from "../../chapters-zoo-groundtruth/fixture";

const r = fixtureResult(), z = fixtureZoo();
const b = r.benchmarks.find((x) => x.benchmark === NULL_BENCHMARK)!;
const B = r.budget.screened;
const rng = createRng(b.seed);
const perms = Array.from({ length: B }, () => Array.from(permutation(z.models.length, rng)));
const out = {
  note: "exported from the TS chapter by export_input.ts; make_expected.py recomputes everything else from the fixture",
  options: TEST_OPTIONS,
  domains: r.domains,
  selections: Object.fromEntries(r.benchmarks.map((x) => [x.benchmark, x.selections])),
  nullCheck: { benchmark: NULL_BENCHMARK, seed: b.seed, permutations: perms },
};
writeFileSync(join(__dirname, "input.json"), JSON.stringify(out) + "\n");
console.log(`input.json: ${r.benchmarks.length} benchmarks, ${B} permutations of ${z.models.length} models`);
