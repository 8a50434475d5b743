import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { studyProfile } from "../../src/study/profiles";
import { table1PaperNumbers, zooCorpusHeadline, zooCorpusStep } from "../../src/study/zoo-corpus-step";

/**
 * The study step on a copy of the CI fixture: it reads the zoo data the zoo-data step left in its output
 * folder, and returns the headline numbers the golden checks, non-empty figures, tables and generated prose.
 */
const ROOT = join(__dirname, "..", "..");
const E = JSON.parse(readFileSync(join(__dirname, "..", "golden", "zoo-corpus", "expected.json"), "utf8"));

test("zoo-corpus step: headline, figures, tables and prose from the fixture's zoo data", async () => {
  const out = mkdtempSync(join(tmpdir(), "zoo-corpus-step-"));
  try {
    cpSync(join(ROOT, "tests", "fixtures", "zoo-smoke", "zoo-data"), join(out, "zoo-data"), { recursive: true });
    const lines: string[] = [];
    const res = await zooCorpusStep.run({ profile: studyProfile("smoke"), outDir: out, repoRoot: ROOT, log: (l) => lines.push(l) });
    assert.equal(zooCorpusStep.id, "zoo-corpus");
    const h = res.headline as ReturnType<typeof zooCorpusHeadline>;
    for (const k of ["profile", "nModels", "nPieces", "nChunks", "nDocuments", "tokenizers", "heldoutSpearman", "table1", "units"]) assert.ok(k in h, `headline has ${k}`);
    assert.equal(h.nPieces, E.nPieces);
    assert.deepEqual(h.table1.benchmarks, E.table1.benchmarks);
    assert.deepEqual(h.table1.tokenMean.wins, E.table1.tokenMean.wins);
    assert.deepEqual(h.table1.bytes.wins, E.table1.bytes.wins);
    assert.deepEqual(h.table1.paper, { wins: 15, of: 20, where: "Table 1 (revision)" });
    assert.deepEqual(h.table1.paper, table1PaperNumbers(ROOT));
    assert.equal(h.units.medians.screened["sum-last"], E.screenedJaccardMedian["sum-last"]);
    assert.doesNotThrow(() => JSON.stringify(h));
    assert.ok(JSON.stringify(h).length < 200_000, "headline stays small (no coefficient vectors)");
    const figs = res.figures ?? [];
    assert.ok(figs.length >= 10);
    assert.equal(new Set(figs.map((f) => f.id)).size, figs.length, "figure ids are unique");
    for (const f of figs) {
      assert.ok(f.spec.data.length > 0, `${f.id} has traces`);
      const n = f.spec.data.reduce((s, t) => s + (Array.isArray(t.x) ? t.x.length : 0) + (Array.isArray(t.y) ? t.y.length : 0), 0);
      assert.ok(n > 0, `${f.id} has points`);
    }
    const box = figs.find((f) => f.id === "surprisal-sum")!;
    assert.equal(box.spec.data.reduce((s, t) => s + (t.x as unknown[]).length, 0), E.nModels, "one box per model");
    assert.ok((res.tables ?? []).length >= 5 && res.tables!.every((t) => t.rows.length > 0));
    assert.match(res.prose ?? "", /piece level wins \*\*\d+ of 20\*\*/);
    assert.match(res.prose ?? "", /mean NLL per token is not one scale across tokenizers/);
    assert.match(res.prose ?? "", /Where the zoo differs from the paper/);
    assert.match(lines[0], /Table 1: piece level wins/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
