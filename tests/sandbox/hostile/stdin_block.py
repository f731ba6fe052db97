"""Attack: block on stdin, then on /dev/tty and a pseudo-terminal, hoping to hang the grader.
Verdict: stdin is /dev/null (EOF at once), so the calls fail quickly; score 0, no hang.
Host invariant: verdict well within the wall limit plus a margin.
"""
# ruff: noqa  (hostile on purpose)
# expect: EOFError|raised|wall time
import os
import sys


def softmax(x, axis=-1):
    data = sys.stdin.read()
    os.read(0, 1)
    return input("answer? ") + data


def scaled_dot_product_attention(q, k, v, mask=None):
    with open("/dev/tty", "rb") as tty:
        return tty.read(1)
