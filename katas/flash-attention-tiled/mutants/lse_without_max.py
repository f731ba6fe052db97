"""Mutant."""

import numpy as np


def flash_attention(q, k, v, block_size, causal=False):
    Tq, d = q.shape
    Tk, dv = v.shape
    assert k.shape == (Tk, d) and block_size >= 1
    assert not causal or Tq == Tk, "causal attention pairs query i with key i"
    out, lse = np.zeros((Tq, dv)), np.zeros(Tq)
    for i0 in range(0, Tq, block_size):
        qi = q[i0:i0 + block_size] / np.sqrt(d)  # (bq, d)
        rows = np.arange(i0, i0 + len(qi))  # positions of these queries
        m = np.full(len(qi), -np.inf)  # running max of the scores seen so far, (bq,)
        l = np.zeros(len(qi))  # running sum of exp(score - m), (bq,)
        acc = np.zeros((len(qi), dv))  # running sum of exp(score - m) * v, (bq, dv)
        for j0 in range(0, Tk, block_size):
            if causal and j0 > rows[-1]:
                break  # this tile and all later ones are in every query's future
            s = qi @ k[j0:j0 + block_size].T  # (bq, bk)
            if causal:
                cols = np.arange(j0, j0 + s.shape[1])
                s = np.where(cols[None, :] <= rows[:, None], s, -np.inf)
            m_new = np.maximum(m, s.max(axis=1))
            alpha = np.exp(m - m_new)  # rescales what was summed under the old max (0 at first)
            p = np.exp(s - m_new[:, None])  # (bq, bk)
            l = alpha * l + p.sum(axis=1)
            acc = alpha[:, None] * acc + p @ v[j0:j0 + block_size]
            m = m_new
        out[i0:i0 + len(qi)] = acc / l[:, None]
        lse[i0:i0 + len(qi)] = np.log(l)  # BUG: forgets the max it subtracted
    return out, lse  # (Tq, dv), (Tq,)
