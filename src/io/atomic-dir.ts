import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { writeFileFlushed, type AtomicWriteOptions } from "../core/atomic";

/**
 * Write a whole folder of files so that readers see either the old folder or the complete new one:
 * the files go to a hidden sibling `.<name>.partial-<pid>`, then the folder is swapped in by rename.
 * Leftovers of killed writers (`.<name>.partial-*`, `.<name>.old-*`) are removed first.
 *
 * @example
 *   writeDirAtomic("runs/tiny", { "manifest.json": "{}\n", "values.f32": bytes });
 */
export function writeDirAtomic(dir: string, files: Record<string, string | Uint8Array>, opts: AtomicWriteOptions = {}): void {
  const abs = resolve(dir);
  const parent = dirname(abs), name = basename(abs);
  mkdirSync(parent, { recursive: true });
  removeLeftovers(parent, name);
  const tmp = join(parent, `.${name}.partial-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  // The folder is private until the rename below commits it, so its files need no rename of their own.
  for (const [f, data] of Object.entries(files)) {
    if (f.includes("/")) mkdirSync(dirname(join(tmp, f)), { recursive: true });
    writeFileFlushed(join(tmp, f), data, opts);
  }
  if (existsSync(abs)) {
    const old = join(parent, `.${name}.old-${process.pid}`);
    renameSync(abs, old);
    renameSync(tmp, abs);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(tmp, abs);
  }
}

function removeLeftovers(parent: string, name: string): void {
  for (const f of readdirSync(parent)) {
    if (f.startsWith(`.${name}.partial-`) || f.startsWith(`.${name}.old-`)) rmSync(join(parent, f), { recursive: true, force: true });
  }
}

/**
 * Float32 values as little-endian bytes (independent of the machine's byte order).
 *
 * @example
 *   f32Bytes(Float32Array.of(1)).toString("hex")   // "0000803f"
 */
export function f32Bytes(a: Float32Array): Buffer {
  const buf = Buffer.alloc(a.length * 4);
  for (let i = 0; i < a.length; i++) buf.writeFloatLE(a[i], i * 4);
  return buf;
}

/**
 * Little-endian bytes as Float32 values; throws when the length is not a multiple of 4.
 *
 * @example
 *   f32FromBytes(Buffer.from("0000803f", "hex"))   // Float32Array [1]
 */
export function f32FromBytes(buf: Uint8Array): Float32Array {
  if (buf.length % 4 !== 0) throw new Error(`${buf.length} bytes is not a whole number of float32 values`);
  const out = new Float32Array(buf.length / 4);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, true);
  return out;
}
