import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Where a result came from: the method, every parameter, the seed (null when nothing was random),
 * sha256 of every input file, and the library version. Every result object carries one.
 */
export interface Provenance {
  method: string;
  params: Record<string, unknown>;
  seed: number | null;
  dataHashes: Record<string, string>;
  library: { name: string; version: string };
}

let cachedVersion: string | null = null;

/** The workbook's own version, read from package.json. */
export function libraryVersion(): string {
  if (cachedVersion === null) {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
    cachedVersion = pkg.version;
  }
  return cachedVersion;
}

/**
 * Build a provenance record.
 *
 * @example
 *   provenance("spearman", { ties: "mid-ranks" }, null, { "data/x.csv": "ab12…" })
 */
export function provenance(
  method: string,
  params: Record<string, unknown>,
  seed: number | null = null,
  dataHashes: Record<string, string> = {},
): Provenance {
  return { method, params, seed, dataHashes, library: { name: "benchmark-signatures", version: libraryVersion() } };
}
