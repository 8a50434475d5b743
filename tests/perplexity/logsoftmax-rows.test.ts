// Row-wise log-softmax: the two-thread split gives the same bits as one thread, and the values are right.
import { test } from "node:test";
import assert from "node:assert/strict";
import { logSoftmaxCalls, logSoftmaxRow, logSoftmaxRows } from "../../src/perplexity/logsoftmax-rows";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test("a uniform row gives -ln V exactly", () => {
  assert.equal(logSoftmaxRows(new Float32Array(256), 256, Float64Array.of(0), Int32Array.of(7))[0], -Math.log(256));
  assert.equal(logSoftmaxRow(Float32Array.of(0, 0), 0, 2, 1), -Math.LN2);
});

test("matches a direct float64 log-softmax and is bit-identical whether or not the rows are split across threads", () => {
  const V = 657, rows = 400, rnd = lcg(11);
  const L = new Float32Array(rows * V);
  for (let i = 0; i < L.length; i++) L[i] = (rnd() - 0.5) * 30;
  const bases = new Float64Array(rows), targets = new Int32Array(rows);
  for (let r = 0; r < rows; r++) { bases[r] = r * V; targets[r] = Math.floor(rnd() * V); }
  // 400 x 657 = 262,800 elements: above the split threshold, so half the rows go to the helper thread
  const before = { ...logSoftmaxCalls };
  const split = logSoftmaxRows(L, V, bases, targets);
  assert.equal(logSoftmaxCalls.split, before.split + 1, "the large call was split");
  for (let r = 0; r < rows; r++) {
    const one = logSoftmaxRow(L, r * V, V, targets[r]);
    assert.ok(Object.is(split[r], one), `row ${r}: ${split[r]} vs ${one}`);
    let m = -Infinity;
    for (let v = 0; v < V; v++) m = Math.max(m, L[r * V + v]);
    let z = 0;
    for (let v = 0; v < V; v++) z += Math.exp(L[r * V + v] - m);
    assert.ok(Math.abs(split[r] - (L[r * V + targets[r]] - m - Math.log(z))) < 1e-12);
  }
  // a second call reuses the helper and its buffers; a smaller one stays on this thread
  assert.deepEqual(Array.from(logSoftmaxRows(L, V, bases, targets)), Array.from(split));
  assert.deepEqual(Array.from(logSoftmaxRows(L, V, bases.subarray(0, 3), targets.subarray(0, 3))), Array.from(split.subarray(0, 3)));
  assert.equal(logSoftmaxCalls.split, before.split + 2);
  assert.equal(logSoftmaxCalls.single, before.single + 1);
});
