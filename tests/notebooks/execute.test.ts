import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { notebookFiles, repoRoot, runNotebook } from "../../src/notebook/run";
import { CHROMIUM_FLAGS, chromiumPath } from "../../src/render/browser";

// Executes every notebook headless under the committed tslab kernelspec (tools/run_nb.py, Debian's
// python3-nbclient) against the compiled library in dist/ (`npm test` builds it first).
// Executed copies go to results/notebooks/.

const nbDir = join(repoRoot(), "notebooks");
const outDir = join(repoRoot(), "results", "notebooks");

interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, string | string[]> }
const joinText = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : t ?? "");

test("the compiled library exists (notebooks import ../dist/index)", () => {
  assert.ok(existsSync(join(repoRoot(), "dist", "index.js")), "dist/index.js is missing: run `npm run build` first");
});

test("dist/index re-exports what the notebooks use (src/index.ts lists the modules)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(join(repoRoot(), "dist", "index")) as Record<string, unknown>;
  const needed: Record<string, string> = {
    heatmapFigure: "./figures/heatmap", comparisonFigure: "./figures/comparison", showFigure: "./notebook/show",
    showMarkdown: "./notebook/show", showTable: "./notebook/show", toFrame: "./notebook/frame",
    performanceHeatmap: "./study/performance-step", performanceChapter: "./chapters/performance", readLabels: "./scores/labels",
  };
  const missing = Object.entries(needed).filter(([name]) => typeof lib[name] !== "function");
  assert.deepEqual(missing.map(([n]) => n), [], `add to src/index.ts: ${[...new Set(missing.map(([, m]) => `export * from "${m}";`))].join(" ")}`);
});

// The zoo chapters read the smoke profile's zoo data (results/smoke/zoo-data); prepare it once here
// (through the repository's cache) so no single notebook pays for the scoring.
process.env.BSIG_PROFILE = "smoke";
test("the smoke profile's zoo data is ready for the zoo notebooks", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(join(repoRoot(), "dist", "index")) as { openZooData: (root: string) => Promise<{ profile: string; models: string[] }> };
  const z = await lib.openZooData(repoRoot());
  assert.equal(z.profile, "smoke");
  assert.ok(z.models.length >= 36);
});

for (const nb of notebookFiles(nbDir)) {
  test(`${basename(nb)} runs clean under tslab`, () => {
    const r = runNotebook(nb, join(outDir, basename(nb)));
    assert.ok(r.ok, `${basename(nb)} failed:\n${r.log}`);
    const executed = JSON.parse(readFileSync(r.output, "utf8")) as { cells: { cell_type: string; execution_count: number | null; outputs?: Output[] }[] };
    const code = executed.cells.filter((c) => c.cell_type === "code");
    assert.deepEqual(code.map((c) => c.execution_count), code.map((_, i) => i + 1), "every code cell ran, in order");
  });
}

test("the runner fails on a tslab error, names the cell, and still runs the cells after it", () => {
  const dir = mkdtempSync(join(tmpdir(), "bsig-nb-"));
  try {
    const cell = (source: string) => ({ cell_type: "code", metadata: {}, source, outputs: [], execution_count: null });
    const nb = {
      nbformat: 4, nbformat_minor: 4,
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
      cells: [cell('const n: number = "not a number";'), cell('console.log("after the error");'), cell("throw new Error(\"boom at runtime\");")],
    };
    writeFileSync(join(dir, "bad.ipynb"), JSON.stringify(nb));
    // the kernel runs in notebooks/ so the committed kernelspec finds ../node_modules/tslab
    const r = runNotebook(join(dir, "bad.ipynb"), join(dir, "bad.out.ipynb"), { cwd: nbDir });
    assert.equal(r.ok, false);
    assert.match(r.log, /cell 0 .*failed:\n.*Type 'string' is not assignable to type 'number'/);
    assert.match(r.log, /cell 2 .*failed:[\s\S]*boom at runtime/);
    const out = JSON.parse(readFileSync(join(dir, "bad.out.ipynb"), "utf8")) as { cells: { outputs: Output[] }[] };
    assert.equal(joinText(out.cells[1].outputs[0]?.text), "after the error\n", "the cell after the error must still run (tslab's 200 ms reset)");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("00-frame shows the Spearman value, an inline plotly figure that draws offline, and a danfo table", async () => {
  const file = join(outDir, "00-frame.ipynb");
  assert.ok(existsSync(file), "the executed frame notebook is missing (the previous test failed)");
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: { outputs?: Output[] }[] };
  const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
  const markdown = outputs.map((o) => joinText(o.data?.["text/markdown"])).join("\n");
  assert.ok(markdown.includes("ρ = **0.7632**"), `markdown outputs: ${markdown}`);
  const html = outputs.map((o) => joinText(o.data?.["text/html"])).filter((h) => h);
  assert.equal(html.filter((h) => h.includes("plotly.js v4")).length, 1, "plotly.js must be inlined exactly once");
  assert.equal(html.filter((h) => h.includes("Plotly.newPlot")).length, 1, "one figure");
  assert.ok(html.some((h) => h.startsWith('<table class="bsig-table">') && h.includes("rho_with_math_a")), "the danfo table");
  // draw the notebook's HTML outputs in Chromium, offline, as a notebook front end would
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.route(/^(https?|wss?):/, (route) => { errors.push(`network request: ${route.request().url()}`); return route.abort(); });
    await page.setContent(`<!doctype html><html><body>${html.join("\n")}</body></html>`);
    const plots = await page.evaluate(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(".js-plotly-plot .main-svg").length);
    assert.ok(plots >= 1, "the inline figure did not draw");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
