import type { Command } from "commander";

/**
 * A CLI command: a name, and a function that adds it (with its options and `--help`) to the program.
 * Each command lives in its own file under `src/cli/commands/` and is listed in `src/cli/commands/index.ts`.
 * Commands write only to stdout/stderr through the `io` they are given, so tests can run them in-process.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  name: string;
  register(program: Command, io: CliIo): void;
}
