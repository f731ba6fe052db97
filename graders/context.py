"""Read-only context files: a paper's code a kata ships beside the candidate's file.

An "extend a paper" kata declares `context = ["context/model.py", ...]` in kata.toml. Each
file enters the box read-only in code/, beside solution.py, so the candidate's file (and the
kata's public harness) can `from model import ...`; the API hands them out with the kata and
the editor shows them as read-only tabs. On the trusted side the reference, the checks, the
harness and the mutants import them the same way, under `importable(kata)`, which maps the
plain module names to this kata's copies only while one of its files is being loaded (two
katas may each ship a model.py).

The trusted side never relies on what the box made of these files: a check rebuilds the
model from its own copy and judges the weights and outputs that came back.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType

from katagrad.errors import KataFormatError

FOLDER = "context"  # where a kata keeps them
BOX_DIR = "code"  # the box folder that holds solution.py; read-only in every backend
# Names the box already uses, or that the candidate's file must keep: never a context module.
RESERVED = frozenset({"solution", "runner", "wire", "envelope", "kata_harness", "reference",
                      "checks", "harness", "stub"})
_lock = threading.RLock()
_cache: dict[tuple[str, tuple[int, ...]], dict[str, ModuleType]] = {}


@dataclass(frozen=True)
class ContextFile:
    """One read-only file of a kata's paper code: its module file name and its text."""

    name: str  # "model.py": the name it has in the box and on the editor's tab
    text: str

    @property
    def module(self) -> str:
        return self.name.removesuffix(".py")


def load_context(folder: Path, declared: tuple[str, ...], meta_file: str) -> tuple[
        ContextFile, ...]:
    """The files kata.toml's `context` names, checked: plain .py files inside the kata folder,
    importable names that shadow nothing the box or the standard library needs."""
    files, seen = [], set()
    for rel in declared:
        path = PurePosixPath(rel)
        name = path.name
        module = name.removesuffix(".py")
        if path.parent != PurePosixPath(FOLDER) or not name.endswith(".py"):
            raise KataFormatError(meta_file, "context", f"{rel!r}: must be a .py file in the "
                                                        f"kata's {FOLDER}/ folder")
        if not module.isidentifier() or module in RESERVED \
                or module in sys.stdlib_module_names or module in {"torch", "numpy"}:
            raise KataFormatError(meta_file, "context", f"{rel!r}: {module!r} cannot be a "
                                  "module name here (reserved, or it shadows a library)")
        if module in seen:
            raise KataFormatError(meta_file, "context", f"{rel!r}: two files named {name}")
        seen.add(module)
        file = Path(folder) / path
        if not file.is_file():
            raise KataFormatError(f"{Path(folder).name}/{rel}", None, "file is missing")
        files.append(ContextFile(name, file.read_text(encoding="utf-8")))
    return tuple(files)


def box_files(context: tuple[ContextFile, ...]) -> dict[str, bytes]:
    """The context files as they enter the box: code/<name>, beside code/solution.py."""
    return {f"{BOX_DIR}/{f.name}": f.text.encode() for f in context}


@contextmanager
def importable(folder: Path, context: tuple[ContextFile, ...]) -> Iterator[None]:
    """While inside, `import model` (etc.) gives this kata's copy; the previous sys.modules
    entries come back on exit. Each kata's modules are loaded once and shared, so the
    reference, the checks and the mutants see the same classes."""
    if not context:
        yield
        return
    names = [f.module for f in context]
    with _lock:
        saved = {n: sys.modules.get(n) for n in names}
        try:
            sys.modules.update(_modules(Path(folder), context))
            yield
        finally:
            for n, m in saved.items():
                if m is None:
                    sys.modules.pop(n, None)
                else:
                    sys.modules[n] = m


def _modules(folder: Path, context: tuple[ContextFile, ...]) -> dict[str, ModuleType]:
    key = (str(folder), tuple(hash(f.text) for f in context))
    if key not in _cache:
        # Import each file by its plain name with the kata's context folder first on the
        # path, so the files may import each other in any order.
        dirs = [str(folder / FOLDER)]
        names = [f.module for f in context]
        for n in names:
            sys.modules.pop(n, None)
        sys.path[:0] = dirs
        try:
            loaded = {n: importlib.import_module(n) for n in names}
        except Exception as exc:
            raise KataFormatError(f"{folder.name}/context", None,
                                  f"fails to load: {type(exc).__name__}: {exc}") from exc
        finally:
            del sys.path[:len(dirs)]
            for n in names:
                sys.modules.pop(n, None)
        _cache[key] = loaded
    return _cache[key]
