// Atomic writes: a file or a whole folder is either the old one or the complete new one, never half of either.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic, writeFileFlushed } from "../../src/core/atomic";
import { writeDirAtomic } from "../../src/io/atomic-dir";

test("writeDirAtomic writes every file (nested names too), replaces an old folder whole, and clears killed writers' leftovers", () => {
  const root = mkdtempSync(join(tmpdir(), "bsig-atomic-"));
  try {
    const dir = join(root, "table");
    writeDirAtomic(dir, { "a.txt": "one\n", "old.bin": Uint8Array.of(1, 2) });
    // what a killed writer leaves behind: a half-written partial folder and a not yet removed old one
    mkdirSync(join(root, ".table.partial-99999"));
    writeFileSync(join(root, ".table.partial-99999", "a.txt"), "ha");
    mkdirSync(join(root, ".table.old-99999"));
    writeDirAtomic(dir, { "a.txt": "two\n", "sub/b.bin": Uint8Array.of(7, 8, 9) }, { fsync: false });
    assert.deepEqual(readdirSync(dir).sort(), ["a.txt", "sub"]);
    assert.equal(readFileSync(join(dir, "a.txt"), "utf8"), "two\n");
    assert.deepEqual([...readFileSync(join(dir, "sub", "b.bin"))], [7, 8, 9]);
    assert.deepEqual(readdirSync(root), ["table"], "no partial, old or temporary entries remain");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("writeFileAtomic replaces a file through a renamed temporary; writeFileFlushed writes in place", () => {
  const root = mkdtempSync(join(tmpdir(), "bsig-atomic-"));
  try {
    const f = join(root, "deep", "x.json");
    writeFileAtomic(f, "{}\n");
    writeFileAtomic(f, Uint8Array.from(Buffer.from("[1]\n")), { fsync: false });
    assert.equal(readFileSync(f, "utf8"), "[1]\n");
    assert.deepEqual(readdirSync(join(root, "deep")), ["x.json"]);
    writeFileFlushed(join(root, "y.txt"), "y");
    assert.equal(readFileSync(join(root, "y.txt"), "utf8"), "y");
    assert.throws(() => writeFileFlushed(join(root, "no-such-folder", "z.txt"), "z"), /ENOENT/);
    assert.ok(!existsSync(join(root, "no-such-folder")));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
