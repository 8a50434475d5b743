"""The zoo plan: which models to build, drawn from one seed. Width, training budget and domain mixture are drawn
independently; mixtures are Dirichlet(DIRICHLET_ALPHA) draws plus one specialist per domain and a few generalists; each
domain's share is capped so that no domain is repeated for more than MAX_EPOCHS epochs.

Zoo v2 (this plan) differs from v1 where v1's accuracies tracked capability more than exposure: six domains (Brown
press dropped), sharper mixtures (alpha 0.35, not 0.7), one depth and a narrower budget range, and only a few byte-level
models, trained on about as many bytes as the BPE models (BYTE_STEP_SCALE x the drawn steps)."""
import numpy as np

DOMAINS = ["wiki", "shakespeare", "brown_fiction", "brown_learned", "math", "code"]
# tokenizer id -> number of BPE merges (0 = plain bytes)
TOKENIZERS = {"byte": 0, "bpe512": 512, "bpe1024": 1024}
# context positions: a 30-piece left context is about 170-220 bytes of prose, 60-90 BPE tokens
BLOCK = {"byte": 256, "bpe512": 128, "bpe1024": 128}
# sequences per batch: the same 4,096 tokens per step for every tokenizer
BATCH_SCALE = {"byte": 1, "bpe512": 2, "bpe1024": 2}
# a byte-level step sees 4,096 bytes, a BPE step about 9,000-10,000: byte models train for this many times the drawn
# steps, so that every model sees a comparable number of bytes
BYTE_STEP_SCALE = 2.0
# how many models use each tokenizer (per 40; scaled to the profile's n): a few byte models exercise cross-tokenizer
# alignment without letting the byte/BPE capability gap dominate every benchmark
TOKENIZER_SHARES = {"byte": 0.1, "bpe512": 0.45, "bpe1024": 0.45}
MAX_EPOCHS = 9.0
DIRICHLET_ALPHA = 0.35
SPECIALIST_SHARE = 0.6

PROFILES = {
    # CPU: 40 models sized for ~60 min of uncontended 2-core CPU (measured s/step in README.md)
    ("default", "cpu"): {"n": 40, "batch": 16, "sizes": {"s": (2, 64, 2), "m": (2, 96, 3), "l": (2, 128, 4)},
                         "size_weights": {"s": 0.3, "m": 0.4, "l": 0.3}, "steps": (360, 500), "lr": 3e-3, "warmup": 40, "generalists": 3},
    ("default", "cuda"): {"n": 40, "batch": 64, "sizes": {"s": (4, 128, 4), "m": (4, 256, 8), "l": (6, 384, 8)},
                          "size_weights": {"s": 0.35, "m": 0.35, "l": 0.3}, "steps": (1000, 2500), "lr": 1.5e-3, "warmup": 100, "generalists": 3},
    ("smoke", "cpu"): {"n": 3, "batch": 8, "sizes": {"s": (2, 32, 2)}, "size_weights": {"s": 1.0}, "steps": (60, 60), "lr": 3e-3, "warmup": 10, "prefix": "smoke",
                       "generalists": 1, "tokenizer_shares": {"byte": 1, "bpe512": 1, "bpe1024": 1}, "byte_step_scale": 1.0},
}
PROFILES[("smoke", "cuda")] = PROFILES[("smoke", "cpu")]


def cap_mixture(mix, tokens_total, train_tokens, max_epochs=MAX_EPOCHS):
    """Cap each domain's share at max_epochs * train_tokens_d / tokens_total and give the excess to the uncapped
    domains in proportion to their shares (repeated until nothing exceeds its cap)."""
    mix = np.asarray(mix, dtype=np.float64).copy()
    cap = np.array([max_epochs * train_tokens[d] / tokens_total for d in DOMAINS])
    if cap.sum() < 1:
        raise ValueError("training budget exceeds max_epochs over all domains")
    for _ in range(len(DOMAINS) + 1):
        over = mix > cap + 1e-12
        if not over.any():
            break
        excess = (mix[over] - cap[over]).sum()
        mix[over] = cap[over]
        free = (~over) & (mix < cap - 1e-12)
        base = mix[free] if mix[free].sum() > 0 else np.ones(free.sum())
        mix[free] += excess * base / base.sum()
    return mix / mix.sum()


def _counts(weights, n):
    """Largest-remainder split of n into len(weights) counts proportional to weights."""
    w = weights / weights.sum()
    counts = np.floor(w * n).astype(int)
    counts[np.argsort(-(w * n - counts), kind="stable")[: n - counts.sum()]] += 1
    return counts


def make_plan(seed, profile, device, train_sizes):
    """The list of model specs. train_sizes[tokenizer][domain] = train tokens (for the epoch cap)."""
    p = PROFILES[(profile, device)]
    rng = np.random.RandomState(seed)
    n = p["n"]
    nd = len(DOMAINS)
    # mixtures: specialists, generalists, then Dirichlet draws (in a shuffled order, independent of the rest)
    kinds = []
    if n >= nd + p["generalists"] + 3:
        kinds += [("specialist", d) for d in DOMAINS]
    kinds += [("generalist", None)] * p["generalists"]
    kinds += [("dirichlet", None)] * (n - len(kinds))
    kinds = [kinds[i] for i in rng.permutation(n)]
    toks = [t for t, c in zip(TOKENIZERS, _counts(np.array([p.get("tokenizer_shares", TOKENIZER_SHARES)[t] for t in TOKENIZERS], dtype=np.float64), n)) for _ in range(c)]
    toks = [toks[i] for i in rng.permutation(n)]
    size_names = list(p["sizes"])
    counts = _counts(np.array([p["size_weights"][s] for s in size_names]), n)
    sizes = [s for s, c in zip(size_names, counts) for _ in range(c)]
    sizes = [sizes[i] for i in rng.permutation(n)]
    lo, hi = p["steps"]
    steps = [int(round(np.exp(rng.uniform(np.log(lo), np.log(hi))) / 10.0) * 10) for _ in range(n)]
    plan = []
    for i in range(n):
        kind, dom = kinds[i]
        if kind == "specialist":
            rest = rng.dirichlet([DIRICHLET_ALPHA] * (nd - 1)) * (1 - SPECIALIST_SHARE)
            mix = np.insert(rest, DOMAINS.index(dom), SPECIALIST_SHARE)
        elif kind == "generalist":
            mix = np.ones(nd) / nd
        else:
            mix = rng.dirichlet([DIRICHLET_ALPHA] * nd)
        tok = toks[i]
        block = BLOCK[tok]
        batch = p["batch"] * BATCH_SCALE[tok]
        n_steps = int(round(steps[i] * (p.get("byte_step_scale", BYTE_STEP_SCALE) if tok == "byte" else 1.0)))
        total = n_steps * batch * block
        mix = cap_mixture(mix, total, train_sizes[tok])
        L, d, h = p["sizes"][sizes[i]]
        plan.append({
            "id": f"{p.get('prefix', 'zoo')}-{i:02d}", "seed": int(seed * 100 + i) % (2 ** 31), "kind": kind if dom is None else f"specialist:{dom}",
            "tokenizer": tok, "size": sizes[i], "n_layer": L, "d": d, "n_head": h, "block": block, "batch": batch,
            "steps": n_steps, "lr": p["lr"], "warmup": p["warmup"],
            "mixture": {DOMAINS[k]: round(float(mix[k]), 6) for k in range(nd)},
        })
    return plan
