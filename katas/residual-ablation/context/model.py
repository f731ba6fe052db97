"""The paper's model: ResMLP, a deep MLP whose blocks add their input back.

    h = inp(x)
    h = h + fc2(relu(fc1(h)))      for each of DEPTH (6) blocks   (the residual connection)
    y = out(relu(h))

Read-only: import from it (`from model import ResMLP, Block`), do not copy it.
"""

import torch
from torch import nn

D_IN, WIDTH, DEPTH, D_OUT = 4, 16, 6, 1


class Block(nn.Module):
    """One residual block: h + fc2(relu(fc1(h)))."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(width, width)
        self.fc2 = nn.Linear(width, width)

    def forward(self, h: torch.Tensor) -> torch.Tensor:  # (N, width) -> (N, width)
        return h + self.fc2(torch.relu(self.fc1(h)))


class ResMLP(nn.Module):
    """inp -> DEPTH residual blocks -> relu -> out."""

    def __init__(self, d_in: int = D_IN, width: int = WIDTH, depth: int = DEPTH,
                 d_out: int = D_OUT) -> None:
        super().__init__()
        self.inp = nn.Linear(d_in, width)
        self.blocks = nn.ModuleList([Block(width) for _ in range(depth)])
        self.out = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, d_in) -> (N, d_out)
        h = self.inp(x)
        for block in self.blocks:
            h = block(h)
        return self.out(torch.relu(h))
