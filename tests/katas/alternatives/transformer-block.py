"""transformer-block written differently: a registered mask buffer, einsum, a (3, H, d) view
of the fused projection, an additive mask and a hand-written erf GELU."""

import math

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, d_model, n_heads, d_ff, max_len=256):
        super().__init__()
        self.h, self.dh = n_heads, d_model // n_heads
        self.ln1, self.ln2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.fc1 = nn.Linear(d_model, d_ff)
        self.fc2 = nn.Linear(d_ff, d_model)
        self.register_buffer("neg", torch.full((max_len, max_len), float("-inf")).triu(1))

    def forward(self, x, causal=True):
        B, T, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(B, T, 3, self.h, self.dh).unbind(dim=2)
        s = torch.einsum("bqhd,bkhd->bhqk", q, k) * self.dh ** -0.5
        if causal:
            s = s + self.neg[:T, :T]
        o = torch.einsum("bhqk,bkhd->bqhd", torch.softmax(s, dim=-1), v).flatten(2)
        x = x + self.proj(o)
        u = self.fc1(self.ln2(x))
        return x + self.fc2(0.5 * u * (1 + torch.erf(u / math.sqrt(2))))
