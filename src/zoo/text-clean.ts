/**
 * Cleaning rules that turn each shipped source into naturally readable text for the zoo's domains.
 * Pure string functions; the loaders in `domains.ts` apply them.
 */
import { splitPieces } from "../corpus/pieces";

/** Longest whitespace piece allowed in any domain (longer pieces are corpus artefacts: minified code, hashes, URLs). */
export const MAX_PIECE_CHARS = 40;

/**
 * The whitespace pieces of a text as strings (the paper's unit), using the engine's own splitting
 * (`splitPieces` in src/corpus/pieces.ts), so the zoo's counts and the scored corpus agree.
 *
 * pieces(t) = the maximal runs of non-whitespace characters of t.
 * @example
 * pieceTexts(" a  b\nc ") // ["a", "b", "c"]
 */
export function pieceTexts(text: string): string[] {
  const { starts, ends } = splitPieces(text);
  return Array.from(starts, (st, i) => text.slice(st, ends[i]));
}

/**
 * Normalise text: Unicode NFC, `\r\n` to `\n`, tabs to spaces, trailing spaces stripped, at most one blank line.
 * @example
 * normalizeText("a \r\n\n\n\nb\t") // "a\n\nb"
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g, " ")
    .replace(/\t/g, " ")
    .split("\n")
    .map((l) => l.replace(/\s+$/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * Undo WikiText-2's tokenisation on one paragraph line: drop `<unk>` tokens, join ` @-@ `, ` @,@ `, ` @.@ `,
 * reattach punctuation and clitics, and pair straight double quotes.
 * @example
 * detokenizeWikiLine(" The <unk> cat @-@ like ( 1 @,@ 000 ) , said \" hi \" .") // 'The cat-like (1,000), said "hi".'
 */
export function detokenizeWikiLine(line: string): string {
  let s = ` ${line.trim()} `;
  s = s.replace(/ <unk>(?= )/g, "");
  s = s.replace(/ ?@([-,.])@ ?/g, "$1");
  const toks = s.trim().split(/ +/).filter((t) => t.length > 0);
  let out = "";
  let openQuote = false;
  let glueNext = false;
  for (const t of toks) {
    let glue = glueNext;
    glueNext = false;
    if (t === '"') {
      if (!openQuote) { openQuote = true; out += out.length ? " \"" : "\""; glueNext = true; continue; }
      openQuote = false; out += "\""; continue;
    }
    if (/^[,.;:!?%)\]}]$/.test(t) || /^'(s|re|ve|m|ll|d)$/i.test(t) || t === "n't" || t === "'") glue = true;
    out += out.length && !glue ? ` ${t}` : t;
    if (/^[(\[{$]$/.test(t)) glueNext = true;
  }
  return out;
}

/**
 * Turn one POS-tagged Brown Corpus file (`word/tag` tokens, sentences on tab-indented lines, paragraphs split by
 * blank lines) into plain text: tags stripped, `` `` `` and `''` to `"`, punctuation reattached.
 * @example
 * stripBrownTags("\tThe/at jury/nn said/vbd ``/`` yes/rb ''/'' ./.") // 'The jury said "yes".'
 */
export function stripBrownTags(raw: string): string {
  const paragraphs = raw.replace(/\r/g, "").split(/\n\s*\n/);
  const out: string[] = [];
  for (const para of paragraphs) {
    const words: string[] = [];
    for (const tok of para.split(/\s+/)) {
      if (!tok) continue;
      const slash = tok.lastIndexOf("/");
      words.push(slash > 0 ? tok.slice(0, slash) : tok);
    }
    if (!words.length) continue;
    let s = "";
    let glueNext = false;
    for (const w of words) {
      let glue = glueNext;
      glueNext = false;
      if (w === "``") { s += s.length ? " \"" : "\""; glueNext = true; continue; }
      if (w === "''") { s += "\""; continue; }
      if (/^[,.;:!?)\]]$/.test(w) || /^'(s|re|ve|m|ll|d)$/i.test(w) || w === "n't") glue = true;
      s += s.length && !glue ? ` ${w}` : w;
      if (/^[(\[]$/.test(w)) glueNext = true;
    }
    out.push(s);
  }
  return out.join("\n");
}

/**
 * Clean one GSM8K problem: question, newline, worked answer with the `<<a*b=c>>` calculator annotations removed
 * (the final `#### n` line is kept).
 * @example
 * cleanGsm8k({ question: "Q?", answer: "2*3=<<2*3=6>>6\n#### 6" }) // "Q?\n2*3=6\n#### 6"
 */
export function cleanGsm8k(p: { question: string; answer: string }): string {
  return `${p.question.trim()}\n${p.answer.replace(/<<[^>]*>>/g, "").trim()}`;
}

/**
 * Clean a TypeScript declaration file: drop the leading licence block comment and `/// <reference .../>` lines, and
 * drop every line holding a whitespace piece longer than `maxPiece` characters.
 * @example
 * cleanCode("/*! licence *\/\n/// <reference lib=\"es5\" />\ninterface A { x: number }") // "interface A { x: number }"
 */
export function cleanCode(text: string, maxPiece = MAX_PIECE_CHARS): string {
  let s = text.replace(/\r/g, "");
  s = s.replace(/^\s*\/\*![\s\S]*?\*\/\s*/, "");
  const lines = s.split("\n").filter((l) => !/^\s*\/\/\/\s*<reference/.test(l));
  const kept = lines.filter((l) => pieceTexts(l).every((p) => p.length <= maxPiece));
  return kept.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

/**
 * Cut a long text into documents of at least `minChars` characters, only at lines accepted by `isBoundary`
 * (a boundary line starts the next document).
 * @example
 * chunkAtBoundaries("a\nb\nc\nd", 3, () => true) // ["a\nb", "c\nd"]
 */
export function chunkAtBoundaries(text: string, minChars: number, isBoundary: (line: string, prev: string) => boolean): string[] {
  const lines = text.split("\n");
  const docs: string[] = [];
  let cur: string[] = [];
  let len = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (len >= minChars && isBoundary(line, i > 0 ? lines[i - 1] : "")) {
      docs.push(cur.join("\n").trim());
      cur = [];
      len = 0;
    }
    cur.push(line);
    len += line.length + 1;
  }
  if (cur.length) {
    const last = cur.join("\n").trim();
    if (docs.length && last.length < minChars / 2) docs[docs.length - 1] += `\n${last}`;
    else if (last.length) docs.push(last);
  }
  return docs.filter((d) => d.length > 0);
}
