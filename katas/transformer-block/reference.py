"""A pre-norm Transformer block, the way nanoGPT writes it."""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d_model, n_heads, d_ff):
        super().__init__()
        assert d_model % n_heads == 0, "n_heads must divide d_model"
        self.n_heads = n_heads
        self.ln1 = nn.LayerNorm(d_model)
        self.qkv = nn.Linear(d_model, 3 * d_model)  # q, k, v side by side
        self.proj = nn.Linear(d_model, d_model)
        self.ln2 = nn.LayerNorm(d_model)
        self.fc1 = nn.Linear(d_model, d_ff)
        self.fc2 = nn.Linear(d_ff, d_model)

    def attn(self, x, causal):
        B, T, C = x.shape
        H = self.n_heads
        q, k, v = self.qkv(x).split(C, dim=-1)  # each (B, T, C)
        q, k, v = (a.view(B, T, H, C // H).transpose(1, 2) for a in (q, k, v))  # (B, H, T, d)
        att = q @ k.transpose(-2, -1) / math.sqrt(C // H)  # (B, H, T, T)
        if causal:
            future = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)
            att = att.masked_fill(future, float("-inf"))
        att = att.softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)  # merge heads: (B, T, C)
        return self.proj(y)

    def mlp(self, x):
        return self.fc2(F.gelu(self.fc1(x)))  # (B, T, C)

    def forward(self, x, causal=True):
        x = x + self.attn(self.ln1(x), causal)  # pre-norm: normalise inside the residual branch
        x = x + self.mlp(self.ln2(x))
        return x
