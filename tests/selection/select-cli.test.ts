import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { screen } from "../../src/stats/screening";
import { forwardSelect } from "../../src/selection/forward";
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
  const stranger = writeCsv("stranger.csv", ["model", "f1"], [["model_1", "1"], ["zzz", "2"], ["model_3", "3"]]);
  const cases: [string[], RegExp][] = [
    [["--features", bad, "--scores", scoresPath, "--benchmark", "bench"], /bad\.csv: line 2, column 'f2' \(model 'a'\): cell 'x' is not a number/],
    [["--features", dup, "--scores", scoresPath, "--benchmark", "bench"], /dup\.csv: line 3: duplicate model 'a'/],
    [["--features", empty, "--scores", scoresPath, "--benchmark", "bench"], /empty\.csv: row 2 \(model 'b'\), column 'f1': empty cell/],
    [["--features", inf, "--scores", scoresPath, "--benchmark", "bench"], /inf\.csv: .*infinite/],
    [["--features", two, "--scores", scoresPath, "--benchmark", "bench"], /two\.csv: only 2 models/],
    [["--features", stranger, "--scores", scoresPath, "--benchmark", "bench"], /scores\.csv: model 'zzz' .* is not in the score table/],
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
