import { baseLayout, GROUP_COLORS, jsonNumber, type FigureOptions, type PlotlyFigure, type PlotlyTrace } from "./types";

/** One named set of points; `text` labels each point on hover. */
export interface ScatterSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  text?: string[];
}

/** Options of {@link scatterFigure}. */
export interface ScatterOptions extends FigureOptions {
  xTitle?: string;
  yTitle?: string;
  /** Draw the identity line y = x over the joint range of the data. */
  identity?: boolean;
  /** Write each point's text next to it (default: only when there are at most 30 points in total). */
  labelPoints?: boolean;
}

/**
 * Scatter plot of one or more named series (a legend appears with more than one), optionally with
 * the identity line y = x, e.g. the workbook's numbers against the paper's or one overlap measure
 * against another. Non-finite coordinates become gaps (`null`).
 *
 * @example
 *   scatterFigure([{ name: "benchmarks", x: [0.1, 0.5], y: [0.2, 0.4], text: ["a", "b"] }],
 *                 { xTitle: "semantic", yTitle: "performance", identity: true })
 */
export function scatterFigure(series: ScatterSeries[], opts: ScatterOptions = {}): PlotlyFigure {
  const total = series.reduce((s, q) => s + q.x.length, 0);
  const labelPoints = opts.labelPoints ?? total <= 30;
  const data: PlotlyTrace[] = series.map((s, k) => {
    if (s.x.length !== s.y.length) throw new Error(`scatterFigure: series '${s.name}' has ${s.x.length} x but ${s.y.length} y`);
    const colour = GROUP_COLORS[k % GROUP_COLORS.length];
    const t: PlotlyTrace = {
      type: "scatter",
      mode: labelPoints && s.text ? "markers+text" : "markers",
      name: s.name,
      x: Array.from(s.x, jsonNumber),
      y: Array.from(s.y, jsonNumber),
      marker: { color: colour, size: total > 2000 ? 4 : 8, opacity: 0.8 },
    };
    if (s.text) {
      t.text = s.text;
      t.textposition = "top center";
      t.textfont = { size: 9 };
      t.hovertemplate = "%{text}: (%{x:.3f}, %{y:.3f})<extra></extra>";
    }
    return t;
  });
  if (opts.identity) {
    const all = series.flatMap((s) => [...Array.from(s.x), ...Array.from(s.y)]).filter((v) => Number.isFinite(v));
    if (all.length) {
      const lo = Math.min(...all), hi = Math.max(...all);
      data.push({ type: "scatter", mode: "lines", name: "y = x", x: [lo, hi], y: [lo, hi], line: { color: "#888888", dash: "dash", width: 1 }, hoverinfo: "skip" });
    }
  }
  const layout = baseLayout(opts, 620, 480);
  layout.xaxis = { title: { text: opts.xTitle ?? "" }, gridcolor: "#eeeeee", zerolinecolor: "#bbbbbb" };
  layout.yaxis = { title: { text: opts.yTitle ?? "" }, gridcolor: "#eeeeee", zerolinecolor: "#bbbbbb" };
  layout.showlegend = series.length > 1 || !!opts.identity;
  return { data, layout, config: { displaylogo: false } };
}
