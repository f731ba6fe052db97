"""Attack: sys.exit(0) from inside the graded calls, and raising BaseException subclasses.
Verdict: the calls are errors ("raised SystemExit"), score 0.
Host invariant: the runner survives and later calls are still made.
"""
# ruff: noqa  (hostile on purpose)
# expect: SystemExit|KeyboardInterrupt
import sys


def softmax(x, axis=-1):
    sys.exit(0)


def scaled_dot_product_attention(q, k, v, mask=None):
    raise KeyboardInterrupt
