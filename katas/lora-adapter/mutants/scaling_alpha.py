"""Mutant."""

import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    def __init__(self, base, r, alpha):
        super().__init__()
        assert r >= 1
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)  # the pretrained weights stay frozen
        kw = {"dtype": base.weight.dtype, "device": base.weight.device}
        self.lora_A = nn.Parameter(torch.empty(r, base.in_features, **kw))  # (r, in)
        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r, **kw))  # (out, r): B = 0
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))  # as nn.Linear initialises weights
        self.scaling = alpha  # BUG: forgets to divide by r
        self.merged = False

    def delta_weight(self):
        return self.scaling * self.lora_B @ self.lora_A  # (out, in)

    def forward(self, x):  # x (..., in) -> (..., out)
        y = self.base(x)
        if self.merged:  # the update already sits inside base.weight
            return y
        return y + self.scaling * (x @ self.lora_A.T) @ self.lora_B.T

    @torch.no_grad()
    def merge(self):
        if not self.merged:
            self.base.weight += self.delta_weight()
            self.merged = True

    @torch.no_grad()
    def unmerge(self):
        if self.merged:
            self.base.weight -= self.delta_weight()
            self.merged = False
