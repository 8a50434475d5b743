/**
 * `bsig study [--profile default|smoke] [--out DIR] [--no-png]`: run every step of the study (the
 * list in src/study/steps.ts) and write the results JSON, the figures and one HTML report.
 */
import type { Command } from "commander";
import { resolve } from "node:path";
import { studyProfile } from "../../study/profiles";
import { runStudy } from "../../study/runner";
import { STUDY_STEPS } from "../../study/steps";
import type { StudyStep } from "../../study/types";
import type { CliCommand, CliIo } from "../registry";

/** Options of the `study` command as commander parses them. */
interface StudyCliOptions {
  profile: string;
  out?: string;
  png: boolean;
}

/**
 * Run the study for the CLI: progress lines go to `io.err`, the list of written files to `io.out`.
 * `steps` defaults to the registered study steps (tests pass their own).
 *
 * @example
 *   await studyCommand(stdio, { profile: "smoke", png: false });
 */
export async function studyCommand(io: CliIo, opts: StudyCliOptions, steps: StudyStep[] = STUDY_STEPS): Promise<void> {
  const profile = studyProfile(opts.profile);
  const outDir = resolve(opts.out ?? `results/${profile.name}`);
  const summary = await runStudy(steps, { profile, outDir, png: opts.png, log: (l) => io.err(l + "\n") });
  for (const s of summary.steps) {
    io.out(`${s.file}\t${s.seconds.toFixed(1)} s\t${s.figures.length} figures\n`);
  }
  io.out(`${outDir}/report.html\n`);
}

/** The `study` command. */
export const command: CliCommand = {
  name: "study",
  register(program: Command, io: CliIo): void {
    program.command("study")
      .description("Run every chapter's computation (the study) and write results/<profile>/: <step>.json, figures/*.png and report.html")
      .option("--profile <name>", "default (the full embedded data) or smoke (small and fast, for CI)", "default")
      .option("--out <dir>", "folder for this run's results (default: results/<profile>)")
      .option("--no-png", "skip rendering the figures to PNG (no Chromium needed); specs and report are still written")
      .action(async (opts: StudyCliOptions) => {
        await studyCommand(io, opts);
      });
  },
};
