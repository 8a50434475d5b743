import { Command, CommanderError } from "commander";
import { isInputError } from "../core/errors";
import { libraryVersion } from "../core/provenance";
import { commands } from "./commands/index";
import type { CliIo } from "./registry";

/** Standard streams as a CliIo. */
export const stdio: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** Build the `bsig` program (without parsing). */
export function buildProgram(io: CliIo = stdio): Command {
  const program = new Command("bsig")
    .description("Benchmark signatures workbook: perplexity-in-the-wild signatures, overlaps and the study (arXiv 2509.23488)")
    .version(libraryVersion())
    .showHelpAfterError(false)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  for (const c of commands) c.register(program, io);
  return program;
}

/**
 * Run `bsig` with the given arguments (without the node and script names). Returns the exit code:
 * 0 on success, 2 for a problem with the input (one line on stderr naming the file and the problem),
 * 1 for anything unexpected.
 */
export async function runCli(args: string[], io: CliIo = stdio): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(args, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isInputError(e)) {
      io.err(`bsig: ${e.message}\n`);
      return 2;
    }
    io.err(`bsig: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

/** Entry point for bin/bsig.js. */
export function main(): void {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
