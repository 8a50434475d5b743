/** Whitespace pieces of a text: UTF-16 [start, end) of every maximal run of non-whitespace characters. */
export interface Pieces {
  starts: Int32Array;
  ends: Int32Array;
}

/**
 * Split a text on whitespace (JavaScript `\s`, Unicode-aware) into pieces, the unit shared by all
 * models (method.md §2.1).
 *
 * @example
 *   splitPieces("  a bc\n d")   // starts [2, 4, 8], ends [3, 6, 9]
 */
export function splitPieces(text: string): Pieces {
  const s: number[] = [], e: number[] = [];
  const re = /\S+/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) { s.push(m.index); e.push(m.index + m[0].length); }
  return { starts: Int32Array.from(s), ends: Int32Array.from(e) };
}
