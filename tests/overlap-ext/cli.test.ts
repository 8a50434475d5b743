import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { createRng } from "../../src/core/random";
import { InputError } from "../../src/core/errors";
import { signatureKind, semanticKind, readSignatures, overlapJson, performancePc1Kind } from "../../src/overlap/kinds-signature-semantic";

function capture() {
  const out: string[] = [], err: string[] = [];
  return { io: { out: (t: string) => { out.push(t); }, err: (t: string) => { err.push(t); } }, out, err };
}

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), "bsig-compare-"));
  const labels = ["mmlu_anatomy", "mmlu_virology", "mmlu_nutrition", "bbh_navigate", "bbh_web_of_lies", "bbh_snarks", "bbh_hyperbaton"];
  const cats = ["medicine-health", "medicine-health", "medicine-health", "reasoning", "reasoning", "language", "language"];
  const rng = createRng(4);
  const n = labels.length;
  const v: number[][] = labels.map(() => new Array(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) v[i][j] = v[j][i] = i === j ? 1 : (cats[i] === cats[j] ? 0.6 : 0.1) + 0.2 * rng.next();
  writeFileSync(join(dir, "ov.json"), JSON.stringify({ labels, values: v, provenance: {} }));
  const fam = (b: string) => (b.startsWith("mmlu") ? "MMLU" : "BBH");
  const fmt = (b: string) => (["bbh_navigate", "bbh_web_of_lies"].includes(b) ? "true-false" : "multiple-choice");
  writeFileSync(join(dir, "labels.csv"), "benchmark,function,category,family,format,note\n" +
    labels.map((b, i) => `${b},${cats[i]},${cats[i]},${fam(b)},${fmt(b)},test`).join("\n") + "\n");
  return dir;
}

test("bsig compare prints every test as JSON, deterministic for a seed", async () => {
  const dir = fixture();
  const args = ["compare", "--overlap", join(dir, "ov.json"), "--labels", join(dir, "labels.csv"), "--resamples", "300", "--permutations", "200", "--seed", "3"];
  const a = capture(), b = capture();
  assert.equal(await runCli(args, a.io), 0, a.err.join(""));
  assert.equal(await runCli(args, b.io), 0);
  assert.equal(a.out.join(""), b.out.join(""));
  const r = JSON.parse(a.out.join(""));
  assert.deepEqual(r.withinCross.rows.map((x: { category: string }) => x.category), ["language", "medicine-health", "reasoning"]);
  assert.ok(r.withinCross.rows.every((x: { diff: number }) => x.diff > 0.3));
  assert.deepEqual(r.clique.byGroup["medicine-health"], ["mmlu_anatomy", "mmlu_virology", "mmlu_nutrition"]);
  assert.equal(r.clique.overall.length, 3);
  assert.equal(r.family.factor, "family");
  assert.ok(r.format.mannWhitney.pValue > 0 && r.format.mannWhitney.pValue <= 1);
  assert.equal(r.functionLevel.labels.length, 3);
  assert.equal(r.provenance.seed, 3);
  const t = capture();
  assert.equal(await runCli([...args, "--format", "text", "--tests", "within-cross,clique"], t.io), 0);
  assert.match(t.out.join(""), /within vs cross \(category\)/);
});

test("bsig compare: bad input is one line and exit 2, nothing on stdout", async () => {
  const dir = fixture();
  writeFileSync(join(dir, "bad.json"), JSON.stringify({ labels: ["a", "b"], values: [[1, "x"], [0.5, 1]] }));
  for (const args of [
    ["compare", "--overlap", join(dir, "bad.json"), "--labels", join(dir, "labels.csv")],
    ["compare", "--overlap", join(dir, "missing.json"), "--labels", join(dir, "labels.csv")],
    ["compare", "--overlap", join(dir, "ov.json"), "--labels", join(dir, "labels.csv"), "--tests", "nope"],
  ]) {
    const c = capture();
    assert.equal(await runCli(args, c.io), 2);
    assert.equal(c.out.join(""), "");
    assert.equal(c.err.join("").trim().split("\n").length, 1);
  }
});

test("signature kind handler: features CSV + select outputs, with a model bootstrap interval", () => {
  const dir = mkdtempSync(join(tmpdir(), "bsig-sig-"));
  const rng = createRng(8);
  const models = Array.from({ length: 10 }, (_, i) => `m${i}`), feats = Array.from({ length: 12 }, (_, j) => `d0:${j}`);
  writeFileSync(join(dir, "x.csv"), ["model," + feats.join(","), ...models.map((m) => [m, ...feats.map(() => (2 + rng.normal()).toFixed(6))].join(","))].join("\n") + "\n");
  writeFileSync(join(dir, "a.json"), JSON.stringify({ benchmark: "a", selected: ["d0:1", "d0:2"], coefficients: { intercept: 0, features: { "d0:1": 0.5, "d0:2": -1 } } }));
  writeFileSync(join(dir, "sigs.json"), JSON.stringify({ signatures: [{ benchmark: "b", pieces: ["d0:2", "d0:5", "d0:7"] }] }));
  const o = signatureKind.compute({ features: join(dir, "x.csv"), signatures: `${join(dir, "a.json")},${join(dir, "sigs.json")}`, bootstrap: "200", seed: "1", level: "0.9", pool: "all" });
  assert.ok(!(o instanceof Promise));
  const r = o as Exclude<typeof o, Promise<unknown>>;
  assert.deepEqual(r.labels, ["a", "b"]);
  assert.ok(r.ci && r.ci.lower[1] <= r.values[1] + 1e-12 && r.values[1] <= r.ci.upper[1] + 1e-12);
  assert.equal(r.provenance.seed, 1);
  const j = signatureKind.compute({ signatures: join(dir, "sigs.json") + "," + join(dir, "a.json"), setMeasure: "jaccard" }) as typeof r;
  assert.equal(j.values[1], 1 / 4);
  assert.throws(() => readSignatures([join(dir, "a.json"), join(dir, "a.json")]), InputError);
  assert.throws(() => signatureKind.compute({ features: join(dir, "x.csv"), signatures: join(dir, "x.csv") }), InputError);
});

test("semantic kind handler on real questions (LSA, few resamples)", async () => {
  const r = await semanticKind.compute({ questions: "^(gsm8k|humaneval|bbh_navigate)$", resamples: "20", seed: "2", lsaDim: "20", maxTokens: "128" });
  assert.deepEqual(r.labels, ["bbh_navigate", "gsm8k", "humaneval"]);
  assert.equal((r.provenance.params.embedder as { name: string }).name, "tfidf-lsa");
  assert.ok(r.ci && r.ci.lower[1] <= r.values[1]);
  const j = JSON.parse(overlapJson(r));
  assert.deepEqual(Object.keys(j), ["labels", "values", "provenance", "ci"]);
  assert.equal(j.values.length, 3);
  assert.equal(j.ci.upper[0][1], r.ci.upper[1]);
  await assert.rejects(async () => semanticKind.compute({ questions: "^nothing$" }), InputError);
});

test("performance-pc1 kind on the real Sloth table: PC1 dominates and partialling lowers the correlations", async () => {
  const r = await performancePc1Kind.compute({ scores: join(__dirname, "..", "..", "data", "scores", "sloth-v2.csv"), benchmarks: "^mmlu_" });
  const n = r.labels.length;
  assert.ok(n >= 50, String(n));
  const ve = r.provenance.params.varianceExplained as number;
  assert.ok(ve > 0.5 && ve < 1, String(ve));
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += r.values[i * n + j];
  assert.ok(Math.abs(s / ((n * (n - 1)) / 2)) < 0.2, `mean partial correlation ${s / ((n * (n - 1)) / 2)}`);
});
