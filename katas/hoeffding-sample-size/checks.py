"""Checks for hoeffding-sample-size. Trusted: never enters the sandbox."""

import math

import numpy as np

from graders.kit import check


def _bound_bugs(n, eps, a, b):
    r2 = (b - a) ** 2
    return {"one-sided bound (the factor 2 for both tails is missing)":
            math.exp(-2 * n * eps**2 / r2),
            "the range (b - a)^2 is missing": 2 * math.exp(-2 * n * eps**2),
            "eps instead of eps^2 in the exponent": 2 * math.exp(-2 * n * eps / r2),
            "the factor 2 in the exponent is missing": 2 * math.exp(-n * eps**2 / r2)}


def _size_bugs(eps, delta, a, b):
    r2 = (b - a) ** 2
    raw = r2 * math.log(2 / delta) / (2 * eps**2)
    return {"rounded down instead of up (the bound is then above delta)": math.floor(raw),
            "one-sided: ln(1/delta) instead of ln(2/delta)":
                math.ceil(r2 * math.log(1 / delta) / (2 * eps**2)),
            "the range (b - a)^2 is missing": math.ceil(math.log(2 / delta) / (2 * eps**2)),
            "eps instead of eps^2": math.ceil(r2 * math.log(2 / delta) / (2 * eps))}


def _pac_bugs(h, eps, delta):
    raw = (math.log(h) + math.log(1 / delta)) / eps
    return {"rounded down instead of up": math.floor(raw),
            "the agnostic Hoeffding rate 1/(2 eps^2) instead of the realisable 1/eps":
                math.ceil((math.log(h) + math.log(2 / delta)) / (2 * eps**2)),
            "ln(1/delta) is missing": math.ceil(math.log(h) / eps),
            "|H| used instead of ln|H|": math.ceil((h + math.log(1 / delta)) / eps)}


def _args(c):
    return "(" + ", ".join(f"{v:.4g}" for v in c) + ")"


def _integer(t, got, want, what, bugs):
    """An exact integer answer (an int, or a float/0-d array holding one), naming known bugs."""
    value = t.number(got, what)
    if value == want:
        return
    named = next((name for name, wrong in bugs.items() if value == wrong), None)
    t.fail(f"{what}: got {value:g}" + (f", expected {want}" if t.visible else "")
           + (f" — looks like: {named}" if named else
              f" ({'too small' if value < want else 'too large'})"),
           bug=named or ("too small" if value < want else "too large"))


def _not_near_integer(rng, draw):
    """Redraw until the unrounded answer is not within 1e-6 of an integer (rounding is moot)."""
    while True:
        args, raw = draw(rng)
        if abs(raw - round(raw)) > 1e-6:
            return args


@check(points=1, visible=True)
def worked_example(t):
    """The statement's examples."""
    bound, n, m = yield [t.call("hoeffding_bound", 100, 0.1), t.call("sample_size", 0.1, 0.05),
                         t.call("pac_sample_size_finite_class", 1000, 0.1, 0.05)]
    t.close(bound, t.ref.hoeffding_bound(100, 0.1), what="hoeffding_bound(100, 0.1)",
            bugs=_bound_bugs(100, 0.1, 0.0, 1.0))
    _integer(t, n, t.ref.sample_size(0.1, 0.05), "sample_size(0.1, 0.05)",
             _size_bugs(0.1, 0.05, 0.0, 1.0))
    _integer(t, m, t.ref.pac_sample_size_finite_class(1000, 0.1, 0.05),
             "pac_sample_size_finite_class(1000, 0.1, 0.05)", _pac_bugs(1000, 0.1, 0.05))


@check(points=1, visible=True)
def wider_range(t):
    """Samples in [-1, 3]: the range enters squared."""
    bound, n = yield [t.call("hoeffding_bound", 50, 0.5, -1.0, 3.0),
                      t.call("sample_size", 0.25, 0.01, -1.0, 3.0)]
    t.close(bound, t.ref.hoeffding_bound(50, 0.5, -1.0, 3.0),
            what="hoeffding_bound(50, 0.5, -1, 3)", bugs=_bound_bugs(50, 0.5, -1.0, 3.0))
    _integer(t, n, t.ref.sample_size(0.25, 0.01, -1.0, 3.0), "sample_size(0.25, 0.01, -1, 3)",
             _size_bugs(0.25, 0.01, -1.0, 3.0))


@check(points=2)
def bound_random(t):
    """hoeffding_bound for random n, eps and ranges, including values above 1 (not capped)."""
    cases = []
    for _ in range(6):
        a = float(t.rng.uniform(-5, 5))
        b = a + float(t.rng.uniform(0.5, 4))
        n, expo = int(t.rng.integers(1, 500)), float(t.rng.uniform(0.1, 4.0))
        cases.append((n, (b - a) * math.sqrt(expo / (2 * n)), a, b))  # bound in [0.04, 1.8]
    cases.append((1, 0.01, 0.0, 1.0))  # the bound is ~2 here
    got = yield [t.call("hoeffding_bound", *c) for c in cases]
    for c, g in zip(cases, got, strict=True):
        t.close(g, t.ref.hoeffding_bound(*c), what=f"hoeffding_bound{_args(c)}", rtol=1e-9,
                bugs={**_bound_bugs(*c), "capped at 1": min(1.0, t.ref.hoeffding_bound(*c))})


def _size_case(rng):
    a = float(rng.uniform(-3, 3))
    b = a + float(rng.uniform(0.5, 5))
    eps, delta = float(rng.uniform(0.02, 0.3)) * (b - a), float(rng.uniform(0.001, 0.2))
    return (eps, delta, a, b), (b - a) ** 2 * math.log(2 / delta) / (2 * eps**2)


@check(points=3)
def sample_size_random(t):
    """sample_size for random eps, delta and ranges, away from exact integers."""
    cases = [_not_near_integer(t.rng, _size_case) for _ in range(6)]
    got = yield [t.call("sample_size", *c) for c in cases]
    for c, g in zip(cases, got, strict=True):
        _integer(t, g, t.ref.sample_size(*c), f"sample_size{_args(c)}", _size_bugs(*c))


def _pac_case(rng):
    h, eps, delta = int(rng.integers(2, 10**6)), float(rng.uniform(0.01, 0.3)), \
        float(rng.uniform(0.001, 0.2))
    return (h, eps, delta), (math.log(h) + math.log(1 / delta)) / eps


@check(points=3)
def pac_random(t):
    """pac_sample_size_finite_class for random |H|, eps and delta."""
    cases = [_not_near_integer(t.rng, _pac_case) for _ in range(6)]
    got = yield [t.call("pac_sample_size_finite_class", *c) for c in cases]
    for c, g in zip(cases, got, strict=True):
        _integer(t, g, t.ref.pac_sample_size_finite_class(*c),
                 f"pac_sample_size_finite_class{_args(c)}", _pac_bugs(*c))


@check(points=2)
def enough_samples_empirically(t):
    """Draw 20,000 Bernoulli(p) samples of your sample_size(eps, delta) and count how often the
    mean misses p by eps or more: it must be at most delta.

    With the right n the true miss rate is below delta / 5 (Hoeffding is loose for Bernoulli),
    so the observed rate exceeds delta only if 20,000 trials drift > 15 standard errors:
    a false failure has probability far below 1e-10."""
    eps, delta = float(t.rng.uniform(0.04, 0.08)), float(t.rng.uniform(0.02, 0.1))
    p = float(t.rng.uniform(0.3, 0.7))
    got = yield t.call("sample_size", eps, delta)
    n = t.number(got, "sample_size(eps, delta)")
    t.expect(n == int(n) and n >= 1, f"sample_size returned {n}, expected a positive integer",
             bug="not a positive integer")
    n = int(n)
    trials = 20_000
    means = t.rng.binomial(n, p, size=trials) / n
    misses = float(np.mean(np.abs(means - p) >= eps - 1e-12))
    t.note(n=n, eps=eps, delta=delta, p=p, miss_rate=misses)
    t.expect(misses <= delta,
             f"with n = {n} samples the mean of Bernoulli({p:.3f}) missed by >= eps = {eps:.3g} "
             f"in {misses:.1%} of {trials} trials, more than delta = {delta:.3g}: n is too small",
             bug="sample size too small")
