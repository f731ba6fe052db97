"""The paper's model: a tiny causal transformer with Post-LN blocks, as in Vaswani et al.

    x = tok_emb(idx) + pos_emb(positions)                      # (B, T, D)
    for each block:   x = ln1(x + attn(x))                      # Post-LN: normalise after
                      x = ln2(x + mlp(x))                       #   the residual sum
    logits = head(ln_f(x))                                      # (B, T, VOCAB)

Read-only: import from it (`from model import PostLNTransformer, ...`), do not copy it.
"""

import math

import torch
from torch import nn

VOCAB, T, D, HEADS, LAYERS = 8, 8, 16, 2, 2


class CausalSelfAttention(nn.Module):
    """Multi-head attention where position t sees positions <= t."""

    def __init__(self, d: int = D, heads: int = HEADS) -> None:
        super().__init__()
        assert d % heads == 0
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (B, T, D) -> (B, T, D)
        b, t, d = x.shape
        q, k, v = self.qkv(x).split(d, dim=2)
        q, k, v = (z.view(b, t, self.heads, d // self.heads).transpose(1, 2)
                   for z in (q, k, v))  # (B, H, T, d_head)
        scores = q @ k.transpose(-2, -1) / math.sqrt(d // self.heads)  # (B, H, T, T)
        mask = torch.ones(t, t, dtype=torch.bool).tril()
        scores = scores.masked_fill(~mask, float("-inf"))
        y = scores.softmax(dim=-1) @ v  # (B, H, T, d_head)
        return self.proj(y.transpose(1, 2).reshape(b, t, d))


class MLP(nn.Module):
    def __init__(self, d: int = D) -> None:
        super().__init__()
        self.fc1 = nn.Linear(d, 4 * d)
        self.fc2 = nn.Linear(4 * d, d)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(torch.relu(self.fc1(x)))


class Block(nn.Module):
    """A Post-LN block: each LayerNorm comes after its residual sum."""

    def __init__(self, d: int = D, heads: int = HEADS) -> None:
        super().__init__()
        self.attn = CausalSelfAttention(d, heads)
        self.ln1 = nn.LayerNorm(d)
        self.mlp = MLP(d)
        self.ln2 = nn.LayerNorm(d)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (B, T, D) -> (B, T, D)
        x = self.ln1(x + self.attn(x))
        return self.ln2(x + self.mlp(x))


class PostLNTransformer(nn.Module):
    """Token and position embeddings, LAYERS Post-LN blocks, a final LayerNorm, a linear head."""

    def __init__(self, vocab: int = VOCAB, t: int = T, d: int = D, heads: int = HEADS,
                 layers: int = LAYERS) -> None:
        super().__init__()
        self.tok_emb = nn.Embedding(vocab, d)
        self.pos_emb = nn.Embedding(t, d)
        self.blocks = nn.ModuleList([Block(d, heads) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:  # (B, T) int64 -> (B, T, VOCAB)
        positions = torch.arange(idx.shape[1])
        x = self.tok_emb(idx) + self.pos_emb(positions)
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))
