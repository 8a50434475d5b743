import { baseLayout, GROUP_COLORS, jsonNumber, type FigureOptions, type PlotlyFigure, type PlotlyTrace } from "./types";

/** One bar: a label, its value, an optional symmetric error and an optional group (colour). */
export interface BarDatum {
  label: string;
  value: number;
  error?: number;
  group?: string;
}

/** Options of {@link barFigure}. */
export interface BarOptions extends FigureOptions {
  /** Title of the value axis. */
  valueTitle?: string;
  /** Horizontal bars (labels on the y axis; good for long labels). Default false. */
  horizontal?: boolean;
  /** Sort bars by value, descending; default keeps the given order. */
  sort?: boolean;
}

/**
 * Bar chart; bars with a `group` are coloured by group (one legend entry per group), bars with an
 * `error` get error bars of ± error. The given order is kept unless `sort` is set.
 *
 * @example
 *   barFigure([{ label: "math", value: 0.21 }, { label: "logic", value: 0.285 }], { valueTitle: "overlap" })
 */
export function barFigure(bars: BarDatum[], opts: BarOptions = {}): PlotlyFigure {
  const items = opts.sort ? bars.slice().sort((a, b) => (jsonNumber(b.value) ?? -Infinity) - (jsonNumber(a.value) ?? -Infinity)) : bars.slice();
  const groups: string[] = [];
  for (const b of items) if (!groups.includes(b.group ?? "")) groups.push(b.group ?? "");
  const h = !!opts.horizontal;
  const data: PlotlyTrace[] = groups.map((g, k) => {
    const sel = items.filter((b) => (b.group ?? "") === g);
    const labels = sel.map((b) => b.label), values = sel.map((b) => jsonNumber(b.value));
    const t: PlotlyTrace = {
      type: "bar",
      name: g || "value",
      orientation: h ? "h" : "v",
      x: h ? values : labels,
      y: h ? labels : values,
      marker: { color: GROUP_COLORS[k % GROUP_COLORS.length] },
      showlegend: groups.length > 1,
    };
    if (sel.some((b) => b.error !== undefined)) {
      const err = { type: "data", array: sel.map((b) => jsonNumber(b.error ?? NaN)), visible: true, color: "#333333" };
      if (h) t.error_x = err; else t.error_y = err;
    }
    return t;
  });
  const layout = baseLayout(opts, h ? 640 : Math.max(480, 40 * items.length + 160), h ? Math.max(360, 22 * items.length + 140) : 460);
  const cat = { type: "category", categoryorder: "array", categoryarray: items.map((b) => b.label), automargin: true, ...(h ? { autorange: "reversed" } : {}) };
  const val = { title: { text: opts.valueTitle ?? "" }, gridcolor: "#eeeeee", zerolinecolor: "#999999" };
  layout.xaxis = h ? val : cat;
  layout.yaxis = h ? cat : val;
  layout.barmode = "group";
  return { data, layout, config: { displaylogo: false } };
}
