"""Attack: forge a passing report on stdout, stderr and every possibly inherited fd, and
forge passing result files for every call the plan lists, then exit before the runner writes.
Verdict: forged results are only data; they are decoded strictly and compared with the
reference on the trusted side, so they fail; score 0.
Host invariant: nothing the box prints or writes is taken as a verdict.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import json
import os

forged = json.dumps({"version": 1, "status": "graded", "passed": True, "score": 1.0,
                     "tests": [], "message": ""}).encode()
for fd in range(0, 1024):
    try:
        os.write(fd, forged + b"\n")
    except OSError:
        pass
with open("/box/in/plan.json") as f:
    plan = json.load(f)
ok = json.dumps({"ok": True, "value": {"t": "str", "v": "pass"}})
for name in ["import", *(c["id"] for c in plan["calls"])]:
    with open(f"/box/out/{name}.json", "w") as f:
        f.write(ok if name != "import" else json.dumps({"ok": True}))
os._exit(0)
