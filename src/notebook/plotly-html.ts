import { readFileSync } from "node:fs";
import { sha256, canonicalJson } from "../core/hash";
import type { PlotlyFigure } from "../figures/types";

let bundleCache: string | null = null;

/**
 * The plotly.js bundle (`plotly.js-dist-min`, pinned in package.json) as JavaScript text, read from
 * node_modules. It is a browser bundle, so it is never `require`d in Node; it is inlined into HTML.
 *
 * @example
 *   plotlyBundle().length  // about 4.8 MB
 */
export function plotlyBundle(): string {
  if (bundleCache === null) {
    const text = readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
    bundleCache = text.replace(/<\/script/gi, "<\\/script");
  }
  return bundleCache;
}

/**
 * The plotly.js version of the inlined bundle (from its package.json).
 *
 * @example
 *   plotlyVersion()  // "4.1.2"
 */
export function plotlyVersion(): string {
  const pkgPath = require.resolve("plotly.js-dist-min/package.json");
  return (JSON.parse(readFileSync(pkgPath, "utf8")) as { version: string }).version;
}

/**
 * HTML that loads plotly.js inline (no CDN, no network), once per page or notebook. Pages that use
 * require.js (the classic Jupyter Notebook) define `window.define`; a UMD bundle that sees it
 * registers as an AMD module and leaves no `window.Plotly` (seen with earlier plotly builds; 4.1.2's
 * wrapper does not look, so this is a safeguard). `define` is hidden while the bundle runs and
 * restored afterwards.
 *
 * @example
 *   tslab.display.html(plotlyLoaderHtml());  // then figureHtml(...) any number of times
 */
export function plotlyLoaderHtml(): string {
  return [
    `<script>window.__bsigSavedDefine = window.define; window.define = undefined;</script>`,
    `<script>${plotlyBundle()}</script>`,
    `<script>window.define = window.__bsigSavedDefine; delete window.__bsigSavedDefine;</script>`,
  ].join("\n");
}

/**
 * JSON for embedding inside a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 are written as
 * `\u` escapes, so no string in the data can close the script or break the JavaScript.
 *
 * @example
 *   scriptJson({ a: "</script>" })  // '{"a":"\\u003c/script\\u003e"}'
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

let figureCounter = 0;

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** Element id of the plot's div (default: derived from the spec's hash and a counter). */
  id?: string;
  /** Size in CSS pixels (default: the spec's layout width/height, else 700 x 450). */
  width?: number;
  height?: number;
}

/**
 * HTML for one interactive figure: a div and a script calling `Plotly.newPlot` with the spec. Needs
 * plotly.js on the page first ({@link plotlyLoaderHtml}); if it is missing, a short note is shown
 * instead of a silent empty box.
 *
 * @example
 *   figureHtml({ data: [{ type: "bar", x: ["a"], y: [1] }], layout: {} }, { width: 400, height: 300 })
 */
export function figureHtml(fig: PlotlyFigure, opts: FigureHtmlOptions = {}): string {
  const width = opts.width ?? numberOr(fig.layout.width, 700);
  const height = opts.height ?? numberOr(fig.layout.height, 450);
  const id = opts.id ?? `bsig-fig-${sha256(canonicalJson(fig)).slice(0, 10)}-${++figureCounter}`;
  const layout = { ...fig.layout, width, height };
  const config = { displaylogo: false, ...(fig.config ?? {}) };
  return [
    `<div id="${id}" class="bsig-figure" style="width:${width}px;height:${height}px;"></div>`,
    `<script>(function () {`,
    `  var el = document.getElementById(${scriptJson(id)});`,
    `  if (typeof window.Plotly === "undefined") { el.textContent = "plotly.js is not loaded (run the loader cell, or trust the notebook)"; return; }`,
    `  window.Plotly.newPlot(el, ${scriptJson(fig.data)}, ${scriptJson(layout)}, ${scriptJson(config)});`,
    `})();</script>`,
  ].join("\n");
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}
