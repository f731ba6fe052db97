"""Attack: write into the project tree: a new file, the kata's reference, the venv's NumPy.
Verdict: every write fails (read-only or invisible); the wrong answers score 0.
Host invariant: no file named PWNED appears and the reference and NumPy are unchanged.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import os

ROOT = "__ROOT__"
targets = [f"{ROOT}/PWNED", f"{ROOT}/.venv/PWNED", f"{ROOT}/katas/PWNED",
           f"{ROOT}/katas/attention-numpy/reference.py", f"{ROOT}/.venv/lib/PWNED"]
import numpy

targets.append(os.path.join(os.path.dirname(numpy.__file__), "__init__.py"))
for t in targets:
    try:
        with open(t, "a") as f:
            f.write("\nPWNED = True\n")
        print("ESCAPED: wrote", t)
    except OSError:
        pass
    try:
        os.makedirs(os.path.dirname(t) + "/PWNED", exist_ok=False)
        print("ESCAPED: made a folder next to", t)
    except OSError:
        pass


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
