import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { InputError } from "../core/errors";
import { canonicalJson, sha256 } from "../core/hash";

/** Version of the scoring engine; part of every cache key (bump when numbers could change). */
export const ENGINE_VERSION = "1";

/**
 * The cache folder: `--cache` if given, else $BSIG_CACHE, else `.cache/bsig` under the working directory.
 *
 * @example
 *   resolveCacheDir(undefined)   // "/abs/cwd/.cache/bsig"
 */
export function resolveCacheDir(dir?: string): string {
  return resolve(dir ?? process.env.BSIG_CACHE ?? join(".cache", "bsig"));
}

/**
 * Content key: sha256 of the canonical JSON of everything that determines the result.
 *
 * @example
 *   cacheKey({ model: { files: { "onnx/model.onnx": "ab…" } }, dtype: "fp32" })   // 64 hex chars
 */
export function cacheKey(inputs: unknown): string {
  return sha256(canonicalJson(inputs));
}

/**
 * Folder of a cache entry, `<cache>/<kind>/<key>`. Only 64-hex keys and plain kind names are accepted and
 * the result is checked to lie inside the cache, so no model id or key can make the engine write outside.
 *
 * @example
 *   entryPath("/c", "scores", "ab".repeat(32))   // "/c/scores/abab…"
 */
export function entryPath(cacheDir: string, kind: string, key: string): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`invalid cache key '${key}'`);
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) throw new Error(`invalid cache kind '${kind}'`);
  const root = resolve(cacheDir);
  const p = resolve(root, kind, key);
  const rel = relative(root, p);
  if (rel.startsWith("..") || rel.split(sep)[0] === "..") throw new Error(`cache path escapes the cache: ${p}`);
  return p;
}

/**
 * Remove temporary files left by a killed writer (`.<name>.<pid>.<time>.tmp` from writeFileAtomic).
 *
 * @example
 *   removeStaleTemps("/c/scores/<key>/shards");
 */
export function removeStaleTemps(dir: string): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) if (f.startsWith(".") && f.endsWith(".tmp")) rmSync(join(dir, f), { force: true });
}

/** One problem found by {@link verifyCache}. */
export interface CacheProblem { entry: string; problem: string }

/**
 * Re-hash every entry of the cache: the key must equal sha256 of its recorded inputs, every shard must
 * match its recorded sha256, and a `table/` folder (entries written before the table was assembled from the
 * shards on each call hold one; it is no longer read) must match its manifest hashes.
 *
 * @example
 *   const { entries, problems } = verifyCache(resolveCacheDir());
 */
export function verifyCache(cacheDir: string): { entries: number; shards: number; problems: CacheProblem[] } {
  const root = resolve(cacheDir);
  const problems: CacheProblem[] = [];
  let entries = 0, shards = 0;
  const scores = join(root, "scores");
  if (!existsSync(root)) throw new InputError(cacheDir, "no such cache folder");
  if (!existsSync(scores)) return { entries, shards, problems };
  for (const key of readdirSync(scores).sort()) {
    if (key.startsWith(".")) continue;
    entries++;
    const dir = join(scores, key);
    const ej = join(dir, "entry.json");
    if (!existsSync(ej)) { problems.push({ entry: key, problem: "no entry.json" }); continue; }
    try {
      const e = JSON.parse(readFileSync(ej, "utf8")) as { key: string; inputs: unknown };
      if (e.key !== key || cacheKey(e.inputs) !== key) problems.push({ entry: key, problem: "key does not match the sha256 of its inputs" });
    } catch { problems.push({ entry: key, problem: "entry.json is not valid JSON" }); }
    const sd = join(dir, "shards");
    if (existsSync(sd)) {
      for (const f of readdirSync(sd).sort()) {
        if (!f.endsWith(".json") || f.startsWith(".")) continue;
        shards++;
        const bin = join(sd, f.replace(/\.json$/, ".bin"));
        try {
          const meta = JSON.parse(readFileSync(join(sd, f), "utf8")) as { sha256: string };
          if (!existsSync(bin)) problems.push({ entry: key, problem: `shard ${f}: data file missing` });
          else if (sha256(readFileSync(bin)) !== meta.sha256) problems.push({ entry: key, problem: `shard ${f}: sha256 mismatch` });
        } catch { problems.push({ entry: key, problem: `shard ${f}: not valid JSON` }); }
      }
    }
    const table = join(dir, "table");
    if (existsSync(table)) {
      const mf = join(table, "manifest.json");
      try {
        const m = JSON.parse(readFileSync(mf, "utf8")) as { sha256: Record<string, string> };
        for (const [f, h] of Object.entries(m.sha256)) {
          const p = join(table, f);
          if (!existsSync(p) || sha256(readFileSync(p)) !== h) problems.push({ entry: key, problem: `table file ${f}: missing or sha256 mismatch` });
        }
      } catch { problems.push({ entry: key, problem: "table manifest missing or invalid" }); }
    }
  }
  return { entries, shards, problems };
}
