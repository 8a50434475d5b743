// The committed WebAssembly kernel is a fresh compile of its source (src/perplexity/logsumexp.wat), by the committed
// build script with the pinned wabt.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

test("logsumexp-wasm.ts is what tools/wasm/build.js compiles from logsumexp.wat", () => {
  const root = resolve(__dirname, "..", "..");
  const r = spawnSync(process.execPath, [join(root, "tools", "wasm", "build.js"), "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});
