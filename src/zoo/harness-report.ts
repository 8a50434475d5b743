/**
 * Markdown tables of a `bsig eval` summary (scores.summary.json): per benchmark median accuracy vs
 * chance, split-half reliability, whether it qualifies, Spearman with training exposure, and the
 * negative controls against the 99% binomial interval of chance. Pure string formatting.
 */

/** The per-benchmark fields of an evaluation summary that the table shows. */
export interface SummaryRow {
  name: string;
  family: string;
  format: string;
  category: string;
  domains: string[];
  metric: string;
  items: number;
  chance: number;
  median: number;
  min: number;
  max: number;
  reliability: { spearmanBrown: number };
  qualifies: boolean;
  failsBecause: string[];
  chanceInterval99: [number, number];
  modelsOutsideChance99: string[];
  exposureSpearman: number | null;
  exposurePartialSpearman?: number | null;
}

const f3 = (x: number | null): string => (x === null || !Number.isFinite(x) ? "–" : x.toFixed(3));

/**
 * One markdown table row per benchmark.
 *
 * | benchmark | family | format | metric | chance | median [min, max] | reliability | ρ(exposure) | partial ρ | qualifies |
 *
 * @example
 *   summaryMarkdown(JSON.parse(readFileSync("scores.summary.json", "utf8")).perBenchmark)
 */
export function summaryMarkdown(rows: readonly SummaryRow[]): string {
  const head = "| benchmark | family | format | metric | chance | median [min, max] | reliability | ρ(acc, exposure) | partial ρ given capability | qualifies |\n|---|---|---|---|---|---|---|---|---|---|\n";
  const body = rows
    .filter((r) => r.category === "zoo-domain")
    .map((r) => `| ${r.name} | ${r.family} | ${r.format} | ${r.metric} | ${f3(r.chance)} | ${f3(r.median)} [${f3(r.min)}, ${f3(r.max)}] | ${f3(r.reliability.spearmanBrown)} | ${f3(r.exposureSpearman)} | ${f3(r.exposurePartialSpearman ?? null)} | ${r.qualifies ? "yes" : "no: " + r.failsBecause.join("; ")} |`)
    .join("\n");
  return head + body + "\n";
}

/**
 * Negative controls: each model's accuracy must lie in the 99% binomial interval of chance.
 *
 * | control | items | 99% interval | median [min, max] | models outside |
 *
 * @example
 *   controlsMarkdown(summary.perBenchmark)
 */
export function controlsMarkdown(rows: readonly SummaryRow[]): string {
  const head = "| control | items | 99% interval of chance | median [min, max] | models outside |\n|---|---|---|---|---|\n";
  const body = rows
    .filter((r) => r.category === "negative-control")
    .map((r) => `| ${r.name} | ${r.items} | [${f3(r.chanceInterval99[0])}, ${f3(r.chanceInterval99[1])}] | ${f3(r.median)} [${f3(r.min)}, ${f3(r.max)}] | ${r.modelsOutsideChance99.length ? r.modelsOutsideChance99.join(", ") : "none"} |`)
    .join("\n");
  return head + body + "\n";
}
