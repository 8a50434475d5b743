import { test } from "node:test";
import assert from "node:assert/strict";
import { chunkAtBoundaries, cleanCode, cleanGsm8k, detokenizeWikiLine, normalizeText, pieceTexts, stripBrownTags } from "../../src/zoo/text-clean";
import { mathDocs, shakespeareDocs, wikiDocs } from "../../src/zoo/domains";

test("pieceTexts splits on any whitespace and drops empties", () => {
  assert.deepEqual(pieceTexts("  a\tb \n\n c  "), ["a", "b", "c"]);
  assert.deepEqual(pieceTexts("   "), []);
});

test("normalizeText: CRLF, tabs, odd spaces, trailing spaces, blank-line runs", () => {
  assert.equal(normalizeText("a\u00a0b \r\n\n\n\nc\t"), "a b\n\nc");
});

test("detokenizeWikiLine drops <unk>, joins @-@ @,@ @.@ and reattaches punctuation", () => {
  assert.equal(detokenizeWikiLine(" The <unk> cat @-@ like ( 1 @,@ 000 ) , said \" hi \" ."), 'The cat-like (1,000), said "hi".');
  assert.equal(detokenizeWikiLine(" 3 @.@ <unk> @-@ metre propellers"), "3.-metre propellers");
  assert.equal(detokenizeWikiLine(" it 's John 's ; not : done !"), "it's John's; not: done!");
});

test("wikiDocs: one document per top-level heading, sub-headings become lines", () => {
  const docs = wikiDocs(" = A = \n\n x @-@ y .\n\n = = Sub = = \n\n z .\n = B = \n\n w .\n", "t");
  assert.deepEqual(docs.map((d) => d.id), ["wiki-t000", "wiki-t001"]);
  assert.equal(docs[0].text, "A\nx-y.\n\nSub\nz.");
  assert.equal(docs[1].text, "B\nw.");
});

test("stripBrownTags removes tags, converts quotes, keeps paragraphs", () => {
  const raw = "\n\n\tThe/at jury/nn said/vbd ``/`` yes/rb ''/'' ./.\n\n\n\tIt/pps 's/bez over/rb ,/, (/( he/pps )/) said/vbd ./.\n";
  assert.equal(stripBrownTags(raw), 'The jury said "yes".\nIt\'s over, (he) said.');
});

test("cleanGsm8k removes calculator annotations and keeps the final answer line", () => {
  assert.equal(cleanGsm8k({ question: " Q? ", answer: "2*3=<<2*3=6>>6 eggs\n#### 6" }), "Q?\n2*3=6 eggs\n#### 6");
  const docs = mathDocs('{"question":"A?","answer":"#### 1"}\n\n{"question":"B?","answer":"#### 2"}\n');
  assert.deepEqual(docs.map((d) => d.id), ["math-0000", "math-0001"]);
});

test("cleanCode drops the licence block, reference lines and lines with overlong pieces", () => {
  const long = "x".repeat(41);
  const src = `/*! Copyright\n licence */\n/// <reference lib="es5" />\ninterface A {\n  a: number; // ${long}\n  b: string;\n}`;
  assert.equal(cleanCode(src), "interface A {\n  b: string;\n}");
  assert.equal(cleanCode(`ok ${"y".repeat(40)}`), `ok ${"y".repeat(40)}`);
});

test("chunkAtBoundaries cuts only at accepted lines once the minimum size is reached", () => {
  assert.deepEqual(chunkAtBoundaries("a\nb\nc\nd", 3, () => true), ["a\nb", "c\nd"]);
  assert.deepEqual(chunkAtBoundaries("a\nb\nc\nd", 2, () => true), ["a", "b", "c", "d"]);
  assert.deepEqual(chunkAtBoundaries("a\n b\nc\n d", 1, (l) => !l.startsWith(" ")), ["a\n b", "c\n d"]);
  assert.deepEqual(chunkAtBoundaries("abc", 100, () => true), ["abc"]);
});

test("shakespeareDocs groups speeches", () => {
  const docs = shakespeareDocs("A:\nx\n\nB:\ny\n\nC:\nz", 2);
  assert.equal(docs.length, 2);
  assert.equal(docs[0].text, "A:\nx\n\nB:\ny");
});
