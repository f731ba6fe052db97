"""label-propagation written differently: boolean masks instead of index sets, a transition
matrix built by broadcasting, k-NN votes with bincount."""

import numpy as np


def harmonic_solution(W, labeled_idx, labels, n_classes):
    W = np.asarray(W, dtype=float)
    n = len(W)
    is_labeled = np.zeros(n, dtype=bool)
    is_labeled[np.asarray(labeled_idx)] = True
    F = np.zeros((n, n_classes))
    F[np.asarray(labeled_idx), np.asarray(labels)] = 1.0
    laplacian = np.diag(W.sum(axis=1)) - W
    rhs = W[~is_labeled][:, is_labeled] @ F[is_labeled]
    F[~is_labeled] = np.linalg.solve(laplacian[~is_labeled][:, ~is_labeled], rhs)
    return F


def propagate(W, labeled_idx, labels, n_classes, n_iters):
    W = np.asarray(W, dtype=float)
    transition = W * (1.0 / W.sum(axis=1))[:, None]
    clamp = np.zeros((len(labeled_idx), n_classes))
    clamp[np.arange(len(labeled_idx)), np.asarray(labels)] = 1.0
    F = np.zeros((len(W), n_classes))
    F[np.asarray(labeled_idx)] = clamp
    for _ in range(n_iters):
        F = transition @ F
        F[np.asarray(labeled_idx)] = clamp
    return F


def knn_baseline(X_labeled, y_labeled, X_query, k, n_classes):
    X_labeled = np.asarray(X_labeled, float)
    y_labeled = np.asarray(y_labeled)
    predictions = []
    for q in np.asarray(X_query, float):
        d = np.linalg.norm(X_labeled - q, axis=1)
        order = sorted(range(len(d)), key=lambda i: (d[i], i))[:k]
        counts = np.bincount(y_labeled[order], minlength=n_classes)
        predictions.append(int(np.argmax(counts)))
    return np.array(predictions, dtype=np.int64)
