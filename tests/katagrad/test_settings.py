"""Settings: KATAGRAD_ variables, and unsafe values refused at start."""

from __future__ import annotations

import pytest

from katagrad.errors import SettingsError
from katagrad.settings import load_settings


def test_environment_overrides(monkeypatch) -> None:
    monkeypatch.setenv("KATAGRAD_MAX_CPU_S", "7.5")
    assert load_settings().max_cpu_s == 7.5


def test_unsandboxed_grading_needs_the_explicit_flag() -> None:
    with pytest.raises(SettingsError, match="KATAGRAD_ALLOW_UNSANDBOXED"):
        load_settings(sandbox="unsafe-local")
    assert load_settings(sandbox="unsafe-local", allow_unsandboxed=True).sandbox == "unsafe-local"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("sandbox_uid", 0, "never run as root"),
    ("sandbox", "chroot", "sandbox"),
    ("max_memory_mb", 10, "max_memory_mb"),
    ("max_code_bytes", 0, "max_code_bytes"),
])
def test_unsafe_or_malformed_values_are_refused(field, value, message) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(**{field: value})


def test_unknown_setting_is_refused() -> None:
    with pytest.raises(SettingsError, match="sandbox_typo"):
        load_settings(sandbox_typo="x")
