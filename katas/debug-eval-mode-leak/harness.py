"""Public harness for debug-eval-mode-leak: the fixed model and the probes."""

import numpy as np
import torch
from torch import nn


def make_model(d, classes):
    """The classifier fit_and_evaluate receives: dropout and batch norm, so modes matter."""
    return nn.Sequential(nn.Linear(d, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(64, classes))


def _plain(v):
    if isinstance(v, torch.Tensor):
        return v.detach().cpu().numpy()
    return v


def run(solution, X_train, y_train, X_test, y_test, epochs, lr, seed):
    """Seed, build make_model, call your fit_and_evaluate; return its result, weights and mode."""
    torch.manual_seed(seed)
    np.random.seed(seed % 2**32)
    model = make_model(X_train.shape[1], int(y_train.max()) + 1)
    tensors = [torch.as_tensor(X_train, dtype=torch.float32), torch.as_tensor(y_train),
               torch.as_tensor(X_test, dtype=torch.float32), torch.as_tensor(y_test)]
    out = solution.fit_and_evaluate(model, *tensors, epochs, lr)
    result = {k: _plain(v) for k, v in out.items()} if isinstance(out, dict) else out
    return {"result": result, "training": bool(model.training),
            "state": {k: v.detach().clone() for k, v in model.state_dict().items()}}
