"""Attack: fork bomb at import; every child forks again, forever.
Verdict: the processes/threads limit ("hit the limit of N processes/threads"), score 0.
Host invariant: the pids cgroup caps the tree; every process is gone after grading.
"""
# ruff: noqa  (hostile on purpose)
# expect: processes/threads
import os

while True:
    try:
        os.fork()
    except OSError:
        pass
