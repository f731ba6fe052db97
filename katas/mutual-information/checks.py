"""Checks for mutual-information. Trusted: never enters the sandbox."""

import numpy as np

from graders.compare import as_array
from graders.kit import CallError, check

LN2 = np.log(2.0)


def _joint(rng, shape, zeros=0.0):
    """A random joint table; a fraction `zeros` of its entries exactly 0."""
    w = rng.gamma(0.7, size=shape)
    w[rng.random(shape) < zeros] = 0.0
    w.flat[0] = max(w.flat[0], 0.1)  # never all zero
    return w / w.sum()


def _not_nan(t, got, what):
    """A NaN almost always means 0 * log 0; say so before the generic comparison."""
    value = float(as_array(got, 0.0, what))
    t.expect(not np.isnan(value), f"{what} is NaN: 0 * log(0) evaluates to 0 * (-inf) = NaN in "
             "floating point; use the convention 0 log 0 = 0 (skip or mask zero entries)",
             bug="0 log 0 gave NaN")


def _units_bug(t, want):
    """The value in the other unit than the kata's variant asks for."""
    if t.variant.get("UNIT", "nats") == "nats":
        return {"log base 2 (bits) instead of the natural log (nats)": want / LN2}
    return {"the natural log (nats) instead of log base 2 (bits)": want * LN2}


def _check_entropy(t, got, p, what="entropy(p)"):
    _not_nan(t, got, what)
    want = t.ref.entropy(p)
    t.close(got, want, what=what, atol=1e-6,
            bugs=_units_bug(t, want))


def _check_conditional(t, got, joint, what="conditional_entropy(joint)"):
    _not_nan(t, got, what)
    want = t.ref.conditional_entropy(joint)
    h_xy, h_x, h_y = (t.ref.entropy(a) for a in (joint, joint.sum(1), joint.sum(0)))
    t.close(got, want, what=what, atol=1e-6, bugs={
        "H(X|Y) instead of H(Y|X): the marginal was taken over the wrong axis": h_xy - h_y,
        **_units_bug(t, want),
        "H(X) - H(X,Y): the sign of the identity is reversed": -want,
        "H(X,Y) + H(X): the marginal entropy added instead of subtracted": h_xy + h_x,
    })


def _check_mi(t, got, joint, what="mutual_information(joint)"):
    _not_nan(t, got, what)
    want = t.ref.mutual_information(joint)
    h_xy, h_x, h_y = (t.ref.entropy(a) for a in (joint, joint.sum(1), joint.sum(0)))
    t.close(got, want, what=what, atol=1e-6, bugs={
        **_units_bug(t, want),
        "H(X) + H(Y) + H(X,Y): the joint entropy must be subtracted": h_x + h_y + h_xy,
        "H(X,Y) - H(X) - H(Y): the signs are reversed": -want,
        "both marginals taken over the same axis (H(X) used twice)": 2 * h_x - h_xy,
        "both marginals taken over the same axis (H(Y) used twice)": 2 * h_y - h_xy,
    })


@check(points=1, visible=True)
def entropy_examples(t):
    """entropy of a fair coin (log 2), a certain outcome (0) and a fair die (log 6)."""
    ps = [np.array([0.5, 0.5]), np.array([1.0, 0.0, 0.0]), np.full(6, 1 / 6)]
    got = yield [t.call("entropy", p) for p in ps]
    for g, p in zip(got, ps, strict=True):
        _check_entropy(t, g, p, what=f"entropy({np.round(p, 4).tolist()})")


@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: Y a copy of X, and two independent fair coins."""
    copy, indep = np.array([[0.5, 0.0], [0.0, 0.5]]), np.full((2, 2), 0.25)
    got = yield [t.call("mutual_information", copy), t.call("conditional_entropy", copy),
                 t.call("mutual_information", indep)]
    _check_mi(t, got[0], copy, "mutual_information(copy)")
    _check_conditional(t, got[1], copy, "conditional_entropy(copy)")
    _check_mi(t, got[2], indep, "mutual_information(independent)")


@check(points=2)
def entropy_random(t):
    """entropy of random pmfs of sizes 7 and 40, and of a (5, 6) joint table."""
    ps = [_joint(t.rng, (7,)), _joint(t.rng, (40,)), _joint(t.rng, (5, 6))]
    got = yield [t.call("entropy", p) for p in ps]
    for g, p, what in zip(got, ps, ["size 7", "size 40", "a (5, 6) table"], strict=True):
        _check_entropy(t, g, p, what=f"entropy of a pmf of {what}")


@check(points=2)
def entropy_with_zeros(t):
    """A pmf of size 12 with several exact zeros: 0 log 0 = 0."""
    p = _joint(t.rng, (12,), zeros=0.4)
    got = yield t.call("entropy", p)
    _check_entropy(t, got, p, what="entropy of a pmf with zero entries")


@check(points=3)
def mutual_information_random(t):
    """I(X; Y) of random (4, 6) and (6, 3) joint tables, no zeros."""
    joints = [_joint(t.rng, (4, 6)), _joint(t.rng, (6, 3))]
    got = yield [t.call("mutual_information", j) for j in joints]
    for g, j in zip(got, joints, strict=True):
        _check_mi(t, g, j, what=f"mutual_information of a {j.shape} table")


@check(points=2)
def mutual_information_sparse(t):
    """I(X; Y) of a (5, 7) table with many exact zeros."""
    joint = _joint(t.rng, (5, 7), zeros=0.5)
    got = yield t.call("mutual_information", joint)
    _check_mi(t, got, joint, what="mutual_information of a table with zero entries")


@check(points=2)
def independent_and_deterministic(t):
    """Independent X, Y give I = 0; Y a function of X gives I = H(Y) and H(Y|X) = 0."""
    indep = np.outer(_joint(t.rng, (5,)), _joint(t.rng, (4,)))
    px = _joint(t.rng, (6,))
    f = t.rng.integers(0, 3, 6)  # Y = f(X)
    det = np.zeros((6, 3))
    det[np.arange(6), f] = px
    got = yield [t.call("mutual_information", indep), t.call("mutual_information", det),
                 t.call("conditional_entropy", det)]
    _check_mi(t, got[0], indep, "mutual_information of independent X, Y")
    _check_mi(t, got[1], det, "mutual_information when Y = f(X)")
    _check_conditional(t, got[2], det, "conditional_entropy when Y = f(X)")


@check(points=3)
def conditional_entropy_random(t):
    """H(Y|X) of non-square (3, 7) and (7, 2) tables, one with zeros: rows are X."""
    joints = [_joint(t.rng, (3, 7)), _joint(t.rng, (7, 2), zeros=0.3)]
    got = yield [t.call("conditional_entropy", j) for j in joints]
    for g, j in zip(got, joints, strict=True):
        _check_conditional(t, g, j, what=f"conditional_entropy of a {j.shape} table")


@check(points=2)
def invalid_tables_raise(t):
    """Tables that sum to 1.2 or 0.5, have a negative entry, or are 1-D raise ValueError;
    a table normalised in floating point (sum 1 up to rounding) does not."""
    good = _joint(t.rng, (4, 5))
    too_much = good * 1.2
    too_little = good * 0.5
    negative = good.copy()
    negative[0, 0] = -0.05
    negative[1, 1] += 1 - negative.sum()  # still sums to 1
    flat = _joint(t.rng, (6,))
    bad = {"a table summing to 1.2": too_much, "a table summing to 0.5": too_little,
           "a table with a negative entry (summing to 1)": negative, "a 1-D array": flat}
    fns = ["mutual_information", "conditional_entropy"]
    calls = [t.call_may_raise(fn, j) for fn in fns for j in bad.values()]
    calls += [t.call_may_raise(fn, good) for fn in fns]
    got = yield calls
    cases = [(fn, name) for fn in fns for name in bad]
    for (fn, name), g in zip(cases, got[:len(cases)], strict=True):
        if isinstance(g, CallError):
            t.expect(g.type == "ValueError", f"{fn} on {name}: raised {g.type}, expected "
                     "ValueError", bug="wrong exception type", raised=str(g))
        else:
            t.fail(f"{fn} on {name} returned a value instead of raising ValueError",
                   bug="invalid joint table accepted")
    for fn, g in zip(fns, got[len(cases):], strict=True):
        if isinstance(g, CallError):
            t.fail(f"{fn} raised {g} on a valid table whose entries sum to "
                   f"1{good.sum() - 1:+.1e} (rounding): compare the sum with a tolerance",
                   bug="valid table rejected")
