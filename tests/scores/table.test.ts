import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatScoreTableCsv, parseScoreCell, parseScoreTable, readScoreTable, scoreVector, subsetTable, writeScoreTable } from "../../src/scores/table";
import { metaPathFor } from "../../src/scores/meta";
import { InputError } from "../../src/core/errors";

const ok = "model,a,b\nm1,0.5,0.7\nm2,,0.1\nm3,1e-3,-0.25\n";

test("a canonical CSV parses to a row-major table with NaN for empty cells and a note about directions", () => {
  const t = parseScoreTable(ok, "x.csv");
  assert.deepEqual(t.models, ["m1", "m2", "m3"]);
  assert.deepEqual(t.benchmarks, ["a", "b"]);
  assert.deepEqual(Array.from(t.values), [0.5, 0.7, NaN, 0.1, 0.001, -0.25]);
  assert.equal(t.meta.a.direction, "higher");
  assert.match(t.notes.join(" "), /no sidecar.*'higher'/);
  assert.equal(t.sha256.length, 64);
  assert.deepEqual(Array.from(scoreVector(t, "b")), [0.7, 0.1, -0.25]);
  assert.throws(() => scoreVector(t, "zzz"), (e: unknown) => e instanceof InputError && /x\.csv: benchmark 'zzz'/.test((e as Error).message));
});

test("cells: numbers parse, empty is missing, everything else is refused with the reason", () => {
  assert.equal(parseScoreCell(" 0.25 "), 0.25);
  assert.equal(parseScoreCell(".5"), 0.5);
  assert.ok(Number.isNaN(parseScoreCell("")));
  assert.throws(() => parseScoreCell("Inf"), /infinite/);
  assert.throws(() => parseScoreCell("-infinity"), /infinite/);
  assert.throws(() => parseScoreCell("1e999"), /infinite/);
  assert.throws(() => parseScoreCell("NaN"), /leave the cell empty/);
  assert.throws(() => parseScoreCell("0.5x"), /not a number/);
  assert.throws(() => parseScoreCell("0x10"), /not a number/);
});

const bad: [string, string, RegExp][] = [
  ["empty file", "", /bad\.csv: empty file/],
  ["header only", "model,a\n", /no data rows/],
  ["first column not model", "name,a\nm1,1\n", /line 1: first column must be 'model'/],
  ["duplicate column", "model,a,b,a\nm1,1,2,3\n", /line 1: duplicate column 'a' \(columns 2 and 4\)/],
  ["duplicate model", "model,a\nm1,1\nm2,2\nm1,3\n", /line 4: duplicate model 'm1' \(first at line 2\)/],
  ["ragged row", "model,a,b\nm1,1,2\nm2,3\n", /line 3: ragged row: 2 cells, the header has 3/],
  ["non-numeric cell", "model,a,b\nm1,1,2\nm2,3,abc\n", /line 3, column 'b' \(model 'm2'\): cell 'abc' is not a number/],
  ["infinite cell", "model,a\nm1,Inf\n", /line 2, column 'a'.*infinite/],
  ["empty model", "model,a\n,1\n", /line 2: empty model name/],
  ["broken quoting", 'model,a\n"m1,1\n', /bad\.csv: CSV syntax error/],
];
for (const [name, text, re] of bad) {
  test(`malformed table is an InputError naming file and row: ${name}`, () => {
    assert.throws(() => parseScoreTable(text, "bad.csv"), (e: unknown) => e instanceof InputError && re.test((e as Error).message));
  });
}

test("a sidecar sets directions and labels; unknown columns and bad directions are errors", () => {
  const meta = JSON.stringify({ benchmarks: { a: { direction: "lower", family: "F", format: "multiple-choice" } }, notes: ["made by hand"] });
  const t = parseScoreTable(ok, "x.csv", meta, "x.meta.json");
  assert.equal(t.meta.a.direction, "lower");
  assert.equal(t.meta.a.family, "F");
  assert.equal(t.meta.b.direction, "higher");
  assert.match(t.notes.join(" "), /no entry for 1 column\(s\) \(b\)/);
  assert.match(t.notes.join(" "), /sidecar: made by hand/);
  assert.throws(() => parseScoreTable(ok, "x.csv", '{"benchmarks":{"c":{}}}', "x.meta.json"), /x\.meta\.json: benchmarks\.c: not a column/);
  assert.throws(() => parseScoreTable(ok, "x.csv", '{"benchmarks":{"a":{"direction":"up"}}}', "x.meta.json"), /direction: must be "higher" or "lower"/);
  assert.throws(() => parseScoreTable(ok, "x.csv", "{oops", "x.meta.json"), /x\.meta\.json: not valid JSON/);
});

test("write then read gives back the same doubles, meta and model metadata", () => {
  const dir = mkdtempSync(join(tmpdir(), "bsig-table-"));
  const t = parseScoreTable("model,a,b\nm1,0.1,0.30000000000000004\n\"m,2\",,1e-300\n", "in.csv");
  t.meta.a = { direction: "lower", family: "X", aggregateOf: ["b"], metric: "acc,none" };
  t.modelMeta = { m1: { params: 7 } };
  const path = join(dir, "t.csv");
  writeScoreTable(path, t);
  assert.equal(metaPathFor(path), join(dir, "t.meta.json"));
  const back = readScoreTable(path);
  assert.deepEqual(back.models, t.models);
  assert.deepEqual(Array.from(back.values), Array.from(t.values));
  assert.deepEqual(back.meta.a, t.meta.a);
  assert.deepEqual(back.modelMeta, { m1: { params: 7 } });
  assert.equal(formatScoreTableCsv(back), readFileSync(path, "utf8"));
  assert.deepEqual(readdirSync(dir).sort(), ["t.csv", "t.meta.json"]); // no temporary files left
});

test("readScoreTable names a missing file; subsetTable keeps order and meta", () => {
  assert.throws(() => readScoreTable("/nonexistent/s.csv"), /\/nonexistent\/s\.csv: file not found/);
  const t = parseScoreTable(ok, "x.csv");
  const s = subsetTable(t, ["m3", "m1"], ["b"]);
  assert.deepEqual(Array.from(s.values), [-0.25, 0.7]);
  assert.throws(() => subsetTable(t, ["nope"], ["a"]), /model 'nope'/);
  const dir = mkdtempSync(join(tmpdir(), "bsig-table-"));
  writeFileSync(join(dir, "q.csv"), ok);
  assert.equal(readScoreTable(join(dir, "q.csv")).notes.length, 1);
});
