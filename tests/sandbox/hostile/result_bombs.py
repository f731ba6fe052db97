"""Attack: result files built to hurt the reader: a zip bomb .npz (256 MiB of zeros), a 1 GiB
sparse .json, a deeply nested JSON document, a JSON with a huge number, then exit before the
runner writes.
Verdict: each is refused or counts as missing; score 0.
Host invariant: the grader's reading is bounded in time and memory and returns in time.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import json
import os
import zipfile

with open("/box/in/plan.json") as f:
    ids = [c["id"] for c in json.load(f)["calls"]]
for i, cid in enumerate(ids):
    kind = i % 4
    path = f"/box/out/{cid}.json"
    if kind == 0:
        with zipfile.ZipFile(f"/box/out/{cid}.npz", "w", zipfile.ZIP_DEFLATED) as z:
            with z.open("a0.npy", "w", force_zip64=True) as m:
                for _ in range(64):
                    m.write(b"\0" * (1 << 22))  # 256 MiB that compresses to about 256 KiB
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
