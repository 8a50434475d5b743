import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { log10NormalUpper, mannWhitney, normalCdf } from "../../src/stats/mann-whitney";

// Expected values: tests/golden/performance/mann-whitney.R (R 4.2.2), committed as mann-whitney.json.
const golden = JSON.parse(readFileSync(join(__dirname, "..", "golden", "performance", "mann-whitney.json"), "utf8")) as {
  pnorm: { z: number; lower: number; upper: number }[];
  cases: { name: string; x: number[]; y: number[]; alternative: "two.sided" | "greater" | "less"; correct: boolean; W: number; p: number }[];
};

/** Relative closeness; tolerance 1e-12 (R and this port use the same Cody approximation). */
function close(actual: number, expected: number, rel = 1e-12, what = ""): void {
  if (expected === 0) return assert.equal(actual, 0, what);
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs R ${expected}`);
}

test("normalCdf equals R's pnorm in both tails, including where R underflows to 0", () => {
  assert.ok(golden.pnorm.length >= 15);
  for (const c of golden.pnorm) {
    close(normalCdf(c.z), c.lower, 1e-13, `pnorm(${c.z})`);
    close(normalCdf(c.z, false), c.upper, 1e-13, `pnorm(${c.z}, lower=FALSE)`);
  }
});

test("Mann-Whitney W and p equal R's wilcox.test(exact = FALSE) on every committed case", () => {
  assert.ok(golden.cases.length >= 10);
  for (const c of golden.cases) {
    const r = mannWhitney(c.x, c.y, { alternative: c.alternative, correct: c.correct });
    assert.equal(r.statistic, c.W, `${c.name}: W`);
    close(r.pValue, c.p, 1e-12, `${c.name}: p`);
  }
});

test("a shifted sample gives a small p and swapping the samples mirrors W", () => {
  const x = [5, 6, 7, 8, 9, 10], y = [1, 2, 3, 4, 5.5];
  const a = mannWhitney(x, y), b = mannWhitney(y, x);
  assert.equal(a.statistic + b.statistic, x.length * y.length);
  assert.equal(a.pValue, b.pValue);
  assert.ok(a.pValue < 0.02);
  assert.equal(a.auc, a.statistic / 30);
});

test("non-finite values are dropped as R does", () => {
  const r = mannWhitney([1, NaN, 3, Infinity, 5], [2, 4]);
  assert.equal(r.nX, 3);
  assert.equal(r.droppedNonFinite, 2);
  assert.equal(r.statistic, mannWhitney([1, 3, 5], [2, 4]).statistic);
});

test("log10 p stays finite past underflow and matches log10(p) where p is representable", () => {
  for (const z of [2, 10, 30, 37]) assert.ok(Math.abs(log10NormalUpper(z) - Math.log10(normalCdf(z, false))) < 1e-12);
  // beyond the underflow point: R's pnorm(z, lower.tail = FALSE, log.p = TRUE) / log(10) (R 4.2.2)
  const r = { 37.6: -308.96866779664151, 50: -544.96633586199664, 100: -2173.8715428690343 } as Record<number, number>;
  for (const z of [37.6, 50, 100]) close(log10NormalUpper(z), r[z], 1e-12, `log10 upper tail at ${z}`);
  const big = mannWhitney(Array.from({ length: 2000 }, (_, i) => i + 10000), Array.from({ length: 2000 }, (_, i) => i));
  assert.equal(big.pValue, 0);
  close(big.log10PValue, Math.log10(2) + log10NormalUpper(big.z), 1e-15, "two-sided log10 p");
});
