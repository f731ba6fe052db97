"""Attack: unbounded recursion with the recursion limit lifted, to overflow the C stack.
Verdict: a segmentation fault, a RecursionError, or (Python 3.11 keeps frames on the heap)
the memory limit, or on a slow or busy machine the CPU limit before the frames fill memory;
score 0.
Host invariant: the crash stays in the box.
"""
# ruff: noqa  (hostile on purpose)
# expect: SIGSEGV|segmentation|RecursionError|recursion|memory limit|CPU-time limit
import sys

sys.setrecursionlimit(10**8)


def softmax(x, axis=-1):
    return softmax(x, axis) + 1


def scaled_dot_product_attention(q, k, v, mask=None):
    return scaled_dot_product_attention(q, k, v, mask)
