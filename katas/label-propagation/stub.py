import numpy as np


def harmonic_solution(W, labeled_idx, labels, n_classes):
    """The harmonic function: labelled rows one-hot, unlabelled rows solve L_uu F_u = W_ul Y_l; (n, C)."""
    raise NotImplementedError


def propagate(W, labeled_idx, labels, n_classes, n_iters):
    """n_iters rounds of F <- D^-1 W F with the labelled rows clamped; (n, C)."""
    raise NotImplementedError


def knn_baseline(X_labeled, y_labeled, X_query, k, n_classes):
    """Majority vote of the k nearest labelled points for every query point; (m,) ints."""
    raise NotImplementedError
