import { test } from "node:test";
import assert from "node:assert/strict";
import {
  alignedHeatmaps, alignMatrix, biasComparisonFigure, cliqueHeatmap, functionLevelHeatmap, overlapPanels, sharedLabelOrder,
} from "../../src/figures/overlap-figures";
import { joinSemanticPerformance, overlapSummary, biasByLevel, paperBand } from "../../src/chapters/semantic";

const cats = { a: "x", b: "y", c: "x", d: "z" };
const m1 = { labels: ["a", "b", "c"], values: Float64Array.of(1, 0.5, 0.2, 0.5, 1, -0.3, 0.2, -0.3, 1) };
const m2 = { labels: ["d", "c", "a"], values: Float64Array.of(1, 0.9, 0.1, 0.9, 1, 0.4, 0.1, 0.4, 1) };

test("sharedLabelOrder: union of labels, grouped by category in the given order, stable inside blocks", () => {
  const s = sharedLabelOrder([m1.labels, m2.labels], cats, ["z", "x"]);
  assert.deepEqual(s.labels, ["d", "a", "c", "b"]);
  assert.deepEqual(s.blocks, [{ category: "z", start: 0, end: 1 }, { category: "x", start: 1, end: 3 }, { category: "y", start: 3, end: 4 }]);
});

test("alignMatrix re-indexes by label and leaves absent labels as NaN", () => {
  const a = alignMatrix(m1, ["c", "z", "a"]);
  assert.deepEqual(Array.from(a.values), [1, NaN, 0.2, NaN, NaN, NaN, 0.2, NaN, 1]);
});

test("overlapPanels: one colour axis fixed at -1..1, the same label order in every panel, gaps for missing labels", () => {
  const f = overlapPanels([{ name: "one", matrix: m1 }, { name: "two", matrix: m2 }], { categories: cats, categoryOrder: ["x", "y", "z"] });
  assert.equal(f.data.length, 2);
  const ca = f.layout.coloraxis as { cmin: number; cmax: number };
  assert.equal(ca.cmin, -1);
  assert.equal(ca.cmax, 1);
  for (const t of f.data) {
    assert.equal(t.coloraxis, "coloraxis");
    assert.deepEqual(t.x, ["a", "c", "b", "d"]);
    assert.deepEqual(t.y, ["a", "c", "b", "d"]);
  }
  const z1 = f.data[0].z as (number | null)[][];
  assert.equal(z1[0][1], 0.2); // a x c in panel one
  assert.equal(z1[0][3], null); // d is not in panel one
  const z2 = f.data[1].z as (number | null)[][];
  assert.equal(z2[1][3], 0.9); // c x d in panel two
  assert.equal(f.data[1].xaxis, "x2");
  assert.throws(() => overlapPanels([]), /no panels/);
});

test("alignedHeatmaps gives separate figures with identical axes and the -1..1 scale", () => {
  const [h1, h2] = alignedHeatmaps([{ name: "one", matrix: m1 }, { name: "two", matrix: m2 }], { categories: cats });
  assert.deepEqual(h1.data[0].x, h2.data[0].x);
  assert.equal(h1.data[0].zmin, -1);
  assert.equal(h2.data[0].zmax, 1);
});

test("functionLevelHeatmap orders functions, writes sizes and values, and puts the means under the title", () => {
  const f = functionLevelHeatmap({ labels: ["p", "q"], values: Float64Array.of(0.3, 0.1, 0.1, NaN) }, { order: ["q", "p"], sizes: [4, 1], meanWithin: 0.3, meanCross: 0.1, paper: { within: 0.285, cross: 0.105 } });
  assert.deepEqual(f.data[0].x, ["q (1)", "p (4)"]);
  assert.deepEqual(f.data[0].z, [[null, 0.1], [0.1, 0.3]]);
  const title = (f.layout.title as { text: string }).text;
  assert.match(title, /mean within 0\.300, mean cross 0\.100/);
  assert.match(title, /0\.285 \/ 0\.105/);
});

test("biasComparisonFigure: one panel per level with its own x axis, shared y, p-values in the panel title", () => {
  const f = biasComparisonFigure([
    { title: "performance · family", groups: [{ name: "same", values: [0.9, 0.8, NaN] }, { name: "different", values: [0.5] }], pValues: [{ label: "MW", p: 0.01 }] },
    { title: "semantic · family", groups: [{ name: "same", values: [0.3] }, { name: "different", values: [0.1, 0.2] }], pValues: [{ label: "MW", p: 0.5 }] },
  ]);
  assert.equal(f.data.length, 4);
  assert.deepEqual(f.data.map((t) => t.xaxis), ["x", "x", "x2", "x2"]);
  assert.deepEqual(f.data[0].y, [0.9, 0.8]);
  const notes = (f.layout.annotations as { text: string }[]).map((a) => a.text);
  assert.match(notes[0], /performance · family.*MW p = 0\.0100/);
  assert.match(notes[1], /MW p = 0\.500/);
});

test("cliqueHeatmap outlines every ordered pair of members and marks their labels; unknown members are an error", () => {
  const f = cliqueHeatmap(m1, ["a", "b"], { threshold: 0.4, categories: cats });
  const s = f.data[1];
  assert.equal(s.type, "scatter");
  assert.deepEqual(s.x, ["a", "b"]);
  assert.deepEqual(s.y, ["b", "a"]);
  const ticks = (f.layout.xaxis as { ticktext: string[] }).ticktext;
  assert.ok(ticks.some((t) => t === "<b>● a</b>") && ticks.includes("c"));
  assert.match((f.layout.title as { text: string }).text, /2 benchmarks with every pairwise overlap > 0\.4/);
  assert.throws(() => cliqueHeatmap(m1, ["a", "nope"]), /'nope' is not a label/);
});

test("overlapSummary, joinSemanticPerformance and biasByLevel on a hand-sized case", () => {
  const s = overlapSummary(m1.values, 3);
  assert.equal(s.min, -0.3);
  assert.equal(s.max, 0.5);
  assert.equal(s.median, 0.2);
  assert.ok(Math.abs(s.fractionInPaperBand - 1 / 3) < 1e-15);
  const j = joinSemanticPerformance(
    { labels: ["a", "b", "c"], values: [[1, 0.5, 0.2], [0.5, 1, -0.3], [0.2, -0.3, 1]] },
    { labels: ["c", "a", "zz", "b"], values: [[1, 0.7, 0, 0.1], [0.7, 1, 0, 0.9], [0, 0, 1, 0], [0.1, 0.9, 0, 1]] },
  );
  assert.deepEqual(j.labels, ["a", "b", "c"]);
  assert.deepEqual(Array.from(j.performance.values), [1, 0.9, 0.7, 0.9, 1, 0.1, 0.7, 0.1, 1]);
  assert.equal(j.nPairs, 3);
  assert.ok(Math.abs(j.spearmanOfPairs - 1) < 1e-12); // pairs ranked the same way at both levels
  const cells = biasByLevel([{ level: "L", matrix: j.semantic }], ["f", "f", "g"], ["m", "t", "t"], { seed: 1, permutations: 50 });
  assert.deepEqual(cells.map((c) => [c.factor, c.within, c.across]), [["family", [0.5], [0.2, -0.3]], ["format", [-0.3], [0.5, 0.2]]]);
});

test("paperBand reads the band from paper-numbers.json and names the file when it is missing or incomplete", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  assert.deepEqual(paperBand(join(__dirname, "..", "..", "data")), [0.1, 0.4]);
  const dir = mkdtempSync(join(tmpdir(), "bsig-band-"));
  assert.throws(() => paperBand(dir), /paper-numbers\.json.*file not found/);
  writeFileSync(join(dir, "paper-numbers.json"), JSON.stringify({ numbers: [{ id: "semantic_overlap_low", value: 0.1 }] }));
  assert.throws(() => paperBand(dir), /no number with id 'semantic_overlap_high'/);
});
