"""Attack: open file descriptors until none are left, in the calls.
Verdict: "Too many open files" (the open-files rlimit) as the calls' error; score 0.
"""
# ruff: noqa  (hostile on purpose)
# expect: Too many open files
import os

held = []


def softmax(x, axis=-1):
    while True:
        held.append(os.open("/dev/null", os.O_RDONLY))


def scaled_dot_product_attention(q, k, v, mask=None):
    return softmax(q)
