"""Attack: monkeypatch every clock in the process so that time seems to stand still, then
spin; the in-box timers would never fire.
Verdict: the deadline is kept by the trusted side: a CPU-time or wall-time kill, score 0.
"""
# ruff: noqa  (hostile on purpose)
# settings: max_cpu_s=1 max_wall_s=20
# expect: CPU-time|wall time
import time

time.time = time.monotonic = time.perf_counter = time.process_time = lambda: 0.0
time.sleep = lambda s: None


def softmax(x, axis=-1):
    while time.monotonic() < 1.0:
        time.sleep(1)


def scaled_dot_product_attention(q, k, v, mask=None):
    return softmax(q)
