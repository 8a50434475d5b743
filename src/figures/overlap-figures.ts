/**
 * Figures of the overlap chapters (paper Fig. 1 left, Fig. 4, Fig. 5) as plotly specs: the
 * function-level matrix, several overlap matrices (signature / semantic / performance) on one shared
 * −1..1 colour axis and one category ordering, the family / format bias comparison of several overlap
 * levels side by side with their p-values, and a heatmap with a maximum clique marked.
 * Pure builders: plain JSON out, nothing touches a browser or a file.
 */
import type { SquareMatrix } from "../core/matrix";
import type { ComparisonGroup, PValueNote } from "./comparison";
import { categoryLayout, heatmapFigure, type HeatmapOptions } from "./heatmap";
import { baseLayout, formatP, GROUP_COLORS, fixed3, jsonNumber, OVERLAP_COLORSCALE, type FigureOptions, type PlotlyFigure, type PlotlyTrace } from "./types";
import { sampleMedian } from "../stats/describe";

/** A square matrix with a name (the panel title), e.g. `{ name: "semantic", matrix }`. */
export interface NamedMatrix {
  name: string;
  matrix: SquareMatrix;
}

/** One display order shared by several matrices. */
export interface SharedOrder {
  /** Labels in display order. */
  labels: string[];
  /** Category blocks `[start, end)` in display positions. */
  blocks: { category: string; start: number; end: number }[];
}

/**
 * One display order for several label lists: the union of the labels (first appearance, list by list),
 * grouped into category blocks in `categoryOrder` (stable inside a block, as `categoryLayout`).
 *
 * @example
 *   sharedLabelOrder([["a", "b"], ["c", "a"]], { a: "x", b: "y", c: "x" })
 *   // { labels: ["a", "c", "b"], blocks: [{ category: "x", start: 0, end: 2 }, { category: "y", start: 2, end: 3 }] }
 */
export function sharedLabelOrder(labelLists: string[][], categories: Record<string, string> = {}, categoryOrder: string[] = []): SharedOrder {
  const union: string[] = [];
  const seen = new Set<string>();
  for (const list of labelLists) for (const l of list) if (!seen.has(l)) { seen.add(l); union.push(l); }
  const { order, blocks } = categoryLayout(union, categories, categoryOrder);
  return { labels: order.map((i) => union[i]), blocks };
}

/**
 * A matrix re-indexed to `labels`: cell (a, b) is the original cell of those two labels, NaN where a
 * label is absent from the matrix (drawn as a gap).
 *
 * @example
 *   alignMatrix({ labels: ["a", "b"], values: Float64Array.of(1, 0.5, 0.5, 1) }, ["b", "z", "a"]).values
 *   // [1, NaN, 0.5, NaN, NaN, NaN, 0.5, NaN, 1]
 */
export function alignMatrix(m: SquareMatrix, labels: string[]): SquareMatrix {
  const n = m.labels.length, k = labels.length;
  const pos = new Map(m.labels.map((l, i) => [l, i] as const));
  const values = new Float64Array(k * k).fill(NaN);
  for (let a = 0; a < k; a++) {
    const i = pos.get(labels[a]);
    if (i === undefined) continue;
    for (let b = 0; b < k; b++) {
      const j = pos.get(labels[b]);
      if (j !== undefined) values[a * k + b] = m.values[i * n + j];
    }
  }
  return { labels: labels.slice(), values };
}

/** Options of {@link overlapPanels}. */
export interface OverlapPanelsOptions extends FigureOptions {
  /** Category of each label. */
  categories?: Record<string, string>;
  /** Order of the category blocks (then first appearance). */
  categoryOrder?: string[];
  /** Use only these labels (grouped by category, this order kept inside a block; default: the union of all panels). */
  labels?: string[];
  /** Colour-bar title (default "overlap"). */
  colorbarTitle?: string;
  /** Side of one panel in pixels (default from the number of labels). */
  panelSize?: number;
}

/**
 * Several overlap matrices side by side on ONE colour axis fixed at −1..1 and ONE label order (the
 * union of their labels grouped by category), with lines between category blocks in every panel. A
 * label missing from a panel's matrix shows as a gap. Labels are written on the left of the first
 * panel and under every panel.
 *
 * @example
 *   overlapPanels([{ name: "semantic", matrix: sem }, { name: "performance", matrix: perf }],
 *                 { categories, categoryOrder: [...CATEGORY_ORDER], title: "Fig. 4" })
 */
export function overlapPanels(panels: NamedMatrix[], opts: OverlapPanelsOptions = {}): PlotlyFigure {
  if (panels.length === 0) throw new Error("overlapPanels: no panels");
  const shared = sharedLabelOrder(opts.labels ? [opts.labels] : panels.map((p) => p.matrix.labels), opts.categories, opts.categoryOrder);
  const labels = shared.labels, n = labels.length, P = panels.length;
  const tickSize = n <= 20 ? 11 : n <= 60 ? 8 : n <= 120 ? 6 : 4;
  const side = opts.panelSize ?? Math.max(300, Math.min(900, 120 + n * (n <= 20 ? 28 : n <= 60 ? 10 : 7)));
  const longest = Math.max(1, ...labels.map((l) => l.length));
  const labelMargin = Math.min(220, 20 + longest * tickSize * 0.62);
  const gap = 40;
  const width = labelMargin + P * side + (P - 1) * gap + 110;
  const height = side + labelMargin + 120;
  const layout = baseLayout(opts, width, height);
  layout.margin = { l: labelMargin, r: 110, t: 110, b: labelMargin };
  const plotW = P * side + (P - 1) * gap;
  const data: PlotlyTrace[] = [];
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  const line = { color: "#111111", width: n <= 60 ? 1.2 : 0.8 };
  const catHeight = Math.ceil(Math.max(0, ...shared.blocks.map((b) => b.category.length)) * 9 * 0.62 * 0.65) + 8;
  panels.forEach((p, k) => {
    const a = alignMatrix(p.matrix, labels);
    const xa = k === 0 ? "x" : `x${k + 1}`, ya = k === 0 ? "y" : `y${k + 1}`;
    const x0 = (k * (side + gap)) / plotW, x1 = (k * (side + gap) + side) / plotW;
    const axis = { type: "category", categoryorder: "array", categoryarray: labels, tickmode: "array", tickvals: labels, ticktext: labels, tickfont: { size: tickSize }, showgrid: false, zeroline: false };
    layout[k === 0 ? "xaxis" : `xaxis${k + 1}`] = { ...axis, domain: [x0, x1], tickangle: -90, range: [-0.5, n - 0.5], anchor: ya };
    layout[k === 0 ? "yaxis" : `yaxis${k + 1}`] = { ...axis, range: [n - 0.5, -0.5], anchor: xa, showticklabels: k === 0, domain: [0, 1] };
    data.push({
      type: "heatmap", x: labels, y: labels, xaxis: xa, yaxis: ya, coloraxis: "coloraxis", xgap: n <= 60 ? 1 : 0, ygap: n <= 60 ? 1 : 0,
      z: labels.map((_, r) => labels.map((_, c) => jsonNumber(a.values[r * n + c]))),
      hovertemplate: `${p.name}: %{y} × %{x}: %{z:.3f}<extra></extra>`,
    });
    for (const b of shared.blocks.slice(1)) {
      const at = b.start - 0.5;
      shapes.push({ type: "line", xref: xa, yref: ya, x0: at, x1: at, y0: -0.5, y1: n - 0.5, line });
      shapes.push({ type: "line", xref: xa, yref: ya, x0: -0.5, x1: n - 0.5, y0: at, y1: at, line });
    }
    annotations.push({ text: `<b>${p.name}</b>`, x: (x0 + x1) / 2, y: 1, xref: "paper", yref: "paper", yanchor: "bottom", yshift: 12 + catHeight, showarrow: false, font: { size: 14 } });
    for (const b of shared.blocks) {
      annotations.push({
        text: b.category, x: (b.start + b.end - 1) / 2, y: 1, xref: xa, yref: "paper", yanchor: "bottom", xanchor: "left",
        yshift: 2, textangle: -40, showarrow: false, font: { size: 9 },
      });
    }
  });
  layout.shapes = shapes;
  layout.annotations = annotations;
  layout.coloraxis = {
    colorscale: OVERLAP_COLORSCALE, cmin: -1, cmax: 1, cmid: 0,
    colorbar: { title: { text: opts.colorbarTitle ?? "overlap", side: "right" }, thickness: 14, len: 0.8 },
  };
  (layout.margin as { t: number }).t = 90 + catHeight + 30;
  layout.height = Number(layout.height) + catHeight + 20;
  if (layout.title) Object.assign(layout.title as object, { y: 1 - 14 / Number(layout.height), yanchor: "top", yref: "container" });
  return { data, layout, config: { displaylogo: false, responsive: false } };
}

/**
 * The same panels as separate heatmaps (one figure each) that share the −1..1 scale and ONE label
 * order (the union of all panels' labels, grouped by category); a label missing from a matrix is a gap.
 *
 * @example
 *   const [sig, sem, perf] = alignedHeatmaps(panels, { categories, categoryOrder });
 */
export function alignedHeatmaps(panels: NamedMatrix[], opts: { categories?: Record<string, string>; categoryOrder?: string[]; colorbarTitle?: string } = {}): PlotlyFigure[] {
  const shared = sharedLabelOrder(panels.map((p) => p.matrix.labels), opts.categories, opts.categoryOrder);
  const blockOrder = shared.blocks.map((b) => b.category);
  return panels.map((p) => heatmapFigure(alignMatrix(p.matrix, shared.labels), {
    title: p.name, categories: opts.categories, categoryOrder: blockOrder, colorbarTitle: opts.colorbarTitle, zmin: -1, zmax: 1,
  }));
}

/** Options of {@link functionLevelHeatmap}. */
export interface FunctionLevelOptions extends FigureOptions {
  /** Order of the functions (then the matrix order). */
  order?: string[];
  /** Benchmarks per function (shown as `name (n)`). */
  sizes?: number[];
  /** Mean within / cross (shown under the title), and the paper's values if given. */
  meanWithin?: number;
  meanCross?: number;
  paper?: { within: number; cross: number };
  colorbarTitle?: string;
}

/**
 * The function-level overlap matrix (paper Fig. 1 left): categories × categories, each cell the mean
 * benchmark overlap (within on the diagonal), written in the cell, on the shared −1..1 scale.
 *
 * @example
 *   const f = functionLevelMatrix(m.values, n, fns);
 *   functionLevelHeatmap({ labels: f.labels, values: f.values }, { sizes: f.sizes, meanWithin: f.meanWithin, meanCross: f.meanCross })
 */
export function functionLevelHeatmap(m: SquareMatrix, opts: FunctionLevelOptions = {}): PlotlyFigure {
  const n = m.labels.length;
  const rank = new Map<string, number>();
  for (const c of opts.order ?? []) if (!rank.has(c)) rank.set(c, rank.size);
  const idx = m.labels.map((_, i) => i).sort((a, b) => (rank.get(m.labels[a]) ?? rank.size + a) - (rank.get(m.labels[b]) ?? rank.size + b));
  const names = idx.map((i) => (opts.sizes ? `${m.labels[i]} (${opts.sizes[i]})` : m.labels[i]));
  const values = new Float64Array(n * n);
  idx.forEach((i, a) => idx.forEach((j, b) => (values[a * n + b] = m.values[i * n + j])));
  const sub: string[] = [];
  if (opts.meanWithin !== undefined && opts.meanCross !== undefined) {
    sub.push(`mean within ${fixed3(opts.meanWithin)}, mean cross ${fixed3(opts.meanCross)}` + (opts.paper ? ` (paper, signature level: ${opts.paper.within} / ${opts.paper.cross})` : ""));
  }
  const title = [opts.title ?? "Function-level overlap", ...sub.map((s) => `<span style="font-size:12px">${s}</span>`)].join("<br>");
  const fig = heatmapFigure({ labels: names, values }, { title, showValues: true, colorbarTitle: opts.colorbarTitle ?? "mean overlap",
    width: opts.width ?? Math.max(560, 330 + n * 72), height: opts.height ?? Math.max(520, 250 + n * 64) });
  (fig.data[0] as Record<string, unknown>).textfont = { size: n <= 8 ? 13 : 10 };
  if (sub.length) moreTop(fig, 20);
  return fig;
}

/** One panel of a bias comparison: e.g. "performance · family" with its within / across groups. */
export interface BiasPanel {
  title: string;
  /** Usually two groups: pairs within a group, pairs across. */
  groups: ComparisonGroup[];
  pValues?: PValueNote[];
}

/**
 * The bias comparison (paper Fig. 5): one box/strip panel per (overlap level, factor), side by side on
 * one y axis, with each panel's tests under its title. NaN values are dropped.
 *
 * @example
 *   biasComparisonFigure([
 *     { title: "performance · family", groups: [{ name: "same", values: w }, { name: "different", values: a }], pValues: [{ label: "MW", p: 1e-9 }] },
 *     { title: "semantic · family", groups: [...], pValues: [...] },
 *   ], { yTitle: "overlap" })
 */
export function biasComparisonFigure(panels: BiasPanel[], opts: FigureOptions & { yTitle?: string; yRange?: [number, number] } = {}): PlotlyFigure {
  if (panels.length === 0) throw new Error("biasComparisonFigure: no panels");
  const P = panels.length, gap = 0.04;
  const w = (1 - gap * (P - 1)) / P;
  const data: PlotlyTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const maxNotes = Math.max(0, ...panels.map((p) => p.pValues?.length ?? 0));
  const layout = baseLayout(opts, Math.max(560, 430 * P + 80), 520 + 18 * maxNotes);
  panels.forEach((p, k) => {
    const xa = k === 0 ? "x" : `x${k + 1}`;
    const x0 = k * (w + gap), x1 = x0 + w;
    const total = p.groups.reduce((s, g) => s + Array.from(g.values).filter(Number.isFinite).length, 0);
    p.groups.forEach((g, gi) => {
      const v = Array.from(g.values).filter((x) => Number.isFinite(x));
      const name = `${g.name}<br>n = ${v.length}, median = ${v.length ? fixed3(sampleMedian(v)) : "NA"}`;
      data.push({
        type: "box", name, y: v, x: v.map(() => name), xaxis: xa, yaxis: "y", boxpoints: total <= 10000 ? "all" : "outliers", jitter: 0.45, pointpos: 0,
        marker: { color: GROUP_COLORS[gi % GROUP_COLORS.length], size: total > 1000 ? 2.5 : 4, opacity: total > 1000 ? 0.35 : 0.6 },
        line: { color: GROUP_COLORS[gi % GROUP_COLORS.length] }, fillcolor: "rgba(255,255,255,0)", showlegend: false,
        hovertemplate: "%{y:.3f}<extra></extra>",
      });
    });
    layout[k === 0 ? "xaxis" : `xaxis${k + 1}`] = { domain: [x0, x1], type: "category", anchor: "y", tickfont: { size: 10 } };
    const notes = (p.pValues ?? []).map((t) => `<span style="font-size:11px">${t.label} ${t.text ?? `p = ${formatP(t.p)}`}</span>`);
    annotations.push({
      text: [`<b>${p.title}</b>`, ...notes].join("<br>"), x: (x0 + x1) / 2, y: 1, xref: "paper", yref: "paper",
      yanchor: "bottom", yshift: 6, showarrow: false, font: { size: 13 },
    });
  });
  layout.yaxis = { title: { text: opts.yTitle ?? "overlap" }, zeroline: true, zerolinecolor: "#bbbbbb", gridcolor: "#eeeeee", ...(opts.yRange ? { range: opts.yRange } : {}) };
  layout.annotations = annotations;
  layout.margin = { l: 70, r: 30, t: 80 + 18 * (maxNotes + 1), b: 80 };
  if (opts.title !== undefined) layout.title = { text: opts.title, x: 0.5, xanchor: "center", y: 0.99, yanchor: "top" };
  return { data, layout, config: { displaylogo: false } };
}

/** Options of {@link cliqueHeatmap}. */
export interface CliqueHeatmapOptions extends HeatmapOptions {
  /** The edge threshold the clique was found at (shown in the title). */
  threshold?: number;
  /** Outline colour of the clique cells (default green, which the −1..1 scale never uses). */
  color?: string;
}

/**
 * A category-ordered overlap heatmap with a maximum clique highlighted (paper Fig. 4a's red clique):
 * every cell joining two clique members gets an open-square outline (a small dot in its centre when
 * there are more than 40 labels, so the cell colours stay readable), the members' tick labels are bold
 * and marked with ●, and the title names the clique's size and threshold.
 *
 * @example
 *   cliqueHeatmap(m, maxCliqueLabels(m, 0.5), { threshold: 0.5, categories, title: "Semantic overlap" })
 */
export function cliqueHeatmap(m: SquareMatrix, clique: string[], opts: CliqueHeatmapOptions = {}): PlotlyFigure {
  for (const c of clique) if (!m.labels.includes(c)) throw new Error(`cliqueHeatmap: clique member '${c}' is not a label`);
  const sub = `maximum clique: ${clique.length} benchmarks` + (opts.threshold !== undefined ? ` with every pairwise overlap > ${opts.threshold}` : "");
  const n = m.labels.length;
  const title = [opts.title ?? "Overlap", `<span style="font-size:12px">${sub} (${n > 40 ? "dotted" : "outlined"}, labels marked ●)</span>`].join("<br>");
  const fig = heatmapFigure(m, { ...opts, title });
  moreTop(fig, 24);
  const members = new Set(clique);
  const xs: string[] = [], ys: string[] = [];
  for (const a of clique) for (const b of clique) if (a !== b) { xs.push(a); ys.push(b); }
  const mg = fig.layout.margin as { l: number; r: number; t: number; b: number };
  const plotSide = Math.min(Number(fig.layout.width) - mg.l - mg.r - 100, Number(fig.layout.height) - mg.t - mg.b);
  const size = Math.max(3, Math.min(26, Math.floor((plotSide / n) * 0.8)));
  fig.data.push({
    type: "scatter", mode: "markers", x: xs, y: ys, name: "clique", showlegend: false, hoverinfo: "skip",
    marker: n > 40
      ? { symbol: "circle", size: Math.max(2, Math.round(size * 0.3)), color: opts.color ?? "#00a651" }
      : { symbol: "square-open", size, color: opts.color ?? "#00a651", line: { width: 2, color: opts.color ?? "#00a651" } },
  });
  for (const ax of ["xaxis", "yaxis"] as const) {
    const a = fig.layout[ax] as { tickvals: string[]; ticktext: string[] };
    a.ticktext = a.tickvals.map((l) => (members.has(l) ? `<b>● ${l}</b>` : l));
  }
  return fig;
}

function moreTop(fig: PlotlyFigure, px: number): void {
  const m = fig.layout.margin as { t: number };
  m.t += px;
  fig.layout.height = Number(fig.layout.height) + px;
  const t = fig.layout.title as Record<string, unknown> | undefined;
  if (t) { t.y = 1 - 16 / Number(fig.layout.height); t.yanchor = "top"; t.yref = "container"; }
}


