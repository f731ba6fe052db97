"""The paper's model: an MLP classifier regularised by dropout after each hidden layer.

    h1 = drop1(relu(fc1(x)))
    h2 = drop2(relu(fc2(h1)))
    logits = out(h2)

Read-only: import from it (`from model import DropoutMLP, ...`), do not copy it.
"""

import torch
from torch import nn

D_IN, HIDDEN, N_CLASSES, P_DROP = 20, 64, 2, 0.3


class DropoutMLP(nn.Module):
    """Two hidden layers of width HIDDEN, each followed by inverted dropout with rate P_DROP."""

    def __init__(self, d_in: int = D_IN, hidden: int = HIDDEN, n_classes: int = N_CLASSES,
                 p: float = P_DROP) -> None:
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden)
        self.drop1 = nn.Dropout(p)
        self.fc2 = nn.Linear(hidden, hidden)
        self.drop2 = nn.Dropout(p)
        self.out = nn.Linear(hidden, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, D_IN) -> (N, N_CLASSES)
        h = self.drop1(torch.relu(self.fc1(x)))
        h = self.drop2(torch.relu(self.fc2(h)))
        return self.out(h)
