"""Checks for vae-manual-kl. Trusted: never enters the sandbox."""

import math

import numpy as np
import torch

from graders import plots
from graders.compare import kind_of
from graders.kit import check

D, H, Z = 24, 32, 2  # data, hidden and latent sizes of the training checks
PROTOTYPES, FLIP = 4, 0.05  # training data: 4 random binary patterns, 5% of bits flipped
STEPS, BATCH, LR = 120, 64, 1e-2  # the training budget the harness gives your VAE
# The visible curve proves one finite loss per step; 30 steps prove it as well as 120 (that the
# VAE learns, over the full budget, is vae_learns's task), at a quarter of the training time.
CURVE_STEPS = 30
MARGIN = 1.5  # nats the trained VAE must beat the best latent-free model by


def _f32(a):
    return torch.tensor(np.asarray(a), dtype=torch.float32)


def _tensor(t, got, shape, what):
    """`got` as a finite float64 tensor of `shape`, or a failure that says what is wrong."""
    if not isinstance(got, torch.Tensor):
        t.fail(f"{what}: expected a torch.Tensor, got {kind_of(got)}", bug="wrong return type")
    if tuple(got.shape) != tuple(shape):
        t.fail(f"{what}: shape {tuple(got.shape)}, expected {tuple(shape)}", bug="wrong shape")
    if not got.is_floating_point():
        t.fail(f"{what}: dtype {got.dtype}, expected a floating-point tensor", bug="wrong dtype")
    if not torch.isfinite(got).all():
        bad = int((~torch.isfinite(got)).sum())
        t.fail(f"{what}: {bad} NaN/Inf values", bug="non-finite values")
    return got.double()


def _kl_bugs(mu, logvar):
    """The per-example KL each classic mistake would produce."""
    var = logvar.exp()
    return {
        "wrong sign: this is -KL": -0.5 * (mu**2 + var - 1 - logvar).sum(-1),
        "missing the factor 1/2": (mu**2 + var - 1 - logvar).sum(-1),
        "averaged over the latent dimensions instead of summed":
            0.5 * (mu**2 + var - 1 - logvar).mean(-1),
        "std exp(logvar/2) used where the variance exp(logvar) belongs":
            0.5 * (mu**2 + (logvar / 2).exp() - 1 - logvar).sum(-1),
        "log std used where the log variance belongs": 0.5 * (mu**2 + var - 1 - logvar / 2).sum(-1),
        "mu used where mu^2 belongs": 0.5 * (mu + var - 1 - logvar).sum(-1),
    }


def _per_example(t, got, want, what):
    """Name the mistake when a per-example result came back reduced over the batch."""
    if isinstance(got, torch.Tensor | float) and not (
            isinstance(got, torch.Tensor) and got.shape == want.shape):
        value = float(got.detach().double().sum()) if isinstance(got, torch.Tensor) else got
        n = got.numel() if isinstance(got, torch.Tensor) else 1
        for name, alt in (("summed", want.sum()), ("averaged", want.mean())):
            if n == 1 and math.isclose(value, float(alt), rel_tol=1e-4, abs_tol=1e-5):
                t.fail(f"{what}: one number came back, expected one KL per example, shape "
                       f"{tuple(want.shape)}: it looks {name} over the batch",
                       bug=f"KL {name} over the batch")


def _elbo_bugs(ref, x, logits, mu, logvar):
    """The loss each classic mistake would produce."""
    rec, kl = ref.bernoulli_nll(x, logits).sum(-1), ref.gaussian_kl(mu, logvar)
    return {
        "KL term missing (reconstruction only)": rec.mean(),
        "reconstruction averaged over features instead of summed": (rec / x.shape[1] + kl).mean(),
        "summed over the batch instead of averaged": (rec + kl).sum(),
        "KL subtracted instead of added": (rec - kl).mean(),
        "KL averaged over latent dimensions instead of summed": (rec + kl / mu.shape[1]).mean(),
        **{f"KL term: {name}": (rec + bad).mean() for name, bad in _kl_bugs(mu, logvar).items()},
    }


def _elbo_inputs(rng, b=8, d=12, z=3, scale=2.0):
    x = _f32(rng.random((b, d)) < 0.5)
    logits = _f32(scale * rng.standard_normal((b, d)))
    return x, logits, _f32(rng.standard_normal((b, z))), _f32(rng.standard_normal((b, z)))


def _binary_data(rng, *sizes):
    """Noisy copies of a few random binary prototypes, one float32 tensor per size."""
    protos = rng.random((PROTOTYPES, D)) < 0.5
    out = []
    for n in sizes:
        idx = rng.integers(PROTOTYPES, size=n)
        out.append(_f32(protos[idx] ^ (rng.random((n, D)) < FLIP)))
    return out


def _outputs(t, got, b, what):
    logits, mu, logvar = t.items(got, 3, f"{what}: (x_logits, mu, logvar)")
    return (_tensor(t, logits, (b, D), f"{what}: x_logits"), _tensor(t, mu, (b, Z), f"{what}: mu"),
            _tensor(t, logvar, (b, Z), f"{what}: logvar"))


def _same(t, a, b, message, bug):
    diff = float((a - b).abs().max())
    if diff > 1e-5 + 1e-4 * float(b.abs().max()):
        t.fail(message, bug=bug, max_abs_difference=diff)


@check(points=1, visible=True)
def reparameterize_example(t):
    """The worked example: mu=[[0, 1]], logvar=[[0, log 4]], eps=[[1, -0.5]] gives z=[[1, 0]]."""
    mu, logvar, eps = _f32([[0.0, 1.0]]), _f32([[0.0, math.log(4.0)]]), _f32([[1.0, -0.5]])
    got = yield t.call("reparameterize", mu, logvar, eps)
    m, lv, e = mu.double(), logvar.double(), eps.double()
    t.close(got, t.ref.reparameterize(m, lv, e), what="reparameterize(mu, logvar, eps)", bugs={
        "exp(logvar) used as the std (that is the variance)": m + lv.exp() * e,
        "logvar used as the std": m + lv * e})


@check(points=1, visible=True)
def gaussian_kl_example(t):
    """The worked example: KL 0 for N(0, 1), and 0.5 + (1 - log 2)/2 for mu=(1, 0), var=(1, 2)."""
    mu, logvar = _f32([[0.0, 0.0], [1.0, 0.0]]), _f32([[0.0, 0.0], [0.0, math.log(2.0)]])
    got = yield t.call("gaussian_kl", mu, logvar)
    want = t.ref.gaussian_kl(mu.double(), logvar.double())
    _per_example(t, got, want, "gaussian_kl(mu, logvar)")
    t.close(got, want, what="gaussian_kl(mu, logvar)", bugs=_kl_bugs(mu.double(), logvar.double()))


@check(points=1, visible=True)
def negative_elbo_example(t):
    """x=[[1, 0]], logits=[[0, 0]], mu=[[0]], logvar=[[0]]: two coin flips and no KL, 2 log 2."""
    x, logits, mu, logvar = _f32([[1.0, 0.0]]), _f32([[0.0, 0.0]]), _f32([[0.0]]), _f32([[0.0]])
    got = yield t.call("negative_elbo", x, logits, mu, logvar)
    t.close(got, t.ref.negative_elbo(x.double(), logits.double(), mu.double(), logvar.double()),
            what="negative_elbo(x, x_logits, mu, logvar)")


@check(points=2)
def reparameterize_gradients(t):
    """z and the autograd gradients of sum(z * w) with respect to mu and logvar, shape (6, 4)."""
    mu, logvar, eps, w = (_f32(t.rng.standard_normal((6, 4))) for _ in range(4))
    got = yield t.probe("reparameterize_grads", mu, logvar, eps, w)
    got = t.mapping(got, ["z", "d_mu", "d_logvar"], "reparameterize_grads")
    m, lv, e, w = mu.double(), logvar.double(), eps.double(), w.double()
    t.close(got["z"], t.ref.reparameterize(m, lv, e), what="reparameterize(mu, logvar, eps)", bugs={
        "exp(logvar) used as the std (that is the variance)": m + lv.exp() * e,
        "logvar used as the std": m + lv * e})
    for name in ("d_mu", "d_logvar"):
        if got[name] is None:
            t.fail(f"no gradient reached {name[2:]}: build z from torch operations on mu and "
                   "logvar (no .detach(), .item(), .numpy() or torch.no_grad())",
                   bug="not differentiable")
    t.close(got["d_mu"], w, what="d sum(z * w) / d mu")
    t.close(got["d_logvar"], w * 0.5 * (lv / 2).exp() * e, what="d sum(z * w) / d logvar")


@check(points=2)
def gaussian_kl_random(t):
    """KL for a random batch: mu, logvar of shape (7, 5), one value per example."""
    mu, logvar = _f32(1.5 * t.rng.standard_normal((7, 5))), _f32(t.rng.standard_normal((7, 5)))
    got = yield t.call("gaussian_kl", mu, logvar)
    m, lv = mu.double(), logvar.double()
    want = t.ref.gaussian_kl(m, lv)
    _per_example(t, got, want, "gaussian_kl(mu, logvar)")
    t.close(got, want, what="gaussian_kl(mu, logvar)", bugs=_kl_bugs(m, lv))


@check(points=2)
def negative_elbo_random(t):
    """The loss on a random batch: x binary (8, 12), logits (8, 12), mu and logvar (8, 3)."""
    x, logits, mu, logvar = _elbo_inputs(t.rng)
    got = yield t.call("negative_elbo", x, logits, mu, logvar)
    args = (x.double(), logits.double(), mu.double(), logvar.double())
    t.close(got, t.ref.negative_elbo(*args), what="negative_elbo(x, x_logits, mu, logvar)",
            bugs=_elbo_bugs(t.ref, *args))


@check(points=2)
def negative_elbo_large_logits(t):
    """Logits of magnitude 30 to 300 (a confident decoder): the loss stays finite and exact."""
    x, logits, mu, logvar = _elbo_inputs(t.rng, scale=30.0)
    logits[0] = torch.where(x[0] > 0, -300.0, 300.0)  # confidently wrong: NLL ~ 300 per bit
    got = yield t.call("negative_elbo", x, logits, mu, logvar)
    if isinstance(got, torch.Tensor | float) and not torch.isfinite(torch.as_tensor(got)).all():
        t.fail("negative_elbo is not finite for logits of magnitude ~100: log(sigmoid(l)) "
               "underflows to log(0) in float32. Write the Bernoulli log-likelihood in terms of "
               "the logits (log-sum-exp form)", bug="sigmoid then log: unstable for large logits")
    args = (x.double(), logits.double(), mu.double(), logvar.double())
    t.close(got, t.ref.negative_elbo(*args), what="negative_elbo with large logits",
            bugs=_elbo_bugs(t.ref, *args))


@check(points=2)
def vae_forward_contract(t):
    """A fresh VAE(24, 32, 2): forward(x, eps) is deterministic, equals decode(reparameterize(
    *encode(x), eps)), and forward(x) samples; shapes (5, 24), (5, 2), (5, 2)."""
    x, = _binary_data(t.rng, 5)
    eps = _f32(t.rng.standard_normal((5, Z)))
    got = yield t.probe("vae_forward", x, eps, H, int(t.rng.integers(2**31)))
    got = t.mapping(got, ["forward", "again", "encode", "decode", "sampled"], "vae_forward")
    logits, mu, logvar = _outputs(t, got["forward"], 5, "forward(x, eps)")
    again = _outputs(t, got["again"], 5, "forward(x, eps), called again")
    enc_mu, enc_logvar = t.items(got["encode"], 2, "encode(x): (mu, logvar)")
    enc_mu, enc_logvar = (_tensor(t, enc_mu, (5, Z), "encode(x): mu"),
                          _tensor(t, enc_logvar, (5, Z), "encode(x): logvar"))
    decoded = _tensor(t, got["decode"], (5, D), "decode(z)")
    _outputs(t, got["sampled"], 5, "forward(x) without eps")
    for a, b in zip(again, (logits, mu, logvar), strict=True):
        _same(t, a, b, "forward(x, eps) gave different outputs on two calls with the same eps "
              "(in eval mode): with eps given, forward must not draw its own noise",
              bug="forward ignores the given eps")
    _same(t, mu, enc_mu, "forward(x, eps)[1] differs from encode(x)[0]", bug="mu is not encode's")
    _same(t, logvar, enc_logvar, "forward(x, eps)[2] differs from encode(x)[1]",
          bug="logvar is not encode's")
    _same(t, logits, decoded, "forward(x, eps)[0] differs from decode(reparameterize(mu, logvar, "
          "eps)): forward must decode z = mu + exp(logvar / 2) * eps with the eps it was given",
          bug="forward does not decode reparameterize(mu, logvar, eps)")


@check(points=1, visible=True)
def training_curve(t):
    """The harness trains your VAE(24, 32, 2) as vae_learns does, for its first 30 Adam steps,
    on data fixed here: one finite training loss (your negative ELBO of the batch) per step."""
    x_train, x_test = _binary_data(t.rng, 256, 128)
    eps = _f32(t.rng.standard_normal((128, Z)))
    got = yield t.probe("vae_train", x_train, x_test, eps, H, CURVE_STEPS, BATCH, LR, 0)
    got = t.mapping(got, ["before", "after", "losses"], "vae_train")
    raw = got["losses"] if isinstance(got["losses"], list) else []
    losses = np.array([v if isinstance(v, float) else np.nan for v in raw])
    p = x_train.double().mean(0).clamp(1e-12, 1 - 1e-12)
    bound = float(-(p * p.log() + (1 - p) * (1 - p).log()).sum())
    t.note(plot=plots.line("Your training loss (negative ELBO, nats) per Adam step",
                           {"your loss": losses,
                            "best loss without using z": np.full(len(losses), bound)},
                           x_label="step", y_label="nats"))
    t.expect(len(losses) == CURVE_STEPS, f"{len(losses)} losses for {CURVE_STEPS} steps",
             bug="wrong number of losses")
    bad = np.flatnonzero(~np.isfinite(losses))
    t.expect(bad.size == 0, f"the training loss is {losses[bad[0]] if bad.size else 0} at "
             f"step {bad[0] if bad.size else 0}", bug="loss becomes NaN")


@check(points=3)
def vae_learns(t):
    """The harness trains your VAE(24, 32, 2) with your negative_elbo: 120 Adam steps (lr 1e-2,
    batches of 64) on noisy copies of 4 random binary patterns. On a held-out batch of 128 the
    negative ELBO, computed here from your model's outputs, must end 1.5 nats below the best any
    model that ignores z can do (the summed entropy of the held-out bits' frequencies).

    False-failure rate: over 200 seeds the reference ends 6.25 nats below that bound on
    average (sd 0.78, worst 3.6), so the 1.5-nat margin sits 6 sd away: well under 1e-4.
    """
    x_train, x_test = _binary_data(t.rng, 256, 128)
    eps = _f32(t.rng.standard_normal((128, Z)))
    got = yield t.probe("vae_train", x_train, x_test, eps, H, STEPS, BATCH, LR,
                        int(t.rng.integers(2**31)))
    got = t.mapping(got, ["before", "after", "losses"], "vae_train")
    x = x_test.double()
    before = float(t.ref.negative_elbo(x, *_outputs(t, got["before"], 128, "before training")))
    after = float(t.ref.negative_elbo(x, *_outputs(t, got["after"], 128, "after training")))
    p = x.mean(0).clamp(1e-12, 1 - 1e-12)
    bound = float(-(p * p.log() + (1 - p) * (1 - p).log()).sum())
    losses = [v for v in got["losses"] if isinstance(v, float)] \
        if isinstance(got["losses"], list) else []
    t.note(held_out_before=round(before, 3), held_out_after=round(after, 3),
           latent_free_bound=round(bound, 3), threshold=round(bound - MARGIN, 3),
           your_training_loss_first_last=losses[:1] + losses[-1:])
    if after <= bound - MARGIN and after < before:
        return
    hint = ""
    if not all(math.isfinite(v) for v in losses):
        hint = " Your negative_elbo became NaN/Inf during training."
    elif after < bound + 0.5:
        hint = (" The model learned the bits' frequencies but its latent code carries little: do "
                "gradients reach the encoder through reparameterize, and is the KL's sign right?")
    t.fail(f"after {STEPS} Adam steps the held-out negative ELBO went from {before:.2f} to "
           f"{after:.2f} nats; a VAE that uses its latent code gets below {bound - MARGIN:.2f} "
           f"(the best model ignoring z scores {bound:.2f}).{hint}", bug="does not learn")
