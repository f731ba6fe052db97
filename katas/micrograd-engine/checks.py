"""Checks for micrograd-engine. Trusted: never enters the sandbox.

Every check sends a program (harness.py) and reads back .data and .grad of every node. The
reference engine runs the same program here; central finite differences confirm it.
"""

import math

import numpy as np

from graders.kit import check

from . import harness

RTOL, ATOL = 1e-6, 1e-9


class Num:
    """A plain float with the same operators as Value, to evaluate a program without grads."""

    def __init__(self, x):
        self.data = float(x)

    def _v(self, o):
        return o.data if isinstance(o, Num) else float(o)

    def __add__(self, o): return Num(self.data + self._v(o))
    def __radd__(self, o): return Num(self._v(o) + self.data)
    def __sub__(self, o): return Num(self.data - self._v(o))
    def __rsub__(self, o): return Num(self._v(o) - self.data)
    def __mul__(self, o): return Num(self.data * self._v(o))
    def __rmul__(self, o): return Num(self._v(o) * self.data)
    def __truediv__(self, o): return Num(self.data / self._v(o))
    def __rtruediv__(self, o): return Num(self._v(o) / self.data)
    def __pow__(self, k): return Num(self.data ** k)
    def __neg__(self): return Num(-self.data)
    def tanh(self): return Num(math.tanh(self.data))
    def relu(self): return Num(max(self.data, 0.0))
    def exp(self): return Num(math.exp(self.data))
    def log(self): return Num(math.log(self.data))


def _output(inputs, program):
    return harness.build(Num, inputs, program)[-1].data


def _finite_difference(inputs, program, h=1e-6):
    """d output / d input_i by central differences."""
    grads = []
    for i in range(len(inputs)):
        up, down = list(inputs), list(inputs)
        up[i] += h
        down[i] -= h
        grads.append((_output(up, program) - _output(down, program)) / (2 * h))
    return np.array(grads)


def _want(t, inputs, program):
    want = harness.run(t.ref, inputs, program)
    fd = _finite_difference(inputs, program)
    exact = np.array(want["grad"][:len(inputs)])
    assert np.allclose(fd, exact, rtol=1e-4, atol=1e-6), "reference disagrees with finite diff."
    return want


def _numbers(t, values, n, what):
    t.expect(isinstance(values, list) and len(values) == n, f"{what}: expected {n} numbers")
    bad = [i for i, v in enumerate(values) if v is None]
    t.expect(not bad, f"{what} of node {bad[0] if bad else 0} is not a number",
             bug="not a number")
    return np.array(values, dtype=np.float64)


def _describe(program, n_inputs, k):
    if k < n_inputs:
        return f"input {k}"
    op = program[k - n_inputs]
    return f"node {k} = {op[0]}{tuple(op[1:])}"


def _compare(t, got, inputs, program, what, bugs=None):
    """Data and grads of every node against the reference; names the first wrong node."""
    want = _want(t, inputs, program)
    got = t.mapping(got, ["data", "grad"], what)
    n = len(inputs) + len(program)
    data, grad = _numbers(t, got["data"], n, f"{what}: .data"), _numbers(t, got["grad"], n,
                                                                            f"{what}: .grad")
    wd, wg = np.array(want["data"]), np.array(want["grad"])
    bad = np.flatnonzero(~np.isclose(data, wd, rtol=RTOL, atol=ATOL))
    if bad.size:
        t.fail(f"{what}: .data of {_describe(program, len(inputs), bad[0])} is {data[bad[0]]:.6g}, "
               f"expected {wd[bad[0]]:.6g}: the forward pass is wrong", bug="wrong forward value")
    bad = np.flatnonzero(~np.isclose(grad, wg, rtol=RTOL, atol=ATOL))
    if bad.size:
        k = bad[-1]  # the node nearest the output whose gradient is wrong: the first one backward
        t.close(grad[k], wg[k], what=f"{what}: .grad of {_describe(program, len(inputs), k)}",
                rtol=RTOL, atol=ATOL, bugs=(bugs or {}).get(k))
    return grad


# -- visible


@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: c = a * b + a ** 2 at a = 2, b = -3 gives grads (1, 2)."""
    program = [["mul", 0, 1], ["pow", 0, 2], ["add", 2, 3]]
    got = yield t.probe("run", [2.0, -3.0], program)
    _compare(t, got, [2.0, -3.0], program, "a * b + a ** 2")


@check(points=1, visible=True)
def each_operation_once(t):
    """Each operation alone on fixed inputs: tanh, relu, exp, log, pow, +, -, *, / and constants."""
    cases = [([0.5], [["tanh", 0]]), ([1.5], [["relu", 0]]), ([0.3], [["exp", 0]]),
             ([2.0], [["log", 0]]), ([1.5], [["pow", 0, 3]]), ([1.5, -2.0], [["add", 0, 1]]),
             ([1.5, -2.0], [["sub", 0, 1]]), ([1.5, -2.0], [["mul", 0, 1]]),
             ([1.5, -2.0], [["div", 0, 1]]), ([1.5], [["rsub", 2.0, 0]]),
             ([1.5], [["rdiv", 2.0, 0]])]
    got = yield [t.probe("run", x, p) for x, p in cases]
    for (x, p), g in zip(cases, got, strict=True):
        _compare(t, g, x, p, f"{p[0][0]} at {x}")


# -- hidden


@check(points=2)
def unary_derivatives(t):
    """tanh, relu (both sides), exp, log and powers 2, 3, -1, 0.5 at fixed and random points."""
    xs = [0.8, 1.7, float(t.rng.uniform(0.2, 2.0))]
    cases = []
    for x in xs:
        th = math.tanh(x)
        cases += [
            (x, ["tanh", 0], {"tanh' taken as 1 - tanh(x) instead of 1 - tanh(x)^2": 1 - th}),
            (x, ["exp", 0], {"exp' taken as x instead of exp(x)": x}),
            (x, ["log", 0], {"log' taken as log(x) or x instead of 1/x": math.log(x)}),
            (x, ["relu", 0], {}),
            (-x, ["relu", 0], {"relu passes the gradient through negative inputs": 1.0}),
        ]
        for k in (2, 3, -1, 0.5):
            cases.append((x, ["pow", 0, k], {
                f"(x**k)' taken as k x**k instead of k x**(k-1) (k = {k})": k * x ** k,
                f"(x**k)' taken as x**(k-1) without the factor k (k = {k})": x ** (k - 1)}))
    got = yield [t.probe("run", [x], [op]) for x, op, _ in cases]
    for (x, op, bugs), g in zip(cases, got, strict=True):
        _compare(t, g, [x], [op], f"{op[0]}{tuple(op[2:]) or ''} at x = {x:.4g}", bugs={0: bugs})


@check(points=2)
def binary_and_reflected_operations(t):
    """a + b, a - b, a * b, a / b, and each form with a plain number on either side."""
    a, b = float(t.rng.uniform(0.5, 2)), float(-t.rng.uniform(0.5, 2))
    c = float(t.rng.uniform(2, 3))
    cases = [
        ([a, b], ["add", 0, 1], {}), ([a, b], ["sub", 0, 1], {1: {"d(a - b)/db is +1": 1.0}}),
        ([a, b], ["mul", 0, 1], {0: {"d(a*b)/da taken as a instead of b": a}}),
        ([a, b], ["div", 0, 1],
         {1: {"d(a/b)/db taken as 1/b^2, missing the minus sign": a / b**2}}),
        ([a], ["addc", 0, c], {}), ([a], ["radd", c, 0], {}), ([a], ["mulc", 0, c], {}),
        ([a], ["rmul", c, 0], {}), ([a], ["neg", 0], {}),
        ([a], ["rsub", c, 0], {0: {"c - a computed as a - c (__rsub__)": 1.0}}),
        ([a], ["rdiv", c, 0], {0: {"c / a computed as a / c (__rtruediv__)": 1 / c}}),
    ]
    got = yield [t.probe("run", x, [op]) for x, op, _ in cases]
    for (x, op, bugs), g in zip(cases, got, strict=True):
        _compare(t, g, x, [op], f"{op[0]}{tuple(op[1:])} at {[round(v, 4) for v in x]}",
                 bugs=bugs)


ASSIGNED = "gradient assigned (=) instead of accumulated (+=)"


@check(points=3)
def reused_nodes_accumulate(t):
    """A node used twice, by the same op (x * x, x + x) or by two ops: gradients add up."""
    x, y = 3.0, float(t.rng.uniform(0.5, 2.0))
    cases = [
        ([x], [["mul", 0, 0]], {0: {ASSIGNED: x}}),                     # d(x*x)/dx = 2x, not x
        ([x], [["add", 0, 0]], {0: {ASSIGNED: 1.0}}),                   # d(x+x)/dx = 2, not 1
        ([x, y], [["mul", 0, 1], ["add", 2, 0]],                          # x*y + x
         {0: {ASSIGNED: y, f"{ASSIGNED}: one use's share overwrote the other's": 1.0}}),
    ]
    got = yield [t.probe("run", xs, p) for xs, p, _ in cases]
    for (xs, p, bugs), g in zip(cases, got, strict=True):
        _compare(t, g, xs, p, f"program {p} at {xs}", bugs=bugs)


# a = 2x; b = tanh(a); c = a * b; d = c + a; e = d * b: a and b each feed nodes at several depths
DIAMOND = [["mulc", 0, 2.0], ["tanh", 1], ["mul", 1, 2], ["add", 3, 1], ["mul", 4, 2]]


def _chain(depth):
    """x -> tanh -> ... with each step also added back to x: x is used by every level."""
    program, last = [], 0
    for _ in range(depth):
        program += [["tanh", last], ["add", len(program) + 1, 0]]
        last = len(program)
    return program


@check(points=3)
def reverse_topological_order(t):
    """Diamonds and a deep ladder where nodes feed later nodes at several depths: a node may
    pass its gradient on only after every node that uses it has added its share."""
    x = float(t.rng.uniform(0.2, 0.9))
    singles = [([x, 0.7], [op]) for op in (["mul", 0, 1], ["add", 0, 1], ["mulc", 0, 2.0],
                                           ["tanh", 0], ["mul", 0, 0])]
    cases = [([x], DIAMOND), ([0.5], DIAMOND), ([x], _chain(40))]
    got = yield [t.probe("run", xs, p) for xs, p in singles + cases]
    for (xs, p), g in zip(singles, got[:len(singles)], strict=True):
        _compare(t, g, xs, p, f"{p[0][0]} alone")  # each rule on its own is right...
    for (xs, p), g in zip(cases, got[len(singles):], strict=True):
        want = _want(t, xs, p)
        grads = t.mapping(g, ["data", "grad"], "the graph")["grad"]
        grads = _numbers(t, grads, len(xs) + len(p), ".grad")
        if not np.allclose(grads, want["grad"], rtol=RTOL, atol=ATOL):  # ...so it is the order
            k = int(np.flatnonzero(~np.isclose(grads, want["grad"], rtol=RTOL, atol=ATOL))[-1])
            t.fail(f"a graph of {len(p)} operations whose nodes feed later nodes at several "
                   "depths: "
                   f".grad of {_describe(p, len(xs), k)} is {grads[k]:.6g}, expected "
                   f"{want['grad'][k]:.6g}. Every operation is right on its own, so the order is "
                   "not: backward must run the nodes' rules in reverse topological order, each "
                   "node once, after all the nodes that use it",
                   bug="backward not in reverse topological order")


def _random_program(rng, n_inputs, n_ops):
    """A random graph with shared subexpressions, avoiding domain edges and relu's kink."""
    values = list(rng.uniform(-1.5, 1.5, n_inputs))
    program = []
    while len(program) < n_ops:
        recent = max(0, len(values) - 5)  # draw from the last few nodes: deep, shared graphs
        i, j = (int(k) for k in rng.integers(recent, len(values), 2))
        if rng.random() < 0.3:
            j = int(rng.integers(len(values)))
        vi, vj = values[i], values[j]
        c = round(float(rng.uniform(0.5, 2.0)), 3)
        options = [["add", i, j], ["sub", i, j], ["mul", i, j], ["tanh", i], ["neg", i],
                   ["addc", i, c], ["rmul", c, i], ["rsub", c, i], ["pow", i, 2], ["pow", i, 3]]
        if abs(vi) > 0.05:
            options.append(["relu", i])
        if abs(vi) < 2:
            options.append(["exp", i])
        if vi > 0.2:
            options += [["log", i], ["pow", i, 0.5], ["pow", i, -1], ["rdiv", c, i]]
        if abs(vj) > 0.3:
            options.append(["div", i, j])
        op = options[int(rng.integers(len(options)))]
        value = harness.build(Num, values, [op])[-1].data
        if not math.isfinite(value) or abs(value) > 20:
            continue
        program.append(op)
        values.append(value)
    return [float(v) for v in values[:n_inputs]], program


@check(points=4)
def random_expression_graphs(t):
    """Three random graphs of 4 inputs and 30 operations, with shared subexpressions."""
    cases = [_random_program(t.rng, 4, 30) for _ in range(3)]
    got = yield [t.probe("run", xs, p) for xs, p in cases]
    for k, ((xs, p), g) in enumerate(zip(cases, got, strict=True)):
        _compare(t, g, xs, p, f"random graph {k}")
