import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../../src/core/errors";
import { sha256 } from "../../src/core/hash";
import { DOMAIN_IDS, loadDomain, type ZooDoc } from "../../src/zoo/domains";
import { buildSplitFiles, DEFAULT_SPLIT_SEED, DEFAULT_SPLIT_TARGETS, SPLIT_NAMES, splitDomain, splitSize, toJsonl, type DomainSplit, type SplitSummary } from "../../src/zoo/splits";
import { DEFAULT_PROFILE, SMOKE_PROFILE, wildPoolSize, zooProfile } from "../../src/zoo/profiles";
import { pieceTexts } from "../../src/zoo/text-clean";

const root = resolve(__dirname, "..", "..");
const splitsDir = join(root, "data", "zoo", "splits");

function synthetic(n: number, words: number, domain = "d"): ZooDoc[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${domain}-${i}`, domain, text: Array.from({ length: words }, (_, k) => `w${i}_${k}`).join(" ") }));
}

test("splitDomain: disjoint cover, targets reached, order kept, deterministic, seed-dependent", () => {
  const docs = synthetic(100, 10);
  const targets = { wildPiecesPerHalf: 50, benchPieces: 120, minTrainShare: 0.5 };
  const s = splitDomain(docs, 7, targets);
  const all = SPLIT_NAMES.flatMap((n) => s[n].map((d) => d.id));
  assert.equal(new Set(all).size, 100);
  assert.equal(splitSize(s["wild-a"]).pieces, 50);
  assert.equal(splitSize(s["wild-b"]).pieces, 50);
  assert.equal(splitSize(s.bench).pieces, 120);
  assert.equal(s.train.length, 78);
  for (const n of SPLIT_NAMES) {
    const idx = s[n].map((d) => Number(d.id.split("-")[1]));
    assert.deepEqual(idx, [...idx].sort((a, b) => a - b), `${n} keeps source order`);
  }
  assert.deepEqual(splitDomain(docs, 7, targets), s);
  assert.notDeepEqual(splitDomain(docs, 8, targets).bench.map((d) => d.id), s.bench.map((d) => d.id));
});

test("splitDomain refuses a domain too small for its held-out targets", () => {
  assert.throws(() => splitDomain(synthetic(10, 10), 1, { wildPiecesPerHalf: 30, benchPieces: 30, minTrainShare: 0.5 }), InputError);
  assert.throws(() => splitDomain([], 1, DEFAULT_SPLIT_TARGETS), InputError);
});

test("toJsonl writes one {id, domain, text} object per line", () => {
  assert.equal(toJsonl([{ id: "a", domain: "d", text: "x\ny" }]), '{"id":"a","domain":"d","text":"x\\ny"}\n');
  assert.equal(toJsonl([]), "");
});

test("profiles: default wild pool is balanced and within 30k-50k pieces; smoke is small", () => {
  assert.equal(wildPoolSize(DEFAULT_PROFILE), 36000);
  assert.ok(wildPoolSize(DEFAULT_PROFILE) >= 30000 && wildPoolSize(DEFAULT_PROFILE) <= 50000);
  assert.ok(wildPoolSize(SMOKE_PROFILE) < 1000);
  assert.equal(zooProfile("smoke"), SMOKE_PROFILE);
  assert.throws(() => zooProfile("huge"), InputError);
});

const summaryPath = join(splitsDir, "summary.json");
const haveSplits = existsSync(summaryPath);

test("committed splits: summary matches the files; ids disjoint; enough wild pieces for the default profile", { skip: !haveSplits }, () => {
  const summary = JSON.parse(readFileSync(summaryPath, "utf8")) as SplitSummary;
  assert.deepEqual(Object.keys(summary.domains), DOMAIN_IDS);
  assert.ok(DOMAIN_IDS.length >= 6);
  for (const d of DOMAIN_IDS) {
    const seen = new Set<string>();
    for (const n of SPLIT_NAMES) {
      const rel = `${d}/${n}.jsonl`;
      const text = readFileSync(join(splitsDir, rel), "utf8");
      assert.equal(sha256(text), summary.files[rel], `${rel} hash`);
      const docs = text.trim().split("\n").map((l) => JSON.parse(l) as ZooDoc);
      assert.deepEqual(splitSize(docs), summary.domains[d][n], `${rel} sizes`);
      for (const doc of docs) {
        assert.equal(doc.domain, d);
        assert.ok(!seen.has(doc.id), `${doc.id} appears in two splits`);
        seen.add(doc.id);
      }
      if (d === "wiki") assert.ok(!/<unk>|@-@|@,@|@\.@/.test(text), "WikiText artefacts left in wiki");
      if (d === "code") for (const doc of docs) assert.ok(pieceTexts(doc.text).every((p) => p.length <= 40), `overlong piece in ${doc.id}`);
    }
    for (const half of ["wild-a", "wild-b"] as const) {
      assert.ok(summary.domains[d][half].pieces >= DEFAULT_PROFILE.wildPiecesPerDomainPerHalf, `${d} ${half} too small for the default profile`);
    }
    assert.ok(summary.domains[d].train.pieces >= 0.5 * SPLIT_NAMES.reduce((a, n) => a + summary.domains[d][n].pieces, 0));
  }
});

test("committed splits are reproduced byte for byte from the sources", { skip: !haveSplits }, () => {
  const roots = { sources: join(root, "data", "zoo", "sources"), nodeModules: join(root, "node_modules") };
  const splits: Record<string, DomainSplit> = {};
  const hashes: Record<string, string> = {};
  for (const d of DOMAIN_IDS) {
    const docs = loadDomain(d, roots);
    hashes[`${d}:documents`] = sha256(toJsonl(docs));
    splits[d] = splitDomain(docs, DEFAULT_SPLIT_SEED, DEFAULT_SPLIT_TARGETS);
  }
  const { files } = buildSplitFiles(splits, DEFAULT_SPLIT_SEED, DEFAULT_SPLIT_TARGETS, hashes);
  for (const [rel, text] of files) {
    if (rel === "summary.json") continue;
    assert.equal(sha256(text), sha256(readFileSync(join(splitsDir, rel), "utf8")), `${rel} differs from a fresh rebuild`);
  }
  const committed = JSON.parse(readFileSync(summaryPath, "utf8")) as SplitSummary;
  const fresh = JSON.parse(files.get("summary.json")!) as SplitSummary;
  assert.deepEqual(fresh.files, committed.files);
  assert.deepEqual(fresh.provenance.dataHashes, committed.provenance.dataHashes);
});
