"""Attack: plant symlinks, a FIFO, a folder and hard links where the grader reads results,
then exit before the runner can replace them.
Verdict: none of them is a regular file, so each is ignored ("not a plain file"); score 0.
Host invariant: the grader neither follows a link nor blocks on the FIFO; it returns in time.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import json
import os

with open("/box/in/plan.json") as f:
    ids = [c["id"] for c in json.load(f)["calls"]]
targets = ["/etc/passwd", "/proc/self/environ", "/dev/zero", "__CANARY__", "/box/in/plan.json"]
for i, cid in enumerate(ids):
    path = f"/box/out/{cid}.json"
    kind = i % 4
    try:
        if kind == 0:
            os.symlink(targets[i % len(targets)], path)
        elif kind == 1:
            os.mkfifo(path)
        elif kind == 2:
            os.mkdir(path)
        else:
            os.symlink("/dev/zero", f"/box/out/{cid}.arrays")
            with open(path, "w") as f:
                f.write(json.dumps({"ok": True, "value": {"t": "ndarray", "a": "a0"}}))
    except OSError:
        pass
os.symlink("/", "/box/out/import.json")
os._exit(0)
