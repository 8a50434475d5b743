#!/usr/bin/python3
"""Build the model zoo: one seeded command, resumable.

    /usr/bin/python3 tools/zoo/build.py --out models/zoo [--device cpu|cuda] [--profile default|smoke]

Reads the document splits written by `bsig zoo corpora` (data/zoo/splits/<domain>/{train,bench}.jsonl), learns the
tokenizers on the train split, then for every planned model: trains a GPT-2 on its domain mixture, fake-quantises the
weights to int8, exports ONNX (opset 14, KV cache) + q8 weight-only `onnx/model_quantized.onnx`, and writes the folder
atomically with a manifest (see README.md next to this file). A finished model (manifest present, hashes match, same
plan entry) is skipped, so a killed build continues where it stopped.
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import shutil
import sys
import time

# Under CPU contention OpenMP's default spin-waiting makes 2 torch threads ~4x slower than 1 (measured: 8.9 vs 2.1 s
# per step); passive waiting keeps 2 threads useful (1.8 s). Must be set before torch starts OpenMP.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpe  # noqa: E402
import gpt2  # noqa: E402
from plan import DOMAINS, TOKENIZERS, make_plan  # noqa: E402

REFERENCE_TEXT = "The café in Zürich served naïve crème brûlée — 北京 prices: x = 3 * 14; “quoted” text."


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_json(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def read_docs(splits, domain, split):
    with open(os.path.join(splits, domain, f"{split}.jsonl"), encoding="utf-8") as f:
        return [json.loads(l)["text"] for l in f if l.strip()]


def log(msg):
    print(f"[{datetime.datetime.utcnow().strftime('%H:%M:%S')}] {msg}", flush=True)


# ---------------------------------------------------------------------------------------------------- tokenizers

def build_tokenizers(splits, cache, sample_bytes):
    """Learn every tokenizer on a balanced sample of the train split (the first `sample_bytes` of each domain)."""
    os.makedirs(cache, exist_ok=True)
    sample = []
    for d in DOMAINS:
        got = 0
        for t in read_docs(splits, d, "train"):
            if got >= sample_bytes:
                break
            sample.append(t)
            got += len(t.encode("utf-8"))
    key = hashlib.sha256("\x00".join(sample).encode("utf-8")).hexdigest()[:16]
    toks = {}
    for tid, n_merges in TOKENIZERS.items():
        path = os.path.join(cache, f"tokenizer-{tid}-{key}.json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                toks[tid] = bpe.Tokenizer.from_dict(json.load(f))
            continue
        t0 = time.time()
        merges = bpe.train_merges(sample, n_merges) if n_merges else []
        tok = bpe.Tokenizer(merges, tid)
        write_json(path, tok.to_dict())
        toks[tid] = tok
        log(f"tokenizer {tid}: {len(merges)} merges, vocab {tok.vocab_size}, {time.time() - t0:.1f}s")
    return toks, key


def encode_split(tok, splits, cache, key, domain, split):
    """Token ids of a domain's split, documents joined by EOS, plus the bytes each token stands for (cached)."""
    src = os.path.join(splits, domain, f"{split}.jsonl")
    path = os.path.join(cache, f"ids-{tok.id}-{key}-{domain}-{split}-{sha256_file(src)[:12]}.npy")
    if os.path.exists(path):
        return np.load(path)
    ids = []
    for t in read_docs(splits, domain, split):
        ids.extend(tok.encode(t))
        ids.append(tok.eos_id)
    arr = np.asarray(ids, dtype=np.int32)
    np.save(path + ".tmp.npy", arr)
    os.replace(path + ".tmp.npy", path)
    return arr


def token_bytes(tok):
    """Bytes per token id (EOS = 0)."""
    out = np.zeros(tok.vocab_size, dtype=np.int64)
    for s, i in tok.vocab.items():
        out[i] = len(s)
    return out


# ---------------------------------------------------------------------------------------------------- training

def lr_at(step, steps, lr, warmup):
    if step < warmup:
        return lr * (step + 1) / warmup
    p = (step - warmup) / max(1, steps - warmup)
    return lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * p)))


def train_model(spec, data, device, log_every=50):
    torch.manual_seed(spec["seed"])
    rng = np.random.RandomState(spec["seed"])
    vocab = data["vocab_size"]
    model = gpt2.GPT2(vocab, spec["block"], spec["d"], spec["n_head"], spec["n_layer"]).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=spec["lr"], betas=(0.9, 0.95), weight_decay=0.01)
    mix = np.array([spec["mixture"][d] for d in DOMAINS], dtype=np.float64)
    mix = mix / mix.sum()
    tokens = {d: 0 for d in DOMAINS}
    B, T = spec["batch"], spec["block"]
    losses = []
    t0 = time.time()
    for step in range(spec["steps"]):
        doms = rng.choice(len(DOMAINS), size=B, p=mix)
        rows = []
        for k in doms:
            arr = data["train"][DOMAINS[k]]
            o = rng.randint(0, len(arr) - T - 1)
            rows.append(arr[o:o + T + 1])
            tokens[DOMAINS[k]] += T
        x = torch.from_numpy(np.stack(rows).astype(np.int64)).to(device)
        for g in opt.param_groups:
            g["lr"] = lr_at(step, spec["steps"], spec["lr"], spec["warmup"])
        logits = model(x[:, :-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocab), x[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
        if log_every and (step + 1) % log_every == 0:
            log(f"  {spec['id']} step {step + 1}/{spec['steps']} loss {np.mean(losses[-log_every:]):.3f} ({(time.time() - t0) / (step + 1):.3f}s/step)")
    final = float(np.mean(losses[-min(50, len(losses)):]))
    return model, tokens, final, time.time() - t0


@torch.no_grad()
def heldout_nats_per_byte(model, data, spec, device, windows):
    """Nats per byte on the bench split: `windows` non-overlapping windows of `block` tokens from the start of each
    domain's bench token stream; EOS targets are excluded from both the nats and the bytes."""
    model.eval()
    T = spec["block"]
    tb = data["token_bytes"]
    out = {}
    for d in DOMAINS:
        arr = data["bench"][d]
        n = min(windows, (len(arr) - 1) // T)
        x = torch.from_numpy(np.stack([arr[i * T:i * T + T + 1] for i in range(n)]).astype(np.int64)).to(device)
        lp = torch.log_softmax(model(x[:, :-1]).float(), dim=-1)
        tgt = x[:, 1:]
        nll = -lp.gather(-1, tgt[..., None])[..., 0]
        b = torch.from_numpy(tb).to(device)[tgt]
        keep = b > 0
        out[d] = float(nll[keep].sum() / b[keep].sum())
    out["mean"] = float(np.mean([out[d] for d in DOMAINS]))
    model.train()
    return out


@torch.no_grad()
def reference_logprobs(model, ids, device):
    model.eval()
    x = torch.tensor([ids], dtype=torch.long, device=device)
    lp = torch.log_softmax(model(x).float(), dim=-1)[0]
    return [float(lp[t - 1, ids[t]]) for t in range(1, len(ids))]


# ---------------------------------------------------------------------------------------------------- export

def write_model_folder(folder, model, tok, spec):
    os.makedirs(os.path.join(folder, "onnx"), exist_ok=True)
    c = model.cfg
    config = {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": c["vocab_size"], "n_positions": c["n_positions"],
              "n_ctx": c["n_positions"], "n_embd": c["n_embd"], "n_layer": c["n_layer"], "n_head": c["n_head"], "n_inner": None,
              "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5, "resid_pdrop": 0.0, "embd_pdrop": 0.0, "attn_pdrop": 0.0,
              "bos_token_id": tok.eos_id, "eos_token_id": tok.eos_id, "tie_word_embeddings": True, "use_cache": True,
              "transformers.js_config": {"dtype": "q8"}}
    write_json(os.path.join(folder, "config.json"), config)
    write_json(os.path.join(folder, "generation_config.json"), {"bos_token_id": tok.eos_id, "eos_token_id": tok.eos_id})
    bpe.save_json(os.path.join(folder, "tokenizer.json"), tok.hf_json())
    write_json(os.path.join(folder, "tokenizer_config.json"), tok.hf_config())
    fp32 = os.path.join(folder, "model_fp32.tmp.onnx")
    gpt2.export_onnx(model.cpu(), fp32)
    gpt2.quantize_q8(fp32, os.path.join(folder, "onnx", "model_quantized.onnx"))
    os.remove(fp32)


def model_is_done(folder, spec):
    mf = os.path.join(folder, "manifest.json")
    if not os.path.exists(mf):
        return False
    try:
        with open(mf, encoding="utf-8") as f:
            m = json.load(f)
    except ValueError:
        return False
    if m.get("plan") != spec:
        return False
    return all(os.path.exists(os.path.join(folder, r)) and sha256_file(os.path.join(folder, r)) == h for r, h in m["files"].items())


def build_one(spec, toks, data_by_tok, out, device, args, builder_hash):
    folder = os.path.join(out, spec["id"])
    if model_is_done(folder, spec):
        log(f"{spec['id']}: done already, skipped")
        return
    t_start = time.time()
    tok = toks[spec["tokenizer"]]
    data = data_by_tok[spec["tokenizer"]]
    model, tokens, final_loss, train_s = train_model(spec, data, device)
    fp32_ref = reference_logprobs(model, tok.encode(REFERENCE_TEXT), device)
    gpt2.fake_quantize_(model)
    ids = tok.encode(REFERENCE_TEXT)
    q8_ref = reference_logprobs(model, ids, device)
    npb = heldout_nats_per_byte(model, data, spec, device, args.eval_windows)
    tmp = os.path.join(out, f".tmp-{spec['id']}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    write_model_folder(tmp, model, tok, spec)
    files = {}
    for root, _, names in os.walk(tmp):
        for n in sorted(names):
            p = os.path.join(root, n)
            files[os.path.relpath(p, tmp).replace(os.sep, "/")] = sha256_file(p)
    train_tokens = {d: int(len(data["train"][d])) for d in DOMAINS}
    train_bytes = {d: int(data["token_bytes"][data["train"][d]].sum()) for d in DOMAINS}
    bytes_seen = {d: int(round(tokens[d] * train_bytes[d] / max(1, train_tokens[d]))) for d in DOMAINS}
    manifest = {
        "format": "bsig-zoo-model", "version": 1, "id": spec["id"],
        "architecture": {"type": "gpt2", "n_layer": spec["n_layer"], "n_head": spec["n_head"], "n_embd": spec["d"],
                         "n_positions": spec["block"], "vocab_size": tok.vocab_size},
        "parameters": int(model.n_params()),
        "tokenizer": {"id": tok.id, "kind": "byte-level BPE" if tok.merges else "bytes", "merges": len(tok.merges), "vocab_size": tok.vocab_size},
        "training": {
            "seed": spec["seed"], "kind": spec["kind"], "steps": spec["steps"], "batch_size": spec["batch"], "block_size": spec["block"],
            "lr": spec["lr"], "mixture": spec["mixture"], "tokens_total": int(sum(tokens.values())), "tokens_per_domain": tokens,
            "bytes_per_domain": bytes_seen,
            "epochs_per_domain": {d: round(tokens[d] / max(1, train_tokens[d]), 4) for d in DOMAINS},
            "train_split_tokens": train_tokens, "final_loss": round(final_loss, 5), "weights": "int8 per-column (q8), trained in fp32",
        },
        "evaluation": {"heldout_split": "bench", "heldout_windows_per_domain": args.eval_windows,
                       "note": "nats per byte of the q8 model on the first windows of each domain's bench split (EOS excluded)",
                       "nats_per_byte": {k: round(v, 5) for k, v in npb.items()}},
        "reference": {"text": REFERENCE_TEXT, "input_ids": ids, "logprobs_q8": q8_ref, "logprobs_fp32": fp32_ref,
                      "note": "log p(token t | tokens < t) for t >= 1 from torch; q8 = weights fake-quantised exactly as the ONNX file"},
        "files": files,
        "plan": spec,
        "build": {"host": platform.node(), "platform": platform.platform(), "device": str(device),
                  "device_name": torch.cuda.get_device_name(0) if str(device).startswith("cuda") else platform.processor() or "cpu",
                  "torch": torch.__version__, "python": platform.python_version(), "threads": torch.get_num_threads(),
                  "train_seconds": round(train_s, 1), "wall_seconds": round(time.time() - t_start, 1),
                  "finished_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "command": "/usr/bin/python3 tools/zoo/build.py " + " ".join(sys.argv[1:]), "builder_sha256": builder_hash},
    }
    write_json(os.path.join(tmp, "manifest.json"), manifest)
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    log(f"{spec['id']}: {manifest['parameters']} params, {tok.id}, {spec['kind']}, loss {final_loss:.3f}, "
        f"nats/byte {npb['mean']:.3f}, {time.time() - t_start:.0f}s")


def builder_hash():
    h = hashlib.sha256()
    here = os.path.dirname(os.path.abspath(__file__))
    for n in sorted(os.listdir(here)):
        if n.endswith(".py"):
            with open(os.path.join(here, n), "rb") as f:
                h.update(n.encode() + b"\x00" + f.read())
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--splits", default="data/zoo/splits")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--profile", default="default", choices=["default", "smoke"])
    ap.add_argument("--seed", type=int, default=20250927)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", default="", help="comma-separated model ids to build (default: all planned)")
    ap.add_argument("--tokenizer-sample-bytes", type=int, default=300000)
    ap.add_argument("--eval-windows", type=int, default=16)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    cache = os.path.join(out, ".cache")
    t0 = time.time()
    toks, key = build_tokenizers(args.splits, cache, args.tokenizer_sample_bytes)
    data_by_tok = {}
    for tid, tok in toks.items():
        d = {"train": {}, "bench": {}, "vocab_size": tok.vocab_size, "token_bytes": token_bytes(tok)}
        for dom in DOMAINS:
            d["train"][dom] = encode_split(tok, args.splits, cache, key, dom, "train")
            d["bench"][dom] = encode_split(tok, args.splits, cache, key, dom, "bench")
        data_by_tok[tid] = d
        tb = d["token_bytes"]
        log(f"tokenizer {tid}: " + ", ".join(f"{dom} {len(d['train'][dom])} tok ({tb[d['train'][dom]].sum() / len(d['train'][dom]):.2f} B/tok)" for dom in DOMAINS))
    train_sizes = {tid: {dom: int(len(d["train"][dom])) for dom in DOMAINS} for tid, d in data_by_tok.items()}
    plan = make_plan(args.seed, args.profile, args.device, train_sizes)
    write_json(os.path.join(out, "plan.json"), {"seed": args.seed, "profile": args.profile, "device": args.device, "models": plan})
    only = set(filter(None, args.only.split(",")))
    bh = builder_hash()
    for spec in plan:
        if only and spec["id"] not in only:
            continue
        build_one(spec, toks, data_by_tok, out, device, args, bh)
    log(f"zoo done: {len(plan)} planned, {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
