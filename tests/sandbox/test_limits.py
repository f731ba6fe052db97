"""Limits and the unsandboxed escape hatch: kata limits are lowered to the service maximums,
never raised, every backend applies the same process limits for the same request, and
katagrad refuses to grade without a sandbox unless explicitly told to."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from katagrad.errors import SettingsError
from katagrad.settings import Settings, load_settings
from sandbox import make_sandbox
from sandbox.base import RunRequest, Sandbox
from sandbox.bwrap import BwrapSandbox
from sandbox.docker import Image, container_config
from sandbox.harness import envelope, wire
from sandbox.harness.envelope import CallResult, Plan, PlannedCall
from sandbox.limits import Limits, Rlimit, rlimits, service_maximums
from sandbox.local import UnsafeLocalSandbox
from sandbox.warm import WarmSandbox

PROBE = """
import resource
NAMES = ("cpu", "fsize", "nofile", "core", "nproc", "data", "as")
def limits():
    return {n: list(resource.getrlimit(getattr(resource, "RLIMIT_" + n.upper()))) for n in NAMES}
"""
ODD = Limits(cpu_s=1.5, wall_s=6.0, memory_mb=300, processes=24, open_files=48, file_mb=3,
             scratch_mb=8, output_kb=32)  # a fractional CPU budget: every backend rounds it up


def test_kata_limits_are_lowered_never_raised() -> None:
    maximum = Limits(cpu_s=5, wall_s=10, memory_mb=512, processes=16, open_files=64,
                     file_mb=8, scratch_mb=32, output_kb=128)
    greedy = Limits(cpu_s=999, wall_s=999, memory_mb=99999, processes=999, open_files=9999,
                    file_mb=999, scratch_mb=9999, output_kb=99999)
    modest = Limits(cpu_s=1, wall_s=2, memory_mb=256, processes=8, open_files=32, file_mb=1,
                    scratch_mb=4, output_kb=16)
    assert greedy.within(maximum) == maximum
    assert modest.within(maximum) == modest
    for f in fields(Limits):
        assert getattr(Limits().within(maximum), f.name) <= getattr(maximum, f.name)


def test_service_maximums_come_from_settings() -> None:
    s = load_settings(max_wall_s=7, max_cpu_s=3, max_memory_mb=300)
    limits = Limits().within(service_maximums(s))
    assert (limits.wall_s, limits.cpu_s, limits.memory_mb) == (7, 3, 300)


def test_unsandboxed_grading_is_refused_without_the_flag() -> None:
    with pytest.raises(SettingsError, match="without isolation"):
        load_settings(sandbox="unsafe-local")
    with pytest.raises(SettingsError, match="sandbox_uid"):
        load_settings(sandbox_uid=0)


def test_unsandboxed_grading_needs_the_explicit_flag() -> None:
    backend = make_sandbox(load_settings(sandbox="unsafe-local", allow_unsandboxed=True))
    assert backend.name == "unsafe-local" and "NONE" in backend.isolation


def test_default_backend_is_bwrap_with_every_layer() -> None:
    backend = make_sandbox(load_settings())
    assert isinstance(backend, BwrapSandbox)
    assert "setpriv" in backend.isolation and "cgroup" in backend.isolation
    assert "seccomp" in backend.isolation and "no seccomp" not in backend.isolation


def _applied(box: Sandbox) -> dict[str, tuple[int, int]]:
    """The rlimits a submission sees inside `box`, read by the submission itself."""
    plan = Plan("numpy", 1, (PlannedCall("c0_0", "limits", 1, wire.encode((), {}),
                                         wire.encode({}, {})),))
    outcome = box.run(RunRequest(files={envelope.SOLUTION: PROBE.encode(),
                                        envelope.PLAN: plan.dumps(),
                                        envelope.INPUTS: wire.save_arrays({})}, limits=ODD))
    result = CallResult.from_json(json.loads(outcome.outputs["c0_0.json"]))
    assert result.ok, (result.error, outcome.stderr)
    return {k: (v[0], v[1]) for k, v in wire.decode(result.value, {}).items()}


def _expected(has_cgroup: bool) -> dict[str, tuple[int, int]]:
    return {r.name: (r.soft, r.hard) for r in rlimits(ODD, has_cgroup)}


def test_every_backend_applies_the_same_rlimits(small_settings: Settings) -> None:
    local = UnsafeLocalSandbox(small_settings)
    bwrap = BwrapSandbox(small_settings)
    warm = WarmSandbox(small_settings)
    try:
        seen = {"unsafe-local": (_applied(local), False),
                "bwrap": (_applied(bwrap), bwrap.cgroups is not None),
                "warm": (_applied(warm), bwrap.cgroups is not None)}
        assert warm.fallbacks == 0 and not warm.disabled  # the warm child really ran it
    finally:
        warm.close()
    for name, (applied, has_cgroup) in seen.items():
        want = _expected(has_cgroup)
        assert {k: applied[k] for k in want} == want, name
    common = _expected(True)  # what every backend sets, cgroup or not
    assert common["cpu"] == (2, 3)
    assert len({tuple(sorted((k, a[k]) for k in common)) for a, _ in seen.values()}) == 1


def test_docker_applies_the_same_rlimits(small_settings: Settings) -> None:
    image = Image("katagrad-runner:test", "/usr/bin/python3", "/usr/lib/python3/site-packages")
    config = container_config(image, RunRequest(files={}, limits=ODD), small_settings, False)
    ulimits = {u["Name"]: (u["Soft"], u["Hard"]) for u in config["ulimits"]}
    # the container's cgroup caps memory; nproc is added because under gVisor the pids cap
    # carries headroom for gVisor's own threads
    assert ulimits == {**_expected(True), "nproc": (ODD.processes, ODD.processes)}
    assert Rlimit("cpu", 2, 3) in rlimits(ODD, has_cgroup=True)
