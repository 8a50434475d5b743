"""Byte-level BPE tokenizers for the zoo, written as HF `tokenizer.json` files that transformers.js v4 loads.

The pre-tokenizer is GPT-2's ByteLevel regex (the one transformers.js hard-codes):
    's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+
rebuilt for Python's `re` with explicit Unicode classes (\\p{L}, \\p{N} from unicodedata; \\s as JavaScript's).
Merges are learned deterministically (highest pair count; ties broken by the smaller pair in byte order).
A vocabulary with 0 merges is the plain byte tokenizer.
"""
import collections
import json
import re
import sys
import unicodedata

EOS = "<|endoftext|>"

# JavaScript's \s with the u flag.
_JS_SPACE = "\t\n\x0b\x0c\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def _class_for(prefix):
    ranges = []
    start = prev = None
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)).startswith(prefix):
            if start is None:
                start = prev = cp
            elif cp == prev + 1:
                prev = cp
            else:
                ranges.append((start, prev))
                start = prev = cp
    if start is not None:
        ranges.append((start, prev))

    def esc(c):
        return "\\U%08x" % c

    return "".join(esc(a) if a == b else esc(a) + "-" + esc(b) for a, b in ranges)


_PATTERN = None


def pretokenize_pattern():
    """The compiled GPT-2 pre-tokenization regex (built once, ~1 s)."""
    global _PATTERN
    if _PATTERN is None:
        L, N, S = _class_for("L"), _class_for("N"), _JS_SPACE
        pat = (
            "'s|'t|'re|'ve|'m|'ll|'d"
            f"| ?[{L}]+| ?[{N}]+| ?[^{S}{L}{N}]+|[{S}]+(?![^{S}])|[{S}]+"
        )
        _PATTERN = re.compile(pat)
    return _PATTERN


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable unicode character map."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\xa1"), ord("\xac") + 1)) + list(range(ord("\xae"), ord("\xff") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_ENCODER = bytes_to_unicode()


def pretokens(text):
    """Pre-tokens of a text, each mapped to its byte-level unicode string."""
    return ["".join(BYTE_ENCODER[b] for b in m.encode("utf-8")) for m in pretokenize_pattern().findall(text)]


def train_merges(texts, n_merges):
    """Learn `n_merges` BPE merges on an iterable of texts (word-frequency based, deterministic)."""
    freq = collections.Counter()
    for t in texts:
        freq.update(pretokens(t))
    words = [list(w) for w in freq]
    counts = [freq[w] for w in freq]
    pair_counts = collections.Counter()
    where = collections.defaultdict(set)
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pair_counts[(a, b)] += counts[i]
            where[(a, b)].add(i)
    merges = []
    for _ in range(n_merges):
        if not pair_counts:
            break
        best = max(pair_counts.items(), key=lambda kv: (kv[1], _neg_key(kv[0])))[0]
        if pair_counts[best] < 2:
            break
        merges.append(best)
        a, b = best
        merged = a + b
        for i in sorted(where.pop(best, ())):
            w = words[i]
            c = counts[i]
            for x, y in zip(w, w[1:]):
                pair_counts[(x, y)] -= c
                if pair_counts[(x, y)] <= 0:
                    del pair_counts[(x, y)]
            nw = []
            j = 0
            while j < len(w):
                if j + 1 < len(w) and w[j] == a and w[j + 1] == b:
                    nw.append(merged)
                    j += 2
                else:
                    nw.append(w[j])
                    j += 1
            words[i] = nw
            for x, y in zip(nw, nw[1:]):
                pair_counts[(x, y)] += c
                where[(x, y)].add(i)
        pair_counts.pop(best, None)
    return merges


class _Neg:
    __slots__ = ("k",)

    def __init__(self, k):
        self.k = k

    def __lt__(self, o):
        return self.k > o.k

    def __eq__(self, o):
        return self.k == o.k


def _neg_key(pair):
    # max() picks the largest count, then the lexicographically smallest pair.
    return _Neg(pair)


class Tokenizer:
    """A byte-level BPE tokenizer: ids 0..255 are the bytes (in GPT-2's character order), then merges, then EOS."""

    def __init__(self, merges, tok_id):
        self.id = tok_id
        self.merges = [tuple(m) for m in merges]
        self.vocab = {}
        for b in range(256):
            self.vocab[BYTE_ENCODER[b]] = b
        for a, b in self.merges:
            if a + b not in self.vocab:
                self.vocab[a + b] = len(self.vocab)
        self.eos_id = len(self.vocab)
        self.vocab_size = self.eos_id + 1
        self.ranks = {m: i for i, m in enumerate(self.merges)}
        self._cache = {}

    def _bpe(self, word):
        if word in self._cache:
            return self._cache[word]
        parts = list(word)
        while len(parts) > 1:
            best = None
            for i in range(len(parts) - 1):
                r = self.ranks.get((parts[i], parts[i + 1]))
                if r is not None and (best is None or r < best[0]):
                    best = (r, i)
            if best is None:
                break
            a, b = self.merges[best[0]]
            out = []
            i = 0
            while i < len(parts):
                if i + 1 < len(parts) and parts[i] == a and parts[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(parts[i])
                    i += 1
            parts = out
        ids = [self.vocab[p] for p in parts]
        self._cache[word] = ids
        return ids

    def encode(self, text):
        """Token ids of a text (no special tokens added)."""
        out = []
        for w in pretokens(text):
            out.extend(self._bpe(w))
        return out

    def hf_json(self):
        """The HF tokenizers `tokenizer.json` object."""
        vocab = dict(self.vocab)
        vocab[EOS] = self.eos_id
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [{"id": self.eos_id, "content": EOS, "single_word": False, "lstrip": False, "rstrip": False, "normalized": True, "special": True}],
            "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
            "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "", "end_of_word_suffix": "",
                      "fuse_unk": False, "byte_fallback": False, "ignore_merges": False, "vocab": vocab,
                      "merges": [f"{a} {b}" for a, b in self.merges]},
        }

    def hf_config(self):
        """The `tokenizer_config.json` object."""
        return {"tokenizer_class": "GPT2Tokenizer", "add_bos_token": False, "add_prefix_space": False, "bos_token": EOS, "eos_token": EOS,
                "unk_token": EOS, "model_max_length": 1024, "clean_up_tokenization_spaces": False}

    def to_dict(self):
        return {"id": self.id, "merges": [list(m) for m in self.merges]}

    @staticmethod
    def from_dict(d):
        return Tokenizer(d["merges"], d["id"])


def save_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=None, separators=(",", ":"))
