import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { METHOD_SEED, methodChapter, methodSweep, methodWorld, methodWorldCsv, type MethodPath } from "../../src/chapters/method";
import { thrushCorrelation } from "../../src/stats/screening-stats";

const golden = join(__dirname, "..", "golden", "method");
const r = methodChapter();

interface RPathStep { added?: string; rss: number; edf: number; aic: number | null }
interface RBench {
  thrush: Record<string, number>; spearman: Record<string, number>;
  tails: { per: number; top: string[]; bottom: string[]; topThreshold: number; bottomThreshold: number };
  add1: { term: string[]; rss: number[]; aic: number[] };
  path: RPathStep[]; selected: string[]; saturated: RPathStep[];
}
const R = JSON.parse(readFileSync(join(golden, "method-r.json"), "utf8")) as {
  meta: { ratio: number; minResidualDf: number; models: number; pieces: number };
  a: RBench; b: RBench; overlap: { signature: number; signedSignature: number; performance: number; scoresA: number[] };
};

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

test("the committed world.csv is exactly what the chapter's generator writes (so R checked this world)", () => {
  assert.equal(readFileSync(join(golden, "world.csv"), "utf8"), methodWorldCsv(methodWorld({ seed: METHOD_SEED })));
  assert.equal(R.meta.ratio, r.screening.ratio);
  assert.equal(R.meta.minResidualDf, r.path.minResidualDf);
  assert.equal(R.meta.models, r.world.models.length);
});

test("Thrush correlations equal R's literal pair sum (exact integers) and cor(method = 'spearman') to 1e-12", () => {
  const pieces = Object.keys(R.a.thrush);
  assert.equal(pieces.length, r.thrush.values.length);
  pieces.forEach((p, j) => {
    assert.equal(r.thrush.values[j], R.a.thrush[p], `γ of ${p}`);
    close(r.thrush.spearman[j], R.a.spearman[p], 1e-12, `ρ of ${p}`);
  });
});

test("the worked piece: the 66-pair table sums to γ, which is ρ_s·m(m²−1)/6 (no ties)", () => {
  const w = r.worked;
  assert.equal(w.nPairs, 66);
  assert.equal(w.pairs.length, 66);
  assert.equal(w.scale, 286);
  for (const p of w.pairs) {
    assert.equal(p.sign, Math.sign(p.yk - p.yl));
    assert.equal(p.rankDiff, p.rk - p.rl);
    assert.equal(p.term, p.sign * p.rankDiff);
  }
  assert.equal(w.pairs.reduce((s, p) => s + p.term, 0), w.gamma);
  assert.equal(w.gamma, thrushCorrelation(w.surprisal, r.world.scoresA));
  close(w.gamma, w.spearmanTimesScale, 1e-9, "identity");
  assert.ok(r.thrush.maxIdentityError < 1e-9, `max identity error ${r.thrush.maxIdentityError}`);
  assert.ok(r.world.plantedA.includes(w.piece));
  assert.ok(w.gamma < 0, "a planted piece: abler models are less surprised, so γ < 0");
});

test("screening keeps the same two tails as R (ties by piece index), with the same thresholds", () => {
  assert.equal(r.screening.perTail, R.a.tails.per);
  assert.deepEqual([...r.screening.top].sort(), [...R.a.tails.top].sort());
  assert.deepEqual([...r.screening.bottom].sort(), [...R.a.tails.bottom].sort());
  assert.equal(r.screening.topThreshold, R.a.tails.topThreshold);
  assert.equal(r.screening.bottomThreshold, R.a.tails.bottomThreshold);
  // 5 % per tail is wider than the 1st/99th percentiles: the thresholds sit inside them.
  assert.ok(r.thrush.p01 <= r.screening.bottomThreshold && r.screening.topThreshold <= r.thrush.p99);
});

test("the first forward step's add1 table equals R's add1(): RSS to 1e-12 relative, AIC to 1e-9", () => {
  assert.equal(r.add1.rows.length, R.a.add1.term.length);
  const byTerm = new Map(R.a.add1.term.map((t, i) => [t, i]));
  for (const row of r.add1.rows) {
    const i = byTerm.get(row.piece ?? "<none>");
    assert.ok(i !== undefined, `R has no row ${row.piece}`);
    close(row.rss, R.a.add1.rss[i], 1e-12 * R.a.add1.rss[i], `RSS ${row.piece}`);
    close(row.aic, R.a.add1.aic[i], 1e-9, `AIC ${row.piece}`);
    close(row.aic, 12 * Math.log(row.rss / 12) + 2 * (row.piece === null ? 1 : 2), 1e-9, `AIC formula ${row.piece}`);
  }
  assert.equal(r.add1.winner, r.path.selected[0]);
  assert.ok(r.add1.winnerAic < r.add1.noneAic);
});

function comparePath(ts: MethodPath, rp: RPathStep[], tss: number, what: string): void {
  const exact = rp.filter((s) => s.rss > 1e-9 * tss);
  for (const [i, s] of exact.entries()) {
    assert.equal(ts.steps[i].added, s.added ?? null, `${what} step ${i}`);
    assert.equal(ts.steps[i].edf, s.edf);
    close(ts.steps[i].rss, s.rss, 1e-9 * s.rss, `${what} RSS step ${i}`);
    close(ts.steps[i].aic as number, s.aic as number, 1e-6, `${what} AIC step ${i}`);
  }
}

test("the capped forward path is R's step(steps = m − 1 − minResidualDf); the uncapped one runs to saturation as in R", () => {
  const tss = r.path.steps[0].rss;
  comparePath(r.path, R.a.path, tss, "capped A");
  assert.deepEqual(r.path.selected, R.a.selected);
  assert.equal(r.path.steps.length, R.a.path.length);
  assert.equal(r.path.stoppedBecause, "min-residual-df");
  assert.ok(r.path.steps.at(-1)!.edf <= 12 - r.path.minResidualDf);
  comparePath(r.saturated, R.a.saturated, tss, "uncapped A");
  const last = r.saturated.steps.at(-1)!;
  assert.equal(last.edf, 12, "the uncapped path ends with as many parameters as models");
  assert.equal(R.a.saturated.at(-1)!.aic, null, "R: AIC = −Inf at the exact fit");
  assert.ok(last.aic === null || last.aic < -500, `AIC at the exact fit should be −∞ or a rounding artefact far below, got ${last.aic}`);
  for (let i = 1; i < r.saturated.steps.length; i++) {
    const a = r.saturated.steps[i].aic ?? -Infinity, b = r.saturated.steps[i - 1].aic ?? -Infinity;
    assert.ok(a < b, "AIC falls at every step of the uncapped path");
  }
});

test("benchmark B and the toy signature overlap match R (plain and sign-weighted)", () => {
  assert.deepEqual(r.overlap.signatureB, R.b.selected);
  close(r.overlap.signature, R.overlap.signature, 1e-12, "signature overlap");
  close(r.overlap.signedSignature, R.overlap.signedSignature, 1e-12, "sign-weighted overlap");
  close(r.overlap.performance, R.overlap.performance, 1e-12, "performance overlap");
  r.overlap.scoresA.forEach((v, i) => close(v, R.overlap.scoresA[i], 1e-12, `model ${i} signature score`));
});

test("recovery numbers are consistent with the path and the planted truth", () => {
  const planted = new Set(r.world.plantedA);
  assert.equal(r.recovery.planted, 3);
  assert.equal(r.recovery.plantedInScreen, r.screening.plantedKept.length);
  assert.deepEqual([...r.recovery.plantedSelected, ...r.recovery.falseSelected].sort(), [...r.path.selected].sort());
  for (const p of r.recovery.plantedSelected) assert.ok(planted.has(p));
  for (const p of r.recovery.falseSelected) assert.ok(!planted.has(p));
  assert.equal(r.path.steps.filter((s) => s.planted).length, r.recovery.plantedSelected.length);
});

test("the world is a pure function of its seed and options; a bad option is refused", () => {
  const a = methodWorld(), b = methodWorld();
  assert.deepEqual(a.surprisal, b.surprisal);
  assert.notDeepEqual(methodWorld({ seed: 1 }).surprisal, a.surprisal);
  assert.equal(methodWorld({ models: 8, pieces: 50 }).surprisal.length, 400);
  assert.throws(() => methodWorld({ models: 3 }), RangeError);
  assert.equal(JSON.parse(JSON.stringify(r)).worked.gamma, r.worked.gamma, "the result is plain JSON");
  assert.equal(r.provenance.seed, METHOD_SEED);
});

test("the seed sweep averages within bounds and screening finds most planted pieces", () => {
  const s = methodSweep(20);
  assert.equal(s.nSeeds, 20);
  for (const k of ["plantedInScreen", "plantedSelected"] as const) assert.ok(s[k] >= 0 && s[k] <= 3, `${k} ${s[k]}`);
  assert.ok(s.plantedInScreen > 2.5, `screening should keep most planted pieces, got ${s.plantedInScreen}`);
  assert.ok(s.firstStepPlanted >= 0.8 && s.firstStepPlanted <= 1);
  assert.ok(s.plantedSelected <= s.plantedInScreen);
  assert.throws(() => methodSweep(0), RangeError);
});

test("the paper's 1 % tails are the most extreme pieces of the 5 % tails", () => {
  const t = r.screening.paperTails;
  assert.equal(t.perTail, 2);
  assert.equal(t.kept.length, 4);
  for (const p of t.kept) assert.ok(r.screening.kept.includes(p), `${p} is in the wider screen`);
  assert.deepEqual(new Set(t.kept), new Set([...R.a.tails.top.slice(0, 2), ...R.a.tails.bottom.slice(0, 2)]));
  for (const p of t.plantedKept) assert.ok(r.world.plantedA.includes(p));
});
