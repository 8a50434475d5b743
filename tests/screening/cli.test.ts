import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { writeFeatureMatrix } from "../../src/io/feature-matrix";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { createRng } from "../../src/core/random";
import { screen } from "../../src/stats/screening";
import { spearman } from "../../src/stats/correlation";

const dir = mkdtempSync(join(tmpdir(), "bsig-screen-"));
const m = 8, d = 120, rng = createRng(77);
const models = Array.from({ length: m }, (_, k) => `org/model-${k}`);
const feat = Array.from({ length: d }, (_, j) => `doc${Math.floor(j / 10)}:${j % 10}`);
const X = Array.from({ length: m }, () => Array.from({ length: d }, () => Math.round(rng.normal() * 100) / 100));
for (let k = 0; k < m; k++) X[k][7] = 1.5; // a constant feature
const acc = Array.from({ length: m }, () => Math.round(rng.next() * 1000) / 1000);
const loss = Array.from({ length: m }, () => Math.round(rng.next() * 1000) / 1000);

function write(name: string, text: string): string { const p = join(dir, name); writeFileSync(p, text); return p; }
function featCsv(rows: number[], mutate?: (cells: string[][]) => void): string {
  const cells = rows.map((k) => [models[k], ...X[k].map(String)]);
  mutate?.(cells);
  return ["model," + feat.join(","), ...cells.map((c) => c.join(","))].join("\n") + "\n";
}
const scores = write("scores.csv", ["model,acc,loss,partial", ...models.map((mm, k) => `${mm},${acc[k]},${loss[k]},${k === 3 ? "" : 0.5}`)].join("\n") + "\n");
write("scores.meta.json", JSON.stringify({ format: "bsig-score-meta", version: 1, benchmarks: { acc: { direction: "higher" }, loss: { direction: "lower" }, partial: { direction: "higher" } } }));
// features listed in a different model order than the scores: the CLI must align them
const features = write("features.csv", featCsv([3, 1, 0, 2, 7, 6, 5, 4]));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

test("bsig screen --format json: kept by decreasing |statistic|, statistics of the kept only, provenance", async () => {
  const r = await run(["screen", "--features", features, "--scores", scores, "--benchmark", "acc", "--method", "spearman", "--ratio", "0.05", "--format", "json"]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.method, "spearman");
  assert.equal(j.benchmark, "acc");
  assert.equal(j.ratio, 0.05);
  assert.equal(j.minCandidates, 50);
  assert.equal(j.nValid, d - 1); // the constant feature has no Spearman correlation
  assert.equal(j.kept.length, 50); // floor max(2m, 50) beats 2 x ⌊0.05·119⌋ = 10
  assert.deepEqual(Object.keys(j.statistic), j.kept);
  const abs = j.kept.map((f: string) => Math.abs(j.statistic[f]));
  for (let q = 1; q < abs.length; q++) assert.ok(abs[q - 1] >= abs[q] - 1e-12);
  // each statistic is the Spearman correlation of that column with the scores, models aligned by name
  for (const f of j.kept.slice(0, 5)) {
    const c = feat.indexOf(f);
    assert.ok(Math.abs(j.statistic[f] - spearman(X.map((row) => row[c]), acc)) < 1e-12);
  }
  // the same as the library on the aligned matrix
  const flat = Float64Array.from(X.flat());
  const [lib] = screen(flat, m, [{ name: "acc", values: acc }], "spearman", { ratio: 0.05 });
  assert.deepEqual(j.kept, Array.from(lib.tails.kept, (f) => feat[f]));
  assert.equal(j.provenance.method, "screen");
  assert.equal(j.provenance.params.measure, "nll-nats");
  assert.equal(j.provenance.params.measureAssumed, true);
  assert.match(j.provenance.dataHashes[features], /^[0-9a-f]{64}$/);
  assert.equal(r.err, "");
});

test("--all prints every feature (null for the constant one); direction 'lower' from the sidecar flips the sign", async () => {
  const a = JSON.parse((await run(["screen", "--features", features, "--scores", scores, "--benchmark", "loss", "--method", "thrush", "--all"])).out);
  assert.equal(Object.keys(a.statistic).length, d);
  assert.equal(a.statistic[feat[7]], 0); // thrush of a constant feature is 0
  assert.equal(a.direction, "lower");
  const c = feat.indexOf(a.kept[0]);
  const xs = X.map((row) => row[c]);
  // thrush against the oriented score (−loss) = −spearman(x, loss)·m(m²−1)/6 (no ties in this column)
  assert.ok(Math.abs(a.statistic[a.kept[0]] + (spearman(xs, loss) * m * (m * m - 1)) / 6) < 1e-9);
  const s = JSON.parse((await run(["screen", "--features", features, "--scores", scores, "--benchmark", "acc", "--method", "spearman", "--all"])).out);
  assert.equal(s.statistic[feat[7]], null);
});

test("a feature-matrix folder (written by writeFeatureMatrix) is read like the CSV; NaN in it is refused", async () => {
  const fdir = join(dir, "fm");
  writeFeatureMatrix(fdir, { rows: models, cols: feat, values: new Float32Array(X.flat()) }, { measure: "nll-last-token-nats" });
  const r = await run(["screen", "--features", fdir, "--scores", scores, "--benchmark", "acc", "--method", "kendall"]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.measure, "nll-last-token-nats");
  assert.equal(j.provenance.params.measureAssumed, false);
  const c = JSON.parse((await run(["screen", "--features", features, "--scores", scores, "--benchmark", "acc", "--method", "kendall"])).out);
  assert.deepEqual(j.kept, c.kept); // values are 2-decimal numbers: ranks identical in float32
  const ndir = join(dir, "fm-nan");
  const v = new Float32Array(X.flat()); v[3 * d + 11] = NaN;
  writeFeatureMatrix(ndir, { rows: models, cols: feat, values: v }, { measure: "nll-sum-nats" });
  const e = await run(["screen", "--features", ndir, "--scores", scores, "--benchmark", "acc"]);
  assert.equal(e.code, 2);
  assert.equal(e.out, "");
  assert.match(e.err, /fm-nan: value NaN for model 'org\/model-3', feature 'doc1:1' is not finite/);
});

const bad: [string, () => string[], RegExp][] = [
  ["a model missing from the features", () => ["--features", write("f-missing.csv", featCsv([0, 1, 2, 3, 4, 5, 6]))], /f-missing\.csv: models differ .*org\/model-7/],
  ["a duplicate model", () => ["--features", write("f-dup.csv", featCsv([0, 1, 2, 3, 4, 5, 6, 7, 2]))], /f-dup\.csv: line 10: duplicate model 'org\/model-2'/],
  ["a NaN cell", () => ["--features", write("f-nan.csv", featCsv([0, 1, 2, 3, 4, 5, 6, 7], (c) => { c[2][5] = "NaN"; }))], /f-nan\.csv: line 4, column 'doc0:4' \(model 'org\/model-2'\): cell 'NaN' is not a number/],
  ["an infinite cell", () => ["--features", write("f-inf.csv", featCsv([0, 1, 2, 3, 4, 5, 6, 7], (c) => { c[0][1] = "-Inf"; }))], /f-inf\.csv: line 2, .*infinite/],
  ["a non-numeric cell", () => ["--features", write("f-abc.csv", featCsv([0, 1, 2, 3, 4, 5, 6, 7], (c) => { c[6][9] = "abc"; }))], /f-abc\.csv: line 8, column 'doc0:8'.*'abc' is not a number/],
  ["an empty cell", () => ["--features", write("f-empty.csv", featCsv([0, 1, 2, 3, 4, 5, 6, 7], (c) => { c[1][1] = ""; }))], /f-empty\.csv: line 3, .*empty cell/],
  ["a benchmark not in the scores", () => ["--features", features, "--benchmark", "nope"], /scores\.csv: benchmark 'nope' is not in the score table/],
  ["a model without a score", () => ["--features", features, "--benchmark", "partial"], /scores\.csv: model 'org\/model-3' has no score for benchmark 'partial'/],
  ["fewer than 3 models", () => ["--features", write("f-two.csv", "model,a,b\nx,1,2\ny,2,1\n"), "--scores", write("s-two.csv", "model,acc\nx,0.1\ny,0.2\n")], /s-two\.csv: only 2 model\(s\)/],
  ["an unknown method", () => ["--features", features, "--method", "mutual-info"], /--method must be one of thrush, spearman, kendall, pearson, preselect/],
  ["a bad ratio", () => ["--features", features, "--ratio", "0.7"], /--ratio must be a number in \(0, 0\.5\]/],
  ["a missing features file", () => ["--features", join(dir, "absent.csv")], /absent\.csv: file not found/],
];
for (const [what, args, re] of bad) {
  test(`bad input (${what}): one line on stderr naming the file and the problem, exit 2, nothing on stdout`, async () => {
    const base = ["screen", "--scores", scores, "--benchmark", "acc", "--method", "thrush"];
    const extra = args();
    const merged = [...base];
    for (let q = 0; q < extra.length; q += 2) {
      const at = merged.indexOf(extra[q]);
      if (at >= 0) merged[at + 1] = extra[q + 1]; else merged.push(extra[q], extra[q + 1]);
    }
    const r = await run(merged);
    assert.equal(r.code, 2);
    assert.equal(r.out, "");
    assert.match(r.err, re);
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
  });
}
