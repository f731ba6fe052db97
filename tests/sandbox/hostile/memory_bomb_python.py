"""Attack: memory bomb in pure Python, touching every page.
Verdict: "exceeded the N MiB memory limit", score 0.
Host invariant: the memory cgroup OOM-kills the box only; the host keeps running.
"""
# ruff: noqa  (hostile on purpose)
# settings: max_memory_mb=256 max_cpu_s=10 max_wall_s=20
# expect: memory limit
hog = []


def softmax(x, axis=-1):
    while True:
        hog.append(bytearray(16 * 1024 * 1024))


def scaled_dot_product_attention(q, k, v, mask=None):
    return softmax(q)
