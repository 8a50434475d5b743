import { baseLayout, formatP, GROUP_COLORS, fixed3, type FigureOptions, type PlotlyFigure, type PlotlyTrace } from "./types";
import { sampleMedian } from "../stats/describe";

/** One group of values to compare (e.g. overlaps of benchmark pairs within one family). */
export interface ComparisonGroup {
  name: string;
  values: ArrayLike<number>;
}

/** A named test result shown in the title, e.g. `{ label: "Mann–Whitney", p: 0.003 }`. */
export interface PValueNote {
  label: string;
  p: number;
  /** Shown instead of the formatted p (e.g. "p < 1e-300" where p underflows to 0). */
  text?: string;
}

/** Options of {@link comparisonFigure}. */
export interface ComparisonOptions extends FigureOptions {
  /** y-axis title (e.g. "Spearman overlap"). */
  yTitle?: string;
  /** Tests shown under the title as `label p = ...`, in order. */
  pValues?: PValueNote[];
  /** Draw every point as a strip over the box ("all"), only outliers, or none.
   *  Default: "all" when there are at most 10000 values in total, else "outliers". */
  points?: "all" | "outliers" | "none";
  /** Fixed y range (e.g. [-1, 1] for correlations); default: plotly's automatic range. */
  yRange?: [number, number];
}

/**
 * Box plot with the points drawn as a jittered strip, one box per group, for comparisons such as
 * within-family vs across-family overlaps. The x labels carry each group's n and median, and the
 * title carries the p-values of the tests (e.g. Mann–Whitney and a permutation test), one per line.
 *
 * NaN values are dropped (and not counted in n).
 *
 * @example
 *   comparisonFigure([{ name: "within", values: [0.9, 0.8] }, { name: "across", values: [0.5, 0.6, 0.4] }],
 *                    { title: "Family", pValues: [{ label: "Mann–Whitney", p: 0.021 }] })
 */
export function comparisonFigure(groups: ComparisonGroup[], opts: ComparisonOptions = {}): PlotlyFigure {
  const clean = groups.map((g) => Array.from(g.values).filter((v) => Number.isFinite(v)));
  const total = clean.reduce((s, v) => s + v.length, 0);
  const points = opts.points ?? (total <= 10000 ? "all" : "outliers");
  const data: PlotlyTrace[] = groups.map((g, k) => {
    const v = clean[k];
    const name = `${g.name}<br>n = ${v.length}, median = ${fixed3(sampleMedian(v))}`;
    return {
      type: "box",
      name,
      y: v,
      x: v.map(() => name),
      boxpoints: points === "none" ? false : points,
      jitter: 0.45,
      pointpos: 0,
      marker: { color: GROUP_COLORS[k % GROUP_COLORS.length], size: total > 1000 ? 2.5 : 5, opacity: total > 1000 ? 0.35 : 0.6 },
      line: { color: GROUP_COLORS[k % GROUP_COLORS.length] },
      fillcolor: "rgba(255,255,255,0)",
      boxmean: false,
      showlegend: false,
      hovertemplate: "%{y:.3f}<extra></extra>",
    };
  });
  const layout = baseLayout(opts, Math.max(420, 190 * groups.length + 160), 480);
  const notes = (opts.pValues ?? []).map((t) => `<span style="font-size:12px">${t.label} ${t.text ?? `p = ${formatP(t.p)}`}</span>`);
  const titleText = [opts.title ?? "", ...notes].filter((s) => s).join("<br>");
  if (titleText) layout.title = { text: titleText, x: 0.5, xanchor: "center" };
  layout.yaxis = { title: { text: opts.yTitle ?? "" }, zeroline: true, zerolinecolor: "#bbbbbb", gridcolor: "#eeeeee", ...(opts.yRange ? { range: opts.yRange } : {}) };
  layout.xaxis = { type: "category" };
  layout.margin = { l: 70, r: 30, t: 75 + 22 * notes.length, b: 70 };
  return { data, layout, config: { displaylogo: false } };
}


