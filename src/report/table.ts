/**
 * Plain tables for the report and the notebook: a caption, column names and rows of cells. Pure; the
 * danfojs-node bridge is in `src/notebook/frame.ts`.
 */

/** One cell: text, a number (NaN shown as "NA") or empty. */
export type TableCell = string | number | boolean | null;

/** A table as data. */
export interface TableSpec {
  caption?: string;
  columns: string[];
  rows: TableCell[][];
}

/** Options of {@link tableHtml}. */
export interface TableHtmlOptions {
  /** Significant digits for non-integer numbers (default 4). */
  digits?: number;
  /** At most this many rows are written, then a "… N more rows" line (default 200). */
  maxRows?: number;
}

/**
 * Escape text for HTML element content and attribute values.
 *
 * @example
 *   escapeHtml('<a href="x">') // "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * A cell as display text: integers as they are, other numbers to `digits` significant digits,
 * NaN/±Infinity as "NA", null as "".
 *
 * @example
 *   formatCell(0.123456, 3)  // "0.123"
 */
export function formatCell(c: TableCell, digits = 4): string {
  if (c === null) return "";
  if (typeof c === "number") {
    if (!Number.isFinite(c)) return "NA";
    if (Number.isInteger(c)) return String(c);
    const a = Math.abs(c);
    return a !== 0 && (a < 1e-4 || a >= 1e6) ? c.toExponential(digits - 1) : String(Number(c.toPrecision(digits)));
  }
  return String(c);
}

/**
 * A table as an HTML `<table>` (numbers right-aligned), with the caption as `<caption>`.
 *
 * @example
 *   tableHtml({ columns: ["benchmark", "rho"], rows: [["mmlu", 0.8123]] })
 */
export function tableHtml(t: TableSpec, opts: TableHtmlOptions = {}): string {
  const digits = opts.digits ?? 4, maxRows = opts.maxRows ?? 200;
  for (const [i, r] of t.rows.entries()) {
    if (r.length !== t.columns.length) throw new Error(`tableHtml: row ${i} has ${r.length} cells for ${t.columns.length} columns`);
  }
  const head = `<tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = t.rows.slice(0, maxRows).map((r) =>
    `<tr>${r.map((c) => `<td${typeof c === "number" ? ' class="num"' : ""}>${escapeHtml(formatCell(c, digits))}</td>`).join("")}</tr>`);
  if (t.rows.length > maxRows) body.push(`<tr><td colspan="${t.columns.length}">… ${t.rows.length - maxRows} more rows</td></tr>`);
  const caption = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : "";
  return `<table class="bsig-table">${caption}<thead>${head}</thead><tbody>${body.join("")}</tbody></table>`;
}

/**
 * A table as GitHub-flavoured markdown (pipes in cells escaped).
 *
 * @example
 *   tableMarkdown({ columns: ["a"], rows: [[1]] })  // "| a |\n| --- |\n| 1 |"
 */
export function tableMarkdown(t: TableSpec, opts: TableHtmlOptions = {}): string {
  const digits = opts.digits ?? 4, maxRows = opts.maxRows ?? 200;
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [
    `| ${t.columns.map(cell).join(" | ")} |`,
    `| ${t.columns.map(() => "---").join(" | ")} |`,
    ...t.rows.slice(0, maxRows).map((r) => `| ${r.map((c) => cell(formatCell(c, digits))).join(" | ")} |`),
  ];
  if (t.rows.length > maxRows) lines.push(`\n… ${t.rows.length - maxRows} more rows`);
  return (t.caption ? `**${t.caption}**\n\n` : "") + lines.join("\n");
}
