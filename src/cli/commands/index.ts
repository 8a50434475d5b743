import { readdirSync } from "node:fs";
import type { CliCommand } from "../registry";

/**
 * Every `bsig` command. Each file in this folder (other than this one) exports `command: CliCommand`;
 * they are discovered at load time and listed in `bsig --help` by name, so adding a command never
 * means editing a shared list.
 */
export const commands: CliCommand[] = discover();

function discover(): CliCommand[] {
  const found: CliCommand[] = [];
  for (const f of readdirSync(__dirname).sort()) {
    if (!/\.(js|ts)$/.test(f) || f.endsWith(".d.ts") || /^index\.(js|ts)$/.test(f)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`./${f}`) as { command?: CliCommand };
    if (mod.command) found.push(mod.command);
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
