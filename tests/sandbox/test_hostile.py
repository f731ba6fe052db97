"""The hostile-submission suite: every file in hostile/ is graded against the real
attention-numpy kata through the real bwrap sandbox, with small service maximums.

Each must score below 1 with its expected verdict, within the wall limit plus a margin,
and leave the host as it was: no process of the sandbox uid, no cgroup, no box folder or
mount, the canary and the project tree unchanged, no listener reached, no secret leaked.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from pathlib import Path

import numpy
import pytest

from graders.grade import Mode, grade
from katagrad.settings import ROOT
from sandbox.limits import service_maximums
from sandbox.warm import WarmSandbox

HOSTILE = Path(__file__).parent / "hostile"
FILES = sorted(p.name for p in HOSTILE.glob("*.py"))
MARGIN_S = 5.0
PROTECTED = [ROOT / "katas" / "attention-numpy" / "reference.py",
             ROOT / "katas" / "attention-numpy" / "checks.py",
             Path(numpy.__file__)]
PWNED = [ROOT / "PWNED", ROOT / ".venv" / "PWNED", ROOT / "katas" / "PWNED",
         ROOT / ".venv" / "lib" / "PWNED"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expectation(source: str) -> str:
    m = re.search(r"^# expect: (.+)$", source, re.MULTILINE)
    assert m, "each hostile file states its expected verdict in a '# expect: REGEX' line"
    return m.group(1)


def overrides(source: str) -> dict[str, float | int]:
    """Service maximums a file asks for in a '# settings: name=value ...' line."""
    m = re.search(r"^# settings: (.+)$", source, re.MULTILINE)
    pairs = (item.split("=") for item in m.group(1).split()) if m else ()
    return {k: float(v) if k.endswith("_s") else int(v) for k, v in pairs}


def sandbox_processes(uid: int) -> list[str]:
    """Host processes of `uid` (the suite's own sandbox uid) that have not exited."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        uids = next((line.split()[1:] for line in status.splitlines()
                     if line.startswith("Uid:")), [])
        state = next((line.split()[1] for line in status.splitlines()
                      if line.startswith("State:")), "?")
        if str(uid) in uids and state != "Z":  # a zombie has exited; only its entry is left
            found.append(f"{pid} ({state})")
    return found


def wait_until_gone(uid: int, timeout: float = 3.0) -> list[str]:
    end = time.monotonic() + timeout
    while (left := sandbox_processes(uid)) and time.monotonic() < end:
        time.sleep(0.1)
    return left


def test_suite_is_large_enough() -> None:
    assert len(FILES) >= 25
    for name in FILES:
        head = (HOSTILE / name).read_text()
        assert head.startswith('"""Attack:') and "Verdict:" in head, name
        expectation(head)


def test_limits_are_lowered_to_the_service_maximums(attention, small_settings) -> None:
    limits = attention.limits.within(service_maximums(small_settings))
    assert (limits.wall_s, limits.cpu_s, limits.memory_mb) == (6.0, 2.0, 512)
    assert attention.limits.wall_s > limits.wall_s  # the kata asked for more and got less


def test_reference_passes_under_small_limits(attention, small_sandbox, small_settings,
                                             made) -> None:
    """The limits are tight, not broken: an honest solution still scores 1."""
    report = grade(attention, attention.reference_path.read_text(), sandbox=small_sandbox,
                   settings=small_settings, mode=Mode.SUBMIT)
    assert report.score == 1.0, report.to_json()
    assert not wait_until_gone(small_settings.sandbox_uid)


@pytest.mark.parametrize("name", FILES)
def test_hostile_submission(name, attention, small_sandbox, small_settings, made, canary,
                            listeners, monkeypatch) -> None:
    source = (HOSTILE / name).read_text()
    code = (source.replace("__ROOT__", str(ROOT)).replace("__CANARY__", str(canary.path))
            .replace("__PORT__", str(listeners.port)).replace("__ABSTRACT__", listeners.abstract))
    secret = secrets.token_hex(16)
    monkeypatch.setenv("KATAGRAD_SECRET_KEY_FOR_TEST", secret)
    monkeypatch.setenv("SERVER_SECRET_TOKEN", secret)
    protected = {p: sha256(p) for p in PROTECTED}
    if overrides(source):
        small_settings = small_settings.model_copy(update=overrides(source))
        pool = small_sandbox.settings.warm_pool  # the same path, with the file's limits
        small_sandbox = type(small_sandbox)(small_settings.model_copy(
            update={"warm_pool": pool}))
    pooled = getattr(small_sandbox, "pool", None)
    served = len(pooled.served) if pooled is not None else 0
    limits = attention.limits.within(service_maximums(small_settings))

    started = time.monotonic()
    report = grade(attention, code, sandbox=small_sandbox, settings=small_settings,
                   mode=Mode.SUBMIT)
    took = time.monotonic() - started
    doc = json.dumps(report.to_json())
    json.dumps(report.to_json(), ensure_ascii=False).encode("utf-8")  # valid Unicode throughout
    said = "\n".join([report.message, *(t.message for t in report.tests)])

    # The verdict: graded, failing, for the stated reason, in time.
    assert report.status.value == "graded", report.message
    assert report.score == 0.0 and not report.passed, said
    assert re.search(expectation(source), said), \
        f"{said}\n--- the box's stderr, last 1500 characters:\n{report.output.stderr[-1500:]}"
    assert took < limits.wall_s + MARGIN_S, f"verdict took {took:.1f} s"
    assert "ESCAPED" not in report.output.stdout + report.output.stderr, report.output.stdout
    assert len(report.output.stdout) + len(report.output.stderr) <= limits.output_kb * 1024

    # The host: nothing left running, created, changed, reached or leaked.
    assert not wait_until_gone(small_settings.sandbox_uid), "a sandbox process survived its grading"
    boxes, groups, waiting = list(made.boxes), list(made.groups), []
    if pooled is not None:  # served by a pooled child, made before this test; torn down after
        assert len(pooled.served) == served + 1, "the run did not go to a pooled child"
        assert isinstance(small_sandbox, WarmSandbox) and small_sandbox.last_job is not None
        boxes.append(small_sandbox.last_job.box)
        groups.append(small_sandbox.last_job.group)
        assert pooled.settle(), "a used box was not torn down"
        waiting = pooled.waiting()  # the refills: armed, unused, not this grading's
    for group in groups:
        assert group is not None
        if group not in [j.group for j in waiting]:
            assert not any(d.exists() for d in group.dirs), "a cgroup was left behind"
    mountinfo = Path("/proc/self/mountinfo").read_text()
    for box in boxes:
        if box in [j.box for j in waiting]:
            continue
        assert not box.exists(), f"box folder {box} was left behind"
        assert str(box) not in mountinfo, f"a mount under {box} was left behind"
    assert canary.path.read_text() == canary.content
    assert {p: sha256(p) for p in PROTECTED} == protected
    assert not [p for p in PWNED if p.exists()]
    assert listeners.accepted == []
    assert secret not in doc
    if isinstance(small_sandbox, WarmSandbox):  # served warm, not by the cold fallback
        assert small_sandbox.fallbacks == 0, small_sandbox.last_problem


def test_decoding_memory_per_grading_is_bounded(attention, small_sandbox, small_settings) -> None:
    """decode_budget.py leaves ~100 result files, each declaring a 7 MiB array (about 700 MiB
    if all were decoded). The trusted side reads only planned ids and caps the total it
    decodes per grading at max_result_mb; its peak memory stays within a few times that."""
    import tracemalloc

    code = (HOSTILE / "decode_budget.py").read_text()
    cap = small_settings.max_result_mb * 1024 * 1024
    tracemalloc.start()
    try:
        report = grade(attention, code, sandbox=small_sandbox, settings=small_settings,
                       mode=Mode.SUBMIT)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "decoding cap" in report.message and report.score == 0.0, report.message
    assert peak < 3 * cap + 16 * 1024 * 1024, f"peak {peak >> 20} MiB for a {cap >> 20} MiB cap"
