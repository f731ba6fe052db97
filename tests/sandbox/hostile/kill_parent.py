"""Attack: kill the parent, pid 1, every process it can signal, and the grader by guessed pids.
Verdict: it can only reach its own processes; the run ends and the wrong answers score 0.
Host invariant: the grader survives and returns a report in time.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import os
import signal

for pid in [os.getppid(), 1, *range(2, 4000)]:
    if pid != os.getpid():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
try:
    os.kill(-1, signal.SIGKILL)
except OSError:
    pass


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
