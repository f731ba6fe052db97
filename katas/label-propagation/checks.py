"""Checks for label-propagation. Trusted: never enters the sandbox.

All answers are deterministic: the propagated scores F against the reference (rtol 1e-8),
the predictions as integers. Graphs are Gaussian-kernel graphs on points drawn from t.rng,
made irregular (very different degrees) so that normalising by rows or by columns, or
using the wrong degrees, changes the answer.
"""

import numpy as np

from graders.kit import check

RTOL = 1e-8


def _kernel_graph(X, bandwidth, keep=None, rng=None):
    sq = np.sum((X[:, None] - X[None]) ** 2, -1)
    W = np.exp(-sq / (2 * bandwidth**2))
    np.fill_diagonal(W, 0.0)
    if keep is not None:  # sparsify to a symmetrised k-NN graph with random extra weights
        order = np.argsort(sq, axis=1)[:, 1:keep + 1]
        mask = np.zeros_like(W, dtype=bool)
        mask[np.arange(len(X))[:, None], order] = True
        mask = mask | mask.T
        W = W * mask * rng.uniform(0.2, 5.0, W.shape)
        W = np.triu(W, 1) + np.triu(W, 1).T
    return W


def _blobs(rng, n=36, C=3):
    centres = rng.normal(0, 3, (C, 2))
    y = np.arange(n) % C
    return centres[y] + rng.normal(0, 1, (n, 2)), y


def _labelled(rng, y, per_class):
    idx = np.concatenate([rng.choice(np.flatnonzero(y == c), per_class, replace=False)
                          for c in np.unique(y)])
    return np.sort(idx)


def _one_hot(labels, C):
    return np.eye(C)[labels]


def _propagate_bugs(W, lab, labels, C, n_iters):
    Y = _one_hot(labels, C)

    def run(P, clamp=True):
        F = np.zeros((len(W), C))
        F[lab] = Y
        for _ in range(n_iters):
            F = P @ F
            if clamp:
                F[lab] = Y
        return F

    D = W.sum(1)
    bugs = {
        "the labelled nodes are not clamped back after each step": run(W / D[:, None], False),
        "normalised by columns (W D^-1) instead of rows (D^-1 W)": run(W / D[None, :]),
    }
    if n_iters <= 20:  # longer runs overflow
        bugs["W not normalised by the degrees"] = run(W)
    return bugs


def _harmonic_bugs(W, lab, labels, C):
    n = len(W)
    unl = np.setdiff1d(np.arange(n), lab)
    Y = _one_hot(labels, C)
    W_uu = W[np.ix_(unl, unl)]
    F = np.zeros((n, C))
    F[lab] = Y
    F[unl] = np.linalg.solve(np.diag(W_uu.sum(1)) - W_uu + 1e-12 * np.eye(len(unl)),
                             W[np.ix_(unl, lab)] @ Y)
    return {"degrees taken over the unlabelled subgraph only; D must count every neighbour, "
            "labelled ones included": F}


# ---- visible

@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: a weighted path of 5 nodes with its ends labelled 0 and 1."""
    W = np.zeros((5, 5))
    for i, w in enumerate([1.0, 2.0, 1.0, 1.0]):
        W[i, i + 1] = W[i + 1, i] = w
    lab, labels = np.array([0, 4]), np.array([0, 1])
    got = yield [t.call("harmonic_solution", W, lab, labels, 2),
                 t.call("propagate", W, lab, labels, 2, 3),
                 t.call("knn_baseline", np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]]),
                        np.array([1, 0, 0]), np.array([[0.4, 0.0], [2.1, 0.0]]), 2, 2)]
    t.close(got[0], t.ref.harmonic_solution(W, lab, labels, 2), what="harmonic_solution",
            rtol=RTOL, bugs=_harmonic_bugs(W, lab, labels, 2))
    t.close(got[1], t.ref.propagate(W, lab, labels, 2, 3), what="propagate, 3 steps", rtol=RTOL,
            bugs=_propagate_bugs(W, lab, labels, 2, 3))
    t.close(got[2], np.array([0, 0]), what="knn_baseline with k = 2 (a 1-1 tie goes to class 0)")


@check(points=1, visible=True)
def transductive_beats_inductive(t):
    """Two interleaved half-moons, 3 labels per moon: label propagation follows the moons;
    the 1-NN baseline on the 6 labelled points cannot. Both predictions must equal the
    reference's on every unlabelled node."""
    rng = np.random.default_rng(4)
    X, y = _moons(rng, 60)
    lab = _labelled(rng, y, 3)
    unl = np.setdiff1d(np.arange(len(X)), lab)
    W = _kernel_graph(X, 0.25)
    got = yield [t.call("harmonic_solution", W, lab, y[lab], 2),
                 t.call("knn_baseline", X[lab], y[lab], X[unl], 1, 2)]
    F = t.ref.harmonic_solution(W, lab, y[lab], 2)
    t.close(got[0], F, what="harmonic_solution on the moons", rtol=1e-6, atol=1e-9)
    t.close(got[1], t.ref.knn_baseline(X[lab], y[lab], X[unl], 1, 2),
            what="1-NN predictions on the unlabelled points")
    t.note(transductive_accuracy=round(float(np.mean(F[unl].argmax(1) == y[unl])), 3),
           inductive_accuracy=round(float(np.mean(np.asarray(got[1]) == y[unl])), 3))


def _moons(rng, n):
    a = rng.uniform(0, np.pi, n // 2)
    upper = np.stack([np.cos(a), np.sin(a)], 1)
    lower = np.stack([1 - np.cos(a), 0.5 - np.sin(a)], 1)
    X = np.concatenate([upper, lower]) + rng.normal(0, 0.06, (n, 2))
    return X, np.repeat([0, 1], n // 2)


# ---- hidden

@check(points=2)
def harmonic_exact(t):
    """The harmonic solution on an irregular sparse graph (36 nodes, 3 classes, 2 labels per
    class, degrees differing by 10x and more)."""
    X, y = _blobs(t.rng)
    W = _kernel_graph(X, 2.0, keep=4, rng=t.rng)
    lab = _labelled(t.rng, y, 2)
    got = yield t.call("harmonic_solution", W, lab, y[lab], 3)
    t.close(got, t.ref.harmonic_solution(W, lab, y[lab], 3), what="F", rtol=RTOL, atol=1e-12,
            bugs=_harmonic_bugs(W, lab, y[lab], 3))


@check(points=2)
def propagate_exact(t):
    """12 rounds of propagation on an irregular sparse graph (36 nodes, 3 classes)."""
    X, y = _blobs(t.rng)
    W = _kernel_graph(X, 2.0, keep=4, rng=t.rng)
    lab = _labelled(t.rng, y, 2)
    got = yield t.call("propagate", W, lab, y[lab], 3, 12)
    t.close(got, t.ref.propagate(W, lab, y[lab], 3, 12), what="F after 12 rounds", rtol=RTOL,
            atol=1e-12, bugs=_propagate_bugs(W, lab, y[lab], 3, 12))


@check(points=2)
def propagation_reaches_the_harmonic_solution(t):
    """On a dense 20-node kernel graph, 500 rounds of the candidate's propagate equal the
    candidate's harmonic solution to 1e-6 (the iteration converges to it: on 100 such graphs
    the reference was within 1e-15 after 400 rounds)."""
    X, y = _blobs(t.rng, n=20, C=2)
    W = _kernel_graph(X, 3.0)
    lab = _labelled(t.rng, y, 2)
    got = yield [t.call("propagate", W, lab, y[lab], 2, 500),
                 t.call("harmonic_solution", W, lab, y[lab], 2)]
    want = t.ref.harmonic_solution(W, lab, y[lab], 2)
    t.close(got[1], want, what="harmonic solution", rtol=RTOL, atol=1e-12,
            bugs=_harmonic_bugs(W, lab, y[lab], 2))
    t.close(got[0], want, what="propagate after 500 rounds (should equal the harmonic solution)",
            rtol=0, atol=1e-6, bugs=_propagate_bugs(W, lab, y[lab], 2, 500))


@check(points=2)
def predictions_on_unlabelled_nodes(t):
    """Half-moons with 80 points and 2 labels per moon: the argmax of the candidate's harmonic
    scores on the unlabelled nodes equals the reference's."""
    X, y = _moons(t.rng, 80)
    lab = _labelled(t.rng, y, 2)
    unl = np.setdiff1d(np.arange(80), lab)
    W = _kernel_graph(X, 0.2)
    got = yield t.call("harmonic_solution", W, lab, y[lab], 2)
    F = t.ref.harmonic_solution(W, lab, y[lab], 2)
    t.close(got, F, what="F on the moons", rtol=1e-6, atol=1e-9,
            bugs=_harmonic_bugs(W, lab, y[lab], 2))
    mine = np.asarray(got)[unl].argmax(1)
    t.close(mine, F[unl].argmax(1), what="predicted classes of the unlabelled nodes")


@check(points=2)
def knn_baseline_exact(t):
    """k-NN on 40 labelled points in 3 classes, k = 1, 4 and 5, plus a crafted 1-1 tie:
    the nearest labelled point is class 1, the second nearest class 0, k = 2 -> class 0."""
    Xl, yl = _blobs(t.rng, n=40, C=3)
    Xq = t.rng.normal(0, 4, (25, 2))
    tie_X, tie_y, tie_q = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]]), np.array([1, 0, 2]), \
        np.array([[0.3, 0.0]])
    got = yield [t.call("knn_baseline", Xl, yl, Xq, k, 3) for k in (1, 4, 5)] + \
        [t.call("knn_baseline", tie_X, tie_y, tie_q, 2, 3)]
    for g, k in zip(got[:3], (1, 4, 5), strict=True):
        t.close(g, t.ref.knn_baseline(Xl, yl, Xq, k, 3), what=f"{k}-NN predictions")
    t.close(got[3], np.array([0]), what="a 1-1 vote tie (classes 1 and 0)",
            bugs={"a vote tie went to the class seen first (the nearest), not to the smallest "
                  "class": np.array([1])})
