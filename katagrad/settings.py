"""The one settings object. Nothing else in katagrad reads the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from katagrad.errors import SettingsError

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Service-wide settings; `KATAGRAD_<NAME>` variables override the defaults."""

    model_config = SettingsConfigDict(env_prefix="KATAGRAD_", frozen=True, extra="forbid")

    katas_dir: Path = ROOT / "katas"
    data_dir: Path = ROOT / "data"

    # Which backend runs untrusted code. "unsafe-local" runs it with no isolation at all and is
    # refused unless allow_unsandboxed is also set (for kata authors on a machine without bwrap).
    sandbox: Literal["bwrap", "docker", "unsafe-local"] = "bwrap"
    allow_unsandboxed: bool = False
    sandbox_uid: int = Field(65534, description="uid/gid the submission runs as inside the box")
    cgroup_root: Path = Path("/sys/fs/cgroup")
    docker_url: str | None = None
    docker_image: str = "katagrad-runner:latest"
    docker_runtime: str | None = None

    # Service maximums. A kata may lower them, never raise them.
    max_code_bytes: int = Field(64 * 1024, gt=0)
    max_cpu_s: float = Field(60.0, gt=0)
    max_wall_s: float = Field(120.0, gt=0)
    max_memory_mb: int = Field(4096, ge=256)
    max_processes: int = Field(64, ge=8)
    max_open_files: int = Field(256, ge=32)
    max_file_mb: int = Field(64, gt=0)
    max_scratch_mb: int = Field(256, gt=0)
    max_output_kb: int = Field(1024, gt=0)
    max_result_mb: int = Field(64, gt=0)

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        if self.sandbox_uid == 0:
            raise ValueError("sandbox_uid must not be 0: submissions never run as root")
        if self.sandbox == "unsafe-local" and not self.allow_unsandboxed:
            raise ValueError(
                "sandbox=unsafe-local runs untrusted code without isolation; "
                "set KATAGRAD_ALLOW_UNSANDBOXED=1 to accept that (kata authors only)"
            )
        if self.max_wall_s < self.max_cpu_s / 4:
            raise ValueError("max_wall_s is too small for max_cpu_s")
        return self


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment plus overrides, as a SettingsError when invalid."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        raise SettingsError(problems) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
