"""lora-adapter written differently: F.linear calls, the base frozen with requires_grad_ on the
module, A drawn from a normal distribution, and merge/unmerge through one signed helper."""

import torch
import torch.nn.functional as F
from torch import nn


class LoRALinear(nn.Module):
    def __init__(self, base, r, alpha):
        super().__init__()
        self.base = base.requires_grad_(False)
        w = base.weight
        self.lora_A = nn.Parameter(torch.randn(r, w.shape[1], dtype=w.dtype) / r)
        self.lora_B = nn.Parameter(w.new_zeros(w.shape[0], r))
        self.scaling = float(alpha) / r
        self._merged = False

    def forward(self, x):
        out = F.linear(x, self.base.weight, self.base.bias)
        if not self._merged:
            out = out + F.linear(F.linear(x, self.lora_A), self.lora_B) * self.scaling
        return out

    def _fold(self, sign):
        with torch.no_grad():
            self.base.weight.add_(torch.mm(self.lora_B, self.lora_A), alpha=sign * self.scaling)

    def merge(self):
        if not self._merged:
            self._fold(+1)
            self._merged = True

    def unmerge(self):
        if self._merged:
            self._fold(-1)
            self._merged = False
