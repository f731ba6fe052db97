"""The Python runtime a box runs: interpreter, where it lives, and how to mask modules in it."""

from __future__ import annotations

import functools
import os
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

# The whole environment a submission sees, whatever the backend: nothing of the server's.
SANDBOX_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/tmp",
    "TMPDIR": "/tmp",
    "LANG": "C.UTF-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
}
BLOCKED_MODULE = (
    'raise ModuleNotFoundError("{name} is not available in this kata", name="{name}")\n'
)


@dataclass(frozen=True)
class Runtime:
    python: str  # interpreter path, identical inside and outside the box
    roots: tuple[Path, ...]  # folders to bind read-only so that it runs
    site_dirs: tuple[Path, ...]  # where third-party modules live

    def module_paths(self, name: str) -> list[tuple[Path, bool]]:
        """Where top-level module `name` lives: (path, is_package) for each site folder.

        Looked up once per name while the site folders are unchanged (every grading masks
        the same few modules; the glob cost ~1 ms each time). A package installed or removed
        since changes a folder's mtime, and the lookup is made again."""
        try:
            stamp = tuple(os.stat(site).st_mtime_ns for site in self.site_dirs)
        except OSError:
            return self._find(name)
        return _cached_paths(self, name, stamp)

    def _find(self, name: str) -> list[tuple[Path, bool]]:
        found = []
        for site in self.site_dirs:
            if (site / name).is_dir():
                found.append((site / name, True))
            for f in site.glob(f"{name}.*"):
                if f.is_file() and f.suffix in (".py", ".so", ".pyc"):
                    found.append((f, False))
        return found


@functools.lru_cache(maxsize=256)
def _cached_paths(runtime: Runtime, name: str,
                  stamp: tuple[int, ...]) -> list[tuple[Path, bool]]:
    return runtime._find(name)  # noqa: SLF001 - the cache of Runtime.module_paths


def current_runtime() -> Runtime:
    """The runtime of this interpreter (the project's virtual environment)."""
    roots = tuple(sorted({Path(sys.base_prefix).resolve(), Path(sys.prefix)}))
    # Every folder a submission could put on sys.path and import from: the venv's site folders
    # and the base interpreter's, so that masking a module leaves no second copy to find.
    base = {"base": sys.base_prefix, "platbase": sys.base_prefix}
    candidates = [Path(sysconfig.get_paths()[k]) for k in ("purelib", "platlib")]
    candidates += [Path(sysconfig.get_paths(vars=base)[k]) for k in ("purelib", "platlib")]
    candidates += [Path(p) for p in sys.path if p]
    sites = tuple(dict.fromkeys(
        p for p in candidates
        if p.is_dir() and any(p == r or r in p.parents for r in roots)
        and p.name in ("site-packages", "dist-packages")))
    return Runtime(python=sys.executable, roots=roots, site_dirs=sites)
