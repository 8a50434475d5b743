import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "../../src/core/hash";
import { readBenchmarkDir } from "../../src/zoo/benchmarks-io";

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
  for (const b of zoo) {
    assert.equal(b.spec.domains.length, 1);
    assert.equal(b.spec.name, `zoo_${b.spec.domains[0]}_${b.spec.family}`);
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
