import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/core/random";
import { balancedAnswers, contextBefore, deriveSeed, pieceDoc, placeAnswer, spanAfter, transposeInterior } from "../../src/zoo/benchmarks-text";

test("pieces keep their offsets, so contexts and spans keep the original whitespace", () => {
  const d = pieceDoc("d", "One  two\nthree four five");
  assert.deepEqual(d.pieces, ["One", "two", "three", "four", "five"]);
  assert.deepEqual(Array.from(d.starts), [0, 5, 9, 15, 20]);
  assert.equal(contextBefore(d, 3, 20, 100, 1), "One  two\nthree");
  assert.equal(spanAfter(d, 2, 2), "\nthree four");
  assert.equal(contextBefore(d, 3, 2, 100, 1), "two\nthree"); // piece limit
  assert.equal(contextBefore(d, 3, 20, 9, 1), "two\nthree"); // byte limit: "One  two\nthree" is 14 bytes
  assert.equal(contextBefore(d, 1, 20, 100, 2), null); // too short
  assert.throws(() => spanAfter(d, 4, 2), /not inside d/);
});

test("balanced answers use each position equally often; placeAnswer inserts at the slot", () => {
  const a = balancedAnswers(400, 4, createRng(1));
  for (let k = 0; k < 4; k++) assert.equal(a.filter((x) => x === k).length, 100);
  assert.deepEqual(placeAnswer("c", ["x", "y", "z"], 2), ["x", "y", "c", "z"]);
});

test("transposeInterior swaps two different adjacent interior letters, keeps the ends", () => {
  const rng = createRng(5);
  for (let t = 0; t < 50; t++) {
    const w = transposeInterior("garden", rng)!;
    assert.notEqual(w, "garden");
    assert.equal(w[0], "g");
    assert.equal(w[5], "n");
    assert.deepEqual([...w].sort(), [..."garden"].sort());
  }
  assert.equal(transposeInterior("abbbc", rng), null); // interior all equal: no candidate
  assert.equal(transposeInterior("ab", rng), null);
});

test("derived seeds are stable and differ by name", () => {
  assert.equal(deriveSeed(1, "a"), deriveSeed(1, "a"));
  assert.notEqual(deriveSeed(1, "a"), deriveSeed(1, "b"));
  assert.ok(Number.isInteger(deriveSeed(1, "a")) && deriveSeed(1, "a") >= 0);
});
