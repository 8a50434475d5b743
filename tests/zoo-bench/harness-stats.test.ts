import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/core/random";
import { binomQuantile, chanceInterval, exposureSpearman, partialSpearman, qualifyReasons, splitHalfReliability } from "../../src/zoo/harness-stats";
import { sampleMedian } from "../../src/stats/describe";

test("binomial quantiles equal R's qbinom (values from tests/zoo-bench/qbinom.R)", () => {
  const got = [
    binomQuantile(0.005, 400, 0.25), binomQuantile(0.995, 400, 0.25),
    binomQuantile(0.005, 400, 0.5), binomQuantile(0.995, 400, 0.5),
    binomQuantile(0.005, 37, 0.25), binomQuantile(0.995, 37, 0.25),
    binomQuantile(0.5, 10, 0.5),
    binomQuantile(0.005, 10000, 0.25), binomQuantile(0.995, 10000, 0.25),
  ];
  assert.deepEqual(got, [78, 123, 174, 226, 3, 16, 5, 2389, 2612]);
  assert.deepEqual(chanceInterval(400, 0.25), [78 / 400, 123 / 400]);
});

function simulate(nModels: number, nItems: number, spread: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const out = new Uint8Array(nModels * nItems);
  for (let m = 0; m < nModels; m++) {
    const p = 0.5 + spread * (m / (nModels - 1) - 0.5);
    for (let i = 0; i < nItems; i++) out[m * nItems + i] = rng.next() < p ? 1 : 0;
  }
  return out;
}

test("split-half reliability is high when models differ in ability and near 0 when they do not", () => {
  const good = splitHalfReliability(simulate(36, 400, 0.6, 1), 36, 400, { splits: 30, seed: 2 });
  assert.ok(good.spearmanBrown > 0.9, `${good.spearmanBrown}`);
  assert.ok(Math.abs(good.spearmanBrown - (2 * good.rHalf) / (1 + good.rHalf)) < 1e-12);
  const none = splitHalfReliability(simulate(36, 400, 0, 3), 36, 400, { splits: 30, seed: 2 });
  assert.ok(Math.abs(none.rHalf) < 0.15, `${none.rHalf}`);
  assert.deepEqual(splitHalfReliability(simulate(10, 40, 0.5, 4), 10, 40, { seed: 9 }), splitHalfReliability(simulate(10, 40, 0.5, 4), 10, 40, { seed: 9 }));
  assert.throws(() => splitHalfReliability(new Uint8Array(5), 2, 3), /5 cells/);
});

test("qualifying rule and median", () => {
  assert.deepEqual(qualifyReasons(0.5, 0.25, 0.8), []);
  assert.equal(qualifyReasons(0.3, 0.25, 0.8).length, 1);
  assert.match(qualifyReasons(0.95, 0.5, 0.8)[0], />= 0.9/);
  assert.match(qualifyReasons(0.7, 0.5, NaN)[0], /reliability NaN/);
  assert.equal(sampleMedian([3, 1, 2, 10]), 2.5);
  assert.equal(sampleMedian([3, 1, 2]), 2);
});

test("exposure Spearman sums the shares of the benchmark's source domains", () => {
  const shares = Float64Array.from([0.1, 0.9, 0.5, 0.5, 0.9, 0.1]); // 3 models x [a, b]
  assert.ok(Math.abs(exposureSpearman([0.2, 0.3, 0.4], shares, ["a", "b"], ["a"]) - 1) < 1e-12);
  assert.ok(Math.abs(exposureSpearman([0.2, 0.3, 0.4], shares, ["a", "b"], ["b"]) + 1) < 1e-12);
  assert.ok(Number.isNaN(exposureSpearman([0.2, 0.3, 0.4], shares, ["a", "b"], ["zzz"])));
});

test("partial Spearman controlling for capability equals R (tests/zoo-bench/partial.R)", () => {
  const x = [0.31, 0.42, 0.40, 0.55, 0.38, 0.61, 0.47];
  const y = [0.10, 0.30, 0.05, 0.40, 0.20, 0.35, 0.15];
  const z = [2.9, 2.5, 2.4, 2.0, 2.7, 1.8, 2.2];
  assert.ok(Math.abs(partialSpearman(x, y, z) - 0.751124042900831) < 1e-12);
  assert.ok(Number.isNaN(partialSpearman(x, y, x))); // z identical to x: undefined
});
