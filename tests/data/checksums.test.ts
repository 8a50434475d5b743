import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { sha256File } from "../../src/core/hash";

// data/SHA256SUMS is plain `sha256sum` output (hash, two spaces or " *", path relative to data/).
// Every listed file must exist with that hash, and every file under data/ must be listed, except
// data/README.md and files named SHA256SUMS (checksum lists themselves).
const DATA = join(__dirname, "..", "..", "data");
const SUMS = join(DATA, "SHA256SUMS");

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(relative(DATA, p).split(sep).join("/"));
  }
  return out;
}

function parseSums(text: string): Map<string, string> {
  const m = new Map<string, string>();
  text.split("\n").forEach((line, k) => {
    if (line.trim() === "") return;
    const r = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    assert.ok(r, `SHA256SUMS line ${k + 1} is not 'HASH  path': ${line}`);
    assert.ok(!m.has(r![2]), `SHA256SUMS line ${k + 1}: ${r![2]} listed twice`);
    assert.ok(!r![2].startsWith("./") && !r![2].startsWith("/"), `SHA256SUMS line ${k + 1}: path must be relative to data/ without ./`);
    m.set(r![2], r![1]);
  });
  return m;
}

test("every file listed in data/SHA256SUMS exists and has the listed sha256", () => {
  const sums = parseSums(readFileSync(SUMS, "utf8"));
  assert.ok(sums.size > 0);
  const bad: string[] = [];
  for (const [path, hash] of sums) {
    const p = join(DATA, path);
    if (!existsSync(p)) { bad.push(`${path}: listed but missing`); continue; }
    const actual = sha256File(p);
    if (actual !== hash) bad.push(`${path}: sha256 ${actual}, listed ${hash}`);
  }
  assert.deepEqual(bad, []);
});

test("every file under data/ is listed in data/SHA256SUMS (except README.md and SHA256SUMS files)", () => {
  const sums = parseSums(readFileSync(SUMS, "utf8"));
  const unlisted = listFiles(DATA).filter((f) => f !== "README.md" && !/(^|\/)SHA256SUMS$/.test(f) && !sums.has(f));
  assert.deepEqual(unlisted, [], `add them with: cd data && sha256sum ${unlisted.join(" ")} >> SHA256SUMS`);
});

test("the carried Sloth file is byte-identical to upstream commit 6dc6bb3 (hash recorded at copy time)", () => {
  assert.equal(sha256File(join(DATA, "scores", "sloth", "data_v2.csv")), "528d08d7bc04dc71a73d42ea0a1041396616505b53a140052828104afe0c6f39");
});
