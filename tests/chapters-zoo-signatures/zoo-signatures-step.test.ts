import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { studyProfile } from "../../src/study/profiles";
import { zooSignaturesStep, zooSignaturesHeadline, zooPiecesTable, zooSelectionPathFigure } from "../../src/study/zoo-signatures-step";
import type { ZooSignaturesChapterResult } from "../../src/chapters/zoo-signature-chapter";

const ROOT = join(__dirname, "..", "..");
const FIXTURE = join(__dirname, "..", "fixtures", "zoo-smoke");

test("the zoo-signatures step runs on the smoke zoo data in its output folder: headline, figures, tables, prose", async () => {
  const out = mkdtempSync(join(tmpdir(), "bsig-zoo-signatures-"));
  try {
    cpSync(join(FIXTURE, "zoo-data"), join(out, "zoo-data"), { recursive: true });
    const lines: string[] = [];
    const res = await zooSignaturesStep.run({ profile: studyProfile("smoke"), outDir: out, repoRoot: ROOT, log: (l) => lines.push(l) });
    assert.equal(zooSignaturesStep.id, "zoo-signatures");
    const h = res.headline as ReturnType<typeof zooSignaturesHeadline>;
    for (const k of ["nModels", "nPieces", "screen", "criterion", "maxSize", "stopReasons", "medianSize", "groups", "signatures", "paper", "looRule"]) assert.ok(k in h, k);
    assert.equal(h.looBenchmarks, 38);
    assert.equal(h.paper.signatureSize, 30);
    assert.equal(Object.keys(h.signatures).length, 38);
    assert.ok(h.groups.qualifying && Number.isFinite(h.groups.qualifying.medianAic));
    assert.ok(h.signatures.zoo_code_nextword.selected.length === h.signatures.zoo_code_nextword.size);
    assert.doesNotThrow(() => JSON.stringify(h));
    assert.equal(res.figures!.length, 2);
    for (const f of res.figures!) assert.ok(f.spec.data.length > 0 && f.spec.data.some((t) => Array.isArray(t.y) && (t.y as unknown[]).length > 0), f.id);
    assert.equal(res.tables!.length, 4);
    assert.equal(res.tables![0].rows.length, 3);
    assert.equal(res.tables![2].rows.length, 38 * 3);
    assert.match(res.prose!, /Where the zoo differs from the paper/);
    assert.match(res.prose!, /Held-out models/);
    assert.match(lines[0], /LOOCV on 38 benchmarks/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("presentation helpers reject an unknown benchmark and show a whole signature", () => {
  const r = { signatures: [{ benchmark: "a", size: 1, stoppedBecause: "max-steps", steps: [{ step: 0, added: null, rss: 1, edf: 1, aic: 0, r2: 0, adjR2: 0 }], pieces: [{ id: "p", step: 1, coefficient: 1, thrush: -1, domain: "d", fromSource: true, context: "⟦p⟧" }] }], pathBenchmark: "a", maxSize: 29, minResidualDf: 10, nModels: 40 } as unknown as ZooSignaturesChapterResult;
  assert.throws(() => zooSelectionPathFigure(r, "nope"), /no signature/);
  assert.equal(zooSelectionPathFigure(r).spec.data.length, 3);
  assert.equal(zooPiecesTable(r, Infinity, "a").rows.length, 1);
});
