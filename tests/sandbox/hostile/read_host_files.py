"""Attack: read host secrets, the kata's reference and hidden checks, other processes' files.
Verdict: nothing is there to read; the wrong answers score 0.
Host invariant: no host file content reaches the output (the probe prints ESCAPED if it does).
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import glob

ROOT = "__ROOT__"
for p in ["/etc/shadow", "/etc/hostname", "/etc/hosts", "/root/.bash_history",
          f"{ROOT}/katas/attention-numpy/reference.py", f"{ROOT}/katas/attention-numpy/checks.py",
          f"{ROOT}/katagrad/settings.py", f"{ROOT}/data", "/proc/1/environ", "/proc/1/root/etc/shadow",
          "/sys/fs/cgroup/memory/memory.limit_in_bytes", "/proc/kcore", "/dev/mem", "/dev/vda"]:
    try:
        with open(p, "rb") as f:
            data = f.read(64)
        print("ESCAPED: read", p, data[:20])
    except OSError:
        pass
hits = glob.glob(f"{ROOT}/katas/*/*.py") + glob.glob("/home/*") + glob.glob("/root/*")
if hits:
    print("ESCAPED: listed", hits[:5])


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
