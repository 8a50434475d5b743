import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { resolveCacheDir } from "../../src/cache/store";
import { DEFAULT_PROFILE, SMOKE_PROFILE } from "../../src/zoo/profiles";
import { buildWildPool, pieceOrigins } from "../../src/zoo/wild-pool";
import { loadZooData, prepareZooData, zooDataIsCurrent } from "../../src/zoo/zoo-data";
import { splitPieces } from "../../src/corpus/pieces";
import { planScoring, unitOptions } from "../../src/corpus/plan";

const root = join(__dirname, "..", "..");
const fixture = join(root, "tests", "fixtures", "zoo-smoke");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)).map((f) => join(n, f)) : [n])).sort();
}

test("the wild pool is balanced: every domain and half gives exactly the profile's pieces, halves disjoint", () => {
  for (const profile of [SMOKE_PROFILE, DEFAULT_PROFILE]) {
    const pool = buildWildPool(profile, root);
    assert.equal(pool.corpus.nPieces, 2 * profile.wildPiecesPerDomainPerHalf * profile.domains.length);
    const count = new Map<string, number>();
    pool.corpus.documents.forEach((d, i) => {
      const k = `${pool.docDomain[i]}/${pool.docHalf[i]}`;
      count.set(k, (count.get(k) ?? 0) + splitPieces(d.text).starts.length);
    });
    assert.equal(count.size, 2 * profile.domains.length);
    for (const [k, n] of count) assert.equal(n, profile.wildPiecesPerDomainPerHalf, k);
    const ids = pool.corpus.documents.map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length, "no document is in both halves");
    assert.equal(buildWildPool(profile, root).corpus.hash, pool.corpus.hash, "deterministic");
  }
});

test("pieceOrigins names each piece's domain and half; an unknown piece is an error", () => {
  const pool = buildWildPool(SMOKE_PROFILE, root);
  const plan = planScoring(pool.corpus, unitOptions({ context: 30 }));
  const o = pieceOrigins(pool, plan.pieceIds);
  assert.equal(o.domain.length, plan.pieceIds.length);
  assert.ok(plan.pieceIds.every((id, j) => id.startsWith(`${o.domain[j]}-`)), "document ids are <domain>-<source id>");
  assert.deepEqual([...new Set(o.half)].sort(), ["wild-a", "wild-b"]);
  assert.throws(() => pieceOrigins(pool, ["nope:1"]), /not in the wild pool/);
});

test("prepareZooData(smoke) scores all 40 models on the pool and the benchmarks and reproduces the committed fixture byte for byte", { timeout: 1_200_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), "bsig-zoo-data-"));
  try {
    const z = await prepareZooData(SMOKE_PROFILE, { repoRoot: root, outDir: out, cacheDir: resolveCacheDir(join(root, ".cache", "bsig")) });
    assert.equal(z.models.length, 40);
    assert.equal(z.features.sum.rows.length, 40);
    assert.equal(z.pieces.length + z.dropped.pieces, 480);
    assert.equal(z.scores.cols.length, 38);
    const want = files(join(fixture, "zoo-data")), got = files(join(out, "zoo-data"));
    assert.deepEqual(got, want);
    for (const f of want) {
      assert.ok(readFileSync(join(out, "zoo-data", f)).equals(readFileSync(join(fixture, "zoo-data", f))), `${relative(root, join(fixture, "zoo-data", f))} differs from a fresh run`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("loadZooData reads the fixture: rows are models, columns aligned across units, pieces carry domain and context", () => {
  const z = loadZooData(fixture);
  assert.deepEqual(z.features.sum.rows, z.models);
  assert.deepEqual(z.features.last.cols, z.features.sum.cols);
  assert.deepEqual(z.features.bpb.cols, z.features.sum.cols);
  assert.deepEqual(z.pieces.map((p) => p.id), z.features.sum.cols);
  assert.ok(z.pieces.every((p) => p.text.length > 0 && !/\s/.test(p.text)));
  assert.equal(z.exposure.shares.length, z.models.length * z.exposure.domains.length);
  assert.deepEqual(z.scores.rows, z.models);
  assert.ok(z.benchmarks.every((b) => b.family && b.format && b.domains.length > 0));
  assert.ok(z.features.chunk.cols.length < z.features.sum.cols.length && z.features.document.cols.length < z.features.chunk.cols.length);
  assert.throws(() => loadZooData(join(root, "no-such-results")), /no zoo data here/);
});

test("zooDataIsCurrent: the committed fixture matches the committed zoo; an edited benchmark hash or model list makes it stale", () => {
  assert.equal(zooDataIsCurrent(SMOKE_PROFILE, root, fixture), true);
  const tmp = mkdtempSync(join(tmpdir(), "bsig-zoo-current-"));
  try {
    cpSync(join(fixture, "zoo-data"), join(tmp, "zoo-data"), { recursive: true });
    const metaPath = join(tmp, "zoo-data", "scores.meta.json");
    const meta = JSON.parse(readFileSync(metaPath, "utf8"));
    const first = Object.keys(meta.benchmarks)[0];
    meta.benchmarks[first].sha256 = "0".repeat(64);
    writeFileSync(metaPath, JSON.stringify(meta));
    assert.equal(zooDataIsCurrent(SMOKE_PROFILE, root, tmp), false);
    cpSync(join(fixture, "zoo-data", "scores.meta.json"), metaPath);
    assert.equal(zooDataIsCurrent(SMOKE_PROFILE, root, tmp), true);
    const modelsPath = join(tmp, "zoo-data", "models.json");
    const models = JSON.parse(readFileSync(modelsPath, "utf8"));
    models.meta[models.models[0]].steps += 1;
    writeFileSync(modelsPath, JSON.stringify(models));
    assert.equal(zooDataIsCurrent(SMOKE_PROFILE, root, tmp), false);
    assert.equal(zooDataIsCurrent(SMOKE_PROFILE, root, join(tmp, "missing")), false);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
