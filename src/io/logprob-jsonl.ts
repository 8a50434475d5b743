import { readFileSync } from "node:fs";
import { InputError } from "../core/errors";
import { sha256 } from "../core/hash";
import { provenance } from "../core/provenance";
import { decodeText } from "../corpus/read";
import type { LogprobTable } from "./logprob-table";

/**
 * Import the simple JSONL log-prob format (docs/formats.md): one piece per line,
 * `{"piece": "doc:3", "logprobs": [-1.2, -0.3]}` (token log-probs, nats) or
 * `{"piece": "doc:3", "nll_sum": 1.5, "nll_last": 0.3, "n_tokens": 2, "n_bytes": 5}` (nll_sum required,
 * the others optional → NaN). The corpus hash is `--corpus-hash` if given, else sha256 of the piece ids.
 *
 * @example
 *   const t = importJsonl("model.jsonl", { modelId: "my-model" });
 */
export function importJsonl(file: string, o: { modelId: string; corpusHash?: string }): LogprobTable {
  const text = decodeText(file, readFileSync(file));
  const ids: string[] = [], sum: number[] = [], last: number[] = [], ntok: number[] = [], nbytes: number[] = [];
  const seen = new Set<string>();
  const num = (v: unknown, line: number, f: string): number => {
    if (v === undefined || v === null) return NaN;
    if (typeof v !== "number") throw new InputError(file, `line ${line}: '${f}' is not a number`);
    return v;
  };
  text.split("\n").forEach((l, i) => {
    if (l.trim() === "") return;
    let r: Record<string, unknown>;
    try { r = JSON.parse(l); } catch { throw new InputError(file, `line ${i + 1}: not valid JSON`); }
    const id = r.piece;
    if (typeof id !== "string" || !/:\d+$/.test(id)) throw new InputError(file, `line ${i + 1}: 'piece' must be a string 'docId:position'`);
    if (seen.has(id)) throw new InputError(file, `line ${i + 1}: piece '${id}' appears twice`);
    seen.add(id);
    ids.push(id);
    if (Array.isArray(r.logprobs)) {
      const lp = r.logprobs.map((v, k) => num(v, i + 1, `logprobs[${k}]`));
      sum.push(-lp.reduce((a, b) => a + b, 0)); last.push(lp.length ? -lp[lp.length - 1] : NaN); ntok.push(lp.length);
    } else {
      if (r.nll_sum === undefined) throw new InputError(file, `line ${i + 1}: needs 'logprobs' or 'nll_sum'`);
      sum.push(num(r.nll_sum, i + 1, "nll_sum")); last.push(num(r.nll_last, i + 1, "nll_last")); ntok.push(num(r.n_tokens, i + 1, "n_tokens"));
    }
    nbytes.push(num(r.n_bytes, i + 1, "n_bytes"));
  });
  if (ids.length === 0) throw new InputError(file, "no pieces");
  const corpusHash = o.corpusHash ?? sha256(ids.join("\n"));
  return {
    manifest: {
      model: { id: o.modelId, source: "jsonl" }, tokenizerHash: null, corpus: { hash: corpusHash, source: file }, unit: null,
      conventions: { origin: "imported from JSONL" },
      provenance: provenance("bsig import jsonl", { model: o.modelId }, null, { [file]: sha256(text) }),
    },
    pieceIds: ids, nllSum: Float32Array.from(sum), nllLast: Float32Array.from(last), nTokens: Float32Array.from(ntok), nBytes: Float32Array.from(nbytes),
    chunkIds: [], chunkNllMean: new Float32Array(0), chunkNTokens: new Float32Array(0),
  };
}
