import type * as Danfo from "danfojs-node";
import type { PlotlyFigure } from "../figures/types";
import { tableHtml, tableMarkdown, type TableSpec } from "../report/table";
import { fromFrame, isTableSpec } from "./frame";
import { figureHtml, plotlyLoaderHtml } from "./plotly-html";

/**
 * Display in a tslab notebook. This is the only module that touches tslab; it loads it lazily, and
 * outside a running kernel (a script, a test) it prints a plain-text stand-in to stdout instead, so
 * library code that calls it never crashes.
 */
interface TslabDisplay {
  html(s: string): void;
  markdown(s: string): void;
  png(b: Uint8Array): void;
}

let loaderShown = false;

function kernelDisplay(): TslabDisplay | null {
  // A tslab kernel has loaded tslab's jupyter module and set its display hook; outside a kernel the
  // module is not in the require cache, and loading it (with zeromq) just to find that out is wasteful.
  let jupyterPath: string;
  try {
    jupyterPath = require.resolve("tslab/dist/jupyter");
  } catch {
    return null;
  }
  const mod = require.cache[jupyterPath]?.exports as { lastWriteDisplayData?: unknown } | undefined;
  if (!mod || !mod.lastWriteDisplayData) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("tslab") as { display: TslabDisplay }).display;
}

/**
 * True when running inside a tslab kernel (displays go to the notebook).
 *
 * @example
 *   inNotebook()  // false in a script or test, true in a notebook cell
 */
export function inNotebook(): boolean {
  return kernelDisplay() !== null;
}

/**
 * Put plotly.js into the notebook (once per kernel session; {@link showFigure} calls it itself).
 *
 * @example
 *   showPlotlyLoader();
 */
export function showPlotlyLoader(): void {
  const d = kernelDisplay();
  if (!d || loaderShown) return;
  d.html(plotlyLoaderHtml());
  loaderShown = true;
}

/**
 * Show an interactive plotly figure inline (the bundle is inlined first if this session has not
 * shown it yet). Outside a notebook, prints the figure's title.
 *
 * @example
 *   showFigure(heatmapFigure(m, { title: "Performance overlap" }));
 */
export function showFigure(fig: PlotlyFigure, size: { width?: number; height?: number } = {}): void {
  const d = kernelDisplay();
  if (!d) { process.stdout.write(`[figure] ${figureTitle(fig)}\n`); return; }
  showPlotlyLoader();
  d.html(figureHtml(fig, size));
}

/**
 * Show markdown (rendered by the notebook).
 *
 * @example
 *   showMarkdown(`Median overlap: **${m.toFixed(2)}**`);
 */
export function showMarkdown(md: string): void {
  const d = kernelDisplay();
  if (!d) { process.stdout.write(md + "\n"); return; }
  d.markdown(md);
}

/**
 * Show a table: a danfo DataFrame or a {@link TableSpec}, as an HTML table (first 200 rows).
 *
 * @example
 *   showTable(toFrame({ benchmark: ["mmlu"], rho: [0.8] }));
 */
export function showTable(table: Danfo.DataFrame | TableSpec, opts: { digits?: number; maxRows?: number } = {}): void {
  const spec = isTableSpec(table) ? table : fromFrame(table);
  const d = kernelDisplay();
  if (!d) { process.stdout.write(tableMarkdown(spec, opts) + "\n"); return; }
  d.html(tableHtml(spec, opts));
}

/**
 * Show a PNG image (e.g. a figure rendered with `renderFigures`).
 *
 * @example
 *   showPng(readFileSync("results/smoke/figures/heatmap.png"));
 */
export function showPng(png: Uint8Array): void {
  const d = kernelDisplay();
  if (!d) { process.stdout.write(`[png] ${png.length} bytes\n`); return; }
  d.png(png);
}

function figureTitle(fig: PlotlyFigure): string {
  const t = fig.layout.title as { text?: string } | string | undefined;
  return (typeof t === "string" ? t : t?.text ?? "untitled").replace(/<[^>]+>/g, " ").trim();
}
