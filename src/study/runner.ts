import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../core/atomic";
import { isInputError } from "../core/errors";
import { libraryVersion } from "../core/provenance";
import { plotlyVersion } from "../notebook/plotly-html";
import { launchRenderer, type FigureRenderer } from "../render/browser";
import { reportHtml, type ReportSection } from "../report/html";
import type { StepResult, StudyContext, StudyProfile, StudyStep } from "./types";

/** Options of {@link runStudy}. */
export interface StudyRunOptions {
  profile: StudyProfile;
  /** Folder for this profile's results (created if missing), e.g. `results/smoke`. */
  outDir: string;
  /** Repository root handed to steps (default: two folders above this module, i.e. the package root). */
  repoRoot?: string;
  /** Render every figure to PNG through Chromium (default true). */
  png?: boolean;
  /** Progress output (default: stderr). */
  log?: (line: string) => void;
  /** Renderer factory (default: headless Chromium); tests can inject one. */
  launch?: () => Promise<FigureRenderer>;
}

/** What one step wrote. */
export interface StepRecord {
  id: string;
  title: string;
  file: string;
  figures: { id: string; spec: string; png: string | null }[];
  /** Seconds the step's computation took (figure rendering not included). */
  seconds: number;
}

/** What a study run wrote (also saved as `study.json` in the results folder). */
export interface StudySummary {
  profile: string;
  outDir: string;
  steps: StepRecord[];
  report: string;
  png: boolean;
  versions: { library: string; plotly: string; node: string };
}

const ID = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Run the study: each step in order, with a progress line per step on stderr. For each step it
 * writes `<outDir>/<step>.json` (headline numbers, prose, tables, provenance, figure files),
 * `<outDir>/figures/<step>-<figure>.json` (the plotly spec) and, unless `png` is false,
 * `<outDir>/figures/<step>-<figure>.png`; at the end, one self-contained `<outDir>/report.html`
 * and `<outDir>/study.json`. Every file is written atomically. A failing step stops the run with an
 * error naming the step; files of the steps before it stay, and no report is written.
 *
 * @example
 *   await runStudy(STUDY_STEPS, { profile: studyProfile("smoke"), outDir: "results/smoke" });
 */
export async function runStudy(steps: StudyStep[], opts: StudyRunOptions): Promise<StudySummary> {
  const seen = new Set<string>();
  for (const s of steps) {
    if (!ID.test(s.id)) throw new Error(`study step id '${s.id}' must be lowercase letters, digits, '-' or '_'`);
    if (seen.has(s.id)) throw new Error(`study step id '${s.id}' is used twice`);
    seen.add(s.id);
  }
  const outDir = resolve(opts.outDir);
  const png = opts.png ?? true;
  const log = opts.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const tag = `study[${opts.profile.name}]`;
  mkdirSync(join(outDir, "figures"), { recursive: true });
  let renderer: FigureRenderer | null = null;
  const records: StepRecord[] = [];
  const sections: ReportSection[] = [];
  try {
    for (const [k, step] of steps.entries()) {
      const prefix = `${tag} ${k + 1}/${steps.length} ${step.id}`;
      log(`${prefix}: ${step.title} ...`);
      const ctx: StudyContext = { profile: opts.profile, outDir, repoRoot: opts.repoRoot ?? resolve(__dirname, "..", ".."), log: (l) => log(`${prefix}: ${l}`) };
      const t0 = process.hrtime.bigint();
      let result: StepResult;
      try {
        result = await step.run(ctx);
      } catch (e) {
        log(`${prefix}: FAILED: ${(e as Error).message.split("\n")[0]}`);
        if (isInputError(e)) throw e;
        throw new Error(`study step '${step.id}' failed: ${(e as Error).message}`, { cause: e });
      }
      checkResult(step.id, result);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const t1 = process.hrtime.bigint();
      const figures: StepRecord["figures"] = [];
      for (const f of result.figures ?? []) {
        const base = `${step.id}-${f.id}`;
        writeFileAtomic(join(outDir, "figures", `${base}.json`), JSON.stringify(f.spec) + "\n");
        let pngFile: string | null = null;
        if (png) {
          if (!renderer) renderer = await (opts.launch ?? launchRenderer)();
          writeFileAtomic(join(outDir, "figures", `${base}.png`), await renderer.render(f.spec));
          pngFile = `figures/${base}.png`;
        }
        figures.push({ id: f.id, spec: `figures/${base}.json`, png: pngFile });
      }
      const renderSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
      writeJsonAtomic(join(outDir, `${step.id}.json`), jsonSafe({
        step: step.id,
        title: step.title,
        profile: opts.profile.name,
        headline: result.headline,
        prose: result.prose ?? "",
        tables: result.tables ?? [],
        figures: figures.map((f, i) => ({ ...f, caption: result.figures![i].caption ?? "" })),
        provenance: result.provenance ?? null,
      }));
      records.push({ id: step.id, title: step.title, file: `${step.id}.json`, figures, seconds });
      sections.push({
        id: step.id,
        title: step.title,
        prose: result.prose,
        headline: jsonSafe(result.headline) as Record<string, unknown>,
        figures: (result.figures ?? []).map((f, i) => ({ id: `${step.id}-${f.id}`, spec: f.spec, caption: f.caption, png: figures[i].png ?? undefined })),
        tables: result.tables,
        provenance: result.provenance,
      });
      const pngNote = png && figures.length ? `, PNG in ${renderSeconds.toFixed(1)} s` : "";
      log(`${prefix}: done in ${seconds.toFixed(1)} s (${figures.length} figure${figures.length === 1 ? "" : "s"}${pngNote})`);
    }
  } finally {
    if (renderer) await (renderer as FigureRenderer).close();
  }
  const versions = { library: libraryVersion(), plotly: plotlyVersion(), node: process.version };
  const intro = [
    `Profile **${opts.profile.name}** (${opts.profile.description}); seed ${opts.profile.seed}.`,
    `Every number below was computed in this run from the embedded data; each step's numbers, prose and provenance are also in \`<step>.json\` next to this report.`,
    `benchmark-signatures ${versions.library}, plotly.js ${versions.plotly}, Node ${versions.node}.`,
  ].join(" ");
  writeFileAtomic(join(outDir, "report.html"), reportHtml({
    title: "Benchmark signatures: the study (arXiv 2509.23488 reproduced)",
    intro,
    sections,
  }));
  const summary: StudySummary = { profile: opts.profile.name, outDir, steps: records, report: "report.html", png, versions };
  writeJsonAtomic(join(outDir, "study.json"), summary);
  log(`${tag}: ${records.length} step${records.length === 1 ? "" : "s"} done; report ${join(outDir, "report.html")}`);
  return summary;
}

/** Reject results that could not be written faithfully (bad figure ids, non-object headline). */
function checkResult(stepId: string, r: StepResult): void {
  if (!r || typeof r !== "object" || !r.headline || typeof r.headline !== "object" || Array.isArray(r.headline)) {
    throw new Error(`study step '${stepId}' returned no headline object`);
  }
  const ids = new Set<string>();
  for (const f of r.figures ?? []) {
    if (!ID.test(f.id)) throw new Error(`study step '${stepId}': figure id '${f.id}' must be lowercase letters, digits, '-' or '_'`);
    if (ids.has(f.id)) throw new Error(`study step '${stepId}': figure id '${f.id}' is used twice`);
    ids.add(f.id);
  }
}

/** A JSON-ready copy: typed arrays become arrays, non-finite numbers become null. */
function jsonSafe(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => {
    if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number>);
    if (typeof x === "number" && !Number.isFinite(x)) return null;
    return x;
  }));
}
