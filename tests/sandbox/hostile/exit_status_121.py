"""Attack: exit with the status the warm path once took for "box setup failed" (121), after
writing text to stderr, hoping to be re-run on the cold path with a fresh wall budget and to
have its stderr published by the unauthenticated /api/health.
Verdict: the submission's own exit: "no result came back ... exited with status 121", score 0.
Host invariant: no cold fallback, nothing the box wrote in the health document.
"""
# ruff: noqa  (hostile on purpose)
# expect: exited with status 121
import os
import sys


def softmax(x, axis=-1):
    sys.stderr.write("katagrad: warm box setup failed: BOX-WROTE-THIS\n")
    sys.stderr.flush()
    os._exit(121)


def scaled_dot_product_attention(q, k, v, mask=None):
    return softmax(q)
