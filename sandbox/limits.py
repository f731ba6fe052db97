"""Resource limits for one sandbox run, and their one translation into process limits.

Every backend turns `Limits` into rlimits through `rlimits(limits, has_cgroup)`: bwrap and
unsafe-local as `prlimit` arguments, the warm child with `setrlimit`, docker as ulimits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the zygote imports this module; it must not need the settings machinery
    from katagrad.settings import Settings

MiB = 1024 * 1024
KiB = 1024
ADDRESS_SPACE_FLOOR_MB = 2048  # torch and glibc reserve large PROT_NONE regions


@dataclass(frozen=True)
class Limits:
    """Resource limits for one sandbox run."""

    cpu_s: float = 10.0
    wall_s: float = 20.0
    memory_mb: int = 1024
    processes: int = 32
    open_files: int = 128
    file_mb: int = 16
    scratch_mb: int = 64
    output_kb: int = 256

    def within(self, maximum: Limits) -> Limits:
        """These limits lowered to `maximum` wherever they exceed it; never raised."""
        return Limits(**{f.name: min(getattr(self, f.name), getattr(maximum, f.name))
                         for f in fields(self)})

    @property
    def output_bytes(self) -> int:
        return self.output_kb * KiB


def service_maximums(settings: Settings) -> Limits:
    """The most any run may get here; a kata's own limits are lowered to these."""
    return Limits(cpu_s=settings.max_cpu_s, wall_s=settings.max_wall_s,
                  memory_mb=settings.max_memory_mb, processes=settings.max_processes,
                  open_files=settings.max_open_files, file_mb=settings.max_file_mb,
                  scratch_mb=settings.max_scratch_mb, output_kb=settings.max_output_kb)


@dataclass(frozen=True)
class Rlimit:
    """One process limit, named as prlimit(1), docker's ulimits and RLIMIT_<NAME> spell it."""

    name: str
    soft: int
    hard: int

    def prlimit_arg(self) -> str:
        return f"--{self.name}={self.soft}:{self.hard}"


def rlimits(limits: Limits, has_cgroup: bool) -> tuple[Rlimit, ...]:
    """The process limits of one run, the same for every backend.

    With a cgroup, memory and process counts are capped per run there; without one, the
    coarser per-process caps stand in: RLIMIT_DATA counts private writable mappings (what a
    bomb grows) so it can sit at the memory limit, RLIMIT_AS stays loose enough for the large
    PROT_NONE reservations torch and glibc make, RLIMIT_NPROC counts the sandbox uid's tasks.
    """
    cpu = max(1, math.ceil(limits.cpu_s))
    fsize = limits.file_mb * MiB
    out = [Rlimit("cpu", cpu, cpu + 1),  # SIGXCPU at the soft limit, SIGKILL a second later
           Rlimit("fsize", fsize, fsize),
           Rlimit("nofile", limits.open_files, limits.open_files),
           Rlimit("core", 0, 0)]
    if not has_cgroup:
        data = limits.memory_mb * MiB
        space = max(limits.memory_mb, ADDRESS_SPACE_FLOOR_MB) * MiB * 2
        out += [Rlimit("nproc", limits.processes, limits.processes),
                Rlimit("data", data, data),
                Rlimit("as", space, space)]
    return tuple(out)
