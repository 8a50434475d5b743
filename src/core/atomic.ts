import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync, rmSync } from "node:fs";
import { dirname, basename, join } from "node:path";

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * fsync the bytes before the rename (default true), so that the file survives a power loss too, not only a
   * killed process. Cache entries whose bytes are verified by sha256 when read pass false: a lost write costs a
   * recompute there, never a wrong number, and on small models the fsyncs cost more than the scoring.
   */
  fsync?: boolean;
}

/**
 * Write a file atomically: the bytes go to a temporary file in the same folder, are flushed, and the
 * temporary file is renamed over the target. A reader (or a resumed run after a kill) sees either the
 * old file or the whole new one, never half of it.
 *
 * @example
 *   writeFileAtomic("results/x.csv", "a,b\n1,2\n");
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  writeFileFlushed(tmp, data, opts);
  renameSync(tmp, path);
}

/**
 * Write a file in place, flushed to disk unless `fsync: false`; removed again if the write fails. Not atomic by
 * itself: for files inside a private folder that is committed by one rename (see `writeDirAtomic`), and for the
 * temporary file of {@link writeFileAtomic}.
 *
 * @example
 *   writeFileFlushed(".table.partial-42/manifest.json", "{}\n");
 */
export function writeFileFlushed(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): void {
  const fd = openSync(path, "w");
  try {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    if (opts.fsync !== false) fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw e;
  }
  closeSync(fd);
}

/** Atomically write a value as pretty JSON with a trailing newline. */
export function writeJsonAtomic(path: string, value: unknown, opts: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n", opts);
}
