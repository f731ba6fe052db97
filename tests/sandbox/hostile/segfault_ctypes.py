"""Attack: crash the interpreter with a near-NULL read through ctypes.
Verdict: "killed by SIGSEGV (a segmentation fault)", score 0.
Host invariant: only the box's process dies.
"""
# ruff: noqa  (hostile on purpose)
# expect: SIGSEGV|segmentation
import ctypes


def softmax(x, axis=-1):
    return ctypes.c_long.from_address(8).value


def scaled_dot_product_attention(q, k, v, mask=None):
    return ctypes.c_long.from_address(8).value
