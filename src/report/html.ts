import type { PlotlyFigure } from "../figures/types";
import { plotlyBundle, plotlyVersion, scriptJson } from "../notebook/plotly-html";
import { markdownToHtml } from "./markdown";
import { escapeHtml, formatCell, tableHtml, type TableSpec } from "./table";

/** One figure in a report section. */
export interface ReportFigure {
  /** Unique within the report; used as the element id (letters, digits, `-`, `_`). */
  id: string;
  spec: PlotlyFigure;
  caption?: string;
  /** Relative path of a static PNG of the same figure, linked under the figure. */
  png?: string;
}

/** One section: prose (markdown), headline numbers, figures, tables and provenance, in that order. */
export interface ReportSection {
  id: string;
  title: string;
  prose?: string;
  headline?: Record<string, unknown>;
  figures?: ReportFigure[];
  tables?: TableSpec[];
  /** Where the numbers came from (method, parameters, seed, data hashes); shown folded, as JSON. */
  provenance?: unknown;
}

/** A whole report. */
export interface ReportInput {
  title: string;
  /** Markdown shown under the title (e.g. the profile and how the report was made). */
  intro?: string;
  sections: ReportSection[];
  /** Markdown footer (e.g. provenance). */
  footer?: string;
}

const STYLE = `
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }
h1 { font-size: 1.9em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
nav ol { columns: 2; } code { background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; }
pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; } blockquote { border-left: 3px solid #bbb; margin-left: 0; padding-left: 1em; color: #444; }
table.bsig-table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; } table.bsig-table caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
table.bsig-table th, table.bsig-table td { border: 1px solid #ddd; padding: 0.2em 0.6em; } table.bsig-table th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1.5em 0; overflow-x: auto; } figcaption { font-size: 0.9em; color: #444; margin-top: 0.3em; }
.headline { background: #fafafa; border: 1px solid #e4e4e4; padding: 0.4em 1em; }
`;

/**
 * One self-contained HTML report: the plotly.js bundle inlined once (no CDN, nothing fetched), then
 * per section its prose (markdown), headline numbers, interactive figures and tables; a table of
 * contents on top. Figure specs are embedded as JSON and drawn by one script at the end. Opening
 * the file offline shows everything.
 *
 * @example
 *   writeFileAtomic("results/smoke/report.html", reportHtml({ title: "Study", sections: [...] }));
 */
export function reportHtml(r: ReportInput): string {
  const ids = new Set<string>();
  for (const s of r.sections) for (const f of s.figures ?? []) {
    if (!/^[A-Za-z0-9_-]+$/.test(f.id)) throw new Error(`reportHtml: figure id '${f.id}' must use only letters, digits, '-' and '_'`);
    if (ids.has(f.id)) throw new Error(`reportHtml: duplicate figure id '${f.id}'`);
    ids.add(f.id);
  }
  const specs: Record<string, PlotlyFigure> = {};
  const toc = r.sections.map((s) => `<li><a href="#${escapeHtml(sectionAnchor(s.id))}">${escapeHtml(s.title)}</a></li>`).join("");
  const body = r.sections.map((s) => {
    const parts = [`<section id="${escapeHtml(sectionAnchor(s.id))}">`, `<h2>${escapeHtml(s.title)}</h2>`];
    if (s.prose) parts.push(markdownToHtml(s.prose));
    if (s.headline && Object.keys(s.headline).length) parts.push(headlineHtml(s.headline));
    for (const f of s.figures ?? []) {
      specs[f.id] = f.spec;
      const w = typeof f.spec.layout.width === "number" ? f.spec.layout.width : 700;
      const h = typeof f.spec.layout.height === "number" ? f.spec.layout.height : 450;
      const cap = [f.caption ? markdownToHtml(f.caption).replace(/^<p>|<\/p>$/g, "") : "", f.png ? `<a href="${escapeHtml(f.png)}">PNG</a>` : ""].filter((x) => x).join(" ");
      parts.push(`<figure><div id="fig-${f.id}" class="bsig-figure" style="width:${w}px;height:${h}px"></div>${cap ? `<figcaption>${cap}</figcaption>` : ""}</figure>`);
    }
    for (const t of s.tables ?? []) parts.push(tableHtml(t));
    if (s.provenance !== undefined && s.provenance !== null) {
      parts.push(`<details><summary>Provenance</summary><pre>${escapeHtml(JSON.stringify(s.provenance, null, 2))}</pre></details>`);
    }
    parts.push("</section>");
    return parts.join("\n");
  }).join("\n");
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(r.title)}</title>`,
    `<style>${STYLE}</style>`,
    `<!-- plotly.js ${escapeHtml(plotlyVersion())} (plotly.js-dist-min, MIT licence), inlined so the report works offline -->`,
    `<script>${plotlyBundle()}</script>`,
    "</head><body>",
    `<h1>${escapeHtml(r.title)}</h1>`,
    r.intro ? markdownToHtml(r.intro) : "",
    r.sections.length ? `<nav><ol>${toc}</ol></nav>` : "",
    body,
    r.footer ? `<footer>${markdownToHtml(r.footer)}</footer>` : "",
    `<script id="bsig-figure-specs" type="application/json">${scriptJson(specs)}</script>`,
    `<script>(function () {
  var specs = JSON.parse(document.getElementById("bsig-figure-specs").textContent);
  Object.keys(specs).forEach(function (id) {
    var el = document.getElementById("fig-" + id), f = specs[id];
    if (!window.Plotly) { el.textContent = "plotly.js did not load"; return; }
    window.Plotly.newPlot(el, f.data, f.layout, Object.assign({ displaylogo: false }, f.config || {}));
  });
})();</script>`,
    "</body></html>",
    "",
  ].join("\n");
}

function sectionAnchor(id: string): string {
  return `sec-${id.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** Headline numbers as a two-column table: nested objects become dotted keys, arrays are shown inline. */
function headlineHtml(h: Record<string, unknown>): string {
  const rows: [string, string][] = [];
  const walk = (prefix: string, v: unknown, depth: number) => {
    if (v && typeof v === "object" && !Array.isArray(v) && depth < 3) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(prefix ? `${prefix}.${k}` : k, x, depth + 1);
    } else rows.push([prefix, valueText(v)]);
  };
  walk("", h, 0);
  const shown = rows.slice(0, 60);
  const more = rows.length > shown.length ? `<tr><td colspan="2">… ${rows.length - shown.length} more (see the step's JSON)</td></tr>` : "";
  return `<div class="headline"><table class="bsig-table"><caption>Headline numbers</caption><tbody>${shown
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td class="num">${escapeHtml(v)}</td></tr>`).join("")}${more}</tbody></table></div>`;
}

function valueText(v: unknown): string {
  if (typeof v === "number") return formatCell(v, 4);
  if (typeof v === "string") return v;
  if (Array.isArray(v)) {
    const s = v.slice(0, 12).map((x) => (typeof x === "number" ? formatCell(x, 4) : typeof x === "string" ? x : JSON.stringify(x))).join(", ");
    return `[${s}${v.length > 12 ? `, … (${v.length})` : ""}]`;
  }
  return JSON.stringify(v) ?? "null";
}
