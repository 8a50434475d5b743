import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { lintNotebook, type NotebookJson } from "../../src/notebook/lint";
import { notebookFiles } from "../../src/notebook/run";

const dir = join(__dirname, "..", "..", "notebooks");

test("there is at least the frame notebook, and every notebook is named NN-name.ipynb", () => {
  const files = notebookFiles(dir).map((f) => basename(f));
  assert.ok(files.includes("00-frame.ipynb"), `notebooks: ${files.join(", ")}`);
  for (const f of files) assert.match(f, /^\d{2}-[a-z0-9-]+\.ipynb$/);
});

for (const file of notebookFiles(dir)) {
  test(`${basename(file)} is committed clean: tslab kernel, title and summary, no outputs, thin cells, library imports only`, () => {
    const nb = JSON.parse(readFileSync(file, "utf8")) as NotebookJson;
    assert.deepEqual(lintNotebook(nb), []);
    assert.ok(statSync(file).size < 100_000, `${file} is ${statSync(file).size} bytes (committed notebooks stay under 100 kB)`);
  });
}

test("the rules can fail: each broken rule is reported", () => {
  const good: NotebookJson = {
    nbformat: 4,
    metadata: { kernelspec: { name: "tslab" } },
    cells: [
      { cell_type: "markdown", source: "# 01. Title\n\n> A claim." },
      { cell_type: "code", source: 'import * as bsig from "../dist/index";\nbsig.spearman([1, 2], [1, 2])', outputs: [], execution_count: null },
      { cell_type: "markdown", source: "## Summary\n- ok" },
    ],
  };
  assert.deepEqual(lintNotebook(good), []);
  const bad: NotebookJson = {
    nbformat: 4,
    metadata: { kernelspec: { name: "python3" } },
    cells: [
      { cell_type: "code", source: 'import { readFileSync } from "fs";\nimport { x } from "../src/x";', outputs: [{ output_type: "stream" }], execution_count: 3 },
      { cell_type: "code", source: "function f() { return 1; }\nclass A {}\nconst g = (a: number) => a + 1;\n" + "x;\n".repeat(14), outputs: [], execution_count: null },
      { cell_type: "code", source: 'const m = require("../dist/cli/main");', outputs: [], execution_count: null },
    ],
  };
  const p = lintNotebook(bad).join("\n");
  for (const want of [
    "kernelspec is 'python3'", "cell 1 must be markdown", "the last cell must be markdown", "cell 1: has outputs",
    "cell 1: has an execution count", "cell 1: imports 'fs'", "cell 1: imports '../src/x'", "cell 2: 17 lines",
    "cell 2: defines a function", "cell 2: defines a class", "cell 2: defines a named arrow function", "cell 3: imports '../dist/cli/main'",
  ]) assert.ok(p.includes(want), `missing problem '${want}' in:\n${p}`);
  // arrow functions passed inline as arguments are fine (they define nothing)
  const inline: NotebookJson = { ...good, cells: [good.cells[0], { cell_type: "code", source: "const ys = [1, 2].map((x) => x * 2);", outputs: [], execution_count: null }, good.cells[2]] };
  assert.deepEqual(lintNotebook(inline), []);
});
