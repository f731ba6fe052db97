"""Attack: grow the trusted side's memory while it decodes results: for every planned call
and for 100 call ids the plan never asked for, a small array file whose index declares a
7 MiB array (under the per-file cap each; together far over max_result_mb), then exit
before the runner writes.
Verdict: only planned ids are read and the total decoded per grading is capped: "results over
the N MiB decoding cap were ignored", score 0.
Host invariant: the grader's memory per grading stays near max_result_mb.
"""
# ruff: noqa  (hostile on purpose)
# settings: max_result_mb=8
# expect: decoding cap
import json
import os

with open("/box/in/plan.json") as f:
    ids = [c["id"] for c in json.load(f)["calls"]]
index = json.dumps([["a0", "<f8", [7 * 1024 * 1024 // 8]]]).encode()
blob = b"KGA1" + len(index).to_bytes(4, "little") + index + b"\0" * 7168  # about 7 KiB
doc = json.dumps({"ok": True, "value": {"t": "ndarray", "a": "a0"}})
for cid in ids + [f"c{900 + i}_0" for i in range(100)]:
    with open(f"/box/out/{cid}.arrays", "wb") as f:
        f.write(blob)
    with open(f"/box/out/{cid}.json", "w") as f:
        f.write(doc)
os._exit(0)
