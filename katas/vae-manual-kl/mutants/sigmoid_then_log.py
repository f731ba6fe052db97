"""BUG: log(sigmoid(l)) is -inf in float32 once |l| > ~17."""

import torch
from torch import nn


def reparameterize(mu, logvar, eps):
    assert mu.shape == logvar.shape == eps.shape
    std = torch.exp(0.5 * logvar)  # sigma = exp(log sigma^2 / 2)
    return mu + std * eps  # (B, Z), differentiable in mu and logvar


def gaussian_kl(mu, logvar):
    assert mu.shape == logvar.shape and mu.ndim == 2
    # KL(N(mu, sigma^2) || N(0, 1)) = 1/2 (mu^2 + sigma^2 - 1 - log sigma^2), per latent dim
    kl = 0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar)  # (B, Z)
    return kl.sum(dim=-1)  # (B,)


def bernoulli_nll(x, logits):
    # -[x log s(l) + (1 - x) log(1 - s(l))] = max(l, 0) - x l + log(1 + exp(-|l|)): never log(0)
    p = torch.sigmoid(logits)
    return -(x * torch.log(p) + (1 - x) * torch.log(1 - p))  # BUG: log(0) for large |l|


def negative_elbo(x, x_logits, mu, logvar):
    assert x.shape == x_logits.shape
    reconstruction = bernoulli_nll(x, x_logits).sum(dim=-1)  # (B,)
    return (reconstruction + gaussian_kl(mu, logvar)).mean()  # scalar


class VAE(nn.Module):
    def __init__(self, x_dim, h_dim, z_dim):
        super().__init__()
        self.z_dim = z_dim
        self.encoder = nn.Sequential(nn.Linear(x_dim, h_dim), nn.ReLU())
        self.to_mu = nn.Linear(h_dim, z_dim)
        self.to_logvar = nn.Linear(h_dim, z_dim)
        self.decoder = nn.Sequential(nn.Linear(z_dim, h_dim), nn.ReLU(), nn.Linear(h_dim, x_dim))

    def encode(self, x):
        h = self.encoder(x)  # (B, H)
        return self.to_mu(h), self.to_logvar(h)  # (B, Z), (B, Z)

    def decode(self, z):
        return self.decoder(z)  # (B, D) logits

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu)
        return self.decode(reparameterize(mu, logvar, eps)), mu, logvar
