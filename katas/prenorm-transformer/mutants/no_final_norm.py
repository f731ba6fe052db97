"""ln_f is skipped: a Pre-LN stream is never normalised before the head"""

import math

import torch
from model import PostLNTransformer
from train import T_975, make_data, train, train_and_evaluate

N_SEEDS = 5  # within the statement's 5..8


class PreLNTransformer(PostLNTransformer):
    """The same parameters; each LayerNorm moves to the start of its residual branch."""

    def forward(self, idx: torch.Tensor) -> torch.Tensor:  # (B, T) -> (B, T, VOCAB)
        positions = torch.arange(idx.shape[1])
        x = self.tok_emb(idx) + self.pos_emb(positions)  # (B, T, D)
        for block in self.blocks:
            x = x + block.attn(block.ln1(x))  # the residual stream is never normalised
            x = x + block.mlp(block.ln2(x))
        return self.head(x)  # BUG: no ln_f; now does the only normalisation of the stream


def build_ablated() -> torch.nn.Module:
    return PreLNTransformer()


def run(ablate: bool, seed: int) -> float:
    """The paper's run for `seed`, with Pre-LN blocks if `ablate`."""
    if not ablate:
        return train_and_evaluate(seed)
    data = make_data(seed)
    torch.manual_seed(seed)  # the same initial weights as the paper's model
    return train(build_ablated(), data)


def claim(first_seed: int) -> dict:
    """Paired differences (ablated - paper) over N_SEEDS seeds, with a 95% t interval."""
    seeds = range(first_seed, first_seed + N_SEEDS)
    diffs = [run(True, s) - run(False, s) for s in seeds]
    n = len(diffs)
    mean = sum(diffs) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    half = T_975[n - 1] * sd / math.sqrt(n)
    return {"effect": mean, "ci_low": mean - half, "ci_high": mean + half, "n_seeds": n}
