import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { screen } from "../../src/stats/screening";
import { forwardSelect } from "../../src/selection/forward";
import { forwardSelector, leaveOneModelOut } from "../../src/selection/loocv";
import { glmnetGaussian, sklearnLasso } from "../../src/selection/lasso";
import { loadGolden, toMatrix, type StepGoldenCase } from "./golden";

const golden = loadGolden<{ cases: StepGoldenCase[] }>("step.json");
const A = golden.cases.find((c) => c.name === "long-path-aic")!;
const BIC = golden.cases.find((c) => c.name === "long-path-bic")!;

const dir = mkdtempSync(join(tmpdir(), "bsig-select-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function writeCsv(name: string, header: string[], rows: (string | number)[][]): string {
  const path = join(dir, name);
  writeFileSync(path, [header.join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n");
  return path;
}
const models = A.X.map((_, i) => `model_${i + 1}`);
const featuresPath = writeCsv("features.csv", ["model", ...A.cols], A.X.map((r, i) => [models[i], ...r.map(String)]));
const scoresPath = writeCsv("scores.csv", ["model", "bench", "other"], A.y.map((v, i) => [models[i], String(v), "0.5"]));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

test("bsig select reproduces R's step() path from CSV files (AIC, min-residual-df 0)", async () => {
  const r = await cli(["select", "--features", featuresPath, "--scores", scoresPath, "--benchmark", "bench", "--min-residual-df", "0", "--format", "json"]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j).slice(0, 5), ["criterion", "benchmark", "selected", "steps", "stoppedBecause"]);
  assert.equal(j.criterion, "aic");
  assert.deepEqual(j.selected, A.selected);
  assert.equal(j.stoppedBecause, "no-improvement");
  assert.equal(j.steps.length, A.path.length);
  j.steps.forEach((s: { added: string | null; aic: number; edf: number }, k: number) => {
    assert.equal(s.added, A.path[k].added ?? null);
    assert.equal(s.edf, A.path[k].edf);
    assert.ok(Math.abs(s.aic - A.path[k].aic) <= 1e-8 * Math.abs(A.path[k].aic));
  });
  assert.equal(j.provenance.params.minResidualDf, 0);
  assert.ok(j.provenance.dataHashes[featuresPath].length === 64);
});

test("bsig select --criterion bic matches step(k = log n); --max-steps stops with max-steps", async () => {
  const r = await cli(["select", "--features", featuresPath, "--scores", scoresPath, "--benchmark", "bench", "--criterion", "bic", "--min-residual-df", "0"]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).selected, BIC.selected);
  const m = JSON.parse((await cli(["select", "--features", featuresPath, "--scores", scoresPath, "--benchmark", "bench", "--max-steps", "3"])).out);
  assert.equal(m.stoppedBecause, "max-steps");
  assert.deepEqual(m.selected, A.selected.slice(0, 3));
});

test("bsig select default min-residual-df is 10", async () => {
  const j = JSON.parse((await cli(["select", "--features", featuresPath, "--scores", scoresPath, "--benchmark", "bench"])).out);
  assert.equal(j.provenance.params.minResidualDf, 10);
  assert.ok(j.steps[j.steps.length - 1].edf <= A.n - 10);
});

test("bsig select with screening selects only among the screened candidates", async () => {
  const args = ["select", "--features", featuresPath, "--scores", scoresPath, "--benchmark", "bench", "--screen-method", "spearman", "--screen-ratio", "0.2", "--min-residual-df", "0"];
  const floor = JSON.parse((await cli(args)).out);
  assert.equal(floor.nCandidates, 40, "the default floor max(2m, 50) = 128 keeps all 40 features");
  assert.deepEqual(floor.selected, A.selected);
  const j = JSON.parse((await cli([...args, "--screen-min-candidates", "0"])).out);
  assert.equal(j.nCandidates, 16, "2 tails x floor(0.2 x 40)");
  const X = toMatrix(A.X, A.cols);
  const kept = new Set(Array.from(screen(X.values, A.n, [{ name: "bench", values: A.y }], "spearman", { ratio: 0.2, minCandidates: 0 })[0].tails.kept, (c) => A.cols[c]));
  assert.ok(j.selected.length > 0);
  for (const f of j.selected) assert.ok(kept.has(f), `${f} was screened out`);
  const ref = forwardSelect(X, A.y, { candidates: Array.from(kept, (f) => A.cols.indexOf(f)).sort((a, b) => a - b), minResidualDf: 0 });
  assert.deepEqual(j.selected, ref.selected);
  assert.deepEqual(j.provenance.params.screen, { method: "spearman", ratio: 0.2, minCandidates: 0 });
});

test("bad input: one line naming the file and the problem, exit 2, nothing on stdout", async () => {
  const bad = writeCsv("bad.csv", ["model", "f1", "f2"], [["a", "1", "x"], ["b", "2", "3"], ["c", "3", "4"]]);
  const dup = writeCsv("dup.csv", ["model", "f1"], [["a", "1"], ["a", "2"], ["c", "3"]]);
  const empty = writeCsv("empty.csv", ["model", "f1"], [["a", "1"], ["b", ""], ["c", "3"]]);
  const inf = writeCsv("inf.csv", ["model", "f1"], [["a", "1"], ["b", "Inf"], ["c", "3"]]);
  const two = writeCsv("two.csv", ["model", "f1"], [["model_1", "1"], ["model_2", "2"]]);
  const twoScores = writeCsv("two-scores.csv", ["model", "bench"], [["model_1", "1"], ["model_2", "2"]]);
  const holes = writeCsv("holes.csv", ["model", "bench"], A.y.map((v, i) => [models[i], i === 5 ? "" : String(v)]));
  const stranger = writeCsv("stranger.csv", ["model", "f1"], [["model_1", "1"], ["zzz", "2"], ["model_3", "3"]]);
  const cases: [string[], RegExp][] = [
    [["--features", bad, "--scores", scoresPath, "--benchmark", "bench"], /bad\.csv: line 2, column 'f2' \(model 'a'\): cell 'x' is not a number/],
    [["--features", dup, "--scores", scoresPath, "--benchmark", "bench"], /dup\.csv: line 3: duplicate model 'a'/],
    [["--features", empty, "--scores", scoresPath, "--benchmark", "bench"], /empty\.csv: line 3, column 'f1' \(model 'b'\): empty cell/],
    [["--features", inf, "--scores", scoresPath, "--benchmark", "bench"], /inf\.csv: .*infinite/],
    [["--features", two, "--scores", twoScores, "--benchmark", "bench"], /two\.csv: only 2 models/],
    [["--features", featuresPath, "--scores", holes, "--benchmark", "bench"], /holes\.csv: model 'model_6' has no score for benchmark 'bench'/],
    [["--features", stranger, "--scores", scoresPath, "--benchmark", "bench"], /stranger\.csv: models differ .*'zzz'/],
    [["--features", featuresPath, "--scores", scoresPath, "--benchmark", "nope"], /scores\.csv: benchmark 'nope' is not in the score table/],
    [["--features", featuresPath, "--scores", scoresPath, "--benchmark", "other"], /same score for every model/],
    [["--features", join(dir, "missing.csv"), "--scores", scoresPath, "--benchmark", "bench"], /missing\.csv: file not found/],
    [["--features", featuresPath, "--scores", scoresPath, "--benchmark", "bench", "--criterion", "cp"], /--criterion must be/],
    [["--features", featuresPath, "--scores", scoresPath, "--benchmark", "bench", "--screen-ratio", "2"], /--screen-ratio must be/],
    [["--features", featuresPath, "--scores", scoresPath, "--benchmark", "bench", "--max-steps", "-1"], /--max-steps must be/],
  ];
  for (const [args, re] of cases) {
    const r = await cli(["select", ...args]);
    assert.equal(r.code, 2, `${args.join(" ")} -> ${r.err}`);
    assert.equal(r.out, "");
    assert.match(r.err, re);
    assert.equal(r.err.trim().split("\n").length, 1);
  }
});

test("bsig select reads a feature-matrix folder (manifest.json + columns.txt + values.f32)", async () => {
  const folder = join(dir, "fm");
  mkdirSync(folder);
  const f32 = Float32Array.from(A.X.flat());
  writeFileSync(join(folder, "values.f32"), Buffer.from(f32.buffer));
  writeFileSync(join(folder, "columns.txt"), A.cols.join("\n") + "\n");
  writeFileSync(join(folder, "manifest.json"), JSON.stringify({ format: "bsig-feature-matrix", version: 1, rows: models, nCols: A.cols.length, dtype: "float32", measure: "nll-last-token-nats", columnsFile: "columns.txt", valuesFile: "values.f32", sha256: {}, provenance: {} }));
  const r = await cli(["select", "--features", folder, "--scores", scoresPath, "--benchmark", "bench", "--max-steps", "8"]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const ref = forwardSelect({ rows: models, cols: A.cols, values: f32 }, A.y, { maxSteps: 8 });
  assert.deepEqual(j.selected, ref.selected);
  assert.equal(j.provenance.params.measure, "nll-last-token-nats");
});

test("bsig select --loocv reports leave-one-model-out CV with screening and selection re-run per fold", async () => {
  const r = await cli(["select", "--features", featuresPath, "--scores", scoresPath, "--benchmark", "bench", "--max-steps", "6",
    "--screen-method", "pearson", "--screen-ratio", "0.25", "--screen-min-candidates", "0", "--loocv"]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const X = toMatrix(A.X, A.cols);
  X.rows = models;
  const ref = leaveOneModelOut(X, A.y, { screenOptions: { method: "pearson", ratio: 0.25, minCandidates: 0 }, select: forwardSelector({ maxSteps: 6 }) });
  assert.equal(j.loocv.folds.length, A.n);
  assert.ok(Math.abs(j.loocv.r2Loo - ref.r2Loo) < 1e-12);
  assert.deepEqual(j.loocv.folds.map((f: { selected: string[] }) => f.selected), ref.folds.map((f) => f.selected));
  assert.ok(j.loocv.folds.every((f: { nCandidates: number }) => f.nCandidates === 20));
  assert.ok(j.loocv.r2Loo > 0.3, `R2_loo ${j.loocv.r2Loo}`); // 0.459 here: 6 of the 12 true features at most
  assert.equal(j.provenance.params.loocv, true);
});

test("bsig select --method glmnet | sklearn | random give the API's fits", async () => {
  const base = ["select", "--features", featuresPath, "--scores", scoresPath, "--benchmark", "bench"];
  const X = toMatrix(A.X, A.cols);
  const g = JSON.parse((await cli([...base, "--method", "glmnet", "--penalty", "0.2", "--l1-ratio", "0.5"])).out);
  const [ref] = glmnetGaussian(X, A.y, 0.2, { alpha: 0.5 });
  assert.equal(g.method, "glmnet");
  assert.equal(g.steps, undefined);
  assert.deepEqual(g.selected, A.cols.filter((_, j) => ref.beta[j] !== 0));
  assert.ok(Math.abs(g.coefficients.intercept - ref.a0) < 1e-12);
  const s = JSON.parse((await cli([...base, "--method", "sklearn"])).out);
  const sref = sklearnLasso(X, A.y, { alpha: 0.01 });
  assert.deepEqual(s.selected, Array.from(sref.selectedColumns, (j) => A.cols[j]));
  assert.equal(s.provenance.params.alpha, 0.01);
  const r1 = JSON.parse((await cli([...base, "--method", "random", "--k", "5", "--seed", "7"])).out);
  const r2 = JSON.parse((await cli([...base, "--method", "random", "--k", "5", "--seed", "7"])).out);
  assert.equal(r1.selected.length, 5);
  assert.deepEqual(r1.selected, r2.selected);
  assert.equal(r1.provenance.seed, 7);
  const bad = await cli([...base, "--method", "glmnet"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /needs --penalty/);
  const bad2 = await cli([...base, "--method", "ridge"]);
  assert.match(bad2.err, /--method must be one of/);
});
