import { test } from "node:test";
import assert from "node:assert/strict";
import { alignModels } from "../../src/io/align";
import { parseFeaturesCsv } from "../../src/io/features";
import { InputError } from "../../src/core/errors";

const f = { rows: ["b", "a", "c"], cols: ["p", "q"], values: new Float64Array([2, 20, 1, 10, 3, 30]) };

test("alignModels reorders rows to the score table's order, or to a given order", () => {
  assert.deepEqual(Array.from(alignModels(f, "f.csv", ["a", "b", "c"], "s.csv").values), [1, 10, 2, 20, 3, 30]);
  const o = alignModels(f, "f.csv", ["a", "b", "c"], "s.csv", ["c", "a", "b"]);
  assert.deepEqual(o.rows, ["c", "a", "b"]);
  assert.deepEqual(Array.from(o.values), [3, 30, 1, 10, 2, 20]);
});

test("alignModels names both files and the differing models; duplicates are errors", () => {
  assert.throws(() => alignModels(f, "f.csv", ["a", "b", "d"], "s.csv"),
    (e: unknown) => e instanceof InputError && /f\.csv: models differ \(f\.csv vs s\.csv\): 1 model\(s\) in s\.csv missing from f\.csv: 'd'; 1 model\(s\) in f\.csv missing from s\.csv: 'c'/.test(e.message));
  assert.throws(() => alignModels({ ...f, rows: ["a", "a", "c"] }, "f.csv", ["a", "c"], "s.csv"), /f\.csv: duplicate model 'a'/);
  assert.throws(() => alignModels(f, "f.csv", ["a", "b", "b"], "s.csv"), /s\.csv: duplicate model 'b'/);
  assert.throws(() => alignModels(f, "f.csv", ["a", "b", "c"], "s.csv", ["a", "b"]), /not a permutation/);
});

test("parseFeaturesCsv: values row-major, measure assumed, errors name line and column", () => {
  const x = parseFeaturesCsv("model,p1,p2\nm1,2.5,0.1\nm2,3.0,0.4\n", "x.csv");
  assert.deepEqual(Array.from(x.values), [2.5, 0.1, 3, 0.4]);
  assert.equal(x.measureAssumed, true);
  assert.match(x.sha256, /^[0-9a-f]{64}$/);
  assert.throws(() => parseFeaturesCsv("id,p1\nm1,1\n", "x.csv"), /x\.csv: line 1: first column must be 'model'/);
  assert.throws(() => parseFeaturesCsv("model,p1,p1\nm1,1,2\n", "x.csv"), /duplicate feature column 'p1'/);
  assert.throws(() => parseFeaturesCsv("model,p1\nm1,1,2\n", "x.csv"), /line 2: ragged row/);
  assert.throws(() => parseFeaturesCsv("model,p1\n", "x.csv"), /no model rows/);
});
