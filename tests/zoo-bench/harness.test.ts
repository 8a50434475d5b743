import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { argmaxFirst, evaluateBenchmark, runFromLogprobs, type ContinuationScorer } from "../../src/zoo/harness";
import { evaluateModels } from "../../src/zoo/harness-eval";
import type { Benchmark } from "../../src/zoo/benchmarks-types";

function bench(metric: "acc" | "acc_norm"): Benchmark {
  return {
    spec: { name: "t", file: "t.jsonl", items: 2, family: "nextspan", format: "multiple-choice", options: 2, chance: 0.5, metric, domains: ["d"], category: "zoo-domain", direction: "higher", description: "", sha256: "" },
    items: [
      { id: "t-0", context: "c0", options: [" ab", " abcdefgh"], answer: 1, source: "" },
      { id: "t-1", context: "c1", options: [" x", " y"], answer: 0, source: "" },
    ],
  };
}

// A fake LM whose option log-likelihood is −1 nat per character, −5 for each 'y'.
const fake: ContinuationScorer = async (reqs) => reqs.map((r) => ({ logprob: -r.continuation.length - 4 * (r.continuation.split("y").length - 1) }));

test("acc takes the raw summed log-prob, acc_norm divides by option bytes; ties go to the first option", async () => {
  const acc = await evaluateBenchmark(fake, bench("acc"));
  // item 0: ll = [-3, -9] -> acc picks 0 (wrong); per byte [-1, -1] tie -> 0 (wrong)
  // item 1: ll = [-2, -6] -> 0 (right) both ways
  assert.deepEqual(Array.from(acc.logprobs), [-3, -9, -2, -6]);
  assert.equal(acc.acc, 0.5);
  assert.equal(acc.accNorm, 0.5);
  assert.deepEqual(Array.from(acc.correct), [0, 1]);
  const norm = runFromLogprobs(bench("acc_norm"), Float64Array.from([-3, -8.9, -2, -6]));
  assert.equal(norm.acc, 0.5); // raw still prefers option 0 on item 0
  assert.equal(norm.accNorm, 1); // -8.9/9 > -3/3
  assert.equal(norm.score, 1);
  assert.equal(argmaxFirst([1, 3, 3]), 1);
  assert.equal(argmaxFirst([NaN, -1]), 1);
});

test("a scorer returning the wrong number of results is an error", async () => {
  await assert.rejects(evaluateBenchmark(async () => [{ logprob: 0 }], bench("acc")), /1 results for 4 requests/);
  assert.throws(() => runFromLogprobs(bench("acc"), new Float64Array(3)), /3 log-probs for 2 items x 2 options/);
});

test("a NaN option log-prob (an option too long for the model) survives the eval cache: cached and fresh runs agree", async () => {
  // option " abcdefgh" gets NaN: the right answer of item 0 can never win, so item 0 is wrong either way
  const nanScorer: ContinuationScorer = async (reqs) => reqs.map((r) => ({ logprob: r.continuation.length > 5 ? NaN : -r.continuation.length }));
  const dir = mkdtempSync(join(tmpdir(), "bsig-eval-nan-"));
  try {
    const model = async () => ({ id: "m", identity: { fake: 1 }, score: nanScorer });
    const fresh = await evaluateModels(["m"], [bench("acc")], model, { cacheDir: dir });
    const cached = await evaluateModels(["m"], [bench("acc")], model, { cacheDir: dir });
    assert.ok(Number.isNaN(fresh.runs[0][0].logprobs[1]));
    assert.ok(Number.isNaN(cached.runs[0][0].logprobs[1]), "NaN read back as NaN, not 0");
    assert.deepEqual(Array.from(cached.runs[0][0].correct), Array.from(fresh.runs[0][0].correct));
    assert.equal(cached.runs[0][0].score, fresh.runs[0][0].score);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
