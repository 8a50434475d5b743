import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";

/**
 * The repository root (this module is at src/notebook or dist/notebook).
 *
 * @example
 *   join(repoRoot(), "notebooks")
 */
export function repoRoot(): string {
  return resolve(__dirname, "..", "..");
}

/**
 * Python that has Debian's python3-nbclient (`$BSIG_PYTHON`, else `/usr/bin/python3`, never pyenv's).
 *
 * @example
 *   notebookPython()  // "/usr/bin/python3"
 */
export function notebookPython(): string {
  return process.env.BSIG_PYTHON || "/usr/bin/python3";
}

/** Outcome of executing one notebook. */
export interface NotebookRun {
  notebook: string;
  output: string;
  ok: boolean;
  seconds: number;
  /** The runner's stderr: a summary line, and every failing cell's error text. */
  log: string;
}

/**
 * The notebooks of a folder (`NN-name.ipynb`), sorted.
 *
 * @example
 *   notebookFiles("notebooks")  // ["notebooks/00-frame.ipynb", ...]
 */
export function notebookFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(dir, f));
}

/**
 * Execute one notebook headless under the committed tslab kernelspec through `tools/run_nb.py`
 * (nbclient; fails on any error or stderr output) and write the executed copy to `output`.
 * The kernel's working folder is the notebook's folder (or `cwd`), so `../dist/index` is the
 * compiled library for notebooks in `notebooks/`.
 *
 * @example
 *   const r = runNotebook("notebooks/00-frame.ipynb", "results/notebooks/00-frame.ipynb");
 *   if (!r.ok) console.error(r.log);
 */
export function runNotebook(notebook: string, output: string, opts: { timeoutS?: number; env?: Record<string, string>; cwd?: string } = {}): NotebookRun {
  const runner = join(repoRoot(), "tools", "run_nb.py");
  const t0 = Date.now();
  const args = [runner, notebook, output, "--timeout", String(opts.timeoutS ?? 600), ...(opts.cwd ? ["--cwd", opts.cwd] : [])];
  const r = spawnSync(notebookPython(), args, {
    encoding: "utf8",
    env: { ...process.env, ...(opts.env ?? {}) },
    maxBuffer: 64 * 1024 * 1024,
  });
  let log = (r.stderr ?? "") + (r.error ? `\n${r.error.message}` : "");
  if (/No module named '(nbclient|nbformat)'/.test(log)) {
    log += `\n${notebookPython()} lacks nbclient: apt-get install -y --no-install-recommends python3-nbclient`;
  }
  return { notebook, output, ok: r.status === 0, seconds: (Date.now() - t0) / 1000, log: log.trim() };
}

/**
 * Execute every notebook in `dir` (default `<repo>/notebooks`), writing executed copies to `outDir`
 * (default `<repo>/results/notebooks`). Needs the compiled library (`npm run build`).
 *
 * @example
 *   runNotebooks().filter((r) => !r.ok)  // [] when every notebook runs clean
 */
export function runNotebooks(dir = join(repoRoot(), "notebooks"), outDir = join(repoRoot(), "results", "notebooks")): NotebookRun[] {
  if (!existsSync(join(repoRoot(), "dist", "index.js"))) throw new Error("dist/index.js is missing: run `npm run build` first (notebooks import the compiled library)");
  return notebookFiles(dir).map((nb) => runNotebook(nb, join(outDir, basename(nb))));
}
