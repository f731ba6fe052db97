"""Public probe for rope-embeddings: attention scores between your rotated queries and keys.

Nothing here knows the right answers: the checks compare what comes back on their own side.
"""

import numpy as np


def scores(solution, q, k, q_positions, k_positions):
    """(T_q, T_k) dot products apply_rope(q, q_positions) . apply_rope(k, k_positions)."""
    rq = solution.apply_rope(q, q_positions)
    rk = solution.apply_rope(k, k_positions)
    return np.asarray(rq) @ np.asarray(rk).T
