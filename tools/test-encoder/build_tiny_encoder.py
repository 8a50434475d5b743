#!/usr/bin/python3
"""Build a tiny BERT-like sentence encoder for tests of the transformers.js feature-extraction path.

Debian's torch 1.13 + onnx only (no transformers / tokenizers packages): the model is plain torch with
HF BERT parameter semantics, randomly initialised with a fixed seed (it does not need to be good, only
exactly reproducible), exported to ONNX in the layout @huggingface/transformers v4 loads:

  <out>/config.json            model_type "bert"
  <out>/tokenizer.json         HF tokenizers JSON: BertNormalizer, BertPreTokenizer, WordPiece, BertProcessing
  <out>/tokenizer_config.json  BertTokenizer, model_max_length
  <out>/onnx/model.onnx        inputs input_ids / attention_mask / token_type_ids (int64 [batch_size, sequence_length]),
                               output last_hidden_state [batch_size, sequence_length, hidden]

It also writes <expected>: token ids from an independent Python WordPiece implementation and the
mean-pooled, L2-normalised torch embeddings of a few texts, which the TypeScript test compares with.

Run: /usr/bin/python3 tools/test-encoder/build_tiny_encoder.py tests/fixtures/encoder/tiny-bert tests/fixtures/encoder/expected.json
"""
import json
import math
import os
import sys
import unicodedata

import torch

torch.manual_seed(0)
torch.set_num_threads(2)

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = ("the a an of and to in is it that what which how many much sum product two three four five six seven "
         "eight nine ten cat dog bird house mat sat red blue green compute return def add number numbers list "
         "question answer true false yes no not are was were be has have does do legs sides square angle angles "
         "capital city country history chemistry physics law court medicine patient doctor code function python").split()
PIECES = ["##s", "##es", "##ed", "##ing", "##er", "##ly", "##tion"]
LETTERS = list("abcdefghijklmnopqrstuvwxyz0123456789")
PUNCT = list(".,;:!?()[]{}'\"-+*/=<>_#$%&@")
vocab_list = SPECIALS + sorted(set(WORDS)) + PIECES + LETTERS + ["##" + c for c in LETTERS] + PUNCT
vocab = {t: i for i, t in enumerate(vocab_list)}
MAX_POS = 64
HIDDEN, HEADS, LAYERS, INTER = 32, 4, 2, 64


# ---------------------------------------------------------------- independent WordPiece tokenizer
def is_punct(ch):
    cp = ord(ch)
    if (33 <= cp <= 47) or (58 <= cp <= 64) or (91 <= cp <= 96) or (123 <= cp <= 126):
        return True
    return unicodedata.category(ch).startswith("P")


def basic_tokens(text):
    text = "".join(" " if ch.isspace() else ch for ch in text if not (ord(ch) == 0 or ord(ch) == 0xFFFD or unicodedata.category(ch) in ("Cc", "Cf") and not ch.isspace()))
    text = text.lower()
    out = []
    for word in text.split():
        cur = ""
        for ch in word:
            if is_punct(ch):
                if cur:
                    out.append(cur)
                    cur = ""
                out.append(ch)
            else:
                cur += ch
        if cur:
            out.append(cur)
    return out


def wordpiece(word):
    if len(word) > 100:
        return [vocab["[UNK]"]]
    ids, start = [], 0
    while start < len(word):
        end, cur = len(word), None
        while start < end:
            sub = word[start:end] if start == 0 else "##" + word[start:end]
            if sub in vocab:
                cur = vocab[sub]
                break
            end -= 1
        if cur is None:
            return [vocab["[UNK]"]]
        ids.append(cur)
        start = end
    return ids


def encode(text):
    ids = []
    for w in basic_tokens(text):
        ids.extend(wordpiece(w))
    return ids


# ---------------------------------------------------------------- the model
class Layer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v = (torch.nn.Linear(HIDDEN, HIDDEN) for _ in range(3))
        self.o = torch.nn.Linear(HIDDEN, HIDDEN)
        self.ln1 = torch.nn.LayerNorm(HIDDEN, eps=1e-12)
        self.f1 = torch.nn.Linear(HIDDEN, INTER)
        self.f2 = torch.nn.Linear(INTER, HIDDEN)
        self.ln2 = torch.nn.LayerNorm(HIDDEN, eps=1e-12)

    def forward(self, h, bias):
        b, t, _ = h.shape
        dh = HIDDEN // HEADS

        def split(x):
            return x.view(b, t, HEADS, dh).transpose(1, 2)

        q, k, v = split(self.q(h)), split(self.k(h)), split(self.v(h))
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(dh) + bias
        ctx = torch.matmul(torch.softmax(att, dim=-1), v).transpose(1, 2).reshape(b, t, HIDDEN)
        h = self.ln1(h + self.o(ctx))
        return self.ln2(h + self.f2(torch.nn.functional.gelu(self.f1(h))))


class TinyBert(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.word = torch.nn.Embedding(len(vocab_list), HIDDEN)
        self.pos = torch.nn.Embedding(MAX_POS, HIDDEN)
        self.typ = torch.nn.Embedding(2, HIDDEN)
        self.ln = torch.nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = torch.nn.ModuleList([Layer() for _ in range(LAYERS)])

    def forward(self, input_ids, attention_mask, token_type_ids):
        t = input_ids.shape[1]
        pos = torch.arange(t, dtype=torch.long).unsqueeze(0)
        h = self.ln(self.word(input_ids) + self.pos(pos) + self.typ(token_type_ids))
        bias = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -1e9
        for layer in self.layers:
            h = layer(h, bias)
        return h


def main(out_dir, expected_path):
    model = TinyBert().eval()
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.02)
    os.makedirs(os.path.join(out_dir, "onnx"), exist_ok=True)
    cfg = {"model_type": "bert", "architectures": ["BertModel"], "hidden_size": HIDDEN, "num_attention_heads": HEADS,
           "num_hidden_layers": LAYERS, "intermediate_size": INTER, "vocab_size": len(vocab_list),
           "max_position_embeddings": MAX_POS, "type_vocab_size": 2, "hidden_act": "gelu", "layer_norm_eps": 1e-12,
           "pad_token_id": 0}
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(cfg, f, indent=1)
    tok = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for t in SPECIALS],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True, "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", vocab["[SEP]"]], "cls": ["[CLS]", vocab["[CLS]"]]},
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": vocab},
    }
    with open(os.path.join(out_dir, "tokenizer.json"), "w") as f:
        json.dump(tok, f, indent=1)
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "BertTokenizer", "model_max_length": MAX_POS, "do_lower_case": True,
                   "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]"}, f, indent=1)
    ids = torch.tensor([[2, 10, 11, 3]], dtype=torch.long)
    torch.onnx.export(model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), os.path.join(out_dir, "onnx", "model.onnx"),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
                      dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"}, "attention_mask": {0: "batch_size", 1: "sequence_length"},
                                    "token_type_ids": {0: "batch_size", 1: "sequence_length"}, "last_hidden_state": {0: "batch_size", 1: "sequence_length"}},
                      opset_version=14, do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(os.path.join(out_dir, "onnx", "model.onnx")))

    texts = ["The cat sat on the mat.", "What is the sum of two and three?", "def add(a, b): return a + b",
             "Compute the product of numbers; the doctors' patients walked quickly!", "zzz qqq xylophone"]
    max_tokens = 12  # truncation length incl. [CLS]/[SEP], as sentence-transformers keeps them
    cases = []
    for text in texts:
        body = encode(text)
        full = [2] + body[: max_tokens - 2] + [3]
        x = torch.tensor([full], dtype=torch.long)
        with torch.no_grad():
            h = model(x, torch.ones_like(x), torch.zeros_like(x))[0]
        e = h.mean(dim=0)
        e = e / e.norm()
        cases.append({"text": text, "ids": body, "inputIds": full, "embedding": [float(v) for v in e]})
    with open(expected_path, "w") as f:
        json.dump({"generator": "tools/test-encoder/build_tiny_encoder.py", "torch": torch.__version__, "maxTokens": max_tokens,
                   "hidden": HIDDEN, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", out_dir, expected_path)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
