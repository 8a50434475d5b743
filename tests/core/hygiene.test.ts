import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const SRC = join(__dirname, "..", "..", "src");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith(".ts")) out.push(p);
  }
  return out;
}

test("src/ never calls Math.random: every random choice goes through a seeded createRng", () => {
  const offenders = sources(SRC).filter((f) => /Math\.random\s*\(/.test(readFileSync(f, "utf8")));
  assert.deepEqual(offenders, []);
});

test("src/ never turns on remote model downloads except behind an explicit allowRemote option", () => {
  const offenders = sources(SRC).filter((f) => /allowRemoteModels\s*=\s*true/.test(readFileSync(f, "utf8")));
  assert.deepEqual(offenders, []);
});
