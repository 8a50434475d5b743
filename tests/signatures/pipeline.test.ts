import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "../../src/core/random";
import { benchmarkSignature, computeSignatures, signatureFileName } from "../../src/signatures/pipeline";
import { featureSpearman, pcShares } from "../../src/signatures/general-factor";
import { forwardSelect } from "../../src/selection/forward";
import type { ScoreTable } from "../../src/scores/table";
import { runCli } from "../../src/cli/main";
import { writeFeatureMatrix } from "../../src/io/feature-matrix";

// 30 models x 40 features; score a = 2·f03 − f07 + small noise; score b = −f11 (lower is better) + noise.
const n = 30, p = 40;
const rng = createRng(7);
const cols = Array.from({ length: p }, (_, j) => `f${String(j).padStart(2, "0")}`);
const rows = Array.from({ length: n }, (_, i) => `m${i}`);
const values = Float64Array.from({ length: n * p }, () => rng.normal());
const x = (i: number, j: number) => values[i * p + j];
const a = Float64Array.from(rows, (_, i) => 2 * x(i, 3) - x(i, 7) + 0.01 * rng.normal());
const b = Float64Array.from(rows, (_, i) => Math.exp(x(i, 11) + 0.01 * rng.normal()));
const X = { rows, cols, values };
const table: ScoreTable = {
  models: rows, benchmarks: ["a", "b"], values: Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 ? b[k >> 1] : a[k >> 1])),
  meta: { a: { direction: "higher" }, b: { direction: "lower" } }, notes: [], source: "t.csv", sha256: "",
};

test("a planted signature is found: screening keeps it, forward selection adds it first, contexts attached", () => {
  const ctx = new Map([["f03", "the third piece"]]);
  const s = benchmarkSignature(X, a, "a", "higher", { screenRatio: 0.1, minCandidates: 0 }, ctx);
  assert.equal(s.nCandidates, 8); // 4 per tail of 40
  assert.deepEqual(s.pieces.slice(0, 2).map((q) => q.feature), ["f03", "f07"]);
  assert.ok(Math.abs(s.pieces[0].coefficient - 2) < 0.05 && Math.abs(s.pieces[1].coefficient + 1) < 0.05);
  assert.equal(s.pieces[0].context, "the third piece");
  assert.equal(s.pieces[1].context, null);
  assert.ok(s.pieces[0].screenStatistic! > 0 && s.pieces[1].screenStatistic! < 0);
  assert.ok(s.r2 > 0.999);
  assert.equal(s.steps[0].added, null);
  // without screening, forward selection over every feature finds the same first two pieces
  assert.deepEqual(forwardSelect(X, a).selected.slice(0, 2), ["f03", "f07"]);
});

test("log transform, missing scores and no screening", () => {
  const s = benchmarkSignature(X, b, "b", "lower", { screenRatio: null, logScores: /^b$/ });
  assert.equal(s.transform, "log");
  assert.equal(s.nCandidates, p);
  assert.equal(s.screen, null);
  assert.equal(s.pieces[0].feature, "f11");
  assert.ok(Math.abs(s.pieces[0].coefficient - 1) < 0.05); // log b = f11 + noise
  const y = Float64Array.from(a); y[4] = NaN;
  const t = benchmarkSignature(X, y, "a", "higher", { screenRatio: 0.1, minCandidates: 0 });
  assert.deepEqual(t.droppedModels, ["m4"]);
  assert.equal(t.nModels, n - 1);
  assert.throws(() => benchmarkSignature(X, Float64Array.from(a, (v) => v - 100), "a", "higher", { logScores: /a/ }), /cannot be log-transformed/);
  assert.throws(() => benchmarkSignature(X, new Float64Array(n).fill(1), "a", "higher"), /same score/);
});

test("computeSignatures runs every benchmark (or the matching ones) and checks alignment", () => {
  const r = computeSignatures(X, table, { screenRatio: 0.1, minCandidates: 0, logScores: /^b$/ });
  assert.deepEqual(r.signatures.map((s) => s.benchmark), ["a", "b"]);
  assert.equal(r.signatures[1].direction, "lower");
  const only = computeSignatures(X, table, { benchmarks: /^b/ });
  assert.deepEqual(only.signatures.map((s) => s.benchmark), ["b"]);
  assert.deepEqual(only.skipped, ["a"]);
  assert.throws(() => computeSignatures(X, table, { benchmarks: /zzz/ }), /no benchmark matches/);
  assert.throws(() => computeSignatures({ ...X, rows: [...rows].reverse() }, table), /aligned/);
  assert.equal(signatureFileName("a/b c"), "a_b_c.json");
});

test("general factor: PC1 share of a rank-one matrix is 1; featureSpearman summarises per-feature ρ", () => {
  const r1 = { rows: ["a", "b", "c", "d"], cols: ["x", "y", "z"], values: Float64Array.of(1, 2, 3, 2, 4, 6, 3, 6, 9, 5, 10, 15) };
  assert.ok(Math.abs(pcShares(r1).pc1 - 1) < 1e-12);
  const f = featureSpearman(r1, [4, 3, 2, 1]);
  assert.equal(f.median, -1);
  assert.equal(f.fractionPositive, 0);
  const g = featureSpearman(X, a);
  assert.equal(g.max, g.values[3]);
});

function csv(m: { rows: string[]; cols: string[]; values: Float64Array }): string {
  return ["model," + m.cols.join(","), ...m.rows.map((r, i) => [r, ...m.cols.map((_, j) => String(m.values[i * m.cols.length + j]))].join(","))].join("\n") + "\n";
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await runCli(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

test("bsig signatures writes one JSON per benchmark with context text, and an index", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sigs-"));
  writeFileSync(join(dir, "x.csv"), csv(X));
  writeFileSync(join(dir, "x.contexts.csv"), "feature,context\nf03,\"third, with a comma\"\n");
  writeFileSync(join(dir, "s.csv"), csv({ rows, cols: ["a", "b"], values: table.values }));
  const out = join(dir, "out");
  const r = await cli(["signatures", "--matrix", join(dir, "x.csv"), "--scores", join(dir, "s.csv"), "--screen-ratio", "0.1", "--screen-min-candidates", "0", "--out", out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /2 signature\(s\) written/);
  assert.deepEqual(readdirSync(out).sort(), ["a.json", "b.json", "index.json"]);
  const sa = JSON.parse(readFileSync(join(out, "a.json"), "utf8"));
  assert.equal(sa.pieces[0].feature, "f03");
  assert.equal(sa.pieces[0].context, "third, with a comma");
  assert.equal(sa.screen.ratio, 0.1);
  const idx = JSON.parse(readFileSync(join(out, "index.json"), "utf8"));
  assert.equal(idx.format, "bsig-signatures");
  assert.deepEqual(idx.benchmarks.map((e: { benchmark: string }) => e.benchmark), ["a", "b"]);
  assert.ok(idx.contexts.endsWith("x.contexts.csv"));
  assert.equal(idx.measure, "nll-nats"); // a CSV carries no measure: assumed, and said so
  assert.equal(idx.measureAssumed, true);
  // --benchmarks filters; the folder is replaced as a whole
  const r2 = await cli(["signatures", "--matrix", join(dir, "x.csv"), "--scores", join(dir, "s.csv"), "--benchmarks", "^b$", "--criterion", "bic", "--out", out]);
  assert.equal(r2.code, 0, r2.err);
  assert.deepEqual(readdirSync(out).sort(), ["b.json", "index.json"]);
});

test("bsig signatures: bad input is one line on stderr, exit 2, nothing written", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sigs-bad-"));
  writeFileSync(join(dir, "x.csv"), csv(X));
  writeFileSync(join(dir, "s.csv"), csv({ rows: rows.slice(1), cols: ["a"], values: a.slice(1) }));
  writeFileSync(join(dir, "ok.csv"), csv({ rows, cols: ["a"], values: a }));
  const out = join(dir, "out");
  const cases: [string[], RegExp][] = [
    [["--scores", join(dir, "s.csv")], /models differ/],
    [["--scores", join(dir, "ok.csv"), "--screen-ratio", "0.9"], /--screen-ratio must be/],
    [["--scores", join(dir, "ok.csv"), "--criterion", "cv"], /--criterion must be/],
    [["--scores", join(dir, "ok.csv"), "--benchmarks", "("], /not a valid regular expression/],
    [["--scores", join(dir, "ok.csv"), "--benchmarks", "zzz"], /no benchmark matches/],
    [["--scores", join(dir, "ok.csv"), "--screen-method", "mi"], /--screen-method must be/],
    [["--scores", join(dir, "none.csv")], /none\.csv: file not found/],
  ];
  for (const [extra, re] of cases) {
    const r = await cli(["signatures", "--matrix", join(dir, "x.csv"), "--out", out, ...extra]);
    assert.equal(r.code, 2, `${extra.join(" ")}: ${r.err}`);
    assert.match(r.err, re);
    assert.equal(r.err.trim().split("\n").length, 1);
    assert.equal(existsSync(out), false);
  }
});

test("bsig signatures on the real Thrush data reproduces R step()'s arc_easy signature, with document titles as context", async () => {
  const root = join(__dirname, "..", "..");
  const E = JSON.parse(readFileSync(join(root, "tests", "golden", "real-llms", "expected.json"), "utf8"));
  const out = join(mkdtempSync(join(tmpdir(), "sigs-real-")), "out");
  const r = await cli(["signatures", "--matrix", join(root, "data", "features", "thrush-bpb.csv"), "--scores", join(root, "data", "scores", "thrush-errors.csv"),
    "--benchmarks", "^(arc_easy|lambada_openai_mt_fr)$", "--screen-ratio", "0.1", "--screen-min-candidates", "0", "--log-scores", "^lambada", "--measure", "bits-per-byte", "--out", out]);
  assert.equal(r.code, 0, r.err);
  for (const b of ["arc_easy", "lambada_openai_mt_fr"]) {
    const s = JSON.parse(readFileSync(join(out, `${b}.json`), "utf8"));
    assert.deepEqual(s.pieces.map((p: { feature: string }) => p.feature), E.signatures[b].selected);
    assert.ok(Math.abs(s.r2 - E.signatures[b].r2) < 1e-8);
    assert.equal(s.measure, "bits-per-byte");
    assert.equal(s.measureAssumed, false);
  }
  const s = JSON.parse(readFileSync(join(out, "arc_easy.json"), "utf8"));
  assert.equal(s.pieces[0].context, "New work order by Geraldine Bedell");
});

test("bsig signatures reads a feature-matrix folder, keeps its measure, and refuses a contradicting --measure", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sigs-fm-"));
  writeFeatureMatrix(join(dir, "fm"), { rows, cols, values: Float32Array.from(values) }, { measure: "nll-last-token-nats" });
  writeFileSync(join(dir, "s.csv"), csv({ rows, cols: ["a"], values: a }));
  const out = join(dir, "out");
  const r = await cli(["signatures", "--matrix", join(dir, "fm"), "--scores", join(dir, "s.csv"), "--screen-ratio", "0.1", "--screen-min-candidates", "0", "--out", out]);
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(readFileSync(join(out, "a.json"), "utf8"));
  assert.deepEqual(s.pieces.slice(0, 2).map((p: { feature: string }) => p.feature), ["f03", "f07"]);
  assert.equal(s.measure, "nll-last-token-nats");
  assert.equal(s.pieces[0].context, null);
  const bad = await cli(["signatures", "--matrix", join(dir, "fm"), "--scores", join(dir, "s.csv"), "--measure", "bits-per-byte", "--out", join(dir, "out2")]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /contradicts the folder's manifest measure/);
  assert.equal(existsSync(join(dir, "out2")), false);
});
