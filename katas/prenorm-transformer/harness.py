"""Public harness for prenorm-transformer: probes of your ablated model's weights and forward.

Nothing here knows the right answers: the probes build your model and return what came out;
the checks compare it with the paper's model on their own side.
"""

import torch


def initial_weights(solution, seed):
    """build_ablated() right after torch.manual_seed(seed): its parameters by name."""
    torch.manual_seed(seed)
    model = solution.build_ablated()
    return {name: p.detach().clone() for name, p in model.state_dict().items()}


def forward(solution, weights, x):
    """build_ablated() with these weights (strictly loaded), applied to x without gradients."""
    model = solution.build_ablated()
    model.load_state_dict({k: torch.as_tensor(v) for k, v in weights.items()}, strict=True)
    with torch.no_grad():
        return model(torch.as_tensor(x)).detach().clone()
