import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { readCorpus } from "../../src/corpus/read";
import { planScoring, unitOptions } from "../../src/corpus/plan";
import { loadCausalLM } from "../../src/perplexity/model";
import { scoreCorpus } from "../../src/perplexity/engine";
import { readLogprobTable, writeLogprobTable, type LogprobTable } from "../../src/io/logprob-table";
import { verifyCache } from "../../src/cache/store";

const MODEL = join(__dirname, "..", "fixtures", "models", "tiny-bpe");
const CORPUS = join(__dirname, "..", "fixtures", "corpus", "small");

/** Every file under `dir` with its size and modification time (what a run that writes nothing leaves alone). */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f), st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.push(`${relative(dir, p)} ${st.size} ${st.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

function bytesOf(t: LogprobTable): Buffer[] {
  return [t.nllSum, t.nllLast, t.nTokens, t.nBytes, t.chunkNllMean, t.chunkNTokens].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
}

test("a cache entry is its committed shards: the returned table is what its folder reads back, a hit writes nothing, a damaged shard is recomputed", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "bsig-entry-"));
  const lm = await loadCausalLM(MODEL);
  try {
    const plan = planScoring(await readCorpus(CORPUS), unitOptions({ context: 4 }));
    const cacheDir = join(tmp, "cache");
    const first = await scoreCorpus(lm, plan, { cacheDir, shardChunks: 3 });
    assert.ok(first.computedShards >= 3, `want several shards, got ${first.computedShards}`);
    assert.equal(first.reusedShards, 0);
    // The table returned is exactly what the written table folder reads back as.
    writeLogprobTable(join(tmp, "out"), first.table);
    assert.deepStrictEqual(first.table, readLogprobTable(join(tmp, "out")));
    // The entry holds entry.json and the shards, nothing else.
    const entry = join(cacheDir, "scores", first.key);
    assert.deepEqual(readdirSync(entry).sort(), ["entry.json", "shards"]);
    assert.equal(readdirSync(join(entry, "shards")).length, 2 * first.computedShards);
    // A hit: same table, nothing written.
    const before = listing(cacheDir);
    const hit = await scoreCorpus(lm, plan, { cacheDir, shardChunks: 3 });
    assert.equal(hit.computedShards, 0);
    assert.equal(hit.reusedShards, first.computedShards);
    assert.deepStrictEqual(hit.table, first.table);
    assert.deepEqual(bytesOf(hit.table), bytesOf(first.table));
    assert.deepEqual(listing(cacheDir), before);
    // A truncated shard fails its sha256 and only that shard is computed again, to the same bytes.
    truncateSync(join(entry, "shards", "shard-000001.bin"), 8);
    const mended = await scoreCorpus(lm, plan, { cacheDir, shardChunks: 3 });
    assert.equal(mended.computedShards, 1);
    assert.deepEqual(bytesOf(mended.table), bytesOf(first.table));
    assert.deepEqual(verifyCache(cacheDir).problems, []);
  } finally {
    await lm.dispose();
    rmSync(tmp, { recursive: true, force: true });
  }
});
