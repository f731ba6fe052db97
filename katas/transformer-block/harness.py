"""Public probes for transformer-block: build the candidate's Block, load given weights, run it.

Runs inside the box. The weights arrive as numpy arrays named as in the contract; the
outputs go back as numpy arrays.
"""

import numpy as np
import torch


def _build(solution, d_model, n_heads, d_ff, state):
    block = solution.Block(d_model, n_heads, d_ff)
    if not isinstance(block, torch.nn.Module):
        raise TypeError("Block(...) must be a torch.nn.Module")
    params = dict(block.named_parameters())
    missing = sorted(k for k in state if k not in params)
    extra = sorted(k for k in params if k not in state)
    if missing or extra:
        raise ValueError(f"Block's parameters do not follow the contract: missing {missing}, "
                         f"not in the contract {extra}")
    with torch.no_grad():
        for name, value in state.items():
            p = params[name]
            if tuple(p.shape) != tuple(value.shape):
                raise ValueError(f"{name} has shape {tuple(p.shape)}, the contract says "
                                 f"{tuple(value.shape)}")
            p.copy_(torch.from_numpy(value))
    return block.eval()


def parameter_shapes(solution, d_model, n_heads, d_ff):
    """{name: shape} of a freshly built Block's parameters."""
    block = solution.Block(d_model, n_heads, d_ff)
    if not isinstance(block, torch.nn.Module):
        raise TypeError("Block(...) must be a torch.nn.Module")
    return {name: [int(s) for s in p.shape] for name, p in block.named_parameters()}


def block_outputs(solution, d_model, n_heads, d_ff, state, xs, causal):
    """Outputs of Block(d_model, n_heads, d_ff) with `state` loaded, one per input in `xs`.

    causal[i] is passed as forward(x, causal=causal[i]); None calls forward(x).
    """
    block = _build(solution, d_model, n_heads, d_ff, state)
    outs = []
    with torch.no_grad():
        for x, c in zip(xs, causal, strict=True):
            xt = torch.from_numpy(np.asarray(x, dtype=np.float32))
            y = block(xt) if c is None else block(xt, causal=c)
            if not isinstance(y, torch.Tensor):
                raise TypeError(f"forward returned {type(y).__name__}, expected a torch.Tensor")
            outs.append(y.detach().cpu().numpy())
    return outs
