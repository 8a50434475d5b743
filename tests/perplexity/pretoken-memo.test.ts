import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { byteLevelBpeMemo } from "../../src/perplexity/pretoken-memo";
import { tokenizerView } from "../../src/perplexity/tokenizer";

const ROOT = join(__dirname, "..", "..");
const SOURCES = join(ROOT, "data", "zoo", "sources");

async function loadTok(dir: string): Promise<any> {
  const tf = await import("@huggingface/transformers");
  tf.env.allowRemoteModels = false;
  return tf.AutoTokenizer.from_pretrained(dir);
}

/** One folder per distinct committed byte-level BPE tokenizer (the test models and the zoo's three). */
function tokenizerDirs(): string[] {
  const dirs = ["tiny-bpe", "tiny-byte"].map((n) => join(ROOT, "tests", "fixtures", "models", n));
  const zoo = join(ROOT, "models", "zoo");
  for (const n of readdirSync(zoo).filter((n) => n.startsWith("zoo-")).sort()) dirs.push(join(zoo, n));
  const seen = new Set<string>();
  return dirs.filter((d) => { const t = readFileSync(join(d, "tokenizer.json"), "utf8"); if (seen.has(t)) return false; seen.add(t); return true; });
}

/** Natural text (WikiText, Shakespeare, GSM8K; windows of 31 pieces as the engine forms them) and hard cases. */
function texts(): string[] {
  const wiki = gunzipSync(readFileSync(join(SOURCES, "wikitext-2", "test.txt.gz"))).toString("utf8").slice(0, 60_000);
  const shakes = readdirSync(join(SOURCES, "tinyshakespeare")).find((f) => f.endsWith(".gz"));
  const plays = shakes ? gunzipSync(readFileSync(join(SOURCES, "tinyshakespeare", shakes))).toString("utf8").slice(0, 30_000) : "";
  const gsm = gunzipSync(readFileSync(join(SOURCES, "gsm8k", "test.jsonl.gz"))).toString("utf8").split("\n").slice(0, 60)
    .filter((l) => l.trim()).map((l) => JSON.parse(l) as { question: string; answer: string }).map((r) => `${r.question} ${r.answer}`).join("\n");
  const out: string[] = [];
  for (const src of [wiki, plays, gsm]) {
    const pieces = src.split(/\s+/).filter((p) => p.length > 0);
    for (let i = 0; i < pieces.length; i += 31) out.push(pieces.slice(i, i + 31).join(" "));
    out.push(...src.split("\n").slice(0, 200));   // raw lines: leading spaces, runs of whitespace
  }
  out.push("", " ", "   ", "\n\n", "Café naïve façade Ærø", "日本語のテキスト 中文 한국어", "🙂 👍🏽 👨‍👩‍👧 🇫🇷", "don't it's we'll I'd they're you've I'm 'sup",
    "  multiple   spaces\t\ttabs\n\nnewlines  ", "12345 3.14 1,000,000 ½ ²", "!!!...??? --- (a) [b] {c}", "a\u00a0b\u2003c\u200bd", "lone \ud800 surrogate",
    "x".repeat(500), "mixed123abc 123abc abc123");
  return out;
}

for (const dir of tokenizerDirs()) {
  test(`pretoken memo gives transformers.js's ids exactly: ${dir.split("/").slice(-1)[0]}`, async () => {
    const tok = await loadTok(dir);
    const memo = byteLevelBpeMemo(tok);
    assert.ok(memo, "a GPT-2 style byte-level BPE tokenizer is eligible");
    const view = tokenizerView(tok);
    let n = 0;
    for (const text of texts()) {
      const want = Array.from(tok.encode(text, { add_special_tokens: false }) as number[]);
      assert.deepEqual(memo!.encode(text), want, JSON.stringify(text.slice(0, 80)));
      assert.deepEqual(view.encode(text), want);
      n++;
    }
    assert.ok(n > 500 && memo!.size > 300, `${n} texts, ${memo!.size} pre-tokens remembered`);
    // A text holding an added token is left to transformers.js (the memo answers null); the view still matches.
    const special = [...tok._tokenizer.added_tokens_map.keys()][0] as string;
    const withSpecial = `Hello ${special} world${special}`;
    assert.equal(memo!.encode(withSpecial), null);
    assert.deepEqual(view.encode(withSpecial), Array.from(tok.encode(withSpecial, { add_special_tokens: false }) as number[]));
    // Bounded: a memo that may hold 4 pre-tokens is emptied when full and gives the same ids.
    const small = byteLevelBpeMemo(tok, 4)!;
    for (const text of texts().slice(0, 40)) {
      assert.deepEqual(small.encode(text), Array.from(tok.encode(text, { add_special_tokens: false }) as number[]));
      assert.ok(small.size <= 4);
    }
    memo!.clear();
    assert.equal(memo!.size, 0);
  });
}

test("pretoken memo: tokenizers of another shape are not eligible (they encode through transformers.js)", async () => {
  assert.equal(byteLevelBpeMemo(await loadTok(join(ROOT, "tests", "fixtures", "encoder", "tiny-bert"))), null, "WordPiece");
  const tmp = mkdtempSync(join(tmpdir(), "bsig-memo-"));
  try {
    const src = join(ROOT, "tests", "fixtures", "models", "tiny-bpe");
    const variants: [string, (j: any) => void][] = [
      ["normalizer", (j) => { j.normalizer = { type: "Lowercase" }; }],
      ["prefix space", (j) => { j.pre_tokenizer.add_prefix_space = true; }],
      ["no regex", (j) => { j.pre_tokenizer.use_regex = false; }],
      ["fuse_unk", (j) => { j.model.fuse_unk = true; }],
      ["post-processor", (j) => { j.post_processor = { type: "BertProcessing", sep: ["<|endoftext|>", 0], cls: ["<|endoftext|>", 0] }; }],
    ];
    for (const [name, edit] of variants) {
      const d = join(tmp, name.replace(/\W/g, "-"));
      cpSync(src, d, { recursive: true });
      const j = JSON.parse(readFileSync(join(d, "tokenizer.json"), "utf8"));
      edit(j);
      writeFileSync(join(d, "tokenizer.json"), JSON.stringify(j));
      const tok = await loadTok(d);
      assert.equal(byteLevelBpeMemo(tok), null, name);
      const view = tokenizerView(tok);
      const text = "Hello World, Café 🙂 it's";
      assert.deepEqual(view.encode(text), Array.from(tok.encode(text, { add_special_tokens: false }) as number[]), name);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
