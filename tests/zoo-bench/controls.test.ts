import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/core/random";
import { hellaswagControlItems, hellaswagPreprocess, mmluControlItems, parseHellaswagText, parseMmluCsv } from "../../src/zoo/benchmarks-controls";

const csv = Array.from({ length: 12 }, (_, i) => `"Question ${i}, with a comma?",opt a${i},opt b${i},opt c${i},opt d${i},${"ABCD"[i % 4]}`).join("\n") + "\n";

test("MMLU CSV rows parse with quoted commas, and a bad answer letter is an error", () => {
  const qs = parseMmluCsv(csv, "anatomy");
  assert.equal(qs.length, 12);
  assert.equal(qs[0].context, "Question 0, with a comma?");
  assert.equal(qs[1].gold, 1);
  assert.throws(() => parseMmluCsv("q,a,b,c,d,E\n", "x"), /answer 'E' is not A-D/);
  assert.throws(() => parseMmluCsv("q,a,b,c,d\n", "x"), /5 columns|Invalid Record Length/);
});

test("MMLU control: lm-eval prompt, letter options, gold moved to a balanced slot", () => {
  const qs = parseMmluCsv(csv, "anatomy");
  const items = mmluControlItems(qs, 8, 400, createRng(3), "ctrl_mmlu");
  assert.equal(items.length, 8);
  for (let k = 0; k < 4; k++) assert.equal(items.filter((it) => it.answer === k).length, 2);
  for (const it of items) {
    assert.deepEqual(it.options, [" A", " B", " C", " D"]);
    const q = qs.find((x) => x.id === it.source)!;
    const lines = it.context.split("\n");
    assert.equal(lines[0], q.context);
    assert.equal(lines[5], "Answer:");
    assert.equal(lines[1 + it.answer], `${"ABCD"[it.answer]}. ${q.choices[q.gold]}`);
  }
  assert.throws(() => mmluControlItems(qs, 8, 10, createRng(3), "ctrl_mmlu"), /only 0 of 8/);
});

test("HellaSwag: lm-eval preprocess, 6-line records, ending options with a leading space", () => {
  assert.equal(hellaswagPreprocess(" Cook [title] Stir.  Then [step] go "), "Cook. Stir. Then go");
  const text = Array.from({ length: 8 }, (_, i) => `Act ${i}: ctx ${i}\n${i % 4}\ne0 ${i}\ne1 ${i}\ne2 ${i}\ne3 ${i}`).join("\n") + "\n";
  const qs = parseHellaswagText(text);
  assert.equal(qs.length, 8);
  assert.equal(qs[3].gold, 3);
  const items = hellaswagControlItems(qs, 4, 300, createRng(1), "ctrl_hellaswag");
  for (const it of items) {
    const q = qs.find((x) => x.id === it.source)!;
    assert.equal(it.options[it.answer], " " + q.choices[q.gold]);
    assert.equal(it.context, q.context);
  }
  assert.throws(() => parseHellaswagText("a\n1\nb\n"), /not a multiple of 6/);
  assert.throws(() => parseHellaswagText("a\n7\nb\nc\nd\ne\n"), /gold '7'/);
});
