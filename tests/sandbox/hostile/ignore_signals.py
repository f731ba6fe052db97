"""Attack: ignore or catch every catchable signal, then block in a blocking syscall.
Verdict: "killed after N s wall time", score 0 (SIGKILL cannot be ignored).
Host invariant: verdict within the wall limit plus a margin; nothing survives.
"""
# ruff: noqa  (hostile on purpose)
# expect: wall time
import select
import signal

for s in range(1, signal.NSIG):
    try:
        signal.signal(s, signal.SIG_IGN)
    except (OSError, ValueError, RuntimeError):
        pass


def softmax(x, axis=-1):
    while True:
        select.select([], [], [], 3600)


def scaled_dot_product_attention(q, k, v, mask=None):
    return softmax(q)
