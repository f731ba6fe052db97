"""Attack: read the environment of this process and of every visible process.
Verdict: only the scrubbed sandbox environment is there; the wrong answers score 0.
Host invariant: no KATAGRAD_ setting or server secret reaches the submission.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import os

for k in os.environ:
    if k.startswith("KATAGRAD") or "SECRET" in k or "TOKEN" in k:
        print("ESCAPED: env", k)
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                data = f.read()
            if b"KATAGRAD" in data or b"SECRET" in data:
                print("ESCAPED: environ of", pid)
        except OSError:
            pass
print(dict(os.environ))


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
