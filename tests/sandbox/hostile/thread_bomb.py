"""Attack: thread bomb: start sleeping threads without end, swallowing every failure.
Verdict: the processes/threads limit, score 0.
Host invariant: threads count against the pids cgroup; nothing survives grading.
"""
# ruff: noqa  (hostile on purpose)
# expect: processes/threads
import threading
import time

while True:
    try:
        threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()
    except Exception:
        time.sleep(0.001)
