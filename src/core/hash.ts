import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** sha256 hex digest of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** sha256 hex digest of a file's bytes. */
export function sha256File(path: string): string {
  return sha256(readFileSync(path));
}

/**
 * Canonical JSON: keys sorted at every level, no whitespace. Two equal values always give the same
 * string, so `sha256(canonicalJson(x))` is a content key.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object" && !ArrayBuffer.isView(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}
