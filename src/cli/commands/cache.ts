/**
 * `bsig cache verify`: re-hash every entry of the content-keyed scoring cache and report damaged ones.
 */
import type { CliCommand } from "../registry";
import { resolveCacheDir, verifyCache } from "../../cache/store";
import { InputError } from "../../core/errors";

/** The command, discovered by src/cli/commands/index.ts. */
export const command: CliCommand = {
  name: "cache",
  register(program, io) {
    const cache = program.command("cache").description("inspect the content-keyed scoring cache");
    cache.command("verify")
      .description("re-hash every cache entry (keys, shards, and older entries' table folders); exit 2 if anything is damaged")
      .option("--cache <dir>", "cache folder (default $BSIG_CACHE or .cache/bsig)")
      .action((o: { cache?: string }) => {
        const dir = resolveCacheDir(o.cache);
        const { entries, shards, problems } = verifyCache(dir);
        for (const p of problems) io.err(`bsig: cache entry ${p.entry.slice(0, 12)}: ${p.problem}\n`);
        io.out(`${dir}: ${entries} entries, ${shards} shards, ${problems.length} problems\n`);
        if (problems.length > 0) throw new InputError(dir, `${problems.length} problem(s) found; delete the damaged entries and rerun`);
      });
  },
};
