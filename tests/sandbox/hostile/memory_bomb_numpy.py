"""Attack: memory bomb with NumPy, several processes sharing the load (fork then allocate).
Verdict: "exceeded the N MiB memory limit", score 0.
Host invariant: the cgroup caps the sum over processes, not each one; nothing survives.
"""
# ruff: noqa  (hostile on purpose)
# settings: max_memory_mb=256 max_cpu_s=10 max_wall_s=20
# expect: memory limit
import os

import numpy as np

hog = []
os.fork()


def softmax(x, axis=-1):
    while True:
        hog.append(np.ones((4096, 4096)))  # 128 MiB, written so it is resident


def scaled_dot_product_attention(q, k, v, mask=None):
    return softmax(q)
