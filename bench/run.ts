// `npm run bench`: runs every bench/*.bench.ts in name order, one after another, in this process.
// Each bench module exports `run(): Promise<void>` and prints its own figures and ratios.
import { readdirSync } from "node:fs";
import { join } from "node:path";

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname).filter((f) => f.endsWith(".bench.ts")).sort()
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
  console.log(`benchmarks: ${files.join(", ") || "(none)"}  [node ${process.version}, ${require("node:os").cpus().length} cores]`);
  for (const f of files) {
    console.log(`\n=== ${f} ===`);
    const mod = (await import(join(__dirname, f))) as { run: () => Promise<void> };
    await mod.run();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
