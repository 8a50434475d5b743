import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/core/random";
import { selectTails, tailSizes, tailCapacity, TailAccumulator, defaultMinCandidates } from "../../src/stats/screening-tails";
import { screen, screenBlocks } from "../../src/stats/screening";

test("tail sizes: k = max(1, ⌊ratio·d⌋) per tail, the floor widens both tails, tiny inputs keep everything", () => {
  assert.deepEqual(tailSizes(1_000_000, 0.01, 64), { perTail: 10000, nTop: 10000, nBottom: 10000, all: false });
  assert.deepEqual(tailSizes(1000, 0.01, 64), { perTail: 10, nTop: 32, nBottom: 32, all: false });
  assert.deepEqual(tailSizes(1000, 0.01, 65), { perTail: 10, nTop: 33, nBottom: 32, all: false });
  assert.deepEqual(tailSizes(100, 0.29, 0), { perTail: 29, nTop: 29, nBottom: 29, all: false }); // not 28
  assert.deepEqual(tailSizes(40, 0.01, 64), { perTail: 1, nTop: 20, nBottom: 20, all: true });
  assert.equal(defaultMinCandidates(32), 64);
  assert.equal(defaultMinCandidates(10), 50);
});

test("selection by hand: NaN never kept, ties broken by the lower index, kept ordered by |statistic|", () => {
  const s = new Float64Array([0.5, -0.9, 0.9, NaN, 0.9, -0.9, 0.1, 0.0, -0.2, 0.3]);
  const t = selectTails(s, { ratio: 0.2, minCandidates: 0 }); // 9 defined -> k = 1
  assert.equal(t.nValid, 9);
  assert.deepEqual(Array.from(t.top), [2]);
  assert.deepEqual(Array.from(t.bottom), [1]);
  const u = selectTails(s, { ratio: 0.25, minCandidates: 0 }); // k = 2
  assert.deepEqual(Array.from(u.top), [2, 4]);
  assert.deepEqual(Array.from(u.bottom), [1, 5]);
  assert.deepEqual(Array.from(u.kept), [1, 2, 4, 5]);
  assert.equal(u.topThreshold, 0.9);
  assert.equal(u.bottomThreshold, -0.9);
  assert.deepEqual(Array.from(u.keptStatistic), [-0.9, 0.9, 0.9, -0.9]);
  const w = selectTails(s, { ratio: 0.01, minCandidates: 5 }); // floor: 3 top, 2 bottom
  assert.deepEqual(Array.from(w.top), [2, 4, 0]);
  assert.deepEqual(Array.from(w.bottom), [1, 5]);
  const all = selectTails(s, { ratio: 0.01, minCandidates: 50 });
  assert.equal(all.keptAll, true);
  assert.equal(all.kept.length, 9);
  assert.deepEqual(Array.from(all.bottom), [1, 5, 8, 7]);
});

test("the streaming accumulator equals a full sort, whatever the chunking and with many exact ties", () => {
  const rng = createRng(99);
  const n = 20000;
  const s = Float64Array.from({ length: n }, () => rng.int(200) / 7); // ~100 copies of each value
  const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b] - s[a] || a - b);
  for (const cap of [1, 37, 500]) for (const chunk of [1, 64, 5000, n]) {
    const acc = new TailAccumulator(cap, "top");
    for (let o = 0; o < n; o += chunk) acc.push(s.subarray(o, Math.min(n, o + chunk)), o);
    assert.deepEqual(Array.from(acc.result().index), sorted.slice(0, cap), `cap ${cap} chunk ${chunk}`);
  }
  assert.ok(tailCapacity(n, 0.01, 64) >= 200);
});

test("screenBlocks (streaming over column blocks) gives exactly what screen gives in memory", () => {
  const m = 12, d = 3000, rng = createRng(5);
  const x = Float32Array.from({ length: m * d }, () => Math.round(rng.normal() * 8) / 8); // ties
  const targets = Array.from({ length: 4 }, (_, b) => ({ name: `b${b}`, values: Float64Array.from({ length: m }, () => rng.normal()), direction: (b === 3 ? "lower" : "higher") as "lower" | "higher" }));
  for (const method of ["thrush", "spearman", "kendall", "pearson", "preselect"] as const) {
    const full = screen(x, m, targets, method, { ratio: 0.01 });
    const widths = [700, 1, 1299, 1000];
    const src = {
      nModels: m, nFeatures: d,
      *blocks() {
        let off = 0;
        for (const w of widths) {
          const v = new Float32Array(m * w);
          for (let k = 0; k < m; k++) for (let i = 0; i < w; i++) v[k * w + i] = x[k * d + off + i];
          yield { offset: off, values: v };
          off += w;
        }
      },
    };
    const str = screenBlocks(src, targets, method, { ratio: 0.01, blockSize: 128 });
    for (let b = 0; b < targets.length; b++) {
      assert.deepEqual(Array.from(str[b].tails.kept), Array.from(full[b].tails.kept), `${method} ${b}`);
      assert.deepEqual(Array.from(str[b].keptStatistic), Array.from(full[b].keptStatistic));
      assert.equal(str[b].tails.kept.length, 60); // 2 x ⌊0.01·3000⌋, above the floor max(2m, 50) = 50
    }
  }
});

test("screening ranks a planted feature first (seeded, noiseless signal)", () => {
  const m = 32, d = 5000, rng = createRng(2026);
  const y = Float64Array.from({ length: m }, () => rng.normal());
  const x = Float64Array.from({ length: m * d }, () => rng.normal());
  for (let k = 0; k < m; k++) { x[k * d + 1234] = -y[k]; x[k * d + 4321] = y[k] * 2 + 1; } // perfectly (anti-)ordered
  for (const method of ["thrush", "spearman", "kendall", "pearson"] as const) {
    const [r] = screen(x, m, [{ name: "y", values: y }], method);
    assert.deepEqual(Array.from(r.tails.kept.slice(0, 2)).sort(), [1234, 4321], method);
    assert.equal(r.tails.top[0], 4321);
    assert.equal(r.tails.bottom[0], 1234);
  }
  const [p] = screen(x, m, [{ name: "y", values: y }], "preselect");
  assert.equal(p.keptStatistic[0] === 1 || p.keptStatistic[0] === 0, true);
  assert.equal(p.tails.top[0], 1234); // better model always less surprised: η = 1
});

test("streaming and in-memory agree when NaN statistics (constant features) shrink d below the floor", () => {
  const m = 6, d = 300, rng = createRng(31);
  const x = new Float64Array(m * d);
  for (let f = 0; f < d; f++) {
    const constant = f % 10 !== 0; // only 30 features vary: Spearman is NaN for the other 270
    for (let k = 0; k < m; k++) x[k * d + f] = constant ? 1 : rng.int(5);
  }
  const targets = [{ name: "y", values: [0.1, 0.5, 0.2, 0.9, 0.4, 0.7] }];
  const full = screen(x, m, targets, "spearman", { ratio: 0.01 });
  assert.equal(full[0].tails.nValid, 30);
  assert.equal(full[0].tails.keptAll, true); // floor 50 > 30 defined features
  assert.equal(full[0].tails.kept.length, 30);
  const src = { nModels: m, nFeatures: d, *blocks() { for (let o = 0; o < d; o += 70) { const w = Math.min(70, d - o); const v = new Float64Array(m * w); for (let k = 0; k < m; k++) for (let i = 0; i < w; i++) v[k * w + i] = x[k * d + o + i]; yield { offset: o, values: v }; } } };
  const str = screenBlocks(src, targets, "spearman", { ratio: 0.01, blockSize: 16 });
  assert.deepEqual(Array.from(str[0].tails.kept), Array.from(full[0].tails.kept));
  assert.deepEqual(Array.from(str[0].tails.top), Array.from(full[0].tails.top));
  assert.deepEqual(Array.from(str[0].tails.bottom), Array.from(full[0].tails.bottom));
});
