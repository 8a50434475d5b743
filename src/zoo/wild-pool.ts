/**
 * The zoo's in-the-wild scoring corpus: a balanced pool built from the `wild-a` and `wild-b` splits of every
 * domain, plus what each piece is (its domain and half) for the ground-truth measures and the corpus swap.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import type { Corpus, CorpusDocument } from "../corpus/read";
import { splitPieces } from "../corpus/pieces";
import type { ZooProfile } from "./profiles";

/** The two disjoint halves of the wild pool (the paper's corpus-swap check uses one against the other). */
export const WILD_HALVES = ["wild-a", "wild-b"] as const;
export type WildHalf = (typeof WILD_HALVES)[number];

/** A wild pool: the corpus to score and, per document, its domain and half. */
export interface WildPool {
  corpus: Corpus;
  /** Domain of each corpus document (same order as `corpus.documents`). */
  docDomain: string[];
  /** Half of each corpus document. */
  docHalf: WildHalf[];
  /** Target pieces per domain per half actually taken. */
  perDomainPerHalf: number;
}

function readSplit(splitsDir: string, domain: string, half: WildHalf): { id: string; text: string }[] {
  const file = join(splitsDir, domain, `${half}.jsonl`);
  let raw: string;
  try { raw = readFileSync(file, "utf8"); } catch { throw new InputError(file, "missing zoo split file (run `bsig zoo corpora`)"); }
  return raw.split("\n").filter((l) => l.trim()).map((l, i) => {
    let d: { id?: unknown; text?: unknown };
    try { d = JSON.parse(l); } catch { throw new InputError(file, `line ${i + 1} is not JSON`); }
    if (typeof d.id !== "string" || typeof d.text !== "string") throw new InputError(file, `line ${i + 1} lacks a string id or text`);
    return { id: d.id, text: d.text };
  });
}

/**
 * Build the balanced wild pool of a profile: for each domain and half, documents in split-file order until
 * `wildPiecesPerDomainPerHalf` whitespace pieces are reached; the last document is cut at that piece (its
 * text ends at the piece's end). Documents keep their split ids, so piece ids are `<docId>:<position>`.
 * Throws InputError when a split has fewer pieces than asked for.
 *
 * pool size = 2 · wildPiecesPerDomainPerHalf · |domains|
 *
 * @example
 *   const pool = buildWildPool(SMOKE_PROFILE, ".");
 *   pool.corpus.nPieces;   // 2 * 25 * 7 = 350
 */
export function buildWildPool(profile: ZooProfile, repoRoot: string): WildPool {
  const want = profile.wildPiecesPerDomainPerHalf;
  const documents: CorpusDocument[] = [], docDomain: string[] = [], docHalf: WildHalf[] = [];
  for (const domain of profile.domains) {
    for (const half of WILD_HALVES) {
      let got = 0;
      for (const d of readSplit(join(repoRoot, profile.splitsDir), domain, half)) {
        if (got >= want) break;
        const { ends } = splitPieces(d.text);
        if (ends.length === 0) continue;
        const take = Math.min(ends.length, want - got);
        const text = take === ends.length ? d.text : d.text.slice(0, ends[take - 1]);
        documents.push({ id: d.id, text });
        docDomain.push(domain);
        docHalf.push(half);
        got += take;
      }
      if (got < want) throw new InputError(join(profile.splitsDir, domain, `${half}.jsonl`), `has ${got} pieces, the ${profile.name} profile needs ${want}`);
    }
  }
  const hash = sha256(documents.map((d) => `${d.id}\u0000${d.text}`).join("\u0001"));
  const corpus: Corpus = { source: `zoo-wild-pool:${profile.name}`, documents, hash, nPieces: 2 * want * profile.domains.length };
  return { corpus, docDomain, docHalf, perDomainPerHalf: want };
}

/**
 * Domain and half of every piece id (`<docId>:<position>`) of a pool.
 *
 * @example
 *   pieceOrigins(pool, ["wiki-t026:0"])   // { domain: ["wiki"], half: ["wild-a"] }
 */
export function pieceOrigins(pool: WildPool, pieceIds: readonly string[]): { domain: string[]; half: WildHalf[] } {
  const byDoc = new Map(pool.corpus.documents.map((d, i) => [d.id, i]));
  const domain: string[] = [], half: WildHalf[] = [];
  for (const id of pieceIds) {
    const k = byDoc.get(id.slice(0, id.lastIndexOf(":")));
    if (k === undefined) throw new Error(`piece ${id} is not in the wild pool`);
    domain.push(pool.docDomain[k]);
    half.push(pool.docHalf[k]);
  }
  return { domain, half };
}
