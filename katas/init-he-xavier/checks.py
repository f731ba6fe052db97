"""Checks for init-he-xavier. Trusted: never enters the sandbox.

The moment checks draw one (100, 900) matrix: n = 90,000 samples. The sample variance's
relative standard error is sqrt(2/n) = 0.47% for a normal and sqrt(0.8/n) = 0.30% for a
uniform, so the 5% tolerance sits over 10 standard errors away: a correct initialiser fails
with probability below 1e-20. Every named mistake is off by a factor of 2 or more.
"""

import math

import numpy as np

from graders.kit import check

FAN_IN, FAN_OUT = 100, 900  # far apart, so a fan_in / fan_out swap changes He's variance 9x
TOL = 0.05  # relative tolerance on the sample variance
WIDTH, DEPTH, BATCH = 128, 50, 32  # the depth check's network


def _variances(name, fi, fo):
    """The variance `name` must have, and the variance each classic mistake gives."""
    xavier, he = 2.0 / (fi + fo), 2.0 / fi
    if name.startswith("xavier"):
        want, bugs = xavier, {"1 / fan_in (LeCun) instead of 2 / (fan_in + fan_out)": 1.0 / fi,
                              "2 / fan_in (He) instead of 2 / (fan_in + fan_out)": he}
    else:
        want, bugs = he, {"fan_out used where He needs fan_in: 2 / fan_out": 2.0 / fo,
                          "the factor 2 is missing: 1 / fan_in instead of 2 / fan_in": 1.0 / fi,
                          "2 / (fan_in + fan_out) (Xavier) instead of 2 / fan_in": xavier}
    if name.endswith("uniform"):
        bugs["uniform bound a = std instead of a = sqrt(3) std (variance 3x too small)"] = want / 3
    else:
        bugs["the variance passed where the standard deviation belongs"] = want**2
    return want, bugs


def _shape(t, fi, fo):
    """The matrix's shape in the kata variant's layout: (fan_in, fan_out) for x @ W, or
    (fan_out, fan_in) for W @ x (torch's nn.Linear)."""
    return (fi, fo) if t.variant.get("LAYOUT", "in_out") == "in_out" else (fo, fi)


def _judge(t, got, name, fi, fo):
    what = f"{name}({fi}, {fo}, seed)"
    shape = _shape(t, fi, fo)
    if isinstance(got, np.ndarray) and got.shape == shape[::-1] and fi != fo:
        layout = "(fan_in, fan_out): the weights are used as x @ W" if shape == (fi, fo) else \
            "(fan_out, fan_in): the weights are used as W @ x"
        t.fail(f"{what}: shape {got.shape}, expected {layout}", bug="transposed layout")
    t.expect(isinstance(got, np.ndarray) and got.shape == shape and got.dtype.kind == "f",
             f"{what}: expected a float ndarray of shape {shape}, got "
             f"{type(got).__name__} {getattr(got, 'shape', '')}", bug="wrong shape")
    t.expect(bool(np.all(np.isfinite(got))), f"{what}: NaN or Inf values", bug="non-finite values")
    want, bugs = _variances(name, fi, fo)
    n, var, mean = got.size, float(np.var(got)), float(np.mean(got))
    t.note(sample_variance=var, target_variance=want)
    if abs(var / want - 1) > TOL:
        named = [b for b, v in bugs.items() if abs(var / v - 1) <= TOL]
        t.fail(f"{what}: sample variance {var:.4g}, expected {want:.4g} (within {TOL:.0%}): off "
               f"by a factor {var / want:.3g}" + (f" — looks like: {named[0]}" if named else ""),
               bug=named[0] if named else None)
    se = math.sqrt(want / n)  # 6 standard errors: fails a correct answer with p = 2e-9
    t.expect(abs(mean) <= 6 * se, f"{what}: sample mean {mean:.3g}, expected 0 (within "
             f"{6 * se:.2g})", bug="not centred at zero")
    kurtosis = float(np.mean((got - mean) ** 4) / var**2)  # 1.8 uniform, 3 normal; se < 0.02
    if name.endswith("uniform"):
        a = math.sqrt(3 * want)
        t.expect(float(np.max(np.abs(got))) <= a * (1 + 1e-9) and kurtosis < 2.4,
                 f"{what}: values outside [-{a:.4g}, {a:.4g}] or a normal's shape (kurtosis "
                 f"{kurtosis:.2f}, a uniform has 1.8)", bug="normal where a uniform belongs")
    else:
        t.expect(kurtosis > 2.4, f"{what}: kurtosis {kurtosis:.2f}, a normal has 3 (a uniform "
                 "1.8)", bug="uniform where a normal belongs")


@check(points=1, visible=True)
def xavier_uniform_example(t):
    """xavier_uniform(3, 5, seed=0): shape (3, 5), or (5, 3) in the (fan_out, fan_in) layout,
    every entry in [-sqrt(6/8), sqrt(6/8)]."""
    got = yield t.call("xavier_uniform", 3, 5, 0)
    t.expect(isinstance(got, np.ndarray) and got.shape == _shape(t, 3, 5),
             f"expected an ndarray of shape {_shape(t, 3, 5)}, got {type(got).__name__} "
             f"{getattr(got, 'shape', '')}", bug="wrong shape")
    t.expect(float(np.max(np.abs(got))) <= math.sqrt(6 / 8),
             f"an entry is outside [-{math.sqrt(6 / 8):.4f}, {math.sqrt(6 / 8):.4f}]")


@check(points=1, visible=True)
def he_normal_moments_example(t):
    """he_normal(400, 300): sample variance 2/400 within 5% (the test statistic's error is
    under 0.5%), mean near 0."""
    got = yield t.call("he_normal", 400, 300, 1)
    _judge(t, got, "he_normal", 400, 300)


@check(points=2)
def xavier_uniform_moments(t):
    """xavier_uniform(100, 900): variance 2 / (fan_in + fan_out), bounded by sqrt(6 / (fan_in +
    fan_out)), mean 0. False-failure rate below 1e-8 (see the module docstring)."""
    got = yield t.call("xavier_uniform", FAN_IN, FAN_OUT, int(t.rng.integers(2**31)))
    _judge(t, got, "xavier_uniform", FAN_IN, FAN_OUT)


@check(points=2)
def xavier_normal_moments(t):
    """xavier_normal(100, 900): variance 2 / (fan_in + fan_out), mean 0, a normal's kurtosis."""
    got = yield t.call("xavier_normal", FAN_IN, FAN_OUT, int(t.rng.integers(2**31)))
    _judge(t, got, "xavier_normal", FAN_IN, FAN_OUT)


@check(points=2)
def he_uniform_moments(t):
    """he_uniform(100, 900): variance 2 / fan_in, bounded by sqrt(6 / fan_in), mean 0."""
    got = yield t.call("he_uniform", FAN_IN, FAN_OUT, int(t.rng.integers(2**31)))
    _judge(t, got, "he_uniform", FAN_IN, FAN_OUT)


@check(points=2)
def he_normal_moments(t):
    """he_normal(100, 900): variance 2 / fan_in (not fan_out), mean 0."""
    got = yield t.call("he_normal", FAN_IN, FAN_OUT, int(t.rng.integers(2**31)))
    _judge(t, got, "he_normal", FAN_IN, FAN_OUT)


@check(points=1)
def seeded(t):
    """The same seed gives the same matrix, another seed another one (all four functions)."""
    seed = int(t.rng.integers(2**31))
    names = ("xavier_uniform", "xavier_normal", "he_uniform", "he_normal")
    got = yield [t.call(f, 6, 4, s) for f in names for s in (seed, seed, seed + 1)]
    for i, name in enumerate(names):
        a, b, c = (np.asarray(g) for g in got[3 * i:3 * i + 3])
        t.expect(a.shape == b.shape == c.shape == _shape(t, 6, 4),
                 f"{name}(6, 4, seed): shape {a.shape}, expected {_shape(t, 6, 4)}",
                 bug="wrong shape")
        t.expect(np.array_equal(a, b) and not np.array_equal(a, c),
                 f"{name}: draw from np.random.default_rng(seed), so one seed gives one matrix "
                 "and different seeds differ", bug="ignores the seed")


def _log_final(t, got, label):
    values = t.items(got, DEPTH, f"depth_profile ({label})")
    last = float(values[-1])
    return math.log(last) if last > 0 and math.isfinite(last) else (
        -math.inf if last == 0 else math.inf)


@check(points=3)
def relu_net_50_layers(t):
    """A 50-layer ReLU net of width 128 with he_normal weights, a batch of 32 N(0, 1) inputs:
    the pre-activation variance of layer 50 stays within a factor e^8 of 1.

    Over 60 seeds the reference's log-variance at layer 50 had mean -0.24 and sd 1.30
    (finite-width noise); the band [-8, 8] is 6 sd away (Gaussian tail: about 1e-9). Missing
    the factor 2 lands near -35 (2^-50), Xavier for ReLU likewise.
    """
    got = yield t.probe("depth_profile", "he_normal", "relu", WIDTH, DEPTH, BATCH,
                        int(t.rng.integers(2**30)))
    log_q = _log_final(t, got, "he_normal, relu")
    t.note(log_variance_layer_50=log_q)
    if not -8 <= log_q <= 8:
        t.fail(f"with your he_normal the variance at layer 50 is e^{log_q:.1f} (started at 1): "
               f"it {'vanished' if log_q < 0 else 'exploded'}. He's 2 / fan_in exactly offsets "
               "ReLU zeroing half of each layer's inputs",
               bug="activations vanish or explode through 50 ReLU layers")


@check(points=2)
def tanh_net_50_layers(t):
    """A 50-layer tanh net of width 128 with xavier_normal weights: the variance of layer 50 is
    between e^-9 and e^3 (it decays only polynomially near tanh's linear regime).

    Over 60 seeds the reference's log-variance at layer 50 had mean -4.66 and sd 0.24: the band
    is 18 sd away below and 32 above (false-failure rate far below 1e-9).
    """
    got = yield t.probe("depth_profile", "xavier_normal", "tanh", WIDTH, DEPTH, BATCH,
                        int(t.rng.integers(2**30)))
    log_q = _log_final(t, got, "xavier_normal, tanh")
    t.note(log_variance_layer_50=log_q)
    if not -9 <= log_q <= 3:
        t.fail(f"with your xavier_normal the variance at layer 50 is e^{log_q:.1f} (started at "
               "1): it should shrink only slowly through tanh layers",
               bug="activations vanish or saturate through 50 tanh layers")
