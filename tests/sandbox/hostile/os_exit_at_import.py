"""Attack: os._exit(0) at import, skipping the runner's own reporting entirely.
Verdict: "exited with status 0 before your file finished importing", score 0.
Host invariant: a missing result is an error, never a pass.
"""
# ruff: noqa  (hostile on purpose)
# expect: before your file finished importing
import os

os._exit(0)
