"""Attack: find a mount to write to besides the scratch space and the output folder: every
mount point listed in /proc/self/mountinfo, including the empty folders that mask forbidden
packages (torch here) and hidden project folders.
Verdict: the calls raise with the list of writable mounts, which is exactly /box/out and
/tmp; score 0.
Host invariant: the only writable mounts are /tmp and /box/out, on every backend.
"""
# ruff: noqa  (hostile on purpose)
# expect: writable: \['/box/out', '/tmp'\]
import os

writable = []
with open("/proc/self/mountinfo") as f:
    points = [line.split()[4] for line in f]
for point in points:
    if not os.path.isdir(point):
        continue
    probe = os.path.join(point, ".katagrad-probe")
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        continue
    os.close(fd)
    os.unlink(probe)
    writable.append(point)
extra = sorted(set(writable) - {"/tmp", "/box/out"})
if extra:
    print("ESCAPED: writable mounts", extra)


def softmax(x, axis=-1):
    raise ValueError(f"writable: {sorted(writable)}")


def scaled_dot_product_attention(q, k, v, mask=None):
    return softmax(q)
