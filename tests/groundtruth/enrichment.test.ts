import { test } from "node:test";
import assert from "node:assert/strict";
import { enrichment, enrichmentNull, topDomain } from "../../src/zoo/groundtruth-enrichment";
import { syntheticZoo, scoresFor, screenTails } from "./synthetic";

test("enrichment is share in the selection over share in the pool, split by sign", () => {
  // pool: 6 pieces, domains [0,0,1,1,1,1] -> domain 0 share 1/3
  const doms = [0, 0, 1, 1, 1, 1];
  const sel = { indices: Int32Array.from([0, 1, 2, 3]), signs: Int8Array.from([-1, -1, 1, -1]) };
  const e = enrichment(sel, doms, [0]);
  assert.equal(e.poolShare, 2 / 6);
  assert.ok(Math.abs(e.all - (2 / 4) / (2 / 6)) < 1e-12); // 1.5
  assert.ok(Math.abs(e.negative - (2 / 3) / (2 / 6)) < 1e-12); // 2
  assert.equal(e.positive, 0);
  assert.deepEqual([e.nAll, e.nNegative, e.nPositive], [4, 3, 1]);
  // two source domains count together
  assert.ok(Math.abs(enrichment(sel, doms, [0, 1]).all - 1) < 1e-12);
  // empty sign class -> NaN
  assert.ok(Number.isNaN(enrichment({ indices: Int32Array.from([0]), signs: Int8Array.from([-1]) }, doms, [0]).positive));
  assert.throws(() => enrichment({ indices: Int32Array.from([9]), signs: Int8Array.from([1]) }, doms, [0]), /outside/);
});

test("topDomain picks the most enriched domain, by sign", () => {
  const doms = [0, 0, 1, 1, 2, 2, 2, 2];
  const sel = { indices: Int32Array.from([0, 2, 3, 4]), signs: Int8Array.from([1, -1, -1, 1]) };
  assert.equal(topDomain(sel, doms, 3, -1), 1);
  assert.equal(topDomain(sel, doms, 3, 1), 0); // 1/2 for domain 0 beats 1/4 for domain 2
  assert.equal(topDomain({ indices: new Int32Array(0), signs: new Int8Array(0) }, doms, 3), -1);
});

test("on a synthetic zoo the negative tail is enriched in the source domain, and the permutation null is not", () => {
  const z = syntheticZoo(30, 3, 100, 11);
  const y = scoresFor(z, 1, 12);
  const r = enrichmentNull(z.X, y, z.pieceDomains, [1], screenTails(0.05), { permutations: 100, seed: 3 });
  assert.ok(r.observed.negative > 2.5, `negative enrichment ${r.observed.negative}`); // max is 3 (share 1/3)
  // The null is wide (zoo-pilot.md: "mean 1.0, 95th percentile 2.7, max 4.1"): a permuted score still
  // lines up with one domain's exposure by chance, and then that whole domain fills the tail.
  assert.ok(r.negative.mean > 0.6 && r.negative.mean < 1.5, `null mean ${r.negative.mean}`);
  assert.ok(r.negative.percentile >= 80, `percentile ${r.negative.percentile}`);
  const ge = Array.from(r.negative.draws).filter((d) => d >= r.observed.negative).length;
  assert.equal(r.negative.p, (1 + ge) / (1 + r.negative.draws.length));
  assert.equal(r.negative.draws.length + r.negative.nNaN, 100);
  // deterministic
  const again = enrichmentNull(z.X, y, z.pieceDomains, [1], screenTails(0.05), { permutations: 100, seed: 3 });
  assert.deepEqual(again.negative.draws, r.negative.draws);
});

test("a benchmark unrelated to any domain is not enriched beyond its null", () => {
  const z = syntheticZoo(30, 3, 100, 21);
  const y = Float64Array.from({ length: 30 }, (_, i) => ((i * 7919) % 31) / 31); // arbitrary, unrelated
  const r = enrichmentNull(z.X, y, z.pieceDomains, [0], screenTails(0.05), { permutations: 100, seed: 8 });
  assert.ok(r.negative.p > 0.05, `p ${r.negative.p}`);
});

test("non-finite scores and mismatched shapes are rejected", () => {
  const z = syntheticZoo(5, 2, 3, 1);
  const y = Float64Array.from([1, 2, NaN, 4, 5]);
  assert.throws(() => enrichmentNull(z.X, y, z.pieceDomains, [0], screenTails(0.2)), /not finite/);
  assert.throws(() => enrichmentNull(z.X, new Float64Array(4), z.pieceDomains, [0], screenTails(0.2)), /4 scores for 5 models/);
});
