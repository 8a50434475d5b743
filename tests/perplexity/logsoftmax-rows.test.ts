// Row-wise log-softmax: the exp kernel is accurate, the helper thread gives the same bits as this one, and the values are right.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expKernel, logSoftmaxCalls, logSoftmaxRow, logSoftmaxRows, logSoftmaxRowsAsync } from "../../src/perplexity/logsoftmax-rows";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test("the exp kernel is within 2 ulp of Math.exp on [-708, 0], and exact or clamped at the edges", () => {
  const f = new Float64Array(1), bits = new BigInt64Array(f.buffer);
  const ordinal = (x: number): bigint => { f[0] = x; return bits[0]; };
  const rnd = lcg(5);
  let worst = 0n;
  for (let i = 0; i < 200_000; i++) {
    // dense near 0 (where every logit of a row lands) and across the whole range down to the clamp
    const d = i % 2 ? -rnd() * 40 : -rnd() * 708;
    const u = ordinal(expKernel(d)) - ordinal(Math.exp(d));
    const a = u < 0n ? -u : u;
    if (a > worst) worst = a;
  }
  assert.ok(worst <= 2n, `worst ${worst} ulp`);
  assert.equal(expKernel(0), 1);
  assert.equal(expKernel(-Math.LN2), 0.5);
  // below -708 (and -Infinity) the kernel returns exp(-708): lost in any sum that holds the row maximum's 1
  assert.equal(expKernel(-800), expKernel(-708));
  assert.equal(expKernel(-Infinity), expKernel(-708));
  assert.ok(expKernel(-708) < 4e-308 && 1 + expKernel(-708) === 1);
  assert.ok(Number.isNaN(expKernel(NaN)));
});

test("rows of every length (SIMD body and tails), NaN and -Infinity logits, and windows of long batches", () => {
  const rnd = lcg(23);
  for (const V of [1, 2, 3, 4, 5, 6, 7, 8, 9, 31, 657]) {
    const L = Float32Array.from({ length: V }, () => (rnd() - 0.5) * 40);
    let m = -Infinity;
    for (const x of L) m = Math.max(m, x);
    let z = 0;
    for (const x of L) z += Math.exp(x - m);
    for (const t of [0, V - 1]) assert.ok(Math.abs(logSoftmaxRow(L, 0, V, t) - (L[t] - m - Math.log(z))) < 1e-12, `V ${V}`);
    if (V > 1) {
      const withInf = L.slice(); withInf[V - 1] = -Infinity;
      assert.equal(logSoftmaxRow(withInf, 0, V, V - 1), -Infinity);
      const withNaN = L.slice(); withNaN[0] = NaN;
      assert.ok(Number.isNaN(logSoftmaxRow(withNaN, 0, V, V - 1)));
    }
  }
  // 70 rows of 65,536 logits (4.6M floats): more than one kernel window; rows in any order give the same values
  const V = 65536, rows = 70;
  const L = new Float32Array(V * rows);
  for (let i = 0; i < L.length; i++) L[i] = (rnd() - 0.5) * 20;
  const bases = Float64Array.from({ length: rows }, (_, r) => r * V), targets = Int32Array.from({ length: rows }, (_, r) => (r * 977) % V);
  const all = logSoftmaxRows(L, V, bases, targets);
  const rev = logSoftmaxRows(L, V, bases.slice().reverse(), targets.slice().reverse());
  for (let r = 0; r < rows; r++) {
    assert.ok(Object.is(rev[rows - 1 - r], all[r]));
    assert.ok(Object.is(logSoftmaxRow(L.subarray(r * V, (r + 1) * V), 0, V, targets[r]), all[r]));
  }
});

test("the kernel's sum is, bit for bit, its exp added pair by pair in two lanes (the unrolled body and the tails agree)", () => {
  // z = (Σ_{even v} e(x_v − m)) + (Σ_{odd v} e(x_v − m)), each lane summed in order, an odd last element paired with
  // −∞; so lp_t = x_t − (m + ln z). Rows of 1..40 logits and two vocabulary sizes cover the 8-wide body and 0-7 tails.
  const rnd = lcg(41);
  for (const V of [...Array.from({ length: 40 }, (_, i) => i + 1), 657, 50257]) {
    for (let rep = 0; rep < (V > 40 ? 3 : 25); rep++) {
      const L = Float32Array.from({ length: V }, () => {
        const u = rnd();
        return u < 0.02 ? -Infinity : u < 0.05 ? -1e30 : (rnd() - 0.5) * 80;
      });
      let m = -Infinity;
      for (const x of L) if (x > m) m = x;
      let a0 = 0, a1 = 0;
      for (let v = 0; v < V; v += 2) {
        a0 += expKernel(L[v] - m);
        a1 += expKernel(v + 1 < V ? L[v + 1] - m : -Infinity);
      }
      const t = Math.floor(rnd() * V);
      const want = L[t] - (m + Math.log(a0 + a1));
      assert.ok(Object.is(logSoftmaxRow(L, 0, V, t), want), `V ${V}: ${logSoftmaxRow(L, 0, V, t)} vs ${want}`);
    }
  }
});

test("a uniform row gives -ln V exactly", () => {
  assert.equal(logSoftmaxRows(new Float32Array(256), 256, Float64Array.of(0), Int32Array.of(7))[0], -Math.log(256));
  assert.equal(logSoftmaxRow(Float32Array.of(0, 0), 0, 2, 1), -Math.LN2);
});

test("matches a direct float64 log-softmax; the helper thread gives the same bits and argmaxes as this thread", async () => {
  const V = 657, rows = 400, rnd = lcg(11);
  const L = new Float32Array(rows * V);
  for (let i = 0; i < L.length; i++) L[i] = (rnd() - 0.5) * 30;
  const bases = new Float64Array(rows), targets = new Int32Array(rows);
  for (let r = 0; r < rows; r++) { bases[r] = r * V; targets[r] = Math.floor(rnd() * V); }
  const here = logSoftmaxRows(L, V, bases, targets);
  const before = { ...logSoftmaxCalls };
  // the helper gets its own copy: the buffer passed is transferred (detached here)
  const copy = L.slice();
  const viaHelper = await logSoftmaxRowsAsync(copy, V, bases, targets, true);
  assert.equal(logSoftmaxCalls.helper, before.helper + 1, "computed on the helper thread");
  assert.equal(copy.length, 0, "the logits buffer was transferred");
  for (let r = 0; r < rows; r++) {
    assert.ok(Object.is(viaHelper.logprobs[r], here[r]), `row ${r}: ${viaHelper.logprobs[r]} vs ${here[r]}`);
    assert.ok(Object.is(logSoftmaxRow(L, r * V, V, targets[r]), here[r]));
    let m = -Infinity, best = 0;
    for (let v = 0; v < V; v++) if (L[r * V + v] > m) { m = L[r * V + v]; best = v; }
    assert.equal(viaHelper.argmax[r], best);
    let z = 0;
    for (let v = 0; v < V; v++) z += Math.exp(L[r * V + v] - m);
    assert.ok(Math.abs(here[r] - (L[r * V + targets[r]] - m - Math.log(z))) < 1e-12);
  }
  // a view into a larger buffer is copied, not transferred: the parent array stays readable
  const parent = L.slice();
  const view = parent.subarray(V, 3 * V);
  const viaView = await logSoftmaxRowsAsync(view, V, Float64Array.of(0, V), targets.subarray(1, 3), false);
  assert.equal(parent.length, rows * V, "the parent buffer was not detached");
  assert.deepEqual(Array.from(viaView.logprobs), Array.from(here.subarray(1, 3)));
  // several jobs in flight resolve to their own rows; no argmax asked, none returned
  const jobs = [0, 1, 2].map((k) => logSoftmaxRowsAsync(L.slice(k * 100 * V, (k + 1) * 100 * V), V, bases.subarray(0, 100), targets.subarray(k * 100, (k + 1) * 100), false));
  const got = await Promise.all(jobs);
  got.forEach((g, k) => {
    assert.equal(g.argmax.length, 0);
    assert.deepEqual(Array.from(g.logprobs), Array.from(here.subarray(k * 100, (k + 1) * 100)));
  });
});
