import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isHubId } from "../../src/perplexity/model";
import { REAL_SMALL_PROFILE, zooProfile } from "../../src/zoo/profiles";

const root = join(__dirname, "..", "..");
const bsig = (args: string[]) => spawnSync(process.execPath, [join(root, "bin", "bsig.js"), ...args], { cwd: root, encoding: "utf8" });

test("the real-model recipe lists well-formed hub ids and uses the zoo's pool and benchmarks at a smaller size", () => {
  assert.ok(REAL_SMALL_PROFILE.hubModels && REAL_SMALL_PROFILE.hubModels.length >= 8);
  for (const id of REAL_SMALL_PROFILE.hubModels) assert.ok(isHubId(id) && id.includes("/"), id);
  assert.equal(new Set(REAL_SMALL_PROFILE.hubModels).size, REAL_SMALL_PROFILE.hubModels.length);
  assert.equal(zooProfile("real-small"), REAL_SMALL_PROFILE);
});

test("bsig zoo data --profile real-small refuses to download without --allow-remote: exit 2, one line, nothing written", () => {
  const out = mkdtempSync(join(tmpdir(), "bsig-real-"));
  try {
    const r = bsig(["zoo", "data", "--profile", "real-small", "--out", join(out, "res")]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /downloads 16 models from the Hugging Face hub .*--allow-remote/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.equal(existsSync(join(out, "res")), false);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("an unknown profile is a one-line error naming the known ones", () => {
  const r = bsig(["zoo", "data", "--profile", "nope"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown zoo profile "nope" \(known: default, smoke, real-small\)/);
});
