import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../src/core/errors";
import { sha256 } from "../../src/core/hash";
import { barFigure } from "../../src/figures/bar";
import { decodePng, distinctColours } from "../../src/render/png";
import { runStudy } from "../../src/study/runner";
import { studyProfile, STUDY_PROFILES } from "../../src/study/profiles";
import { dataInventory, dataStep } from "../../src/study/data-step";
import type { StudyStep } from "../../src/study/types";
import { runCli } from "../../src/cli/main";
import { studyCommand } from "../../src/cli/commands/study";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "bsig-study-"));
}

const alpha: StudyStep = {
  id: "alpha",
  title: "Alpha chapter",
  async run(ctx) {
    ctx.log("computing");
    return {
      headline: { median: 0.5, values: Float64Array.of(1, 2), missing: NaN, profile: ctx.profile.name },
      figures: [{ id: "bars", spec: barFigure([{ label: "a", value: 1 }, { label: "b", value: 2 }], { title: "Alpha bars" }), caption: "Two bars." }],
      prose: "Alpha says **hello**.",
      tables: [{ caption: "t", columns: ["x"], rows: [[1]] }],
    };
  },
};
const beta: StudyStep = { id: "beta", title: "Beta chapter", run: async () => ({ headline: { n: 3 } }) };

test("runStudy writes each step's JSON, figure specs, PNGs, the report and study.json, with progress lines", async () => {
  const dir = tempDir();
  const lines: string[] = [];
  try {
    const summary = await runStudy([alpha, beta], { profile: studyProfile("smoke"), outDir: dir, log: (l) => lines.push(l) });
    const a = JSON.parse(readFileSync(join(dir, "alpha.json"), "utf8"));
    assert.deepEqual(a.headline, { median: 0.5, values: [1, 2], missing: null, profile: "smoke" });
    assert.equal(a.step, "alpha");
    assert.equal(a.profile, "smoke");
    assert.equal(a.prose, "Alpha says **hello**.");
    assert.deepEqual(a.figures, [{ id: "bars", spec: "figures/alpha-bars.json", png: "figures/alpha-bars.png", caption: "Two bars." }]);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "figures/alpha-bars.json"), "utf8")).layout.title.text, "Alpha bars");
    const img = decodePng(readFileSync(join(dir, "figures/alpha-bars.png")));
    assert.ok(distinctColours(img) > 20, "the PNG looks blank");
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "beta.json"), "utf8")).headline, { n: 3 });
    const html = readFileSync(join(dir, "report.html"), "utf8");
    assert.ok(html.includes("<h2>Alpha chapter</h2>") && html.includes("<h2>Beta chapter</h2>"), "both sections in the report");
    assert.ok(html.includes('id="fig-alpha-bars"'), "figure in the report");
    assert.ok(html.includes("Alpha says <strong>hello</strong>."), "prose in the report");
    const study = JSON.parse(readFileSync(join(dir, "study.json"), "utf8"));
    assert.deepEqual(study.steps.map((s: { id: string }) => s.id), ["alpha", "beta"]);
    assert.equal(study.png, true);
    assert.equal(summary.steps.length, 2);
    assert.equal(lines[0], "study[smoke] 1/2 alpha: Alpha chapter ...");
    assert.equal(lines[1], "study[smoke] 1/2 alpha: computing");
    assert.match(lines[2], /^study\[smoke\] 1\/2 alpha: done in \d+\.\d s \(1 figure, PNG in \d+\.\d s\)$/);
    assert.match(lines[4], /^study\[smoke\] 2\/2 beta: done in \d+\.\d s \(0 figures\)$/);
    assert.match(lines[5], /^study\[smoke\]: 2 steps done; report /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--no-png: specs and report are written, no PNG and no browser", async () => {
  const dir = tempDir();
  try {
    await runStudy([alpha], {
      profile: studyProfile("default"), outDir: dir, png: false, log: () => undefined,
      launch: async () => { throw new Error("the browser must not start"); },
    });
    assert.ok(existsSync(join(dir, "figures/alpha-bars.json")));
    assert.ok(!existsSync(join(dir, "figures/alpha-bars.png")));
    assert.equal(JSON.parse(readFileSync(join(dir, "alpha.json"), "utf8")).figures[0].png, null);
    assert.ok(existsSync(join(dir, "report.html")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a failing step stops the study: earlier steps' files stay, no report, the error names the step", async () => {
  const dir = tempDir();
  const lines: string[] = [];
  const boom: StudyStep = { id: "boom", title: "Boom", run: async () => { throw new Error("kaput"); } };
  try {
    await assert.rejects(runStudy([beta, boom, alpha], { profile: studyProfile("smoke"), outDir: dir, png: false, log: (l) => lines.push(l) }), /study step 'boom' failed: kaput/);
    assert.ok(existsSync(join(dir, "beta.json")));
    assert.ok(!existsSync(join(dir, "alpha.json")));
    assert.ok(!existsSync(join(dir, "report.html")));
    assert.ok(lines.includes("study[smoke] 2/3 boom: FAILED: kaput"));
    // an InputError reaches the CLI unchanged (one line, exit 2)
    const bad: StudyStep = { id: "bad", title: "Bad", run: async () => { throw new InputError("data/x.csv", "row 3: not a number"); } };
    await assert.rejects(runStudy([bad], { profile: studyProfile("smoke"), outDir: dir, png: false, log: () => undefined }), (e: unknown) => e instanceof InputError && /row 3/.test((e as Error).message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bad step or figure ids are rejected", async () => {
  const dir = tempDir();
  try {
    await assert.rejects(runStudy([beta, beta], { profile: studyProfile("smoke"), outDir: dir, png: false, log: () => undefined }), /'beta' is used twice/);
    await assert.rejects(runStudy([{ ...beta, id: "Bad Id" }], { profile: studyProfile("smoke"), outDir: dir, png: false, log: () => undefined }), /'Bad Id' must be/);
    assert.ok(!existsSync(join(dir, "beta.json")), "nothing runs when the step list is invalid");
    const badFig: StudyStep = { id: "f", title: "F", run: async () => ({ headline: {}, figures: [{ id: "x/y", spec: barFigure([]) }] }) };
    await assert.rejects(runStudy([badFig], { profile: studyProfile("smoke"), outDir: dir, png: false, log: () => undefined }), /figure id 'x\/y'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("profiles: default and smoke exist; an unknown one is an input error naming the known ones", () => {
  assert.deepEqual(Object.keys(STUDY_PROFILES), ["default", "smoke"]);
  assert.equal(studyProfile("smoke").smoke, true);
  assert.equal(studyProfile("default").smoke, false);
  assert.throws(() => studyProfile("full"), /unknown profile 'full' \(known: default, smoke\)/);
});

test("bsig study: unknown profile exits 2 with one line; --help lists the options", async () => {
  let err = "", out = "";
  const io = { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } };
  assert.equal(await runCli(["study", "--profile", "nope"], io), 2);
  assert.equal(err, "bsig: --profile: unknown profile 'nope' (known: default, smoke)\n");
  err = "";
  assert.equal(await runCli(["study", "--help"], io), 0);
  for (const opt of ["--profile", "--out", "--no-png"]) assert.ok(out.includes(opt), `help lacks ${opt}`);
});

test("studyCommand runs the given steps into --out and lists the files on stdout, progress on stderr", async () => {
  const dir = tempDir();
  let err = "", out = "";
  try {
    await studyCommand({ out: (t) => { out += t; }, err: (t) => { err += t; } }, { profile: "smoke", out: dir, png: false }, [beta]);
    assert.match(out, /^beta\.json\t\d+\.\d s\t0 figures\n/);
    assert.ok(out.endsWith(`${dir}/report.html\n`));
    assert.match(err, /study\[smoke\] 1\/1 beta: Beta chapter \.\.\./);
    assert.ok(existsSync(join(dir, "beta.json")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the data step lists every file under data/ with its size and sha256, sorted", async () => {
  const root = tempDir();
  try {
    mkdirSync(join(root, "data/scores"), { recursive: true });
    writeFileSync(join(root, "data/b.csv"), "model,x\n");
    writeFileSync(join(root, "data/scores/a.csv"), "abc");
    writeFileSync(join(root, "data/.hidden"), "skip me");
    assert.deepEqual(dataInventory(join(root, "data"), root), [
      { path: "data/b.csv", bytes: 8, sha256: sha256("model,x\n") },
      { path: "data/scores/a.csv", bytes: 3, sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    ]);
    const r = await dataStep.run({ profile: studyProfile("smoke"), outDir: root, repoRoot: root, log: () => undefined });
    assert.deepEqual(r.headline, { files: 2, totalBytes: 11, folders: 2 });
    assert.deepEqual(r.tables?.[0].rows, [["data", 1, 8], ["data/scores", 1, 3]]);
    assert.equal(r.provenance?.dataHashes["data/scores/a.csv"], sha256("abc"));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
