"""Public harness for lora-adapter: the base layer every check wraps, and the probes.

Nothing here knows the right answers: the probes build a base layer, wrap it in your
LoRALinear, and return what came out; the checks compare on their own side.
"""

import torch
from torch import nn


def make_base(seed, n_in, n_out):
    """The pretrained layer: a float64 nn.Linear with weights drawn from a private generator."""
    gen = torch.Generator().manual_seed(seed)
    base = nn.Linear(n_in, n_out, dtype=torch.float64)
    with torch.no_grad():
        base.weight.copy_(torch.randn(n_out, n_in, generator=gen, dtype=torch.float64) / n_in**0.5)
        base.bias.copy_(torch.randn(n_out, generator=gen, dtype=torch.float64))
    return base


def _t(a):
    return torch.as_tensor(a, dtype=torch.float64)


def _wrap(solution, seed, n_in, n_out, r, alpha, A=None, B=None):
    layer = solution.LoRALinear(make_base(seed, n_in, n_out), r, alpha)
    if A is not None:
        with torch.no_grad():
            layer.lora_A.copy_(_t(A))
            layer.lora_B.copy_(_t(B))
    return layer


def _clone(t):
    return None if t is None else t.detach().clone()


def fresh(solution, seed, n_in, n_out, r, alpha, x):
    """A freshly wrapped layer: which parameters train, A and B as initialised, and forward(x)."""
    layer = _wrap(solution, seed, n_in, n_out, r, alpha)
    flags = {name: p.requires_grad for name, p in layer.named_parameters()}
    with torch.no_grad():
        y = layer(_t(x))
    return {"trainable": sorted(n for n, g in flags.items() if g),
            "frozen": sorted(n for n, g in flags.items() if not g),
            "A": _clone(layer.lora_A), "B": _clone(layer.lora_B), "y": _clone(y)}


def forward_backward(solution, seed, n_in, n_out, r, alpha, A, B, x, w):
    """forward(x) with the given A and B, then the gradients of sum(forward(x) * w)."""
    layer = _wrap(solution, seed, n_in, n_out, r, alpha, A, B)
    y = layer(_t(x))
    (y * _t(w)).sum().backward()
    return {"y": _clone(y), "grad_A": _clone(layer.lora_A.grad),
            "grad_B": _clone(layer.lora_B.grad), "grad_base_weight": _clone(layer.base.weight.grad),
            "grad_base_bias": _clone(layer.base.bias.grad)}


def merge_cycle(solution, seed, n_in, n_out, r, alpha, A, B, x):
    """forward, merge, forward, unmerge, forward: the outputs and base.weight along the way."""
    layer = _wrap(solution, seed, n_in, n_out, r, alpha, A, B)
    x = _t(x)
    with torch.no_grad():
        before = layer(x)
        layer.merge()
        merged_weight, merged = _clone(layer.base.weight), layer(x)
        layer.unmerge()
        unmerged_weight, unmerged = _clone(layer.base.weight), layer(x)
    return {"before": _clone(before), "merged_weight": merged_weight, "merged": _clone(merged),
            "unmerged_weight": unmerged_weight, "unmerged": _clone(unmerged)}
