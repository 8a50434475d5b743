#!/usr/bin/python3
"""Execute one tslab notebook headless and fail on any error output.

Usage: /usr/bin/python3 tools/run_nb.py IN.ipynb OUT.ipynb [--cwd DIR] [--timeout SECONDS]

Runs under Debian's python3 with python3-nbclient (apt-get install --no-install-recommends
python3-nbclient); the pyenv python3 on PATH cannot see Debian's packages.

Why not `jupyter nbconvert --execute` or `jupyter execute`:
- tslab reports compile and runtime errors only as text on the stderr stream (the execute_reply has
  status "error" with an empty ename), so this runner treats any stderr output or error output as a
  failure and prints it;
- after an error, tslab discards requests for 200 ms (its queue reset); nbclient's next request would
  land in that window and the later cells would silently produce nothing. Sleeping 0.3 s after each
  cell keeps every later cell running, so the executed copy shows all cells.

The kernelspec is the committed one in <repo>/jupyter/kernels/tslab (prepended to JUPYTER_PATH here,
so no global install is needed). The kernel's working folder is the notebook's folder unless --cwd
is given. The executed copy is always written (also on failure) so it can be inspected. Exit code: 0
when every cell ran clean, 1 when a cell failed, 2 for bad arguments or an unreadable notebook.
"""
import argparse
import asyncio
import os
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    p for p in [os.path.join(REPO, "jupyter"), os.environ.get("JUPYTER_PATH", "")] if p
)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

SETTLE_SECONDS = 0.3


class TslabClient(NotebookClient):
    """nbclient that pauses after each code cell so tslab's post-error reset cannot drop the next."""

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        result = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        if cell.get("cell_type") == "code":
            await asyncio.sleep(SETTLE_SECONDS)
        return result


def cell_failures(nb):
    """(cell index, first source line, error text) for every code cell with error or stderr output."""
    failures = []
    for i, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        texts = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                texts.append("%s: %s\n%s" % (out.get("ename", ""), out.get("evalue", ""), "\n".join(out.get("traceback", []))))
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                texts.append(out.get("text", ""))
        if texts:
            first = (cell.get("source", "").splitlines() or [""])[0]
            failures.append((i, first, "".join(texts).strip()))
    return failures


def main(argv):
    ap = argparse.ArgumentParser(description="Execute a tslab notebook headless; fail on any error or stderr output.")
    ap.add_argument("notebook")
    ap.add_argument("output")
    ap.add_argument("--cwd", default=None, help="kernel working folder (default: the notebook's folder)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    args = ap.parse_args(argv)
    try:
        nb = nbformat.read(args.notebook, as_version=4)
    except Exception as e:  # noqa: BLE001 - any unreadable notebook is a usage error
        sys.stderr.write("run_nb: %s: cannot read notebook: %s\n" % (args.notebook, e))
        return 2
    cwd = os.path.abspath(args.cwd or os.path.dirname(os.path.abspath(args.notebook)))
    client = TslabClient(
        nb,
        timeout=args.timeout,
        kernel_name="tslab",
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": cwd}},
    )
    start = time.time()
    crashed = None
    try:
        client.execute()
    except Exception as e:  # noqa: BLE001 - a dead kernel or timeout: still write what ran
        crashed = "%s: %s" % (type(e).__name__, e)
    elapsed = time.time() - start
    out_dir = os.path.dirname(os.path.abspath(args.output))
    os.makedirs(out_dir, exist_ok=True)
    tmp = os.path.join(out_dir, ".%s.%d.tmp" % (os.path.basename(args.output), os.getpid()))
    nbformat.write(nb, tmp)
    os.replace(tmp, args.output)
    failures = cell_failures(nb)
    n_code = sum(1 for c in nb.cells if c.get("cell_type") == "code")
    for i, first, text in failures:
        sys.stderr.write("run_nb: %s: cell %d (%s) failed:\n%s\n" % (args.notebook, i, first, text))
    if crashed:
        sys.stderr.write("run_nb: %s: execution stopped: %s\n" % (args.notebook, crashed))
    ok = not failures and not crashed
    sys.stderr.write("run_nb: %s: %d code cells, %.1f s, %s\n" % (args.notebook, n_code, elapsed, "ok" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
