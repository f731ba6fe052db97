"""Public probes for vae-manual-kl: they run your code inside the box and return plain data.

Nothing here knows the right answers: the checks compare what comes back on their own side.
"""

import torch


def reparameterize_grads(solution, mu, logvar, eps, weights):
    """z = reparameterize(mu, logvar, eps) and the gradients of sum(z * weights) by autograd."""
    mu = mu.clone().requires_grad_(True)
    logvar = logvar.clone().requires_grad_(True)
    z = solution.reparameterize(mu, logvar, eps)
    grads = {"d_mu": None, "d_logvar": None}
    if isinstance(z, torch.Tensor) and z.requires_grad:
        (z * weights).sum().backward()
        grads = {"d_mu": mu.grad, "d_logvar": logvar.grad}
    return {"z": z, **grads}


def vae_forward(solution, x, eps, h_dim, seed):
    """A fresh VAE in eval mode: forward twice with the same eps, and the pieces one by one."""
    torch.manual_seed(seed)
    model = solution.VAE(x.shape[1], h_dim, eps.shape[1]).eval()
    with torch.no_grad():
        first = model(x, eps)
        again = model(x, eps)
        mu, logvar = model.encode(x)
        z = solution.reparameterize(mu, logvar, eps)
        decoded = model.decode(z)
        sampled = model(x)
    return {"forward": first, "again": again, "encode": (mu, logvar), "decode": decoded,
            "sampled": sampled}


def vae_train(solution, x_train, x_test, eps_test, h_dim, steps, batch, lr, seed):
    """Train your VAE with your negative_elbo and Adam; return its outputs on a held-out batch."""
    torch.manual_seed(seed)
    model = solution.VAE(x_train.shape[1], h_dim, eps_test.shape[1])
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    order = torch.Generator().manual_seed(seed)

    def held_out():
        model.eval()
        with torch.no_grad():
            out = model(x_test, eps_test)
        model.train()
        return out

    before = held_out()
    losses = []
    for _ in range(steps):
        xb = x_train[torch.randint(len(x_train), (batch,), generator=order)]
        x_logits, mu, logvar = model(xb)
        loss = solution.negative_elbo(xb, x_logits, mu, logvar)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
    return {"before": before, "after": held_out(), "losses": losses}
