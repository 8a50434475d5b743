#!/usr/bin/env python3
"""Build tiny GPT-2 causal LMs for the tests (and a bigger one for the bench), with PyTorch reference log-probs.

Run with Debian's Python (python3-torch 1.13, python3-onnx 1.12); it needs no network and no HF libraries:

    /usr/bin/python3 tools/test-models/build.py tests/fixtures/models            # the committed test models
    /usr/bin/python3 tools/test-models/build.py .cache/bench-model --bench        # 4 x 256 and 6 x 512 for the bench
                                                                                  # (+ pytorch_model.pt for the peer)

Every model folder has the layout @huggingface/transformers v4 loads from a local path:
config.json, tokenizer.json (HF tokenizers JSON, byte-level BPE), tokenizer_config.json, onnx/model.onnx
(opset 14, KV cache inputs/outputs, batch axis named `batch_size`), optionally onnx/model_quantized.onnx (q8:
int8 weight-only, DequantizeLinear), and reference.json: token ids and PyTorch float32 per-token log-probs of
REFERENCE_TEXTS (BOS prepended, log p(token_i | BOS, token_<i)), computed with the exported weights.

Everything is seeded: torch.manual_seed(SEED) before each model, a fixed training text, deterministic merges.
"""
import json
import math
import os
import sys
import unicodedata

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import helper, numpy_helper, TensorProto

SEED = 20240917
TRAIN_FILE = "/usr/share/common-licenses/GPL-3"
REFERENCE_TEXTS = [
    "The quick brown fox jumps over the lazy dog. Free software means freedom!",
    "Café naïve Zürich — 日本語のテキスト and emoji 🙂👍🏽 end.",
    "  two  spaces,\ttab and\nnewline; numbers 12345 it's done",
]


# ---------------------------------------------------------------- byte-level BPE (GPT-2 conventions)
def bytes_to_unicode():
    """GPT-2's reversible map from the 256 byte values to printable unicode characters."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


B2U = bytes_to_unicode()


def _is_l(c):
    return unicodedata.category(c).startswith("L")


def _is_n(c):
    return unicodedata.category(c).startswith("N")


def pretokenize(text):
    """GPT-2 split regex  's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+  by hand."""
    out, i, n = [], 0, len(text)
    while i < n:
        m = None
        if text[i] == "'":
            for c in ("s", "t", "re", "ve", "m", "ll", "d"):
                if text.startswith(c, i + 1):
                    m = i + 1 + len(c)
                    break
        if m is None:
            j = i + 1 if text[i] == " " and i + 1 < n else i
            for pred in (_is_l, _is_n, lambda c: not c.isspace() and not _is_l(c) and not _is_n(c)):
                k = j
                while k < n and pred(text[k]):
                    k += 1
                if k > j:
                    m = k
                    break
        if m is None:  # whitespace run
            k = i
            while k < n and text[k].isspace():
                k += 1
            m = k if k == n or k - 1 == i else k - 1
        out.append(text[i:m])
        i = m
    return out


def word_units(word):
    return [B2U[b] for b in word.encode("utf-8")]


def train_merges(text, n_merges):
    freq = {}
    for w in pretokenize(text):
        key = tuple(word_units(w))
        freq[key] = freq.get(key, 0) + 1
    words = {k: list(k) for k in freq}
    merges = []
    for _ in range(n_merges):
        pairs = {}
        for k, syms in words.items():
            for a, b in zip(syms, syms[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + freq[k]
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        for k, syms in words.items():
            out, i = [], 0
            while i < len(syms):
                if i + 1 < len(syms) and (syms[i], syms[i + 1]) == best:
                    out.append(syms[i] + syms[i + 1])
                    i += 2
                else:
                    out.append(syms[i])
                    i += 1
            words[k] = out
    return merges


def bpe_encode(text, vocab, ranks):
    ids = []
    for w in pretokenize(text):
        syms = word_units(w)
        while len(syms) > 1:
            cand = [(ranks.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(syms, syms[1:]))]
            r, i = min(cand)
            if r == 1 << 30:
                break
            syms = syms[:i] + [syms[i] + syms[i + 1]] + syms[i + 2:]
        ids.extend(vocab[s] for s in syms)
    return ids


def tokenizer_json(vocab, merges, specials):
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
            for s, i in specials
        ],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "", "end_of_word_suffix": "",
            "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
            "vocab": vocab, "merges": [f"{a} {b}" for a, b in merges],
        },
    }


# ---------------------------------------------------------------- GPT-2 in plain torch (HF parameter names)
class Attention(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h, self.d = h, d
        self.c_attn = nn.Linear(d, 3 * d)
        self.c_proj = nn.Linear(d, d)

    def forward(self, x, allowed, past_k, past_v):
        B, T, _ = x.shape
        q, k, v = self.c_attn(x).split(self.d, dim=2)
        shp = lambda t: t.view(B, T, self.h, self.d // self.h).transpose(1, 2)
        q, k, v = shp(q), shp(k), shp(v)
        k = torch.cat([past_k, k], dim=2)
        v = torch.cat([past_v, v], dim=2)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(self.d // self.h)
        att = att.masked_fill(~allowed, -1e9)
        y = torch.softmax(att, dim=-1) @ v
        y = y.transpose(1, 2).reshape(B, T, self.d)
        return self.c_proj(y), k, v


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class MLP(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.c_fc = nn.Linear(d, 4 * d)
        self.c_proj = nn.Linear(4 * d, d)

    def forward(self, x):
        return self.c_proj(gelu_new(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d, eps=1e-5)
        self.attn = Attention(d, h)
        self.ln_2 = nn.LayerNorm(d, eps=1e-5)
        self.mlp = MLP(d)

    def forward(self, x, allowed, pk, pv):
        a, k, v = self.attn(self.ln_1(x), allowed, pk, pv)
        x = x + a
        return x + self.mlp(self.ln_2(x)), k, v


class Transformer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg["n_embd"]
        self.wte = nn.Embedding(cfg["vocab_size"], d)
        self.wpe = nn.Embedding(cfg["n_positions"], d)
        self.h = nn.ModuleList([Block(d, cfg["n_head"]) for _ in range(cfg["n_layer"])])
        self.ln_f = nn.LayerNorm(d, eps=1e-5)


class GPT2LMHeadModel(nn.Module):
    """forward(input_ids, attention_mask, position_ids, *past) -> (logits, *present), past = k0, v0, k1, v1, ..."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.transformer = Transformer(cfg)

    def forward(self, input_ids, attention_mask, position_ids, *past):
        tr = self.transformer
        T = input_ids.shape[1]
        P = past[0].shape[2]
        q_pos = torch.arange(T, device=input_ids.device) + P
        k_pos = torch.arange(P + T, device=input_ids.device)
        causal = k_pos.unsqueeze(0) <= q_pos.unsqueeze(1)
        allowed = causal.unsqueeze(0).unsqueeze(0) & attention_mask.bool().unsqueeze(1).unsqueeze(2)
        x = tr.wte(input_ids) + tr.wpe(position_ids)
        presents = []
        for i, blk in enumerate(tr.h):
            x, k, v = blk(x, allowed, past[2 * i], past[2 * i + 1])
            presents += [k, v]
        x = tr.ln_f(x)
        logits = x @ tr.wte.weight.t()
        return (logits, *presents)

    def empty_past(self, B):
        c = self.cfg
        hd = c["n_embd"] // c["n_head"]
        return [torch.zeros(B, c["n_head"], 0, hd) for _ in range(2 * c["n_layer"])]


def train(model, ids, steps, seq, batch, lr):
    g = torch.Generator().manual_seed(SEED)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    data = torch.tensor(ids, dtype=torch.long)
    model.train()
    for step in range(steps):
        starts = torch.randint(0, len(data) - seq - 1, (batch,), generator=g)
        x = torch.stack([data[s:s + seq] for s in starts])
        y = torch.stack([data[s + 1:s + seq + 1] for s in starts])
        mask = torch.ones_like(x)
        pos = torch.arange(seq).unsqueeze(0).expand(batch, seq)
        logits = model(x, mask, pos, *model.empty_past(batch))[0]
        loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step == 0 or step == steps - 1:
            print(f"  step {step + 1}/{steps} loss {loss.item():.4f}")
    model.eval()


def export_onnx(model, path):
    c = model.cfg
    L = c["n_layer"]
    hd = c["n_embd"] // c["n_head"]
    B, T, P = 2, 3, 1
    args = (
        torch.ones(B, T, dtype=torch.long),
        torch.ones(B, P + T, dtype=torch.long),
        torch.arange(P, P + T).unsqueeze(0).expand(B, T).contiguous(),
        *[torch.zeros(B, c["n_head"], P, hd) for _ in range(2 * L)],
    )
    past_names, present_names, axes = [], [], {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for i in range(L):
        for kv in ("key", "value"):
            a, b = f"past_key_values.{i}.{kv}", f"present.{i}.{kv}"
            past_names.append(a)
            present_names.append(b)
            axes[a] = {0: "batch_size", 2: "past_sequence_length"}
            axes[b] = {0: "batch_size", 2: "total_sequence_length"}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            model, args, path, opset_version=14, do_constant_folding=True,
            input_names=["input_ids", "attention_mask", "position_ids", *past_names],
            output_names=["logits", *present_names], dynamic_axes=axes,
        )
    onnx.checker.check_model(onnx.load(path))


def quantize_q8(src, dst):
    """int8 weight-only: every 2-D float initializer W becomes int8 + scale through DequantizeLinear."""
    m = onnx.load(src)
    g = m.graph
    new_inits, new_nodes = [], []
    for init in g.initializer:
        w = numpy_helper.to_array(init)
        if init.data_type == TensorProto.FLOAT and w.ndim == 2 and w.size >= 256:
            scale = float(np.abs(w).max()) / 127.0 or 1.0
            q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
            new_inits += [
                numpy_helper.from_array(q, init.name + "_quantized"),
                numpy_helper.from_array(np.array(scale, dtype=np.float32), init.name + "_scale"),
                numpy_helper.from_array(np.array(0, dtype=np.int8), init.name + "_zero_point"),
            ]
            new_nodes.append(helper.make_node(
                "DequantizeLinear", [init.name + "_quantized", init.name + "_scale", init.name + "_zero_point"], [init.name],
                name=init.name + "_dequantize"))
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(new_nodes + nodes)
    onnx.checker.check_model(m)
    onnx.save(m, dst)


def reference(model, texts, encode, bos):
    out = []
    with torch.no_grad():
        for t in texts:
            ids = encode(t)
            x = torch.tensor([[bos] + ids], dtype=torch.long)
            T = x.shape[1]
            logits = model(x, torch.ones_like(x), torch.arange(T).unsqueeze(0), *model.empty_past(1))[0][0]
            lp = torch.log_softmax(logits.double(), dim=-1)
            out.append({"text": t, "ids": ids, "logprobs": [lp[i, ids[i]].item() for i in range(len(ids))]})
    return out


def build(out_dir, name, *, n_merges, n_layer, n_head, n_embd, n_positions, bos, steps, quantize, train_text, save_torch=False):
    print(f"{name}: {n_merges} merges, {n_layer}x{n_embd}, {n_head} heads")
    torch.manual_seed(SEED)
    merges = train_merges(train_text, n_merges) if n_merges else []
    vocab = {B2U[b]: b for b in range(256)}
    for a, b in merges:
        vocab[a + b] = len(vocab)
    specials = [("<s>", len(vocab)), ("</s>", len(vocab) + 1)] if bos == "own" else [("<|endoftext|>", len(vocab))]
    for s, i in specials:
        vocab[s] = i
    bos_id, eos_id = specials[0][1], specials[-1][1]
    ranks = {m: i for i, m in enumerate(merges)}
    encode = lambda t: bpe_encode(t, vocab, ranks)
    cfg = {"vocab_size": len(vocab), "n_positions": n_positions, "n_embd": n_embd, "n_layer": n_layer, "n_head": n_head}
    model = GPT2LMHeadModel(cfg)
    train(model, encode(train_text), steps, 64, 16, 3e-3)
    d = os.path.join(out_dir, name)
    os.makedirs(d, exist_ok=True)
    config = {
        "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "gelu_new",
        "layer_norm_epsilon": 1e-5, "n_ctx": n_positions, **cfg, "bos_token_id": bos_id, "eos_token_id": eos_id,
        "tie_word_embeddings": True,
    }
    json.dump(config, open(os.path.join(d, "config.json"), "w"), indent=2)
    json.dump(tokenizer_json(vocab, merges, specials), open(os.path.join(d, "tokenizer.json"), "w"), ensure_ascii=False)
    tc = {"tokenizer_class": "GPT2Tokenizer", "model_max_length": n_positions, "add_prefix_space": False,
          "bos_token": specials[0][0], "eos_token": specials[-1][0], "unk_token": specials[-1][0]}
    json.dump(tc, open(os.path.join(d, "tokenizer_config.json"), "w"), indent=2)
    export_onnx(model, os.path.join(d, "onnx", "model.onnx"))
    if quantize:
        quantize_q8(os.path.join(d, "onnx", "model.onnx"), os.path.join(d, "onnx", "model_quantized.onnx"))
    ref = {"model": name, "bos_id": bos_id, "torch": torch.__version__, "seed": SEED,
           "texts": reference(model, REFERENCE_TEXTS, encode, bos_id)}
    json.dump(ref, open(os.path.join(d, "reference.json"), "w"), indent=1, ensure_ascii=False)
    if save_torch:  # the bench's PyTorch peer loads these weights into the same module
        torch.save(model.state_dict(), os.path.join(d, "pytorch_model.pt"))
    print(f"  wrote {d} ({sum(p.numel() for p in model.parameters())} params)")


def main():
    torch.set_num_threads(2)
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/models"
    text = open(TRAIN_FILE, encoding="utf-8").read()
    if "--bench" in sys.argv:
        build(out, "bench-gpt2", n_merges=400, n_layer=4, n_head=8, n_embd=256, n_positions=512, bos="eos", steps=30,
              quantize=True, train_text=text[:60000], save_torch=True)
        # a mid-sized model (6 x 512, ~19M parameters): the engine's per-token JavaScript work (log-softmax) is a
        # fixed cost per vocabulary entry, so its share of the time shrinks as the model grows
        build(out, "bench-gpt2-m", n_merges=400, n_layer=6, n_head=8, n_embd=512, n_positions=512, bos="eos", steps=30,
              quantize=False, train_text=text[:60000], save_torch=True)
        return
    # GPT-2 style: byte-level BPE with merges, EOS doubles as BOS.
    build(out, "tiny-bpe", n_merges=120, n_layer=2, n_head=2, n_embd=32, n_positions=512, bos="eos", steps=150,
          quantize=True, train_text=text)
    # Pure byte vocabulary (no merges) with its own <s> BOS and </s> EOS.
    build(out, "tiny-byte", n_merges=0, n_layer=1, n_head=4, n_embd=32, n_positions=512, bos="own", steps=150,
          quantize=False, train_text=text)


if __name__ == "__main__":
    main()
