/**
 * Static rules for committed notebooks (style §9.4), checked by tests/notebooks/static.test.ts:
 * the kernel is tslab; the first cell is a markdown title `# NN. Title` with a `>` claim; the last
 * cell is a markdown `## Summary`; no outputs and no execution counts; code cells import only from
 * `../dist/index` and `tslab`, are at most 15 lines, and define no functions or classes.
 */

/** The parts of an .ipynb file the rules look at. */
export interface NotebookJson {
  nbformat?: number;
  metadata?: { kernelspec?: { name?: string } } & Record<string, unknown>;
  cells: { cell_type: string; source: string | string[]; outputs?: unknown[]; execution_count?: number | null; metadata?: Record<string, unknown> }[];
}

/** Imports a notebook code cell may use. */
export const ALLOWED_NOTEBOOK_IMPORTS: readonly string[] = ["../dist/index", "tslab"];

/** Longest code cell allowed, in lines. */
export const MAX_CELL_LINES = 15;

/**
 * The text of a cell (nbformat stores it as a string or as a list of lines).
 *
 * @example
 *   cellSource({ source: ["a\n", "b"] })  // "a\nb"
 */
export function cellSource(cell: { source: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/**
 * Every rule the notebook breaks, as readable strings naming the cell (1-based); empty when clean.
 *
 * @example
 *   lintNotebook(JSON.parse(readFileSync("notebooks/00-frame.ipynb", "utf8")))  // []
 */
export function lintNotebook(nb: NotebookJson): string[] {
  const problems: string[] = [];
  if (nb.nbformat !== 4) problems.push(`nbformat is ${nb.nbformat}, expected 4`);
  if (nb.metadata?.kernelspec?.name !== "tslab") problems.push(`kernelspec is '${nb.metadata?.kernelspec?.name}', expected 'tslab'`);
  const cells = nb.cells ?? [];
  const first = cells[0];
  if (!first || first.cell_type !== "markdown" || !/^# \d{2}\. \S/.test(cellSource(first))) {
    problems.push("cell 1 must be markdown starting with a title '# NN. Title'");
  } else if (!/^> \S/m.test(cellSource(first))) {
    problems.push("cell 1 must state the claim in a '> ' line");
  }
  const last = cells[cells.length - 1];
  if (!last || last.cell_type !== "markdown" || !/^## Summary\b/m.test(cellSource(last))) problems.push("the last cell must be markdown with '## Summary'");
  cells.forEach((cell, k) => {
    const where = `cell ${k + 1}`;
    if (cell.cell_type !== "code") return;
    const src = cellSource(cell);
    if (cell.outputs && cell.outputs.length) problems.push(`${where}: has outputs (commit notebooks without outputs)`);
    if (cell.execution_count !== null && cell.execution_count !== undefined) problems.push(`${where}: has an execution count`);
    const lines = src.replace(/\n+$/, "").split("\n").length;
    if (lines > MAX_CELL_LINES) problems.push(`${where}: ${lines} lines (at most ${MAX_CELL_LINES})`);
    for (const m of src.matchAll(/\bfrom\s+["']([^"']+)["']|\bimport\s+["']([^"']+)["']|\brequire\s*\(\s*["']([^"']+)["']\s*\)|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (!ALLOWED_NOTEBOOK_IMPORTS.includes(spec)) problems.push(`${where}: imports '${spec}' (only ${ALLOWED_NOTEBOOK_IMPORTS.join(", ")})`);
    }
    if (/\brequire\s*\(/.test(src) && !/\brequire\s*\(\s*["'](\.\.\/dist\/index|tslab)["']\s*\)/.test(src)) problems.push(`${where}: uses require() with a computed path`);
    if (/\bfunction\b/.test(src)) problems.push(`${where}: defines a function (move it to src/)`);
    if (/\bclass\s+[A-Za-z_$]/.test(src)) problems.push(`${where}: defines a class (move it to src/)`);
    if (/\b(const|let|var)\s+[A-Za-z_$][\w$]*\s*(:[^=]+)?=\s*(async\s+)?(\([^()]*\)|[A-Za-z_$][\w$]*)\s*(:[^=]+)?=>/.test(src)) problems.push(`${where}: defines a named arrow function (move it to src/)`);
  });
  return problems;
}
