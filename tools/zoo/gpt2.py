"""A plain-torch GPT-2 with Hugging Face parameter names, a KV cache, and ONNX export + q8 weight-only quantisation
in the layout transformers.js v4 loads (see shared notes toolchain.md section 4)."""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Conv1D(nn.Module):
    """HF GPT-2's Conv1D: y = x @ W + b with W stored as [in, out]."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_in, n_out).normal_(0.0, 0.02))
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return torch.matmul(x, self.weight) + self.bias


class Attention(nn.Module):
    def __init__(self, d, n_head, n_layer):
        super().__init__()
        self.n_head = n_head
        self.hd = d // n_head
        self.c_attn = Conv1D(d, 3 * d)
        self.c_proj = Conv1D(d, d)
        nn.init.normal_(self.c_proj.weight, 0.0, 0.02 / math.sqrt(2 * n_layer))

    def forward(self, x, past_k, past_v, bias):
        B, T, C = x.shape
        hd = self.hd
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, self.n_head, hd).transpose(1, 2)
        k = k.view(B, T, self.n_head, hd).transpose(1, 2)
        v = v.view(B, T, self.n_head, hd).transpose(1, 2)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(hd)
        att = att + bias
        att = torch.softmax(att, dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(B, T, C)
        return self.c_proj(y), k, v


class MLP(nn.Module):
    def __init__(self, d, n_layer):
        super().__init__()
        self.c_fc = Conv1D(d, 4 * d)
        self.c_proj = Conv1D(4 * d, d)
        nn.init.normal_(self.c_proj.weight, 0.0, 0.02 / math.sqrt(2 * n_layer))

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, d, n_head, n_layer):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d, eps=1e-5)
        self.attn = Attention(d, n_head, n_layer)
        self.ln_2 = nn.LayerNorm(d, eps=1e-5)
        self.mlp = MLP(d, n_layer)

    def forward(self, x, past_k, past_v, bias):
        a, k, v = self.attn(self.ln_1(x), past_k, past_v, bias)
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, k, v


class Transformer(nn.Module):
    def __init__(self, vocab, n_pos, d, n_head, n_layer):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(n_pos, d)
        nn.init.normal_(self.wte.weight, 0.0, 0.02)
        nn.init.normal_(self.wpe.weight, 0.0, 0.01)
        self.h = nn.ModuleList([Block(d, n_head, n_layer) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(d, eps=1e-5)


class GPT2(nn.Module):
    """GPT-2 LM (tied input/output embeddings). Parameter names match HF's GPT2LMHeadModel."""

    def __init__(self, vocab, n_pos, d, n_head, n_layer):
        super().__init__()
        self.cfg = dict(vocab_size=vocab, n_positions=n_pos, n_embd=d, n_head=n_head, n_layer=n_layer)
        self.transformer = Transformer(vocab, n_pos, d, n_head, n_layer)

    def n_params(self):
        return sum(p.numel() for p in self.parameters())

    def forward(self, input_ids):
        """Training forward: logits for a [B, T] batch (causal, no padding, positions 0..T-1)."""
        B, T = input_ids.shape
        tr = self.transformer
        pos = torch.arange(T, device=input_ids.device)
        x = tr.wte(input_ids) + tr.wpe(pos)[None]
        bias = torch.full((T, T), float("-inf"), device=input_ids.device).triu(1)
        for blk in tr.h:
            x, _, _ = blk(x, None, None, bias)
        return torch.matmul(tr.ln_f(x), tr.wte.weight.t())


class OnnxWrapper(nn.Module):
    """Inference graph with the optimum/Xenova GPT-2 signature: (input_ids, attention_mask, position_ids, past...) ->
    (logits, present...)."""

    def __init__(self, model):
        super().__init__()
        self.m = model

    def forward(self, input_ids, attention_mask, position_ids, *past):
        tr = self.m.transformer
        T = input_ids.shape[1]
        P = past[0].shape[2]
        total = attention_mask.shape[1]
        x = tr.wte(input_ids) + tr.wpe(position_ids)
        k_idx = torch.arange(total, device=input_ids.device)
        q_idx = torch.arange(T, device=input_ids.device) + P
        causal = (k_idx[None, :] <= q_idx[:, None])[None, None]
        keep = causal & (attention_mask[:, None, None, :] > 0)
        bias = torch.where(keep, torch.zeros((), dtype=x.dtype), torch.full((), -1e9, dtype=x.dtype))
        presents = []
        for i, blk in enumerate(tr.h):
            x, k, v = blk(x, past[2 * i], past[2 * i + 1], bias)
            presents += [k, v]
        logits = torch.matmul(tr.ln_f(x), tr.wte.weight.t())
        return (logits, *presents)


def export_onnx(model, path):
    """Export fp32 ONNX (opset 14) with KV cache and a `batch_size` batch axis."""
    import onnx  # noqa: F401

    c = model.cfg
    hd = c["n_embd"] // c["n_head"]
    w = OnnxWrapper(model).eval()
    B, T, P = 2, 3, 4
    ids = torch.zeros((B, T), dtype=torch.long)
    mask = torch.ones((B, P + T), dtype=torch.long)
    pos = torch.arange(P, P + T, dtype=torch.long)[None].repeat(B, 1)
    past = []
    in_names = ["input_ids", "attention_mask", "position_ids"]
    out_names = ["logits"]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"}, "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"}, "logits": {0: "batch_size", 1: "sequence_length"}}
    for i in range(c["n_layer"]):
        for kv in ("key", "value"):
            past.append(torch.zeros((B, c["n_head"], P, hd)))
            n = f"past_key_values.{i}.{kv}"
            in_names.append(n)
            axes[n] = {0: "batch_size", 2: "past_sequence_length"}
            o = f"present.{i}.{kv}"
            out_names.append(o)
            axes[o] = {0: "batch_size", 2: "total_sequence_length"}
    with torch.no_grad():
        torch.onnx.export(w, (ids, mask, pos, *past), path, input_names=in_names, output_names=out_names, dynamic_axes=axes,
                          opset_version=14, do_constant_folding=False)


def q8_rule(a, min_size=256):
    """True for arrays that the q8 export quantises: float 2-D with >= min_size elements."""
    n = a.size if isinstance(a, np.ndarray) else a.numel()
    return a.ndim == 2 and n >= min_size


def fake_quantize_(model, min_size=256):
    """Replace every 2-D weight by its int8 per-column (axis 1) dequantised value in place, so that the torch model
    computes exactly what the q8 ONNX graph computes: W' = round(W / s) * s, s_j = max_i |W_ij| / 127."""
    with torch.no_grad():
        for p in model.parameters():
            if q8_rule(p, min_size):
                s = (p.abs().amax(dim=0) / 127.0).clamp_min(1e-30)
                p.copy_(torch.clamp(torch.round(p / s), -127, 127) * s)


def quantize_q8(src, dst, min_size=256):
    """Weight-only int8 quantisation: every 2-D float initializer with >= min_size elements becomes int8 + per-column
    (axis 1) scale through DequantizeLinear (opset 13+). Returns the list of quantised initializer names."""
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load(src)
    g = m.graph
    new_inits, nodes, deq = [], [], []
    for init in g.initializer:
        a = numpy_helper.to_array(init)
        if a.dtype == np.float32 and q8_rule(a, min_size):
            scale = (np.abs(a).max(axis=0) / 127.0).astype(np.float32)
            scale = np.maximum(scale, np.float32(1e-30))
            q = np.clip(np.round(a / scale[None, :]), -127, 127).astype(np.int8)
            name = init.name
            new_inits += [numpy_helper.from_array(q, name + "_quantized"), numpy_helper.from_array(scale, name + "_scale"),
                          numpy_helper.from_array(np.zeros(scale.shape, np.int8), name + "_zero_point")]
            nodes.append(helper.make_node("DequantizeLinear", [name + "_quantized", name + "_scale", name + "_zero_point"], [name],
                                          name=name + "_DequantizeLinear", axis=1))
            deq.append(name)
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    old = list(g.node)
    del g.node[:]
    g.node.extend(nodes + old)
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    return deq
