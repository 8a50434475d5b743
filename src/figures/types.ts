/**
 * Plotly figure specs as plain JSON. Every builder in `src/figures/` is a pure function that returns a
 * `PlotlyFigure`; nothing here touches a browser, a file or the notebook. The same spec is drawn inline
 * in a notebook (`src/notebook`), rendered to PNG (`src/render`) and embedded in the HTML report
 * (`src/report`).
 */

/** One plotly trace (`{ type: "heatmap", z: ... }`); plain JSON, no functions or typed arrays. */
export type PlotlyTrace = { type: string } & Record<string, unknown>;

/** A plotly layout object; plain JSON. */
export type PlotlyLayout = Record<string, unknown>;

/** A complete figure: traces, layout and (optional) plotly config. */
export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
  config?: Record<string, unknown>;
}

/** Common size and title options for every builder. */
export interface FigureOptions {
  /** Figure title (plain text; plotly accepts a few tags such as `<br>`). */
  title?: string;
  /** Width in CSS pixels (default depends on the builder). */
  width?: number;
  /** Height in CSS pixels (default depends on the builder). */
  height?: number;
}

/**
 * The shared diverging colour scale for every correlation/overlap heatmap: blue at -1, white at 0,
 * red at +1. All heatmaps use it with `zmin = -1`, `zmax = 1` so that colours compare across figures.
 *
 * @example
 *   heatmapFigure(m, { colorscale: OVERLAP_COLORSCALE })  // the default anyway
 */
export const OVERLAP_COLORSCALE: [number, string][] = [
  [0, "#053061"],
  [0.1, "#2166ac"],
  [0.2, "#4393c3"],
  [0.3, "#92c5de"],
  [0.4, "#d1e5f0"],
  [0.5, "#f7f7f7"],
  [0.6, "#fddbc7"],
  [0.7, "#f4a582"],
  [0.8, "#d6604d"],
  [0.9, "#b2182b"],
  [1, "#67001f"],
];

/** A qualitative palette (Okabe–Ito, colour-blind safe) for groups and categories, in order. */
export const GROUP_COLORS: string[] = [
  "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/**
 * A finite number as itself, anything else (NaN, ±Infinity) as `null`, which plotly draws as a gap
 * and JSON can hold.
 *
 * @example
 *   jsonNumber(NaN)  // null
 */
export function jsonNumber(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * A number with three decimals for labels, or "NA" when it is not finite.
 *
 * @example
 *   fixed3(0.12345)  // "0.123"
 */
export function fixed3(x: number): string {
  const v = jsonNumber(x);
  return v === null ? "NA" : v.toFixed(3);
}

/**
 * Format a p-value for a title: three significant digits, scientific below 1e-3.
 *
 * @example
 *   formatP(0.01234)  // "0.0123"
 *   formatP(2.5e-7)   // "2.50e-7"
 */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return "NA";
  if (p === 0) return "0";
  if (p < 1e-3) return p.toExponential(2);
  return p.toPrecision(3);
}

/**
 * Format a p-value given as log10(p), for p-values that underflow to 0 in double precision:
 * p = m · 10^e with e = ⌊log10 p⌋ and m = 10^(log10 p − e).
 *
 * @example
 *   formatLog10P(-250.3)  // "5.01e-251"
 *   formatLog10P(-1.5)    // "0.0316"
 */
export function formatLog10P(log10p: number): string {
  if (Number.isNaN(log10p)) return "NA";
  if (log10p > -300) return formatP(10 ** log10p);
  const e = Math.floor(log10p);
  let m = 10 ** (log10p - e);
  let ee = e;
  if (Number(m.toFixed(2)) >= 10) { m /= 10; ee += 1; }
  return `${m.toFixed(2)}e${ee}`;
}

/**
 * Base layout shared by every builder: white background, readable fonts, margins, centred title.
 *
 * @example
 *   baseLayout({ title: "t" }, 600, 400)  // { width: 600, height: 400, title: { text: "t", ... }, ... }
 */
export function baseLayout(opts: FigureOptions, width: number, height: number): PlotlyLayout {
  const layout: PlotlyLayout = {
    width: opts.width ?? width,
    height: opts.height ?? height,
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    font: { family: "DejaVu Sans, Arial, sans-serif", size: 12, color: "#222222" },
    margin: { l: 70, r: 30, t: 70, b: 60 },
  };
  if (opts.title !== undefined) layout.title = { text: opts.title, x: 0.5, xanchor: "center" };
  return layout;
}
