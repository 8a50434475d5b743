import { baseLayout, type FigureOptions, type PlotlyFigure, type PlotlyTrace } from "./types";

/** A vertical marker line on a histogram, e.g. a screening threshold. */
export interface MarkerLine {
  x: number;
  label: string;
}

/** Options of {@link histogramFigure}. */
export interface HistogramOptions extends FigureOptions {
  /** Number of equal-width bins between the smallest and largest finite value (default 60). */
  bins?: number;
  /** Percentiles (0..100) to mark with dashed lines, computed by R's default quantile (type 7). */
  percentiles?: number[];
  /** Further lines at given x positions (e.g. exact thresholds computed elsewhere). */
  lines?: MarkerLine[];
  xTitle?: string;
  yTitle?: string;
  /** Draw the count axis on a log scale (useful for long-tailed distributions). */
  logCount?: boolean;
}

/**
 * Histogram of many values (e.g. the Thrush correlations of every corpus piece) with dashed lines at
 * chosen percentiles. The values are binned here, so the spec stays small however many values there
 * are: bin k covers [lo + k·w, lo + (k+1)·w) with w = (max − min) / bins; the last bin includes max.
 * Percentile p is R's type 7: with sorted x and h = (n − 1)·p/100, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 * Non-finite values are dropped.
 *
 * @example
 *   histogramFigure(Float64Array.of(0.1, -0.2, 0.4, 0.05), { percentiles: [1, 99], xTitle: "Thrush correlation" })
 */
export function histogramFigure(values: ArrayLike<number>, opts: HistogramOptions = {}): PlotlyFigure {
  const x = Float64Array.from(Array.from(values).filter((v) => Number.isFinite(v))).sort();
  const nb = Math.max(1, Math.floor(opts.bins ?? 60));
  const n = x.length;
  const lo = n ? x[0] : 0, hi = n ? x[n - 1] : 1;
  const width = hi > lo ? (hi - lo) / nb : 1;
  const counts = new Array<number>(nb).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(nb - 1, Math.floor((x[i] - lo) / width))]++;
  const centres = counts.map((_, k) => lo + (k + 0.5) * width);
  const data: PlotlyTrace[] = [{
    type: "bar",
    x: centres,
    y: counts,
    width: width,
    marker: { color: "#4a78b0", line: { color: "#2f4f7a", width: 0.5 } },
    name: `n = ${n}`,
    hovertemplate: "%{x:.4f}: %{y}<extra></extra>",
    showlegend: false,
  }];
  const lines: MarkerLine[] = [
    ...(opts.percentiles ?? []).map((p) => ({ x: quantileType7(x, p / 100), label: `${formatPct(p)} percentile` })),
    ...(opts.lines ?? []),
  ];
  const layout = baseLayout(opts, 680, 420);
  layout.bargap = 0;
  layout.xaxis = { title: { text: opts.xTitle ?? "" }, gridcolor: "#eeeeee", zeroline: false };
  layout.yaxis = { title: { text: opts.yTitle ?? "count" }, gridcolor: "#eeeeee", type: opts.logCount ? "log" : "linear" };
  layout.shapes = lines.map((l) => ({ type: "line", xref: "x", yref: "paper", x0: l.x, x1: l.x, y0: 0, y1: 1, line: { color: "#c0392b", dash: "dash", width: 1.5 } }));
  layout.annotations = lines.map((l, k) => ({
    x: l.x, y: 1, xref: "x", yref: "paper", yanchor: "bottom", yshift: 2 + 14 * (k % 2),
    text: `${l.label}: ${Number.isFinite(l.x) ? l.x.toFixed(3) : "NA"}`, showarrow: false, font: { size: 10, color: "#c0392b" },
  }));
  layout.margin = { l: 70, r: 30, t: 100, b: 60 };
  return { data, layout, config: { displaylogo: false } };
}

/** R type-7 quantile of sorted finite values; NaN for an empty sample. */
function quantileType7(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  return lo + 1 < n ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

function formatPct(p: number): string {
  const s = String(p);
  const last = Math.round(p) % 10, teen = Math.round(p) % 100;
  if (!Number.isInteger(p)) return `${s}th`;
  if (teen >= 11 && teen <= 13) return `${s}th`;
  return `${s}${last === 1 ? "st" : last === 2 ? "nd" : last === 3 ? "rd" : "th"}`;
}
