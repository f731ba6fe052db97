"""Attack: import a module the kata forbids (torch in a NumPy kata) past the static check:
an obfuscated __import__, importlib, sys.path tricks, and loading its shared library directly.
Verdict: the module is masked inside the box itself, so every attempt fails; score 0.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import ctypes
import glob
import importlib
import sys

name = "".join(["to", "rch"])
for attempt in (lambda: __import__(name), lambda: importlib.import_module(name),
                lambda: importlib.import_module(name + "._C")):
    try:
        attempt()
        print("ESCAPED: imported", name)
    except Exception:
        pass
for site in list(sys.path):
    for lib in glob.glob(f"{site}/{name}/lib/*.so*") + glob.glob(f"{site}/{name}/_C*.so"):
        try:
            ctypes.CDLL(lib)
            print("ESCAPED: loaded", lib)
        except OSError:
            pass
sys.modules.pop(name, None)
for site in ["/usr/lib/python3/dist-packages", "/usr/local/lib/python3.11/site-packages"]:
    sys.path.append(site)
try:
    __import__(name)
    print("ESCAPED: imported", name, "from a second copy")
except Exception:
    pass


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
