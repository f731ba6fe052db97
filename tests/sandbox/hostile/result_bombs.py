"""Attack: result files built to hurt the reader: an array file whose index declares 256 MiB
(and one that declares 2**62 x 2**62 elements) over a few bytes, a 1 GiB sparse .json, a deeply nested JSON document, a JSON with a huge number, then exit before the
runner writes.
Verdict: each is refused or counts as missing; score 0.
Host invariant: the grader's reading is bounded in time and memory and returns in time.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import json
import os

with open("/box/in/plan.json") as f:
    ids = [c["id"] for c in json.load(f)["calls"]]
for i, cid in enumerate(ids):
    kind = i % 4
    path = f"/box/out/{cid}.json"
    if kind == 0:
        shape = [1 << 25] if i % 8 == 0 else [1 << 62, 1 << 62]  # 256 MiB; overflowing
        index = json.dumps([["a0", "<f8", shape]]).encode()
        with open(f"/box/out/{cid}.arrays", "wb") as f:  # the layout of wire.save_arrays
            f.write(b"KGA1" + len(index).to_bytes(4, "little") + index + b"\0" * 1024)
        doc = {"ok": True, "value": {"t": "ndarray", "a": "a0"}}
        with open(path, "w") as f:
            f.write(json.dumps(doc))
    elif kind == 1:
        with open(path, "wb") as f:
            f.truncate(1 << 30)
    elif kind == 2:
        with open(path, "w") as f:
            f.write('{"ok": true, "value": ' + "[" * 100_000 + "]" * 100_000 + "}")
    else:
        with open(path, "w") as f:
            f.write('{"ok": true, "value": {"t": "int", "v": 1' + "0" * 100_000 + "}}")
os._exit(0)
