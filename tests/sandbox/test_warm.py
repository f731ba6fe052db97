"""The warm backend's own lifecycle: zygotes start, serve, are replaced, and never linger.

Containment on the warm path is the hostile suite's job (test_hostile.py runs every file
on both backends); here: what only the warm path has.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from graders.grade import Mode, grade
from graders.kata import Kata, load_kata
from katagrad.settings import ROOT
from sandbox.warm import WarmSandbox, WarmUnavailable, Zygote


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except OSError:
        return False
    return state != "Z"


def _run(box: WarmSandbox, kata: Kata, code: str, settings) -> float:  # type: ignore[no-untyped-def]
    return grade(kata, code, sandbox=box, settings=settings, mode=Mode.RUN).score


def test_zygote_serves_and_leaves_with_its_orchestrator(attention, small_settings) -> None:
    box = WarmSandbox(small_settings)
    assert _run(box, attention, attention.reference_path.read_text(), small_settings) == 1.0
    zygote = box.zygotes["numpy"]
    assert zygote.proc is not None and zygote.forks == 1 and box.fallbacks == 0
    pid = zygote.proc.pid
    box.close()
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid), "the zygote outlived its orchestrator"
    assert not zygote.dir.exists()


def test_zygote_is_replaced_after_max_forks(attention, small_settings) -> None:
    box = WarmSandbox(small_settings, max_forks=2)
    ref = attention.reference_path.read_text()
    pids = []
    for _ in range(5):
        assert _run(box, attention, ref, small_settings) == 1.0
        assert box.zygotes["numpy"].proc is not None
        pids.append(box.zygotes["numpy"].proc.pid)
    box.close()
    assert len(set(pids)) == 3, pids  # forks 1-2, 3-4, 5: three zygotes
    assert box.fallbacks == 0


def test_child_sees_only_its_own_pid_namespace(attention, small_settings) -> None:
    code = ("import os\n"
            "PIDS = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
            "def softmax(x, axis=-1):\n"
            "    raise RuntimeError(f'pids={PIDS} me={os.getpid()} ppid={os.getppid()}')\n")
    box = WarmSandbox(small_settings)
    report = grade(attention, code, sandbox=box, settings=small_settings, mode=Mode.RUN)
    box.close()
    assert "pids=[1] me=1 ppid=0" in report.tests[0].message


def test_a_zygote_that_cannot_start_falls_back_to_cold(attention, small_settings,
                                                       monkeypatch) -> None:
    def broken(self: Zygote) -> None:
        raise WarmUnavailable("numpy zygote did not start: simulated")

    monkeypatch.setattr(Zygote, "start", broken)
    box = WarmSandbox(small_settings)
    assert _run(box, attention, attention.reference_path.read_text(), small_settings) == 1.0
    status = box.status()
    assert status["cold_fallbacks"] == 1 and "simulated" in str(status["last_problem"])
    box.close()


def test_without_root_everything_goes_cold_and_says_why(attention, small_settings,
                                                        monkeypatch) -> None:
    box = WarmSandbox(small_settings)
    monkeypatch.setattr(box, "root_mode", False)
    assert box.disabled and "needs root" in box.disabled
    assert box.status()["serving"] == "cold (warm path unavailable)"
    monkeypatch.setattr(box, "root_mode", True)  # the cold launch itself still runs as root
    monkeypatch.setattr(type(box), "disabled", property(lambda self: "simulated"))
    assert _run(box, attention, attention.reference_path.read_text(), small_settings) == 1.0
    assert box.zygotes == {}  # no zygote was ever started


@pytest.mark.skipif(os.geteuid() != 0, reason="the warm path needs root")
def test_torch_runtime_forks_without_deadlock(small_settings) -> None:
    """torch is imported and warmed in the zygote with one thread; children train fine."""
    kata = load_kata(ROOT / "katas" / "vae-manual-kl")
    settings = small_settings.model_copy(update={"max_cpu_s": 30.0, "max_wall_s": 120.0,
                                                 "max_memory_mb": 2048})
    box = WarmSandbox(settings)
    for _ in range(2):
        report = grade(kata, kata.reference_path.read_text(), sandbox=box, settings=settings,
                       mode=Mode.SUBMIT)
        assert report.score == 1.0, report.to_json()
    assert box.fallbacks == 0, box.last_problem
    box.close()
