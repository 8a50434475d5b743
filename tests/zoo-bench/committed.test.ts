import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "../../src/core/hash";
import { readBenchmarkDir } from "../../src/zoo/benchmarks-io";
import { buildZooBenchmarks, DEFAULT_BUILD } from "../../src/zoo/benchmarks-build";

const DATA = join(__dirname, "..", "..", "data");
const DIR = join(DATA, "zoo", "benchmarks");

test("committed zoo benchmarks meet issue 5: >= 16 domain benchmarks of >= 400 items, >= 2 families, >= 2 formats, >= 2 negative controls", () => {
  const { index, benchmarks } = readBenchmarkDir(DIR); // checks every file's sha256 and item count
  const zoo = benchmarks.filter((b) => b.spec.category === "zoo-domain");
  const ctrl = benchmarks.filter((b) => b.spec.category === "negative-control");
  assert.ok(zoo.length >= 16, `${zoo.length} domain benchmarks`);
  for (const b of benchmarks) assert.ok(b.items.length >= 400, `${b.spec.name}: ${b.items.length} items`);
  assert.ok(new Set(zoo.map((b) => b.spec.family)).size >= 2);
  assert.ok(new Set(zoo.map((b) => b.spec.format)).size >= 2);
  assert.ok(ctrl.length >= 2);
  // family and format are crossed: some family has both formats
  const formatsOf = new Map<string, Set<string>>();
  for (const b of zoo) formatsOf.set(b.spec.family, (formatsOf.get(b.spec.family) ?? new Set()).add(b.spec.format));
  assert.ok([...formatsOf.values()].some((s) => s.size >= 2));
  for (const b of zoo) {
    assert.equal(b.spec.domains.length, 1);
    assert.ok(b.spec.name.startsWith(`zoo_${b.spec.domains[0]}_${b.spec.family}`), b.spec.name);
    assert.equal(b.spec.chance, 1 / b.spec.options);
    // answers balanced over the option slots
    const counts = new Array(b.spec.options).fill(0);
    for (const it of b.items) counts[it.answer]++;
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `${b.spec.name}: answers ${counts}`);
    for (const it of b.items) assert.ok(!it.context.includes("<unk>") && it.options.every((o) => !o.includes("<unk>")), it.id);
  }
  assert.equal(index.format, "bsig-zoo-benchmarks");
});

test("data/zoo/benchmarks/SHA256SUMS matches every file (paths relative to data/)", () => {
  const lines = readFileSync(join(DIR, "SHA256SUMS"), "utf8").trim().split("\n");
  const { index } = readBenchmarkDir(DIR);
  assert.equal(lines.length, index.benchmarks.length + 1);
  for (const line of lines) {
    const m = /^([0-9a-f]{64}) {2}(zoo\/benchmarks\/\S+)$/.exec(line);
    assert.ok(m, line);
    assert.equal(sha256(readFileSync(join(DATA, m[2]))), m[1], m[2]);
  }
});

test("committed zoo benchmarks were built from the current splits and rebuild byte for byte", () => {
  const { index } = readBenchmarkDir(DIR);
  const root = join(__dirname, "..", "..");
  const splitInputs = Object.entries(index.inputs).filter(([p]) => p.startsWith("data/zoo/splits/"));
  assert.ok(splitInputs.length >= 6);
  for (const [p, h] of splitInputs) assert.equal(sha256(readFileSync(join(root, p))), h, `${p} changed since the benchmarks were built: rebuild them (src/zoo/benchmarks-build.ts)`);
  const built = buildZooBenchmarks({ splitsDir: join(root, "data", "zoo", "splits"), outDir: DIR, mmluDir: null, hellaswagFile: null, seed: index.seed, itemsPerBenchmark: DEFAULT_BUILD.itemsPerBenchmark, controlItems: 0 });
  for (const [file, text] of built.files) assert.equal(sha256(text), sha256(readFileSync(join(DIR, file))), file);
});
