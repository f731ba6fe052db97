"""Checks for prenorm-transformer. Trusted: never enters the sandbox.

The ablated model is judged on this side's own copy of the paper's code (context/), never on
what the box made of it: its parameters (names, shapes, initial values) and its forward pass
on weights drawn here. The claim is re-derived from reference runs on the claimed seeds and
checked against fresh seeds (graders/claims.py).
"""

import functools

import numpy as np
import torch
from model import VOCAB, PostLNTransformer
from train import T_975

from graders.claims import judge_claim
from graders.kit import GLOBAL_RNG, check

MIN_SEEDS, MAX_SEEDS, FRESH_SEEDS = 5, 8, 5


@functools.lru_cache(maxsize=4096)
def _run(ref, ablate, seed):
    """The reference's run, kept: validation grades every solution on the same seeds."""
    with GLOBAL_RNG:
        return float(ref.run(ablate, seed))


def _pair(ref, seed):
    return _run(ref, False, seed), _run(ref, True, seed)


def _init(model_cls, seed):
    with GLOBAL_RNG:
        torch.manual_seed(seed)
        return {k: v.detach().clone() for k, v in model_cls().state_dict().items()}


def _random_weights(rng):
    """Weights of the paper's shapes, drawn here (float32): LayerNorm gains and biases far
    from 1 and 0, so that a LayerNorm moved to the wrong place changes the output."""
    weights = {}
    for k, v in _init(PostLNTransformer, 0).items():
        s = tuple(v.shape)
        if ".ln" in k or k.startswith("ln"):
            w = (1.0 if k.endswith("weight") else 0.0) + 0.5 * rng.standard_normal(s)
        elif len(s) == 2:
            w = rng.standard_normal(s) / np.sqrt(s[-1] if "emb" not in k else 1.0)
        else:
            w = 0.3 * rng.standard_normal(s)
        weights[k] = w.astype(np.float32)
    return weights


class _NoFinalNorm(PostLNTransformer):
    """Pre-LN blocks without ln_f: a named wrong ablation."""

    def forward(self, idx):
        x = self.tok_emb(idx) + self.pos_emb(torch.arange(idx.shape[1]))
        for b in self.blocks:
            x = x + b.attn(b.ln1(x))
            x = x + b.mlp(b.ln2(x))
        return self.head(x)


def _forward(model_cls, weights, x):
    with GLOBAL_RNG:  # building a model draws (then discards) initial weights
        model = model_cls()
    model.load_state_dict({k: torch.as_tensor(v) for k, v in weights.items()})
    with torch.no_grad():
        return model(torch.as_tensor(x))


def _check_forward(t, got, weights, x):
    want = _forward(t.ref.PreLNTransformer, weights, x)
    bugs = {"the blocks are still Post-LN (that is the paper's model)":
            _forward(PostLNTransformer, weights, x),
            "ln_f is skipped: a Pre-LN stream is never normalised before the head":
            _forward(_NoFinalNorm, weights, x)}
    t.close(got, want, what="build_ablated() forward", rtol=1e-4, atol=1e-5, bugs=bugs)


def _check_runs(t, got, ablate, seeds):
    for g, s in zip(got, seeds, strict=True):
        v = t.number(g, f"run({ablate}, {s})")
        want = _run(t.ref, ablate, s)
        bugs = {"run(True, seed) trains the paper's model: the ablation is not used":
                _run(t.ref, False, s)} if ablate else {
                "run(False, seed) trains the ablated model: it must be the paper's":
                _run(t.ref, True, s)}
        t.close(v, want, what=f"run({ablate}, seed={s})", rtol=1e-4, atol=1e-6, bugs=bugs)


@check(points=1, visible=True)
def ablated_forward_example(t):
    """build_ablated() loaded with the paper model's seed-0 initial weights, on 3 sequences."""
    weights = {k: v.numpy() for k, v in _init(PostLNTransformer, 0).items()}
    x = np.array([[0, 1, 1, 2, 3, 5, 0], [7, 7, 6, 5, 3, 0, 3], [2, 4, 6, 2, 0, 2, 2]])
    got = yield t.probe("forward", weights, x)
    _check_forward(t, got, weights, x)


@check(points=1, visible=True)
def runs_seed_zero(t):
    """run(False, 0) is the paper's number; run(True, 0) is the same run, ablated."""
    got = yield [t.call("run", False, 0), t.call("run", True, 0)]
    _check_runs(t, got[:1], False, [0])
    _check_runs(t, got[1:], True, [0])


@check(points=2)
def same_parameters_same_init(t):
    """After torch.manual_seed(seed), the ablated model has the paper's parameters: the same
    names, shapes and initial values (so a run differs only by the architecture)."""
    seed = int(t.rng.integers(10**6))
    got = yield t.probe("initial_weights", seed)
    want = _init(PostLNTransformer, seed)
    got = t.mapping(got, sorted(want), f"initial_weights({seed})")
    for k in sorted(want):
        t.close(got[k], want[k], what=f"parameter {k} after manual_seed({seed})", rtol=0,
                atol=0, bugs=None)


@check(points=3)
def ablated_forward_random(t):
    """build_ablated() with random weights (LayerNorm gains far from 1) on random sequences
    of every length up to 8: Pre-LN branches, an untouched residual stream, ln_f, causal."""
    weights = _random_weights(t.rng)
    x = t.rng.integers(0, VOCAB, (4, int(t.rng.integers(1, 9))))
    got = yield t.probe("forward", weights, x)
    _check_forward(t, got, weights, x)


@check(points=2)
def runs_random_seeds(t):
    """run(ablate, seed) for a random seed, both arms."""
    seeds = [int(t.rng.integers(10**6))]
    got = yield [t.call("run", a, s) for a in (False, True) for s in seeds]
    _check_runs(t, got[:1], False, seeds)
    _check_runs(t, got[1:], True, seeds)


@check(points=3)
def claim_right_and_calibrated(t):
    """claim(first_seed): recomputed from reference runs on the claimed seeds, and its
    interval covers the effect re-measured on fresh seeds."""
    first = int(t.rng.integers(10**6))
    fresh = [int(s) for s in t.rng.integers(2 * 10**6, 3 * 10**6, FRESH_SEEDS)]
    got = yield t.call("claim", first)
    judge_claim(t, got, first_seed=first, pair=functools.partial(_pair, t.ref),
                fresh_seeds=fresh, min_seeds=MIN_SEEDS, max_seeds=MAX_SEEDS, t975=T_975,
                what=f"claim({first})")
