/**
 * Exports the smoke-sized semantic chapter's overlap matrix (the library's numbers) as input for the
 * independent aggregation check in make_expected.py. Run from the repository root:
 *   node --import tsx tests/golden/semantic-chapter/export-ts.ts
 * Writes tests/golden/semantic-chapter/ts-matrix.json (upper triangle, row-major, i < j).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { upperTriangle } from "../../../src/core/matrix";
import { semanticChapter } from "../../../src/chapters/semantic";
import { GOLDEN_PARAMS } from "./params";

(async () => {
  const r = await semanticChapter({ ...GOLDEN_PARAMS, bootstrapResamples: 10, permutations: 10 });
  const n = r.order.length;
  const upper = Array.from(upperTriangle(Float64Array.from(r.matrix.values.flat()), n));
  writeFileSync(join(__dirname, "ts-matrix.json"), JSON.stringify({
    generator: "tests/golden/semantic-chapter/export-ts.ts", params: GOLDEN_PARAMS,
    labels: r.order, categories: r.categories, functions: r.functions, families: r.families, formats: r.formats,
    nQuestions: r.nQuestions, lsaTerms: (r.provenance.params.semantic as { embedder: { params: { nTerms: number } } }).embedder.params.nTerms,
    upper,
  }) + "\n");
})();
