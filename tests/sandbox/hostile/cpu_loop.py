"""Attack: busy loop spread over several processes so that no single one reaches its rlimit.
Verdict: "exceeded the N s CPU-time limit" (the cgroup's total), score 0.
Host invariant: killed by the CPU budget of the whole tree before the wall deadline.
"""
# ruff: noqa  (hostile on purpose)
# settings: max_cpu_s=1 max_wall_s=20
# expect: CPU-time limit
import os

for _ in range(3):
    if os.fork() == 0:
        break


def softmax(x, axis=-1):
    while True:
        pass


def scaled_dot_product_attention(q, k, v, mask=None):
    return softmax(q)
