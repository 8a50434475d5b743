import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgress } from "../../src/perplexity/progress";

test("without a terminal, progress prints plain periodic lines with rates and ETA, and a final line", () => {
  let t = 0, text = "";
  const p = createProgress({ tty: false, write: (s) => { text += s; }, intervalS: 10, now: () => t });
  p.start(100, 20);
  t = 5000; p.advance(10, 50, 400);   // before the interval: silent
  assert.match(text, /^resuming: 20\/100 chunks already in the cache\n$/);
  t = 10000; p.advance(10, 50, 400);
  assert.match(text, /scored 40\/100 chunks \(40%\) \| 2\.0 chunks\/s \| 10 pieces\/s \| 80 tokens\/s \| ETA 30s\n$/);
  t = 40000; p.advance(60, 300, 2400); p.stop();
  assert.match(text, /scored 100\/100 chunks \(100%\) .* took 40s\n$/);
});
