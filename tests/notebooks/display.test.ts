import { test } from "node:test";
import assert from "node:assert/strict";
import { figureHtml, plotlyBundle, plotlyLoaderHtml, plotlyVersion, scriptJson } from "../../src/notebook/plotly-html";
import { fromFrame, toFrame } from "../../src/notebook/frame";
import { inNotebook, showFigure, showMarkdown, showTable } from "../../src/notebook/show";
import { barFigure } from "../../src/figures/bar";
import { CHROMIUM_FLAGS, chromiumPath } from "../../src/render/browser";

test("scriptJson cannot close a script element or break JavaScript", () => {
  const s = scriptJson({ a: "</script><script>alert(1)</script>", b: "x\u2028y", c: "&" });
  assert.ok(!s.includes("<") && !s.includes(">") && !s.includes("&") && !s.includes("\u2028"));
  assert.deepEqual(JSON.parse(s), { a: "</script><script>alert(1)</script>", b: "x\u2028y", c: "&" });
});

test("the plotly loader inlines the pinned bundle once and hides an AMD define while it runs", () => {
  const html = plotlyLoaderHtml();
  assert.equal(plotlyVersion(), "4.1.2");
  assert.equal(html.split(plotlyBundle()).length - 1, 1);
  assert.ok(html.indexOf("window.define = undefined") < html.indexOf(plotlyBundle()));
  assert.ok(html.lastIndexOf("window.define = window.__bsigSavedDefine") > html.indexOf(plotlyBundle()));
});

test("figureHtml sizes the div from the layout and embeds the spec", () => {
  const fig = barFigure([{ label: "a", value: 1 }], { width: 410, height: 310, title: "</script>" });
  const html = figureHtml(fig, { id: "f1" });
  assert.ok(html.startsWith('<div id="f1" class="bsig-figure" style="width:410px;height:310px;"></div>'));
  assert.ok(html.includes("Plotly.newPlot(el, "));
  assert.ok(!html.slice(html.indexOf("<script>") + 8).includes("</script><"), "the title must not close the script");
  assert.notEqual(figureHtml(fig), figureHtml(fig), "default ids are unique per call");
});

test("outside a tslab kernel the show helpers print plain text instead of failing", () => {
  assert.equal(inNotebook(), false);
  const written: string[] = [];
  const orig = process.stdout.write.bind(process.stdout);
  (process.stdout as unknown as { write: (s: string) => boolean }).write = (s: string) => { written.push(String(s)); return true; };
  try {
    showMarkdown("**hi**");
    showFigure(barFigure([], { title: "My <b>bars</b>" }));
    showTable({ columns: ["a"], rows: [[1.5]] });
  } finally {
    (process.stdout as unknown as { write: typeof orig }).write = orig;
  }
  assert.deepEqual(written, ["**hi**\n", "[figure] My  bars\n", "| a |\n| --- |\n| 1.5 |\n"]);
});

test("toFrame and fromFrame round-trip a table through a danfo DataFrame", () => {
  const df = toFrame({ benchmark: ["mmlu", "bbh"], rho: [0.81, 0.77] });
  assert.deepEqual(df.shape, [2, 2]);
  assert.deepEqual(fromFrame(df, "c"), { caption: "c", columns: ["benchmark", "rho"], rows: [["mmlu", 0.81], ["bbh", 0.77]] });
  assert.deepEqual(fromFrame(toFrame({ columns: ["x"], rows: [[1], [2]] })).rows, [[1], [2]]);
  assert.throws(() => toFrame({ a: [1, 2], b: [1] }), /column 'b' has 1 values, expected 2/);
});

test("in a page that uses require.js-style define, the loader still gives window.Plotly and restores define", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS] });
  try {
    const page = await browser.newPage();
    const amd = `<script>window.amdCalls = 0; window.define = function () { window.amdCalls++; }; window.define.amd = {};</script>`;
    await page.setContent(`<!doctype html><html><body>${amd}${plotlyLoaderHtml()}${figureHtml(barFigure([{ label: "a", value: 1 }]), { id: "p" })}</body></html>`);
    const state = await page.evaluate(() => {
      const w = globalThis as unknown as { Plotly?: unknown; define?: unknown; amdCalls: number; document: { querySelectorAll(s: string): { length: number } } };
      return { plotly: typeof w.Plotly, define: typeof w.define, amdCalls: w.amdCalls, plots: w.document.querySelectorAll("#p .main-svg").length };
    });
    assert.deepEqual(state, { plotly: "object", define: "function", amdCalls: 0, plots: state.plots });
    assert.ok(state.plots >= 1, "the figure did not draw");
  } finally {
    await browser.close();
  }
});
