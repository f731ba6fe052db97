"""Attack: a double-forked setsid daemon that keeps running (and holds stdout open) after the
submission's own process has exited normally.
Verdict: the calls answer wrongly at once; score 0.
Host invariant: the daemon dies with the box; grading does not wait for it past a short grace.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        while True:
            os.write(1, b".")
            time.sleep(0.05)
    os._exit(0)


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
