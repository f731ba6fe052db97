"""How untrusted code runs: `make_sandbox(settings).run(request) -> outcome`."""

from __future__ import annotations

from katagrad.settings import Settings
from sandbox.base import LimitHit, RunOutcome, RunRequest, Sandbox

__all__ = ["LimitHit", "RunOutcome", "RunRequest", "Sandbox", "make_sandbox"]


def make_sandbox(settings: Settings) -> Sandbox:
    """The backend the settings select, checked to be runnable here."""
    backend: Sandbox
    if settings.sandbox == "bwrap":
        from sandbox.bwrap import BwrapSandbox

        backend = BwrapSandbox(settings)
    elif settings.sandbox == "warm":
        from sandbox.warm import WarmSandbox

        backend = WarmSandbox(settings)
    elif settings.sandbox == "docker":
        from sandbox.docker import DockerSandbox  # type: ignore[import-not-found]

        backend = DockerSandbox(settings)
    else:
        from sandbox.local import UnsafeLocalSandbox

        backend = UnsafeLocalSandbox(settings)
    backend.check()
    return backend
