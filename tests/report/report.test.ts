import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportHtml } from "../../src/report/html";
import { markdownToHtml } from "../../src/report/markdown";
import { formatCell, tableHtml, tableMarkdown } from "../../src/report/table";
import { barFigure } from "../../src/figures/bar";
import { heatmapFigure } from "../../src/figures/heatmap";
import { CHROMIUM_FLAGS, chromiumPath } from "../../src/render/browser";
import { plotlyBundle } from "../../src/notebook/plotly-html";

const sections = [
  {
    id: "perf",
    title: "Performance <overlap>",
    prose: "Overlaps are **high**: median `0.8`.\n\n- one\n- two\n\n<script>alert(1)</script>",
    headline: { median: 0.81234567, nested: { n: 80 }, list: [1, 2, 3] },
    figures: [{ id: "perf-heatmap", spec: heatmapFigure({ labels: ["a", "b"], values: Float64Array.of(1, 0.5, 0.5, 1) }), caption: "Ordered by *category*." }],
    tables: [{ caption: "Pairs", columns: ["pair", "rho"], rows: [["a|b", 0.5], ["</td>", NaN]] }],
    provenance: { method: "spearman <x>", seed: 7 },
  },
  { id: "bars", title: "Bars", figures: [{ id: "bars-x", spec: barFigure([{ label: "x", value: 1 }]), png: "figures/bars-x.png" }] },
];

test("markdownToHtml handles paragraphs, lists, emphasis, code and links, and escapes raw HTML", () => {
  assert.equal(markdownToHtml("Overlaps are **high** and *flat*."), "<p>Overlaps are <strong>high</strong> and <em>flat</em>.</p>");
  assert.equal(markdownToHtml("- a\n- b"), "<ul><li>a</li><li>b</li></ul>");
  assert.equal(markdownToHtml("1. a\n2. b"), "<ol><li>a</li><li>b</li></ol>");
  assert.equal(markdownToHtml("`x < y` ok"), "<p><code>x &lt; y</code> ok</p>");
  assert.equal(markdownToHtml("<b>x</b>"), "<p>&lt;b&gt;x&lt;/b&gt;</p>");
  assert.equal(markdownToHtml("[paper](https://arxiv.org/abs/2509.23488)"), '<p><a href="https://arxiv.org/abs/2509.23488">paper</a></p>');
  assert.equal(markdownToHtml("[bad](javascript:alert(1))"), "<p>bad)</p>");
  assert.equal(markdownToHtml("## Head\ntext"), "<h4>Head</h4>\n<p>text</p>");
  assert.equal(markdownToHtml("> quoted"), "<blockquote><p>quoted</p></blockquote>");
  assert.equal(markdownToHtml("```\n<a>\n```"), "<pre><code>&lt;a&gt;</code></pre>");
});

test("tables: numbers formatted, NaN as NA, cells escaped, markdown pipes escaped", () => {
  assert.equal(formatCell(0.123456, 3), "0.123");
  assert.equal(formatCell(12), "12");
  assert.equal(formatCell(NaN), "NA");
  assert.equal(formatCell(1.5e-7, 3), "1.50e-7");
  const t = { columns: ["a", "b"], rows: [["x|y", 1.23456], ["<i>", null]] as (string | number | null)[][] };
  assert.equal(tableHtml(t), '<table class="bsig-table"><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>x|y</td><td class="num">1.235</td></tr><tr><td>&lt;i&gt;</td><td></td></tr></tbody></table>');
  assert.equal(tableMarkdown(t), "| a | b |\n| --- | --- |\n| x\\|y | 1.235 |\n| <i> |  |");
  assert.throws(() => tableHtml({ columns: ["a"], rows: [[1, 2]] }), /row 0 has 2 cells for 1 columns/);
});

test("reportHtml is self-contained: plotly inlined once, nothing loaded from elsewhere, prose escaped", () => {
  const full = reportHtml({ title: "T & <t>", intro: "Profile **smoke**.", sections });
  const bundle = plotlyBundle();
  assert.equal(full.split(bundle).length - 1, 1, "the plotly bundle must be inlined exactly once");
  // everything but the bundle (the bundle mentions plotly's CDN as an unused default for geo maps)
  const html = full.replace(bundle, "");
  const has = (re: RegExp) => re.test(html);
  assert.ok(!has(/<script[^>]+src=/i), "a script loads from a src");
  assert.ok(!has(/<link[^>]+href=/i), "a stylesheet is linked");
  assert.ok(!has(/https?:\/\//), "an absolute URL outside the bundle");
  assert.ok(has(/<title>T &amp; &lt;t&gt;<\/title>/), "title not escaped");
  assert.ok(has(/&lt;script&gt;alert\(1\)&lt;\/script&gt;/), "prose HTML not escaped");
  assert.ok(!has(/<script>alert/), "prose script passed through");
  assert.ok(has(/<h2>Performance &lt;overlap&gt;<\/h2>/), "section title");
  assert.ok(has(/<th>median<\/th><td class="num">0\.8123<\/td>/), "headline number");
  assert.ok(has(/<th>nested\.n<\/th><td class="num">80<\/td>/), "nested headline");
  assert.ok(has(/<td>&lt;\/td&gt;<\/td><td class="num">NA<\/td>/), "table cell escaping");
  assert.ok(has(/<a href="figures\/bars-x\.png">PNG<\/a>/), "PNG link");
  assert.ok(has(/<details><summary>Provenance<\/summary><pre>\{\n  &quot;method&quot;: &quot;spearman &lt;x&gt;&quot;,\n  &quot;seed&quot;: 7\n\}<\/pre><\/details>/), "provenance block");
  assert.ok(has(/<div id="fig-perf-heatmap"/) && has(/<div id="fig-bars-x"/), "figure divs");
  assert.throws(() => reportHtml({ title: "x", sections: [sections[1], sections[1]] }), /duplicate figure id 'bars-x'/);
});

test("the report opens offline in Chromium and draws every figure, with no network request", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bsig-report-"));
  const file = join(dir, "report.html");
  writeFileSync(file, reportHtml({ title: "Offline check", sections }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS] });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(".js-plotly-plot").length >= 2, undefined, { timeout: 60_000 });
    const plots = await page.evaluate(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(".js-plotly-plot .main-svg").length);
    assert.ok(plots >= 2, `only ${plots} plot svgs`);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
