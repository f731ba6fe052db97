"""Load a kata's trusted Python (reference, harness, checks) as modules, cached by mtime."""

from __future__ import annotations

import importlib.util
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from graders import variants
from graders.context import FOLDER, importable
from graders.kata import Kata
from graders.kit import CheckSpec
from katagrad.errors import KataFormatError

_lock = threading.Lock()
_cache: dict[tuple[str, str, tuple[float, ...]], KataCode] = {}


@dataclass(frozen=True)
class KataCode:
    reference: ModuleType
    harness: ModuleType | None
    checks: tuple[CheckSpec, ...]
    variant: dict[str, Any] = field(default_factory=dict)  # the values checks see as t.variant


def kata_code(kata: Kata) -> KataCode:
    """The kata's reference, public harness and checks (in declaration order), for the
    kata's variant when it has variants (one set of modules per variant)."""
    files = [kata.reference_path, kata.checks_path, kata.path / "harness.py",
             *(kata.path / FOLDER / f.name for f in kata.context)]
    key = (str(kata.path), kata.variant.name if kata.variant else "",
           tuple(f.stat().st_mtime if f.exists() else 0.0 for f in files))
    with _lock:
        if key not in _cache:
            _cache[key] = _load(kata)
        return _cache[key]


def _load(kata: Kata) -> KataCode:
    package = f"_katagrad_kata_{kata.key.replace('-', '_').replace('@', '_part')}"
    if kata.variant is not None:
        package += f"__{kata.variant.name}"
    pkg = ModuleType(package)
    pkg.__path__ = [str(kata.path)]
    sys.modules[package] = pkg  # lets checks.py say `from . import harness`
    with importable(kata.path, kata.context):  # `from model import ...` finds the kata's own
        harness = _module(kata, package, "harness") if kata.harness_path else None
        reference = variants.bind(_module(kata, package, "reference"), kata)
        checks_mod = _module(kata, package, "checks")
    checks = tuple(v for v in vars(checks_mod).values() if isinstance(v, CheckSpec))
    if not checks:
        raise KataFormatError(f"{kata.id}/checks.py", None, "declares no @check functions")
    if not any(c.visible for c in checks) or all(c.visible for c in checks):
        raise KataFormatError(f"{kata.id}/checks.py", None,
                              "needs at least one visible and one hidden check")
    names = [c.name for c in checks]
    if len(set(names)) != len(names):
        raise KataFormatError(f"{kata.id}/checks.py", None, "check names must be unique")
    return KataCode(reference, harness, checks, variants.values(kata))


def _module(kata: Kata, package: str, name: str) -> ModuleType:
    path = Path(kata.path) / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"{package}.{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(spec.name, None)
        raise KataFormatError(f"{kata.id}/{name}.py", None,
                              f"fails to load: {type(exc).__name__}: {exc}") from exc
    return module
