"""Limits and the unsandboxed escape hatch: kata limits are lowered to the service maximums,
never raised, and katagrad refuses to grade without a sandbox unless explicitly told to."""

from __future__ import annotations

from dataclasses import fields

import pytest

from graders.grade import max_limits
from graders.kata import Limits
from katagrad.errors import SettingsError
from katagrad.settings import load_settings
from sandbox import make_sandbox
from sandbox.bwrap import BwrapSandbox


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
    limits = Limits().within(max_limits(s))
    assert (limits.wall_s, limits.cpu_s, limits.memory_mb) == (7, 3, 300)


def test_unsandboxed_grading_is_refused_without_the_flag() -> None:
    with pytest.raises(SettingsError, match="without isolation"):
        load_settings(sandbox="unsafe-local")
    with pytest.raises(SettingsError, match="sandbox_uid"):
        load_settings(sandbox_uid=0)


def test_unsandboxed_grading_needs_the_explicit_flag() -> None:
    backend = make_sandbox(load_settings(sandbox="unsafe-local", allow_unsandboxed=True))
    assert backend.name == "unsafe-local" and "NONE" in backend.isolation  # type: ignore[attr-defined]


def test_default_backend_is_bwrap_with_every_layer() -> None:
    backend = make_sandbox(load_settings())
    assert isinstance(backend, BwrapSandbox)
    assert "setpriv" in backend.isolation and "cgroup" in backend.isolation
    assert "seccomp" in backend.isolation and "no seccomp" not in backend.isolation
