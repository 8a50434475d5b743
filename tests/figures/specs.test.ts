import { test } from "node:test";
import assert from "node:assert/strict";
import { categoryLayout, heatmapFigure } from "../../src/figures/heatmap";
import { comparisonFigure } from "../../src/figures/comparison";
import { histogramFigure } from "../../src/figures/histogram";
import { scatterFigure } from "../../src/figures/scatter";
import { barFigure } from "../../src/figures/bar";
import { formatLog10P, formatP, OVERLAP_COLORSCALE } from "../../src/figures/types";

const labels = ["mmlu_a", "bbh_x", "mmlu_b", "gsm8k"];
const cats = { mmlu_a: "knowledge", mmlu_b: "knowledge", bbh_x: "logic", gsm8k: "math" };
// symmetric, value at (i, j) = 10 * i + j off the diagonal so positions can be traced
const vals = new Float64Array(16);
for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) vals[i * 4 + j] = i === j ? 1 : (Math.min(i, j) * 10 + Math.max(i, j)) / 100;

test("categoryLayout orders blocks by categoryOrder, then first appearance, stable inside blocks", () => {
  const l = categoryLayout(labels, cats, ["math"]);
  assert.deepEqual(l.order, [3, 0, 2, 1]);
  assert.deepEqual(l.blocks, [
    { category: "math", start: 0, end: 1 },
    { category: "knowledge", start: 1, end: 3 },
    { category: "logic", start: 3, end: 4 },
  ]);
  assert.deepEqual(categoryLayout(["a", "b"]).blocks, [{ category: "other", start: 0, end: 2 }]);
});

test("heatmapFigure permutes rows and columns together and fixes the colour scale at -1..1", () => {
  const fig = heatmapFigure({ labels, values: vals }, { title: "t", categories: cats, categoryOrder: ["knowledge", "logic", "math"] });
  const tr = fig.data[0] as Record<string, unknown>;
  const ticks = (fig.layout.xaxis as { categoryarray: string[] }).categoryarray;
  assert.deepEqual(ticks, ["mmlu_a", "mmlu_b", "bbh_x", "gsm8k"]);
  assert.deepEqual((fig.layout.yaxis as { categoryarray: string[] }).categoryarray, ticks);
  // every label gets a tick (plotly would otherwise thin crowded category ticks)
  assert.deepEqual((fig.layout.xaxis as { tickvals: string[] }).tickvals, ticks);
  assert.deepEqual((fig.layout.yaxis as { tickvals: string[] }).tickvals, ticks);
  assert.deepEqual(tr.x, ticks);
  assert.deepEqual(tr.y, ticks);
  const z = tr.z as number[][];
  // display (0,1) = mmlu_a x mmlu_b = original (0,2) = 0.02; display (2,3) = bbh_x x gsm8k = original (1,3) = 0.13
  assert.equal(z[0][1], 0.02);
  assert.equal(z[2][3], 0.13);
  assert.equal(z[3][3], 1);
  assert.equal(tr.zmin, -1);
  assert.equal(tr.zmax, 1);
  assert.deepEqual(tr.colorscale, OVERLAP_COLORSCALE);
  // y axis reversed so the diagonal starts top-left
  assert.deepEqual((fig.layout.yaxis as { range: number[] }).range, [3.5, -0.5]);
});

test("heatmapFigure draws a separator pair at every block boundary and names the blocks", () => {
  const fig = heatmapFigure({ labels, values: vals }, { categories: cats, categoryOrder: ["knowledge", "logic", "math"] });
  const shapes = fig.layout.shapes as { x0: number; x1: number; y0: number; y1: number }[];
  assert.equal(shapes.length, 4); // 3 blocks -> 2 boundaries -> a vertical and a horizontal line each
  const vertical = shapes.filter((s) => s.x0 === s.x1).map((s) => s.x0).sort();
  const horizontal = shapes.filter((s) => s.y0 === s.y1).map((s) => s.y0).sort();
  assert.deepEqual(vertical, [1.5, 2.5]);
  assert.deepEqual(horizontal, [1.5, 2.5]);
  const ann = (fig.layout.annotations as { text: string; x: number }[]).map((a) => [a.text, a.x]);
  assert.deepEqual(ann, [["knowledge", 0.5], ["logic", 2], ["math", 3]]);
});

test("heatmapFigure writes NaN as null (a gap) and rejects a wrong-sized matrix", () => {
  const v = vals.slice();
  v[1] = NaN;
  const z = (heatmapFigure({ labels, values: v }).data[0] as unknown as { z: (number | null)[][] }).z;
  assert.equal(z[0][1], null);
  assert.equal(JSON.parse(JSON.stringify(z))[0][1], null);
  assert.throws(() => heatmapFigure({ labels, values: new Float64Array(15) }), /4 labels but 15 values/);
});

test("comparisonFigure puts the p-values in the title and n and median in the group labels", () => {
  const fig = comparisonFigure(
    [{ name: "within", values: [0.9, 0.8, NaN, 0.7] }, { name: "across", values: Float64Array.of(0.1, 0.5) }],
    { title: "Family", pValues: [{ label: "Mann–Whitney", p: 0.01234 }, { label: "permutation", p: 2.5e-7 }] },
  );
  const title = (fig.layout.title as { text: string }).text;
  assert.match(title, /^Family<br><span[^>]*>Mann–Whitney p = 0\.0123<\/span><br><span[^>]*>permutation p = 2\.50e-7<\/span>$/);
  assert.match(title, /Mann–Whitney p = 0\.0123/);
  assert.match(title, /permutation p = 2\.50e-7/);
  const names = fig.data.map((t) => t.name as string);
  assert.equal(names[0], "within<br>n = 3, median = 0.800");
  assert.equal(names[1], "across<br>n = 2, median = 0.300");
  assert.deepEqual(fig.data[0].y, [0.9, 0.8, 0.7]);
  assert.equal(fig.data[0].boxpoints, "all");
});

test("formatP: three significant digits, scientific below 1e-3, NA for NaN", () => {
  assert.equal(formatP(0.5), "0.500");
  assert.equal(formatP(0.001), "0.00100");
  assert.equal(formatP(0.000999), "9.99e-4");
  assert.equal(formatP(NaN), "NA");
});

test("formatLog10P prints p-values that underflow to 0 from their logarithm", () => {
  assert.equal(formatLog10P(-381.9735586872042), "1.06e-382");
  assert.equal(formatLog10P(-400), "1.00e-400");
  assert.equal(formatLog10P(-300.0000001), "1.00e-300");
  assert.equal(formatLog10P(Math.log10(0.0316)), "0.0316");
  assert.equal(formatLog10P(NaN), "NA");
});

test("histogramFigure bins every finite value and marks R type-7 percentiles", () => {
  const x = Array.from({ length: 101 }, (_, i) => i / 100); // 0, 0.01, ..., 1
  const fig = histogramFigure([...x, NaN, Infinity], { bins: 10, percentiles: [1, 99], lines: [{ x: 0.5, label: "mid" }] });
  const bars = fig.data[0] as unknown as { x: number[]; y: number[]; width: number };
  assert.equal(bars.y.reduce((s, c) => s + c, 0), 101);
  assert.equal(bars.y.length, 10);
  assert.equal(bars.y[9], 11); // the last bin includes the maximum
  assert.ok(Math.abs(bars.width - 0.1) < 1e-12);
  const lines = (fig.layout.shapes as { x0: number }[]).map((s) => s.x0);
  // quantile(0:100/100, c(.01,.99), type=7) in R = 0.01, 0.99
  assert.ok(Math.abs(lines[0] - 0.01) < 1e-12);
  assert.ok(Math.abs(lines[1] - 0.99) < 1e-12);
  assert.equal(lines[2], 0.5);
  const texts = (fig.layout.annotations as { text: string }[]).map((a) => a.text);
  assert.deepEqual(texts, ["1st percentile: 0.010", "99th percentile: 0.990", "mid: 0.500"]);
});

test("histogramFigure percentiles interpolate between order statistics (type 7)", () => {
  // R: quantile(c(1, 2, 4, 8), 0.5) = 3; quantile(c(1, 2, 4, 8), 0.9) = 6.8
  const fig = histogramFigure([8, 1, 4, 2], { percentiles: [50, 90] });
  const lines = (fig.layout.shapes as { x0: number }[]).map((s) => s.x0);
  assert.equal(lines[0], 3);
  assert.ok(Math.abs(lines[1] - 6.8) < 1e-12);
});

test("scatterFigure keeps series, turns NaN into null and adds the identity line on request", () => {
  const fig = scatterFigure([{ name: "a", x: [0, 1, NaN], y: [2, 3, 4], text: ["p", "q", "r"] }], { identity: true });
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[0].x, [0, 1, null]);
  assert.deepEqual(fig.data[1].x, [0, 4]);
  assert.throws(() => scatterFigure([{ name: "bad", x: [1], y: [1, 2] }]), /1 x but 2 y/);
});

test("barFigure keeps order (or sorts), groups by colour and attaches error bars", () => {
  const bars = [{ label: "a", value: 1, group: "g1", error: 0.1 }, { label: "b", value: 3, group: "g2" }, { label: "c", value: 2, group: "g1" }];
  const fig = barFigure(bars, { sort: true });
  assert.deepEqual((fig.layout.xaxis as { categoryarray: string[] }).categoryarray, ["b", "c", "a"]);
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data.map((t) => t.name), ["g2", "g1"]); // groups in order of first appearance
  assert.deepEqual(fig.data[1].x, ["c", "a"]);
  assert.deepEqual((fig.data[1].error_y as { array: (number | null)[] }).array, [null, 0.1]);
  assert.equal(fig.data[0].error_y, undefined);
  const h = barFigure(bars, { horizontal: true });
  assert.deepEqual(h.data[0].y, ["a", "c"]);
  assert.equal(h.data[0].orientation, "h");
});

test("every builder returns plain JSON (a JSON round trip changes nothing)", () => {
  const figs = [
    heatmapFigure({ labels, values: vals }, { categories: cats }),
    comparisonFigure([{ name: "g", values: Float64Array.of(1, 2) }]),
    histogramFigure(Float32Array.of(1, 2, 3)),
    scatterFigure([{ name: "s", x: Float64Array.of(1), y: Float64Array.of(2) }]),
    barFigure([{ label: "a", value: 1 }]),
  ];
  for (const f of figs) assert.deepEqual(JSON.parse(JSON.stringify(f)), f);
});
