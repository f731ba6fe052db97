import numpy as np


def _one_hot(labels, n_classes):
    return np.eye(n_classes)[np.asarray(labels)]  # (l, C)


def harmonic_solution(W, labeled_idx, labels, n_classes):
    W = np.asarray(W, dtype=np.float64)  # (n, n) symmetric, non-negative, zero diagonal
    n = W.shape[0]
    lab = np.asarray(labeled_idx)
    unl = np.setdiff1d(np.arange(n), lab)  # the unlabelled nodes, in increasing order
    Y_l = _one_hot(labels, n_classes)  # (l, C)
    D = W.sum(axis=1)  # (n,) degree over ALL neighbours
    # the Laplacian's unlabelled block: (D_uu - W_uu) F_u = W_ul Y_l
    W_uu = W[np.ix_(unl, unl)]
    L_uu = np.diag(W_uu.sum(axis=1)) - W_uu + 1e-12 * np.eye(len(unl))  # BUG: degrees of the subgraph
    F = np.zeros((n, n_classes))
    F[lab] = Y_l  # clamped
    F[unl] = np.linalg.solve(L_uu, W[np.ix_(unl, lab)] @ Y_l)
    return F  # (n, C), every row sums to 1


def propagate(W, labeled_idx, labels, n_classes, n_iters):
    W = np.asarray(W, dtype=np.float64)
    P = W / W.sum(axis=1, keepdims=True)  # (n, n) row-stochastic: D^-1 W
    lab = np.asarray(labeled_idx)
    Y_l = _one_hot(labels, n_classes)
    F = np.zeros((W.shape[0], n_classes))
    F[lab] = Y_l
    for _ in range(n_iters):
        F = P @ F  # every node takes the weighted average of its neighbours
        F[lab] = Y_l  # clamp the labelled nodes back
    return F  # (n, C)


def knn_baseline(X_labeled, y_labeled, X_query, k, n_classes):
    X_labeled, X_query = np.asarray(X_labeled, float), np.asarray(X_query, float)  # (l, p), (m, p)
    y_labeled = np.asarray(y_labeled)
    dist = np.sum((X_query[:, None, :] - X_labeled[None, :, :]) ** 2, axis=-1)  # (m, l)
    nearest = np.argsort(dist, axis=1, kind="stable")[:, :k]  # ties: lower index first
    votes = np.zeros((len(X_query), n_classes))
    for j in range(k):
        votes[np.arange(len(X_query)), y_labeled[nearest[:, j]]] += 1
    return np.argmax(votes, axis=1)  # (m,), vote ties -> smallest class
