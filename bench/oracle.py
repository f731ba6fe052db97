"""The bug oracle on held-out wrong submissions: how often the report names the bug, how
often it claims a wrong one, and what the oracle costs per failed grading.

    .venv/bin/python -m bench.oracle [--seeds 3]

Every file in tests/katas/heldout/ is a wrong solution written independently of the kata's
mutants; its header says which kata (`# kata: ID`) and a regular expression the report's
top-level message must match to name its bug (`# bug: REGEX`). Each is graded on `--seeds`
hidden seeds on the warm path, once with the oracle and once without (same seed): the
difference in duration is the oracle's cost. Writes bench/results/oracle.md.
"""

from __future__ import annotations

import argparse
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from graders.grade import Mode, grade
from graders.kata import find_kata
from katagrad.settings import ROOT, load_settings
from sandbox.warm import WarmSandbox

HELDOUT = ROOT / "tests" / "katas" / "heldout"
CLAIMS = ("Your results equal a known mistake", "equals what this known mistake gives")


@dataclass(frozen=True)
class Heldout:
    path: Path
    kata: str
    bug: re.Pattern[str]


def heldouts() -> list[Heldout]:
    found = []
    for path in sorted(HELDOUT.glob("*.py")):
        head = dict(re.findall(r"^# (kata|bug): (.+)$", path.read_text(), re.M))
        found.append(Heldout(path, head["kata"], re.compile(head["bug"], re.I)))
    return found


def verdict(h: Heldout, message: str) -> str:
    """named (the message names the bug), wrong (claims a known mistake that is not it),
    or silent (no claim: where the error sits, as a symptom)."""
    if h.bug.search(message) and any(c in message for c in CLAIMS):
        return "named"
    return "wrong" if any(c in message for c in CLAIMS) else "silent"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--budget", type=float, default=None,
                        help="oracle budget in seconds (default: KATAGRAD_ORACLE_BUDGET_S)")
    args = parser.parse_args()
    settings = load_settings()
    if args.budget is not None:
        settings = settings.model_copy(update={"oracle_budget_s": args.budget})
    box = WarmSandbox(settings)
    rows, costs = [], []
    counts = {"named": 0, "wrong": 0, "silent": 0}
    try:
        for h in heldouts():
            kata = find_kata(settings.katas_dir, h.kata)
            code = h.path.read_text()
            for seed in range(1, args.seeds + 1):
                plain = grade(kata, code, sandbox=box, settings=settings, mode=Mode.SUBMIT,
                              seed=seed, explain=False)
                told = grade(kata, code, sandbox=box, settings=settings, mode=Mode.SUBMIT,
                             seed=seed)
                v = verdict(h, told.message) if not told.passed else "passed"
                counts[v] = counts.get(v, 0) + 1
                costs.append(told.duration_s - plain.duration_s)
                rows.append(f"| `{h.path.stem}` | {seed} | {v} | {told.message[:160]} |")
                print(f"{h.path.stem:<45} seed {seed}: {v:<6} {told.message[:110]}", flush=True)
    finally:
        box.close()
    n = sum(counts.values())
    summary = (f"{n} gradings of {len(heldouts())} held-out wrong submissions: "
               f"{counts['named']} named their bug ({counts['named'] / n:.0%}), "
               f"{counts['wrong']} wrong claims, {counts['silent']} no claim, "
               f"{counts.get('passed', 0)} passed; oracle cost per failed grading: median "
               f"{statistics.median(costs) * 1000:.0f} ms, max {max(costs) * 1000:.0f} ms "
               "(duration with the oracle minus without, same seed)")
    print(summary)
    out = ROOT / "bench" / "results" / "oracle.md"
    out.write_text("# Bug oracle on held-out wrong submissions\n\n" + summary + "\n\n"
                   "| submission | seed | verdict | top-level message |\n|---|---|---|---|\n"
                   + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
