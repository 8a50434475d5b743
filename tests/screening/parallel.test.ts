import { test } from "node:test";
import assert from "node:assert/strict";
import { screeningStatisticsParallel } from "../../src/stats/screening-parallel";
import { rankFeatures } from "../../src/stats/screening-ranks";
import { screeningStatistics } from "../../src/stats/screening";
import { simulateScreening, materialize } from "../../src/stats/screening-sim";

test("worker threads give bit-identical ranks and statistics for 1, 2 and 3 threads", async () => {
  const sim = simulateScreening({ nModels: 16, nFeatures: 20000, nBenchmarks: 5, seed: 8, tieFraction: 0.1 });
  const X = materialize(sim.source);
  const ref = rankFeatures(X, 16);
  for (const method of ["thrush", "spearman", "kendall"] as const) {
    const want = screeningStatistics(ref, sim.targets, method).values;
    for (const threads of [1, 2, 3]) {
      const { ranked, stats } = await screeningStatisticsParallel(X, 16, sim.targets, method, { threads });
      assert.deepEqual(Array.from(ranked.centred), Array.from(ref.centred), `${method} ranks, ${threads} threads`);
      assert.equal(ranked.nTied, ref.nTied);
      assert.deepEqual(Array.from(stats.values), Array.from(want), `${method}, ${threads} threads`);
    }
  }
});
