"""Checks for transformer-block. Trusted: never enters the sandbox."""

import math

import numpy as np
import torch
import torch.nn.functional as F

from graders import plots
from graders.kit import Fail, check


def _state(rng, d, d_ff):
    """Weights for every parameter in the contract, as float32 numpy arrays.

    LayerNorm gains and biases are random too, so that mixing up ln1/ln2 or where the norm
    sits changes the output.
    """
    def lin(n_out, n_in):
        return rng.standard_normal((n_out, n_in)) / np.sqrt(n_in), 0.1 * rng.standard_normal(n_out)

    s = {}
    for name, (n_out, n_in) in {"qkv": (3 * d, d), "proj": (d, d), "fc1": (d_ff, d),
                                "fc2": (d, d_ff)}.items():
        s[f"{name}.weight"], s[f"{name}.bias"] = lin(n_out, n_in)
    for name in ("ln1", "ln2"):
        s[f"{name}.weight"] = 1.0 + 0.3 * rng.standard_normal(d)
        s[f"{name}.bias"] = 0.2 * rng.standard_normal(d)
    return {k: v.astype(np.float32) for k, v in s.items()}


def _forward(state, H, x, causal, *, norm="pre", res_attn=True, res_mlp=True, diagonal=0,
             scale="d_head", act="gelu", swap_ln=False):
    """The block in float64 with one classic mistake switched in (defaults: the contract)."""
    p = {k: torch.from_numpy(v.astype(np.float64)) for k, v in state.items()}
    x = torch.from_numpy(np.asarray(x, dtype=np.float64))
    B, T, C = x.shape
    ln1, ln2 = ("ln2", "ln1") if swap_ln else ("ln1", "ln2")

    def ln(h, name):
        return F.layer_norm(h, (C,), p[f"{name}.weight"], p[f"{name}.bias"], 1e-5)

    def attn(h):
        q, k, v = F.linear(h, p["qkv.weight"], p["qkv.bias"]).split(C, dim=-1)
        q, k, v = (a.view(B, T, H, C // H).transpose(1, 2) for a in (q, k, v))
        att = q @ k.transpose(-2, -1) / {"d_head": math.sqrt(C // H), "C": math.sqrt(C),
                                         "none": 1.0}[scale]
        if causal:
            allowed = torch.ones(T, T, dtype=torch.bool).tril(diagonal)
            att = att.masked_fill(~allowed, -1e30)
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, C)
        return F.linear(y, p["proj.weight"], p["proj.bias"])

    def mlp(h):
        h = F.linear(h, p["fc1.weight"], p["fc1.bias"])
        h = {"gelu": F.gelu, "relu": F.relu,
             "tanh": lambda a: F.gelu(a, approximate="tanh")}[act](h)
        return F.linear(h, p["fc2.weight"], p["fc2.bias"])

    if norm == "post":
        x = ln(x + attn(x), ln1)
        x = ln(x + mlp(x), ln2)
    elif norm == "residual-of-normed":
        h = ln(x, ln1)
        x = h + attn(h)
        h = ln(x, ln2)
        x = h + mlp(h)
    else:
        x = (x if res_attn else 0) + attn(ln(x, ln1))
        x = (x if res_mlp else 0) + mlp(ln(x, ln2))
    return x.numpy()


def _bugs(state, H, x, causal):
    f = lambda **kw: lambda: _forward(state, H, x, causal, **kw)  # noqa: E731
    bugs = {
        "post-norm: x = ln(x + sublayer(x)) instead of pre-norm x = x + sublayer(ln(x))":
            f(norm="post"),
        "the residual adds the normalised input: ln(x) + sublayer(ln(x)) instead of "
        "x + sublayer(ln(x))": f(norm="residual-of-normed"),
        "missing residual connection around attention": f(res_attn=False),
        "missing residual connection around the MLP": f(res_mlp=False),
        "ln1 and ln2 swapped": f(swap_ln=True),
        "ReLU instead of GELU in the MLP": f(act="relu"),
        "tanh-approximate GELU instead of the exact (erf) GELU": f(act="tanh"),
        "attention scores scaled by 1/sqrt(d_model) instead of 1/sqrt(d_head)": f(scale="C"),
        "attention scores not scaled by 1/sqrt(d_head)": f(scale="none"),
    }
    if causal:
        bugs.update({
            "causal mask off by one: a position cannot attend to itself": f(diagonal=-1),
            "causal mask off by one: each position also sees the next one": f(diagonal=1),
            "causal mask not applied: every position sees the future":
                lambda: _forward(state, H, x, False),
        })
    return bugs


def _outputs(t, got, n, shape):
    outs = t.items(got, n, "probe outputs")
    for y in outs:
        t.expect(isinstance(y, np.ndarray) and y.shape == shape,
                 f"forward returned shape {getattr(y, 'shape', None)}, expected {shape} "
                 "= (B, T, d_model)", bug="wrong shape")
    return outs


def _compare(t, got, state, H, x, causal, what):
    want = _forward(state, H, x, causal is not False)
    t.close(got, want, what=what, rtol=1e-4, atol=1e-5,
            bugs=_bugs(state, H, x, causal is not False))


def _run(t, d, H, d_ff, state, xs, causal):
    return t.probe("block_outputs", d, H, d_ff, state, list(xs), list(causal))


@check(points=1, visible=True)
def parameters_follow_contract(t):
    """Block(8, 2, 32) has exactly the parameters the contract names, with those shapes."""
    got = yield t.probe("parameter_shapes", 8, 2, 32)
    want = {k: list(v.shape) for k, v in _state(np.random.default_rng(0), 8, 32).items()}
    shapes = t.mapping(got, list(want), "Block(8, 2, 32).named_parameters()")
    for name, shape in want.items():
        t.expect(shapes[name] == shape, f"{name} has shape {tuple(shapes[name])}, the contract "
                 f"says {tuple(shape)}", bug="wrong parameter shape")


@check(points=1, visible=True)
def small_causal_example(t):
    """B=1, T=3, d_model=8, 2 heads, d_ff=16, called as forward(x) (causal by default)."""
    d, H, d_ff = 8, 2, 16
    state = _state(t.rng, d, d_ff)
    x = t.rng.standard_normal((1, 3, d)).astype(np.float32)
    got = yield _run(t, d, H, d_ff, state, [x], [None])
    (y,) = _outputs(t, got, 1, x.shape)
    t.note(plot=plots.heatmaps("The block's output: a row is a position, a column a channel",
                               {"yours": y, "expected": _forward(state, H, x, True)},
                               x_label="channel", y_label="position"))
    _compare(t, y, state, H, x, None, "Block(8, 2, 16)(x)")


@check(points=3)
def causal_batched(t):
    """B=2, T=7, d_model=16, 4 heads, d_ff=48, causal=True: norms, residuals, mask, MLP."""
    d, H, d_ff = 16, 4, 48
    state = _state(t.rng, d, d_ff)
    x = t.rng.standard_normal((2, 7, d)).astype(np.float32)
    got = yield _run(t, d, H, d_ff, state, [x], [True])
    (y,) = _outputs(t, got, 1, x.shape)
    _compare(t, y, state, H, x, True, "forward(x, causal=True)")


@check(points=2)
def bidirectional_batched(t):
    """B=3, T=5, d_model=12, 3 heads, d_ff=24, causal=False: every position sees every other."""
    d, H, d_ff = 12, 3, 24
    state = _state(t.rng, d, d_ff)
    x = (2.0 * t.rng.standard_normal((3, 5, d)) + 1.0).astype(np.float32)
    got = yield _run(t, d, H, d_ff, state, [x], [False])
    (y,) = _outputs(t, got, 1, x.shape)
    _compare(t, y, state, H, x, False, "forward(x, causal=False)")


@check(points=2)
def causal_ignores_future(t):
    """Changing tokens from position s on leaves the causal outputs before s unchanged."""
    d, H, d_ff, T = 8, 2, 16, 6
    state = _state(t.rng, d, d_ff)
    x = t.rng.standard_normal((1, T, d)).astype(np.float32)
    s = int(t.rng.integers(1, T))
    x2 = x.copy()
    x2[0, s:] += 3.0 * t.rng.standard_normal((T - s, d)).astype(np.float32)
    got = yield _run(t, d, H, d_ff, state, [x, x2], [True, True])
    a, b = _outputs(t, got, 2, x.shape)
    try:
        _compare(t, a, state, H, x, True, "forward(x, causal=True)")
    except Fail as f:
        leak = float(np.max(np.abs(b[0, :s].astype(np.float64) - a[0, :s])))
        t.expect(f.diagnostics.get("bug") or leak <= 1e-5 * (1.0 + float(np.max(np.abs(a)))),
                 f"outputs at positions < {s} changed by up to {leak:.3g} when only the tokens "
                 f"at positions >= {s} changed: information from later tokens reaches earlier "
                 "positions (a symptom: a mask that lets the future through, a mask applied "
                 "after the softmax, or a softmax over the wrong axis all do this)",
                 changed_from_position=s)
        raise
    _compare(t, b, state, H, x2, True, "forward(x, causal=True) after changing later tokens")


@check(points=1)
def single_head_single_token(t):
    """One head (d_head = d_model), and a length-1 sequence that attends only to itself."""
    d, d_ff = 6, 12
    state1, state2 = _state(t.rng, d, d_ff), _state(t.rng, d, d_ff)
    x = t.rng.standard_normal((2, 4, d)).astype(np.float32)
    x1 = t.rng.standard_normal((3, 1, d)).astype(np.float32)
    got = yield [_run(t, d, 1, d_ff, state1, [x], [True]),
                 _run(t, d, 3, d_ff, state2, [x1], [True])]
    (y,) = _outputs(t, got[0], 1, x.shape)
    (y1,) = _outputs(t, got[1], 1, x1.shape)
    _compare(t, y, state1, 1, x, True, "Block(6, 1, 12)(x, causal=True)")
    _compare(t, y1, state2, 3, x1, True, "forward of a length-1 sequence")
