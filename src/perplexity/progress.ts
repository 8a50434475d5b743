import { SingleBar } from "cli-progress";

/** Progress of a scoring run, counted in chunks (forward-pass windows) and target pieces. */
export interface Progress {
  start(totalChunks: number, doneChunks: number): void;
  advance(chunks: number, pieces: number, tokens: number): void;
  stop(): void;
}

/** Where progress goes and how. */
export interface ProgressOptions {
  /** A terminal gets a bar (rate, ETA); anything else gets plain periodic lines. */
  tty: boolean;
  write(text: string): void;
  /** Seconds between plain lines (default 10). */
  intervalS?: number;
  /** Terminal stream for the bar (default process.stderr). */
  stream?: NodeJS.WriteStream;
  /** Clock in ms (tests); default Date.now. */
  now?: () => number;
}

function fmtSecs(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * A progress reporter: a cli-progress bar with rate and ETA on a terminal, plain lines
 * (`scored 120/500 chunks (24%) | 35.1 chunks/s | 812 pieces/s | ETA 11s`) every `intervalS` otherwise.
 * Rates count only work done in this run (resumed chunks are shown as done, not as speed).
 *
 * @example
 *   const p = createProgress({ tty: process.stderr.isTTY === true, write: (t) => process.stderr.write(t) });
 */
export function createProgress(o: ProgressOptions): Progress {
  const now = o.now ?? Date.now;
  const every = (o.intervalS ?? 10) * 1000;
  let total = 0, done = 0, startDone = 0, pieces = 0, tokens = 0, t0 = 0, last = 0;
  let bar: SingleBar | null = null;
  const line = (final: boolean): string => {
    const el = Math.max(1e-9, (now() - t0) / 1000);
    const rate = (done - startDone) / el;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const pct = total ? ((100 * done) / total).toFixed(0) : "100";
    return `scored ${done}/${total} chunks (${pct}%) | ${rate.toFixed(1)} chunks/s | ${(pieces / el).toFixed(0)} pieces/s | ` +
      `${(tokens / el).toFixed(0)} tokens/s | ${final ? `took ${fmtSecs(el)}` : `ETA ${fmtSecs(eta)}`}\n`;
  };
  return {
    start(t, d) {
      total = t; done = d; startDone = d; t0 = now(); last = t0;
      if (o.tty) {
        bar = new SingleBar({
          format: "scoring [{bar}] {percentage}% | {value}/{total} chunks | {speed} chunks/s | ETA {eta_formatted}",
          stream: o.stream ?? process.stderr,
          etaBuffer: 50,
        });
        bar.start(t, d, { speed: "0.0" });
      } else if (d > 0) o.write(`resuming: ${d}/${t} chunks already in the cache\n`);
    },
    advance(c, p, k) {
      done += c; pieces += p; tokens += k;
      if (bar) bar.update(done, { speed: ((done - startDone) / Math.max(1e-9, (now() - t0) / 1000)).toFixed(1) });
      else if (now() - last >= every) { last = now(); o.write(line(false)); }
    },
    stop() {
      if (bar) { bar.stop(); bar = null; } else o.write(line(true));
    },
  };
}
