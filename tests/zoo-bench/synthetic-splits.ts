// Small synthetic bench splits for the benchmark-builder tests: two domains with distinct vocabularies.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "../../src/core/random";

const VOCAB: Record<string, string[]> = {
  alpha: ["river", "stone", "forest", "mountain", "valley", "garden", "meadow", "bridge", "castle", "harbor", "the", "a", "of", "and", "quietly", "slowly"],
  beta: ["const", "value", "return", "function", "number", "string", "array", "object", "=", "{", "}", "x", "y", "if", "else", "while"],
};

/** Write <dir>/<domain>/bench.jsonl for two domains, `docs` documents of `words` pieces each. */
export function writeSyntheticSplits(dir: string, docs = 6, words = 600, seed = 3): string[] {
  const rng = createRng(seed);
  for (const [domain, vocab] of Object.entries(VOCAB)) {
    mkdirSync(join(dir, domain), { recursive: true });
    const lines: string[] = [];
    for (let d = 0; d < docs; d++) {
      const ws: string[] = [];
      for (let i = 0; i < words; i++) ws.push(vocab[rng.int(vocab.length)] + (i % 13 === 12 ? "\n" : " "));
      lines.push(JSON.stringify({ id: `${domain}-${d}`, domain, text: ws.join("").trim() }));
    }
    writeFileSync(join(dir, domain, "bench.jsonl"), lines.join("\n") + "\n");
  }
  return Object.keys(VOCAB);
}

export const SYNTHETIC_VOCAB = VOCAB;
