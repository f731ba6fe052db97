"""Attack: make the trusted side unpickle something: return objects with __reduce__, and
write an object-dtype array (a pickle) as the result arrays with a forged result document.
Verdict: no pickle is ever loaded; the values are unsupported or malformed; score 0.
Host invariant: the payload never runs (no PWNED file appears on the host).
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import json
import os
import pickle

import numpy as np


class Payload:
    def __reduce__(self):
        return (os.system, ("touch __ROOT__/PWNED",))


def softmax(x, axis=-1):
    return Payload()


def scaled_dot_product_attention(q, k, v, mask=None):
    pickled = pickle.dumps(np.array([Payload()], dtype=object))
    index = json.dumps([["a0", "|O", [1]]]).encode()
    blob = b"KGA1" + len(index).to_bytes(4, "little") + index + pickled
    with open("/box/in/plan.json") as f:
        ids = [c["id"] for c in json.load(f)["calls"]]
    for cid in ids:
        with open(f"/box/out/{cid}.arrays", "wb") as f:
            f.write(blob)
        with open(f"/box/out/{cid}.json", "w") as f:
            f.write(json.dumps({"ok": True, "value": {"t": "ndarray", "a": "a0"}}))
    with open("/box/out/blob.json", "wb") as f:
        f.write(pickle.dumps(Payload()))
    os._exit(0)
