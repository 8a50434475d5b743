/**
 * Seeded document-level splits of each zoo domain into `train` (zoo pre-training), `wild-a` / `wild-b` (the two
 * disjoint halves of the in-the-wild scoring corpus) and `bench` (benchmark items). Pure core plus one writer.
 */
import { join } from "node:path";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import { writeFileAtomic, writeJsonAtomic } from "../core/atomic";
import { createRng, permutation } from "../core/random";
import { provenance, type Provenance } from "../core/provenance";
import type { ZooDoc } from "./domains";
import { pieceTexts } from "./text-clean";

/** The four split names, in file order. */
export const SPLIT_NAMES = ["train", "wild-a", "wild-b", "bench"] as const;
/** One split name. */
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Size targets (in whitespace pieces) of the held-out splits of every domain; the rest goes to `train`. */
export interface SplitTargets {
  /** Minimum pieces in each wild half. */
  wildPiecesPerHalf: number;
  /** Minimum pieces in the bench split. */
  benchPieces: number;
  /** The train split must keep at least this share of the domain's pieces. */
  minTrainShare: number;
}

/** Targets used for the committed splits: 2 x 3,200 wild pieces and 20,000 bench pieces per domain. */
export const DEFAULT_SPLIT_TARGETS: SplitTargets = { wildPiecesPerHalf: 3200, benchPieces: 20000, minTrainShare: 0.5 };

/** Seed used for the committed splits. */
export const DEFAULT_SPLIT_SEED = 20250927;

/** Size of one split. */
export interface SplitSize {
  documents: number;
  pieces: number;
  bytes: number;
}

/** The split of one domain. */
export type DomainSplit = Record<SplitName, ZooDoc[]>;

/**
 * Size of a list of documents: documents, whitespace pieces and UTF-8 bytes of the texts.
 * @example
 * splitSize([{ id: "a", domain: "d", text: "x yz" }]) // { documents: 1, pieces: 2, bytes: 4 }
 */
export function splitSize(docs: ZooDoc[]): SplitSize {
  let pieces = 0, bytes = 0;
  for (const d of docs) { pieces += pieceTexts(d.text).length; bytes += Buffer.byteLength(d.text, "utf8"); }
  return { documents: docs.length, pieces, bytes };
}

/**
 * The per-domain seed: the split seed plus a hash of the domain id, so adding a domain does not reshuffle others.
 * seed_d = (seed + first 8 hex digits of sha256(domain)) mod 2^31
 * @example
 * domainSeed(1, "wiki") === domainSeed(1, "wiki") // true
 */
export function domainSeed(seed: number, domain: string): number {
  return (seed + parseInt(sha256(domain).slice(0, 8), 16)) % 2 ** 31;
}

/**
 * Split one domain's documents by document: shuffle (seeded), then fill wild-a, wild-b and bench in turn until each
 * reaches its piece target; every remaining document goes to train. Each split keeps the source order.
 * Throws InputError if train would keep less than `minTrainShare` of the pieces.
 * @example
 * const s = splitDomain(docs, 7, { wildPiecesPerHalf: 100, benchPieces: 200, minTrainShare: 0.5 });
 * s.train.length + s["wild-a"].length + s["wild-b"].length + s.bench.length === docs.length // true
 */
export function splitDomain(docs: ZooDoc[], seed: number, targets: SplitTargets): DomainSplit {
  if (!docs.length) throw new InputError(null, "cannot split an empty domain");
  const domain = docs[0].domain;
  const order = permutation(docs.length, createRng(domainSeed(seed, domain)));
  const pieces = docs.map((d) => pieceTexts(d.text).length);
  const total = pieces.reduce((a, b) => a + b, 0);
  const assign = new Array<SplitName>(docs.length).fill("train");
  const goals: [SplitName, number][] = [["wild-a", targets.wildPiecesPerHalf], ["wild-b", targets.wildPiecesPerHalf], ["bench", targets.benchPieces]];
  let k = 0;
  for (const [name, goal] of goals) {
    let got = 0;
    while (got < goal && k < order.length) { assign[order[k]] = name; got += pieces[order[k]]; k++; }
  }
  const out: DomainSplit = { train: [], "wild-a": [], "wild-b": [], bench: [] };
  docs.forEach((d, i) => out[assign[i]].push(d));
  const trainPieces = out.train.reduce((a, d) => a + pieceTexts(d.text).length, 0);
  if (trainPieces < targets.minTrainShare * total) {
    throw new InputError(null, `domain ${domain}: train keeps ${trainPieces} of ${total} pieces, under the minimum share ${targets.minTrainShare}`);
  }
  return out;
}

/** The summary written next to the splits. */
export interface SplitSummary {
  format: "bsig-zoo-splits";
  version: 1;
  seed: number;
  targets: SplitTargets;
  domains: Record<string, Record<SplitName, SplitSize>>;
  files: Record<string, string>;
  provenance: Provenance;
}

/**
 * Serialise documents as JSONL, one `{id, domain, text}` object per line.
 * @example
 * toJsonl([{ id: "a", domain: "d", text: "t" }]) // '{"id":"a","domain":"d","text":"t"}\n'
 */
export function toJsonl(docs: ZooDoc[]): string {
  return docs.map((d) => JSON.stringify({ id: d.id, domain: d.domain, text: d.text })).join("\n") + (docs.length ? "\n" : "");
}

/**
 * Build every file of the split folder in memory: `<domain>/<split>.jsonl` and `summary.json`.
 * Returns a map from relative path to contents, plus the summary.
 * @example
 * const { files } = buildSplitFiles({ math: split }, 1, DEFAULT_SPLIT_TARGETS, {});
 * [...files.keys()] // ["math/train.jsonl", "math/wild-a.jsonl", "math/wild-b.jsonl", "math/bench.jsonl", "summary.json"]
 */
export function buildSplitFiles(
  splits: Record<string, DomainSplit>,
  seed: number,
  targets: SplitTargets,
  sourceHashes: Record<string, string>,
): { files: Map<string, string>; summary: SplitSummary } {
  const files = new Map<string, string>();
  const domains: Record<string, Record<SplitName, SplitSize>> = {};
  const hashes: Record<string, string> = {};
  for (const domain of Object.keys(splits)) {
    const sizes = {} as Record<SplitName, SplitSize>;
    for (const name of SPLIT_NAMES) {
      const rel = `${domain}/${name}.jsonl`;
      const text = toJsonl(splits[domain][name]);
      files.set(rel, text);
      hashes[rel] = sha256(text);
      sizes[name] = splitSize(splits[domain][name]);
    }
    domains[domain] = sizes;
  }
  const summary: SplitSummary = {
    format: "bsig-zoo-splits", version: 1, seed, targets, domains, files: hashes,
    provenance: provenance("zoo-splits/document-level", { targets, domains: Object.keys(splits) }, seed, sourceHashes),
  };
  files.set("summary.json", JSON.stringify(summary, null, 2) + "\n");
  return { files, summary };
}

/**
 * Write the files built by `buildSplitFiles` under `outDir`, each atomically (summary last).
 * @example
 * writeSplitFiles("data/zoo/splits", buildSplitFiles(splits, seed, targets, hashes).files);
 */
export function writeSplitFiles(outDir: string, files: Map<string, string>): void {
  for (const [rel, text] of files) if (rel !== "summary.json") writeFileAtomic(join(outDir, rel), text);
  const summary = files.get("summary.json");
  if (summary !== undefined) writeJsonAtomic(join(outDir, "summary.json"), JSON.parse(summary));
}
