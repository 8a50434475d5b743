import type * as Danfo from "danfojs-node";
import type { TableCell, TableSpec } from "../report/table";

let danfo: typeof Danfo | null = null;

/**
 * danfojs-node, loaded on first use (it costs about 0.8 s and 150 MB, so the CLI and the study never
 * pay for it unless a table is shown). danfo is the table type a notebook reader sees; it stays at
 * this edge and is never used in computations.
 *
 * @example
 *   const dfd = danfojs(); new dfd.DataFrame({ a: [1, 2] }).print();
 */
export function danfojs(): typeof Danfo {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (danfo === null) danfo = require("danfojs-node") as typeof Danfo;
  return danfo;
}

/**
 * A danfo DataFrame from columns (equal lengths) or from a {@link TableSpec}.
 *
 * @example
 *   toFrame({ benchmark: ["mmlu", "bbh"], rho: [0.81, 0.77] }).print()
 */
export function toFrame(data: Record<string, ArrayLike<TableCell>> | TableSpec): Danfo.DataFrame {
  const cols: Record<string, TableCell[]> = {};
  if (isTableSpec(data)) {
    data.columns.forEach((c, j) => { cols[c] = data.rows.map((r) => r[j]); });
  } else {
    let n = -1;
    for (const [k, v] of Object.entries(data)) {
      if (n >= 0 && v.length !== n) throw new Error(`toFrame: column '${k}' has ${v.length} values, expected ${n}`);
      n = v.length;
      cols[k] = Array.from(v);
    }
  }
  const D = danfojs();
  return new D.DataFrame(cols as unknown as Record<string, (string | number | boolean)[]>);
}

/**
 * A danfo DataFrame as a plain {@link TableSpec} (for HTML/markdown display or the report).
 *
 * @example
 *   fromFrame(toFrame({ a: [1, 2] }))  // { columns: ["a"], rows: [[1], [2]] }
 */
export function fromFrame(df: Danfo.DataFrame, caption?: string): TableSpec {
  const columns = df.columns.map(String);
  const rows = (df.values as unknown[][]).map((r) => r.map((c) => (c === undefined ? null : (c as TableCell))));
  return caption === undefined ? { columns, rows } : { caption, columns, rows };
}

/**
 * True when the value is a {@link TableSpec} (has `columns` and `rows` arrays).
 *
 * @example
 *   isTableSpec({ columns: ["a"], rows: [[1]] })  // true
 */
export function isTableSpec(x: unknown): x is TableSpec {
  return !!x && typeof x === "object" && Array.isArray((x as TableSpec).columns) && Array.isArray((x as TableSpec).rows);
}
