#!/usr/bin/python3
"""Write the tokenizer-equivalence fixture: python's token ids (the ids the zoo was trained on) for tricky strings and
for text from every domain's wild and bench splits, per tokenizer, read back from each model folder's tokenizer.json.
tests/zoo-models/tokenizer.test.ts checks that transformers.js produces the same ids.

    /usr/bin/python3 tools/zoo/tokenizer_fixture.py models/zoo/smoke tests/zoo-models/fixtures/tokenizer-ids.json
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpe  # noqa: E402
from plan import DOMAINS  # noqa: E402

TRICKY = [
    "Hello world", " leading space", "trailing space ", "  two  spaces\t\ttabs\n\nnewlines \n ",
    "naïve café, Zürich — “quotes” ‘single’ …", "北京市 東京 서울 Москва Αθήνα", "emoji 🙂👍🏽 and ZWJ 👩‍💻",
    "it's we're they've I'm you'll he'd DON'T", "numbers 3.14159 1,000,000 ½ ² Ⅻ ٣", "x = a[i] + b_j * (c - 1); // done",
    "<|endoftext|> special in text", "combining e\u0301 vs é", "\u00a0nbsp and\u2009thin\u3000ideographic",
]


def load_tokenizer(folder):
    with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
        j = json.load(f)
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in j["model"]["merges"]]
    tok = bpe.Tokenizer(merges, os.path.basename(folder))
    assert all(j["model"]["vocab"][k] == v for k, v in tok.vocab.items()), "vocab mismatch"
    return tok


def samples(splits):
    out = []
    for d in DOMAINS:
        for split in ("wild-a", "bench"):
            with open(os.path.join(splits, d, f"{split}.jsonl"), encoding="utf-8") as f:
                text = json.loads(f.readline())["text"]
            out += [s for s in (text[:400], text[1000:1600]) if s.strip()]
    return out


def main():
    zoo, out = sys.argv[1], sys.argv[2]
    splits = sys.argv[3] if len(sys.argv) > 3 else "data/zoo/splits"
    texts = TRICKY + samples(splits)
    fixture = {"note": "python token ids (tools/zoo/bpe.py) per tokenizer; written by tools/zoo/tokenizer_fixture.py", "tokenizers": {}}
    seen = set()
    for name in sorted(os.listdir(zoo)):
        folder = os.path.join(zoo, name)
        mf = os.path.join(folder, "manifest.json")
        if name.startswith(".") or not os.path.exists(mf):
            continue
        with open(mf, encoding="utf-8") as f:
            tid = json.load(f)["tokenizer"]["id"]
        if tid in seen:
            continue
        seen.add(tid)
        tok = load_tokenizer(folder)
        fixture["tokenizers"][tid] = {"model": os.path.relpath(folder).replace(os.sep, "/"),
                                      "cases": [{"text": t, "ids": tok.encode(t)} for t in texts]}
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{out}: {len(seen)} tokenizers x {len(texts)} texts")


if __name__ == "__main__":
    main()
