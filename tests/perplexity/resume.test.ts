import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "../../src/core/random";
import { verifyCache } from "../../src/cache/store";

const ROOT = join(__dirname, "..", "..");
const CHILD = join(__dirname, "cli-child.ts");
const MODEL = join(ROOT, "tests", "fixtures", "models", "tiny-bpe");
const CORPUS = join(ROOT, "tests", "fixtures", "corpus", "small");

interface RunResult { code: number | null; signal: string | null; stderr: string; killedAt: string | null }

/** Run `bsig score`; if `killOn` is given, SIGKILL the child `delayMs` after that trace event appears. */
function runScore(out: string, cache: string, killOn: string | null, delayMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, "score", "--model", MODEL, "--corpus", CORPUS,
      "--out", out, "--cache", cache, "--context", "2", "--shard-chunks", "1", "--batch-size", "4", "--progress", "none"],
    { cwd: ROOT, env: { ...process.env, BSIG_TEST_TRACE_MS: "15" }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "", killedAt: string | null = null;
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (killOn && killedAt === null && stderr.includes(`trace ${killOn}\n`)) {
        killedAt = killOn;
        setTimeout(() => child.kill("SIGKILL"), delayMs);
      }
    });
    child.stdout.resume();
    child.on("exit", (code, signal) => resolve({ code, signal, stderr, killedAt }));
  });
}

function committed(cache: string): number {
  const scores = join(cache, "scores");
  if (!existsSync(scores)) return 0;
  let n = 0;
  for (const k of readdirSync(scores)) {
    const sd = join(scores, k, "shards");
    if (existsSync(sd)) n += readdirSync(sd).filter((f) => /^shard-\d+\.json$/.test(f)).length;
  }
  return n;
}

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = readFileSync(join(dir, f)).toString("base64");
  return out;
}

test("a run SIGKILLed at >= 20 seeded moments (some mid-commit) resumes and ends byte-identical", { timeout: 600_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), "bsig-resume-"));
  try {
    const ref = await runScore(join(tmp, "ref"), join(tmp, "cache-ref"), null, 0);
    assert.equal(ref.code, 0, ref.stderr);
    const nShards = (ref.stderr.match(/trace shard-commit:/g) ?? []).length;
    assert.ok(nShards >= 20, `need many shards, got ${nShards}`);
    const rng = createRng(20260317);
    const out = join(tmp, "out"), cache = join(tmp, "cache");
    let kills = 0, midCommit = 0;
    for (let attempt = 0; attempt < 60 && kills < 22; attempt++) {
      const done = committed(cache);
      let event: string;
      if (done >= nShards) event = rng.int(2) === 0 ? "assembled" : "out";
      else {
        const s = done + rng.int(Math.min(3, nShards - done));
        event = rng.int(2) === 0 ? `shard-data:${s}` : `shard-commit:${s}`;
      }
      const delay = rng.int(25);
      const r = await runScore(out, cache, event, delay);
      if (r.signal === "SIGKILL") { kills++; if (event.startsWith("shard-data")) midCommit++; }
      else { assert.equal(r.code, 0, r.stderr); if (event === "out") break; }
    }
    assert.ok(kills >= 20, `only ${kills} kills landed`);
    assert.ok(midCommit >= 3, `only ${midCommit} kills between a shard's data write and its commit`);
    const fin = await runScore(out, cache, null, 0);
    assert.equal(fin.code, 0, fin.stderr);
    assert.deepEqual(filesOf(out), filesOf(join(tmp, "ref")));
    const v = verifyCache(cache);
    assert.deepEqual(v.problems, []);
    assert.equal(v.shards, nShards, "no shard lost or duplicated");
    const stray = readdirSync(tmp).filter((f) => f.includes(".partial-") || f.includes(".old-"));
    assert.deepEqual(stray, []);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
