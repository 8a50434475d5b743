import type { TokenizerView } from "./tokenizer";

/** Character spans of the tokens of one text: UTF-16 [start, end) and the first non-space char (-1: none). */
export interface TokenSpans {
  starts: Int32Array;
  ends: Int32Array;
  anchors: Int32Array;
}

const SPACE = /\s/u;

/**
 * Rebuild each token's character span in `text` from the bytes the tokens spell (transformers.js has no
 * offset mapping). A token that starts inside a multi-byte character starts at that character. The anchor
 * is the first non-whitespace character the token covers (the rule that assigns tokens to pieces).
 * Non byte-level tokenizers fall back to decoding growing prefixes. Throws when the tokens do not spell
 * the text exactly (e.g. a normalising tokenizer).
 *
 * @example
 *   tokenSpans("é x", [195, 169, 32, 120], view)  // starts [0,0,1,2], ends [1,1,2,3], anchors [0,0,-1,2]
 */
export function tokenSpans(text: string, ids: ArrayLike<number>, tok: TokenizerView): TokenSpans {
  const n = ids.length;
  const starts = new Int32Array(n), ends = new Int32Array(n), anchors = new Int32Array(n).fill(-1);
  const bytes = Buffer.from(text, "utf8");
  // byteToChar[b] = UTF-16 index of the character holding byte b; byteToChar[len] = text.length.
  const byteToChar = new Int32Array(bytes.length + 1);
  const charIsSpace: boolean[] = [];
  let b = 0;
  for (let c = 0; c < text.length;) {
    const cp = text.codePointAt(c)!;
    const ch = String.fromCodePoint(cp);
    const nb = Buffer.byteLength(ch, "utf8");
    for (let k = 0; k < nb; k++) byteToChar[b + k] = c;
    charIsSpace[c] = SPACE.test(ch);
    b += nb;
    c += ch.length;
  }
  byteToChar[bytes.length] = text.length;
  const first = n > 0 ? tok.tokenBytes(ids[0]) : null;
  if (n > 0 && first === null) return prefixDecodeSpans(text, ids, tok, charIsSpace);
  let off = 0;
  for (let i = 0; i < n; i++) {
    const tb = tok.tokenBytes(ids[i]);
    if (tb === null) throw new Error(`token id ${ids[i]} has no byte form`);
    for (let k = 0; k < tb.length; k++) {
      if (bytes[off + k] !== tb[k]) throw new Error(`tokens do not spell the text at byte ${off + k} (a normalising tokenizer?)`);
    }
    starts[i] = byteToChar[off];
    const endByte = off + tb.length;
    // A token ending inside a character covers that whole character.
    ends[i] = endByte >= bytes.length ? text.length : (byteToChar[endByte] === byteToChar[endByte - 1] && tb.length > 0
      ? nextChar(text, byteToChar[endByte]) : byteToChar[endByte]);
    for (let k = off; k < endByte; k++) {
      const c = byteToChar[k];
      if (!charIsSpace[c]) { anchors[i] = c; break; }
    }
    off = endByte;
  }
  if (off !== bytes.length) throw new Error(`tokens spell ${off} of ${bytes.length} bytes of the text`);
  return { starts, ends, anchors };
}

function nextChar(text: string, c: number): number {
  const cp = text.codePointAt(c)!;
  return c + (cp > 0xffff ? 2 : 1);
}

function prefixDecodeSpans(text: string, ids: ArrayLike<number>, tok: TokenizerView, charIsSpace: boolean[]): TokenSpans {
  const n = ids.length;
  const starts = new Int32Array(n), ends = new Int32Array(n), anchors = new Int32Array(n).fill(-1);
  const all = Array.from(ids);
  if (tok.decode(all) !== text) throw new Error("decoding the tokens does not give back the text (a normalising tokenizer?)");
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const s = tok.decode(all.slice(0, i + 1));
    // Partial characters decode to U+FFFD; the span grows once the character completes.
    let end = text.startsWith(s) ? s.length : prev;
    if (end < prev) end = prev;
    starts[i] = prev; ends[i] = end;
    for (let c = prev; c < end; c++) if (charIsSpace[c] === false) { anchors[i] = c; break; }
    if (end === prev && i > 0) anchors[i] = anchors[i - 1] >= 0 ? anchors[i - 1] : -1;
    prev = end;
  }
  return { starts, ends, anchors };
}
