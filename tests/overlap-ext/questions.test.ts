import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { sha256, sha256File } from "../../src/core/hash";
import { InputError } from "../../src/core/errors";
import {
  allQuestionBenchmarks, defaultQuestionsRoot, loadBbh, loadGsm8k, loadHellaSwag, loadHumanEval, loadMmlu, loadQuestions,
} from "../../src/questions/loaders";

const dataDir = join(__dirname, "..", "..", "data");

test("every carried question file matches data/questions/SHA256SUMS", () => {
  const lines = readFileSync(join(dataDir, "questions", "SHA256SUMS"), "utf8").trim().split("\n");
  assert.ok(lines.length > 170);
  for (const line of lines) {
    const [hash, path] = line.split(/\s+/);
    assert.equal(sha256File(join(dataDir, path)), hash, path);
  }
});

test("the re-compressed HellaSwag text is byte-identical to the original .bz2 content (hash in SOURCE.md)", () => {
  const src = readFileSync(join(defaultQuestionsRoot(), "hellaswag-val", "SOURCE.md"), "utf8");
  const m = /decompressed text \(identical for both\): `([0-9a-f]{64})`/.exec(src);
  assert.ok(m, "SOURCE.md states the decompressed sha256");
  const text = gunzipSync(readFileSync(join(defaultQuestionsRoot(), "hellaswag-val", "hellaswag_val_full.txt.gz")));
  assert.equal(sha256(text), m[1]);
});

test("87 benchmarks with the documented question counts", () => {
  const ids = allQuestionBenchmarks();
  assert.equal(ids.length, 87);
  assert.equal(ids.filter((b) => b.startsWith("mmlu_")).length, 57);
  assert.equal(ids.filter((b) => b.startsWith("bbh_")).length, 27);
  let mmlu = 0, bbh = 0;
  for (const b of ids) {
    if (b.startsWith("mmlu_")) mmlu += loadQuestions(b).questions.length;
    if (b.startsWith("bbh_")) bbh += loadQuestions(b).questions.length;
  }
  assert.equal(mmlu, 14079); // hendrycks/test CSV records (SOURCE.md)
  assert.equal(bbh, 6511);
  assert.equal(loadGsm8k().questions.length, 1319);
  assert.equal(loadHumanEval().questions.length, 164);
  assert.equal(loadHellaSwag().questions.length, 10042);
});

test("question forms with and without options", () => {
  const a = loadMmlu("abstract_algebra");
  assert.equal(a.questions[0], "Find the degree for the given field extension Q(sqrt(2), sqrt(3), sqrt(18)) over Q.");
  assert.equal(loadMmlu("abstract_algebra", { withOptions: true }).questions[0],
    "Find the degree for the given field extension Q(sqrt(2), sqrt(3), sqrt(18)) over Q.\nA. 0\nB. 4\nC. 2\nD. 6");
  assert.equal(loadBbh("date_understanding").questions[0], "Today is Christmas Eve of 1937. What is the date tomorrow in MM/DD/YYYY?");
  assert.ok(loadBbh("date_understanding", { withOptions: true }).questions[0].endsWith("(F) 07/25/1937"));
  const wol = loadBbh("web_of_lies");
  assert.deepEqual(wol.questions, loadBbh("web_of_lies", { withOptions: true }).questions); // no options block
  assert.equal(loadHellaSwag().questions[0], "Roof shingle removal: A man is sitting on a roof. he");
  assert.equal(loadHellaSwag({ withOptions: true }).questions[0].split("\n")[4], "D. starts pulling up roofing on a roof.");
  assert.ok(loadHumanEval().questions[0].startsWith("from typing import List"));
  assert.ok(!loadGsm8k().questions[0].includes("####"), "answers are not included");
  assert.equal(a.benchmark, "mmlu_abstract_algebra");
  assert.match(a.sha256, /^[0-9a-f]{64}$/);
});

test("unknown benchmarks and missing files are InputErrors", () => {
  assert.throws(() => loadQuestions("squad"), InputError);
  assert.throws(() => loadMmlu("no_such_subject"), (e: unknown) => e instanceof InputError && /not found/.test((e as Error).message));
});
