import torch
from torch import nn


def reparameterize(mu, logvar, eps):
    """z = mu + sigma * eps with sigma = exp(logvar / 2); differentiable in mu and logvar."""
    raise NotImplementedError


def gaussian_kl(mu, logvar):
    """KL(N(mu, diag(exp(logvar))) || N(0, I)) per example: shape (B,)."""
    raise NotImplementedError


def negative_elbo(x, x_logits, mu, logvar):
    """Batch mean of (Bernoulli NLL summed over features + KL): a scalar tensor."""
    raise NotImplementedError


class VAE(nn.Module):
    def __init__(self, x_dim, h_dim, z_dim):
        super().__init__()
        raise NotImplementedError

    def encode(self, x):
        """x (B, x_dim) -> (mu, logvar), each (B, z_dim)."""
        raise NotImplementedError

    def decode(self, z):
        """z (B, z_dim) -> x_logits (B, x_dim)."""
        raise NotImplementedError

    def forward(self, x, eps=None):
        """-> (x_logits, mu, logvar); eps None means draw it from N(0, I)."""
        raise NotImplementedError
