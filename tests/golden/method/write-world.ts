// Writes the worked example's synthetic world as CSV for the independent R check.
// Run from the repository root:  node --import tsx tests/golden/method/write-world.ts
// Then:                          Rscript tests/golden/method/method.R
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { METHOD_SEED, methodWorld, methodWorldCsv } from "../../../src/chapters/method";

const out = join(__dirname, "world.csv");
writeFileSync(out, methodWorldCsv(methodWorld({ seed: METHOD_SEED })));
process.stdout.write(`wrote ${out}\n`);
