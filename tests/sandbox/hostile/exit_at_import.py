"""Attack: sys.exit(0) at import, hoping a zero exit status reads as success.
Verdict: "your file failed to import: SystemExit: called sys.exit(0)", score 0.
Host invariant: an exit status is never a verdict; only results are.
"""
# ruff: noqa  (hostile on purpose)
# expect: sys.exit
import sys

sys.exit(0)
