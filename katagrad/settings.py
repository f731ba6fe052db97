"""The one settings object. Nothing else in katagrad reads the environment."""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from katagrad.errors import SettingsError

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent  # the checkout, when katagrad runs from one


def shipped(name: str, checkout: Path) -> Path:
    """A data folder the wheel ships inside the package (setup.py), else the checkout's own."""
    inside = PACKAGE / "_shipped" / name
    return inside if inside.is_dir() else checkout


def _default_data_dir() -> Path:
    """data/ in a checkout; the user's XDG data folder for an installed katagrad."""
    if (ROOT / "pyproject.toml").is_file():
        return ROOT / "data"
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "katagrad"


class Settings(BaseSettings):
    """Service-wide settings; `KATAGRAD_<NAME>` variables override the defaults."""

    model_config = SettingsConfigDict(env_prefix="KATAGRAD_", frozen=True, extra="forbid")

    katas_dir: Path = shipped("katas", ROOT / "katas")
    web_dir: Path = shipped("web", ROOT / "web" / "dist")  # the built browser UI
    data_dir: Path = Field(default_factory=_default_data_dir)

    # Which backend runs untrusted code. "warm" forks each run from preloaded zygotes with the
    # isolation of "bwrap" and falls back to it (one-shot CLI commands use bwrap directly).
    # "unsafe-local" runs code with no isolation at all and is refused unless
    # allow_unsandboxed is also set (for kata authors on a machine without bwrap).
    sandbox: Literal["warm", "bwrap", "docker", "unsafe-local"] = "warm"
    allow_unsandboxed: bool = False
    sandbox_uid: int = Field(65534, description="uid/gid the submission runs as inside the box")
    # The warm path keeps this many children per runtime forked, isolated and waiting for one
    # submission each (sandbox/warm.py); 0 forks each child on demand instead.
    warm_pool: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=0, le=64)
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

    # After a failed check, how long the bug oracle may run the kata's mutants (0: never).
    oracle_budget_s: float = Field(5.0, ge=0, le=600)

    # `katagrad validate` and the kata tests: fresh hidden seeds per reference and mutant.
    validate_seeds: int = Field(20, ge=1, le=10_000)

    # The HTTP service (api/, `katagrad serve`); docs/service.md describes each.
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    allow_remote: bool = False  # bind beyond loopback: anyone who reaches it may submit code
    database_url: str | None = None  # None: SQLite at data_dir/katagrad.db
    # Gradings at once in this process. 0: `katagrad serve` runs the API only and grading
    # is left to `katagrad worker` processes (the distributed engine, PostgreSQL only).
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=0, le=256)
    max_queue_depth: int = Field(1000, ge=1)
    scratch_concurrency: int = Field(2, ge=1, le=64)  # scratch runs at once, per API process
    max_attempts: int = Field(3, ge=1, le=10)
    rate_per_minute: float = Field(30.0, gt=0)  # submissions per client token
    rate_burst: int = Field(20, ge=1)
    ip_rate_per_minute: float = Field(120.0, gt=0)  # submissions per remote address
    ip_rate_burst: int = Field(60, ge=1)
    secret_key: SecretStr | None = None  # signs client tokens; None: kept in data_dir

    # The distributed engine (docs/adr/0001-task-engine.md, api/engine/).
    max_running_per_client: int = Field(2, ge=1, le=64)  # gradings one client may hold
    heartbeat_s: float = Field(10.0, gt=0)  # how often a worker says it is alive
    stalled_after_s: float = Field(30.0, gt=0)  # silence after which its jobs are retried
    maintenance_s: float = Field(10.0, gt=0)  # how often workers look for stalled jobs
    log_format: Literal["json", "text"] = "json"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    # Interviews (docs/interviews.md).
    session_hours: float = Field(12.0, gt=0, le=24 * 30)  # interviewer sign-in lifetime
    login_per_minute: float = Field(6.0, gt=0)  # sign-in attempts, per address and per name
    login_burst: int = Field(10, ge=1)
    cookie_secure: Literal["auto", "always", "never"] = "auto"  # auto: Secure over HTTPS
    public_url: str | None = None  # base of invite links; None: the URL the request came to
    interview_max_snapshots: int = Field(400, ge=2, le=100_000)  # per interview and kata
    interview_max_explanation_chars: int = Field(20_000, ge=100, le=1_000_000)

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
        if not self.allow_remote and not _is_loopback(self.host):
            raise ValueError(f"host {self.host} is reachable beyond this machine, and anyone who "
                             "reaches katagrad may submit code to grade (only interviewers sign "
                             "in); set KATAGRAD_ALLOW_REMOTE=1 to accept that")
        if self.database_url is not None:
            scheme = self.database_url.split(":", 1)[0].split("+", 1)[0]
            if scheme not in ("sqlite", "postgresql", "postgres"):
                raise ValueError("database_url must be a sqlite:// or postgresql:// URL")
            if scheme == "sqlite" and (":memory:" in self.database_url
                                       or self.database_url.rstrip("/") == "sqlite:"):
                raise ValueError("an in-memory SQLite database would lose every submission")
        if self.workers == 0 and not self.on_postgres:
            raise ValueError("workers=0 leaves grading to `katagrad worker` processes, which "
                             "need a PostgreSQL database_url")
        if self.stalled_after_s < 2 * self.heartbeat_s:
            raise ValueError("stalled_after_s must be at least twice heartbeat_s")
        if self.secret_key is not None and len(self.secret_key.get_secret_value()) < 32:
            raise ValueError("secret_key must be at least 32 characters")
        return self

    @property
    def on_postgres(self) -> bool:
        """Whether the database is PostgreSQL (which the distributed engine needs)."""
        return self.database_url is not None and self.database_url.startswith("postgres")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
