import torch
from torch import nn


class LoRALinear(nn.Module):
    """base(x) + (alpha / r) * x A^T B^T, with base frozen, A (r, in) random and B (out, r) zero."""

    def __init__(self, base, r, alpha):
        super().__init__()
        raise NotImplementedError

    def forward(self, x):
        raise NotImplementedError

    def merge(self):
        """Fold the low-rank update into base.weight; forward then uses base alone."""
        raise NotImplementedError

    def unmerge(self):
        """Undo merge: base.weight back to the pretrained weights."""
        raise NotImplementedError
