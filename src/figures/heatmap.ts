import type { SquareMatrix } from "../core/matrix";
import { baseLayout, jsonNumber, OVERLAP_COLORSCALE, type FigureOptions, type PlotlyFigure } from "./types";

/** Options of {@link heatmapFigure}. */
export interface HeatmapOptions extends FigureOptions {
  /** Category of each label (e.g. the benchmark's function); labels without one go to "other". */
  categories?: Record<string, string>;
  /** Order of the category blocks; categories not listed follow in order of first appearance. */
  categoryOrder?: string[];
  /** Colour-bar title (default "overlap"). */
  colorbarTitle?: string;
  /** Write each cell's value in the cell (only sensible for small matrices; default: n <= 12). */
  showValues?: boolean;
  /** Lower and upper end of the colour scale (default -1 and 1: shared by every overlap heatmap). */
  zmin?: number;
  zmax?: number;
}

/** The label order a heatmap uses and the category blocks it draws. */
export interface CategoryLayout {
  /** Indices into the original labels, in display order. */
  order: number[];
  /** One entry per block of equal category, in display order: `[start, end)` in display positions. */
  blocks: { category: string; start: number; end: number }[];
}

/**
 * Order labels by category block. Blocks follow `categoryOrder` (then first appearance); inside a
 * block the original order is kept (a stable sort), so the caller controls the order within blocks.
 *
 * @example
 *   categoryLayout(["a", "b", "c"], { a: "x", b: "y", c: "x" })
 *   // { order: [0, 2, 1], blocks: [{category:"x",start:0,end:2},{category:"y",start:2,end:3}] }
 */
export function categoryLayout(
  labels: string[],
  categories: Record<string, string> = {},
  categoryOrder: string[] = [],
): CategoryLayout {
  const catOf = labels.map((l) => categories[l] ?? "other");
  const rank = new Map<string, number>();
  for (const c of categoryOrder) if (!rank.has(c)) rank.set(c, rank.size);
  for (const c of catOf) if (!rank.has(c)) rank.set(c, rank.size);
  const order = labels.map((_, i) => i).sort((a, b) => rank.get(catOf[a])! - rank.get(catOf[b])! || a - b);
  const blocks: CategoryLayout["blocks"] = [];
  order.forEach((idx, pos) => {
    const c = catOf[idx];
    const last = blocks[blocks.length - 1];
    if (last && last.category === c) last.end = pos + 1;
    else blocks.push({ category: c, start: pos, end: pos + 1 });
  });
  return { order, blocks };
}

/**
 * A heatmap of a square overlap/correlation matrix with the shared -1..1 diverging colour scale,
 * labels grouped into category blocks, separator lines between blocks and the block names on top.
 * The diagonal runs from the top-left corner; NaN cells are drawn as gaps.
 *
 * Cell (r, c) in display order shows `values[order[r] * n + order[c]]`.
 *
 * @example
 *   heatmapFigure({ labels: ["a", "b"], values: Float64Array.of(1, 0.5, 0.5, 1) },
 *                 { title: "Performance overlap", categories: { a: "math", b: "logic" } })
 */
export function heatmapFigure(m: SquareMatrix, opts: HeatmapOptions = {}): PlotlyFigure {
  const n = m.labels.length;
  if (m.values.length !== n * n) throw new Error(`heatmapFigure: ${n} labels but ${m.values.length} values (need ${n * n})`);
  const { order, blocks } = categoryLayout(m.labels, opts.categories, opts.categoryOrder);
  const labels = order.map((i) => m.labels[i]);
  const z = order.map((i) => order.map((j) => jsonNumber(m.values[i * n + j])));
  const showValues = opts.showValues ?? n <= 12;
  const tickSize = n <= 20 ? 11 : n <= 60 ? 8 : n <= 120 ? 6 : 4;
  const side = Math.max(420, Math.min(1400, 160 + n * (n <= 20 ? 32 : n <= 60 ? 12 : 7)));
  const layout = baseLayout(opts, side + 110, side + 40);
  const longest = Math.max(1, ...labels.map((l) => l.length));
  const labelMargin = Math.min(220, 20 + longest * tickSize * 0.62);
  layout.margin = { l: labelMargin, r: 20, t: 110, b: labelMargin };
  const axis = { type: "category", categoryorder: "array", categoryarray: labels, tickmode: "array", tickvals: labels, ticktext: labels, tickfont: { size: tickSize }, showgrid: false, zeroline: false, constrain: "domain" };
  layout.xaxis = { ...axis, tickangle: -90, range: [-0.5, n - 0.5] };
  layout.yaxis = { ...axis, range: [n - 0.5, -0.5], scaleanchor: "x" };
  const line = { color: "#111111", width: n <= 60 ? 1.5 : 1 };
  const shapes: Record<string, unknown>[] = [];
  for (const b of blocks.slice(1)) {
    const at = b.start - 0.5;
    shapes.push({ type: "line", xref: "x", yref: "y", x0: at, x1: at, y0: -0.5, y1: n - 0.5, line });
    shapes.push({ type: "line", xref: "x", yref: "y", x0: -0.5, x1: n - 0.5, y0: at, y1: at, line });
  }
  layout.shapes = shapes;
  // Block names on top; when one does not fit its block's width, all are drawn at -40° (no overlaps).
  const named = blocks.length > 1 || blocks[0]?.category !== "other";
  const catFont = Math.max(9, Math.min(12, tickSize + 3));
  const plotSide = Math.min(Number(layout.width) - labelMargin - 140, Number(layout.height) - labelMargin - 110);
  const fits = blocks.every((b) => b.category.length * catFont * 0.62 <= ((b.end - b.start) * plotSide) / n - 4);
  const longestCat = Math.max(0, ...blocks.map((b) => b.category.length));
  if (named && !fits) (layout.margin as { t: number }).t = 90 + Math.ceil(longestCat * catFont * 0.62 * 0.65);
  layout.annotations = named
    ? blocks.map((b) => ({
        x: (b.start + b.end - 1) / 2, y: 1.0, xref: "x", yref: "paper", yanchor: "bottom", yshift: 4,
        xanchor: fits ? "center" : "left", text: b.category, showarrow: false, textangle: fits ? 0 : -40,
        font: { size: catFont },
      }))
    : [];
  const trace: Record<string, unknown> = {
    type: "heatmap",
    x: labels,
    y: labels,
    z,
    hovertemplate: "%{y} × %{x}: %{z:.3f}<extra></extra>",
    colorscale: OVERLAP_COLORSCALE,
    zmin: opts.zmin ?? -1,
    zmax: opts.zmax ?? 1,
    zmid: 0,
    xgap: n <= 60 ? 1 : 0,
    ygap: n <= 60 ? 1 : 0,
    colorbar: { title: { text: opts.colorbarTitle ?? "overlap", side: "right" }, thickness: 14, len: 0.8 },
  };
  if (showValues) {
    trace.text = z.map((row) => row.map((v) => (v === null ? "" : v.toFixed(2))));
    trace.texttemplate = "%{text}";
    trace.textfont = { size: 10 };
  }
  return { data: [trace as PlotlyFigure["data"][number]], layout, config: { displaylogo: false, responsive: false } };
}
