// Zoo wild-pool scoring cost (issue #5: the default profile's pool, 42,000 pieces, must score in under 15 minutes
// on 2 cores with a cold cache and under 2 minutes warm). Scores the default pool cold with one model of each
// tokenizer x size class present in the zoo (the largest and smallest of each tokenizer), then estimates the whole
// zoo from each model's class; the warm figure re-reads every model's cached table.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { planScoring, unitOptions } from "../src/corpus/plan";
import { loadCausalLM } from "../src/perplexity/model";
import { scoreCorpus } from "../src/perplexity/engine";
import { readZooManifest } from "../src/zoo/manifest";
import { DEFAULT_PROFILE } from "../src/zoo/profiles";
import { buildWildPool } from "../src/zoo/wild-pool";
import { modelFolders } from "../src/zoo/zoo-models";

const ROOT = resolve(__dirname, "..");

export async function run(): Promise<void> {
  const pool = buildWildPool(DEFAULT_PROFILE, ROOT);
  const plan = planScoring(pool.corpus, unitOptions({ context: DEFAULT_PROFILE.contextPieces }));
  const dirs = modelFolders(join(ROOT, DEFAULT_PROFILE.modelsDir));
  const cls = (d: string) => { const m = readZooManifest(join(d, "manifest.json")); return `${m.tokenizer.id} ${m.architecture.n_layer}x${m.architecture.n_embd}`; };
  const classes = new Map<string, string[]>();
  for (const d of dirs) { const c = cls(d); classes.set(c, [...(classes.get(c) ?? []), d]); }
  const tmp = mkdtempSync(join(tmpdir(), "bsig-zoo-bench-"));
  try {
    console.log(`default wild pool: ${plan.pieceIds.length} pieces in ${plan.chunks.length} windows of up to 31 pieces; ${dirs.length} models in ${classes.size} classes (tokenizer, layers x width)`);
    let total = 0;
    for (const [c, members] of [...classes].sort()) {
      const d = members[0];
      const lm = await loadCausalLM(d, { dtype: "q8" });
      const t0 = process.hrtime.bigint();
      await scoreCorpus(lm, plan, { cacheDir: join(tmp, basename(d)), batchSize: 16 });
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      const t1 = process.hrtime.bigint();
      await scoreCorpus(lm, plan, { cacheDir: join(tmp, basename(d)), batchSize: 16 });
      const w = Number(process.hrtime.bigint() - t1) / 1e9;
      await lm.dispose();
      total += s * members.length;
      console.log(`${c.padEnd(16)} ${basename(d)}: cold ${s.toFixed(1)} s (${(plan.pieceIds.length / s).toFixed(0)} pieces/s), warm ${w.toFixed(2)} s; x ${members.length} models`);
    }
    console.log(`estimated cold scoring of the whole zoo on the default pool: ${(total / 60).toFixed(1)} min (target < 15 min on 2 cores)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
