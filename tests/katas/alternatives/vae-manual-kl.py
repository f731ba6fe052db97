"""vae-manual-kl written differently: float64 losses, library BCE-with-logits, one encoder head
producing [mu | logvar], tanh layers and rsample-style noise drawn with torch.randn."""

import torch
import torch.nn.functional as F
from torch import nn


def reparameterize(mu, logvar, eps):
    return torch.addcmul(mu, logvar.mul(0.5).exp(), eps)


def gaussian_kl(mu, logvar):
    mu, logvar = mu.double(), logvar.double()
    return -0.5 * torch.sum(1 + logvar - mu * mu - torch.exp(logvar), dim=1)


def negative_elbo(x, x_logits, mu, logvar):
    nll = F.binary_cross_entropy_with_logits(x_logits.double(), x.double(), reduction="none")
    return torch.mean(nll.sum(dim=1) + gaussian_kl(mu, logvar))


class VAE(nn.Module):
    def __init__(self, x_dim, h_dim, z_dim):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(x_dim, h_dim), nn.Tanh(), nn.Linear(h_dim, 2 * z_dim))
        self.dec = nn.Sequential(nn.Linear(z_dim, h_dim), nn.Tanh(), nn.Linear(h_dim, h_dim),
                                 nn.Tanh(), nn.Linear(h_dim, x_dim))

    def encode(self, x):
        stats = self.enc(x)
        mu, logvar = torch.chunk(stats, 2, dim=-1)
        return mu, logvar

    def decode(self, z):
        return self.dec(z)

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        noise = torch.randn(mu.shape, dtype=mu.dtype) if eps is None else eps
        return self.decode(reparameterize(mu, logvar, noise)), mu, logvar
