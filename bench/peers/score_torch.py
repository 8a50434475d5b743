#!/usr/bin/env python3
"""PyTorch peer for bench/scoring.bench.ts: score the same pre-tokenized, pre-batched windows with the same
GPT-2 module the ONNX model was exported from (tools/test-models/build.py), same batch grouping and padding,
and compute the same quantity (log-softmax of the logits gathered at the next token).

    /usr/bin/python3 bench/peers/score_torch.py MODEL_DIR BATCHES.json REPEATS

BATCHES.json: {"batches": [[[id, ...], ...], ...]} (BOS included). Prints one JSON line:
{"times_s": [...], "tokens": N, "threads": T, "torch": "1.13..."}
"""
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "test-models"))
from build import GPT2LMHeadModel  # noqa: E402


def main():
    model_dir, batches_file, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    model = GPT2LMHeadModel({k: cfg[k] for k in ("vocab_size", "n_positions", "n_embd", "n_layer", "n_head")})
    model.load_state_dict(torch.load(os.path.join(model_dir, "pytorch_model.pt")))
    model.eval()
    batches = json.load(open(batches_file))["batches"]
    prepared = []
    for b in batches:
        T = max(len(s) for s in b)
        ids = torch.full((len(b), T), b[0][0], dtype=torch.long)
        mask = torch.zeros((len(b), T), dtype=torch.long)
        for r, s in enumerate(b):
            ids[r, : len(s)] = torch.tensor(s)
            mask[r, : len(s)] = 1
        pos = torch.arange(T).unsqueeze(0).expand(len(b), T)
        prepared.append((ids, mask, pos, [len(s) for s in b]))
    tokens = sum(n - 1 for *_, lens in prepared for n in lens)
    times = []
    with torch.no_grad():
        for _ in range(repeats + 1):  # first pass warms up
            t0 = time.perf_counter()
            total = 0.0
            for ids, mask, pos, lens in prepared:
                logits = model(ids, mask, pos, *model.empty_past(ids.shape[0]))[0]
                lp = torch.log_softmax(logits[:, :-1].double(), dim=-1).gather(2, ids[:, 1:].unsqueeze(2)).squeeze(2)
                for r, n in enumerate(lens):
                    total += float(lp[r, : n - 1].sum())
            times.append(time.perf_counter() - t0)
    print(json.dumps({"times_s": times[1:], "tokens": tokens, "threads": threads, "torch": torch.__version__, "check": total}))


if __name__ == "__main__":
    main()
