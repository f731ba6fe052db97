"""The warm backend's own lifecycle: zygotes start, serve, are replaced, and never linger.

Containment on the warm path is the hostile suite's job (test_hostile.py runs every file
on both backends); here: what only the warm path has.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import pytest

from graders.grade import Mode, grade
from graders.kata import Kata, load_kata
from katagrad.settings import ROOT
from sandbox import bwrap
from sandbox.runtime import Runtime, current_runtime
from sandbox.warm import BOX_FAILED, WarmSandbox, WarmUnavailable, Zygote
from tests.sandbox.conftest import wait_for


@pytest.fixture()
def small_settings(small_settings):  # type: ignore[no-untyped-def]
    """The on-demand fork path; the pre-forked pool has its own tests at the end."""
    return small_settings.model_copy(update={"warm_pool": 0})


@pytest.fixture()
def pool_settings(small_settings):  # type: ignore[no-untyped-def]
    return small_settings.model_copy(update={"warm_pool": 2})


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


class _UnbuildableMask(Runtime):
    """A runtime that says jax lives where nothing can be bound: the warm child's box build
    fails (a real setup failure, before any submission code), the cold path's does not."""

    def module_paths(self, name: str) -> list[tuple[Path, bool]]:
        if name == "jax":
            return [(Path("/nonexistent-katagrad-mask/jax.py"), False)]
        return super().module_paths(name)


def test_a_box_that_fails_to_build_goes_cold_and_health_says_only_that(
        attention, small_settings, caplog) -> None:
    box = WarmSandbox(small_settings, runtime=_UnbuildableMask(**vars(current_runtime())))
    with caplog.at_level(logging.WARNING, logger="katagrad.sandbox"):
        score = _run(box, attention, attention.reference_path.read_text(), small_settings)
    status = box.status()
    box.close()
    assert score == 1.0 and status["cold_fallbacks"] == 1
    assert status["last_problem"] == BOX_FAILED  # our words; the detail is in the log only
    detail = " ".join(str(getattr(r, "detail", "")) for r in caplog.records)
    assert "warm box setup failed" in detail and "nonexistent-katagrad-mask" in detail
    assert "nonexistent" not in json.dumps(status)


def test_the_wall_is_counted_once_across_a_fallback(attention, small_settings,
                                                    monkeypatch) -> None:
    """A warm attempt that used 2.5 s of the run's wall leaves the cold attempt the rest."""
    def failed_late(self: WarmSandbox, job: bwrap.Job, wall_s: float) -> object:
        raise WarmUnavailable(BOX_FAILED, "simulated", spent_s=2.5)

    deadlines: list[float] = []
    real = bwrap.run_capped

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        deadlines.append(kwargs["deadline_s"])
        return real(*args, **kwargs)

    monkeypatch.setattr(WarmSandbox, "_launch_warm", failed_late)
    monkeypatch.setattr(bwrap, "run_capped", spy)
    box = WarmSandbox(small_settings)
    code = "import time\ndef softmax(x, axis=-1):\n    time.sleep(60)\n"
    report = grade(attention, code, sandbox=box, settings=small_settings, mode=Mode.RUN)
    box.close()
    assert deadlines == [small_settings.max_wall_s - 2.5]
    assert report.tests[0].status.value == "timeout"
    assert report.message.startswith(f"killed after {small_settings.max_wall_s:g} s wall time")


def test_a_pooled_child_serves_one_submission_only(attention, pool_settings) -> None:
    box = WarmSandbox(pool_settings)
    assert box.pool is not None
    ref = attention.reference_path.read_text()
    served = []
    try:
        for _ in range(4):
            assert _run(box, attention, ref, pool_settings) == 1.0
            pid = box.last_pid
            assert pid is not None and pid not in served
            served.append(pid)
            assert pid not in box.pool.pids("numpy"), "a used child went back to the pool"
            assert wait_for(lambda pid=pid: not _alive(pid), 10), "a used child lives on"
        assert list(box.pool.served) == served  # every run went to a pooled child
        assert box.fallbacks == 0 and box.zygotes["numpy"].forks >= 4
        assert box.pool.settle()
        assert box.last_job is not None and not box.last_job.box.exists()
    finally:
        box.close()


def test_a_killed_pooled_child_is_replaced(attention, pool_settings) -> None:
    box = WarmSandbox(pool_settings)
    assert box.pool is not None
    try:
        box.pool.want("numpy")
        assert wait_for(lambda: len(box.pool.pids("numpy")) == 2), box.pool.ready()
        victim = box.pool.pids("numpy")[0]
        os.kill(victim, 9)
        assert wait_for(lambda: box.pool.replaced >= 1 and len(box.pool.pids("numpy")) == 2
                     and victim not in box.pool.pids("numpy")), box.status()
        assert _run(box, attention, attention.reference_path.read_text(), pool_settings) == 1.0
        assert box.last_pid != victim and box.fallbacks == 0
        assert box.status()["pool"]["replaced"] >= 1  # type: ignore[index]
    finally:
        box.close()


def test_an_unused_pooled_child_leaves_with_the_pool(pool_settings) -> None:
    box = WarmSandbox(pool_settings)
    assert box.pool is not None
    box.pool.want("numpy")
    assert wait_for(lambda: len(box.pool.pids("numpy")) == 2)
    pids, jobs = box.pool.pids("numpy"), box.pool.waiting()
    box.close()
    assert wait_for(lambda: not any(_alive(p) for p in pids), 10), \
        "a pooled child outlived its pool"
    assert not any(j.box.exists() for j in jobs)
    assert not any(d.exists() for j in jobs if j.group for d in j.group.dirs)
