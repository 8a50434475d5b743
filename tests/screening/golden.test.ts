// Screening estimators and tail selection against R 4.2.2 (make-goldens.R) and scipy 1.10.1
// (make-goldens-scipy.py): ties in x and y, a zero-variance feature, more features than models.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { rankFeatures } from "../../src/stats/screening-ranks";
import { screen, screeningStatistics } from "../../src/stats/screening";
import type { ScreeningMethod } from "../../src/stats/screening-methods";

interface Case {
  nModels: number; nFeatures: number; X: number[][]; targets: string[]; Y: number[][];
  statistic: Record<string, (number | null)[][]>;
  tails: { method: ScreeningMethod; ratio: number; minCandidates: number; top: number[]; bottom: number[]; kept: number[] }[];
}
const dir = join(__dirname, "..", "golden", "screening");
const R = JSON.parse(readFileSync(join(dir, "screening-r.json"), "utf8")) as { cases: Record<string, Case> };
const SP = JSON.parse(readFileSync(join(dir, "screening-scipy.json"), "utf8")) as { cases: Record<string, { statistic: Record<string, (number | null)[][]> }> };

function close(got: number, want: number | null, what: string): void {
  if (want === null) { assert.ok(Number.isNaN(got), `${what}: want NaN (R NA), got ${got}`); return; }
  assert.ok(Math.abs(got - want) <= 1e-13 * Math.max(1, Math.abs(want)), `${what}: got ${got}, want ${want}`);
}

for (const [name, c] of Object.entries(R.cases)) {
  const X = Float64Array.from(c.X.flat());
  const targets = c.targets.map((t, b) => ({ name: t, values: c.Y[b] }));
  const ranked = rankFeatures(X, c.nModels);
  for (const method of Object.keys(c.statistic) as ScreeningMethod[]) {
    test(`${name}: ${method} equals R${SP.cases[name].statistic[method] ? " and scipy" : ""} for every feature and target`, () => {
      const st = screeningStatistics(ranked, targets, method, { blockSize: 3 });
      for (let b = 0; b < targets.length; b++) for (let f = 0; f < c.nFeatures; f++) {
        close(st.values[b * c.nFeatures + f], c.statistic[method][b][f], `R ${method} ${targets[b].name} f${f}`);
        const sp = SP.cases[name].statistic[method];
        if (sp) close(st.values[b * c.nFeatures + f], sp[b][f], `scipy ${method} ${targets[b].name} f${f}`);
      }
    });
  }
  test(`${name}: tail selection (top, bottom, kept order) equals the rule written in R with order()`, () => {
    for (const t of c.tails) {
      const [res] = screen(ranked, c.nModels, [targets[0]], t.method, { ratio: t.ratio, minCandidates: t.minCandidates });
      const what = `${t.method} ratio ${t.ratio}`;
      assert.deepEqual(Array.from(res.tails.top), t.top, `${what} top`);
      assert.deepEqual(Array.from(res.tails.bottom), t.bottom, `${what} bottom`);
      assert.deepEqual(Array.from(res.tails.kept), t.kept, `${what} kept`);
    }
  });
}

test("the goldens cover what they claim: ties, a zero-variance feature (NA in R), more features than models", () => {
  assert.ok(R.cases.ties.X.flat().length > new Set(R.cases.ties.X.flat()).size);
  assert.ok(R.cases.zero_variance.statistic.spearman[0].includes(null));
  assert.ok(R.cases.wide.nFeatures > R.cases.wide.nModels);
});
