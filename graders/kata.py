"""Katas are data: a folder with kata.toml, a statement, a stub, a reference, checks and mutants."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from graders import variants as _variants
from graders.context import ContextFile, load_context
from graders.variants import Variant
from katagrad.errors import KataFormatError, KataNotFound
from sandbox.limits import Limits

KATA_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
REQUIRED_FILES = ("kata.toml", "statement.md", "stub.py", "reference.py", "checks.py")
TESTS_FILES = ("kata.toml", "statement.md", "stub.py", "reference.py", "suite.py")
MIN_MUTANTS = 3


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class Framework(StrEnum):
    NUMPY = "numpy"
    TORCH = "torch"


class Stage(StrEnum):
    """The coding-round format a kata trains."""

    IMPLEMENT = "implement"  # implement a model or algorithm from scratch
    DEBUG = "debug"  # fix a training loop that will not converge
    EXTEND = "extend"  # add the ablation a paper's code skipped
    THEORY = "theory"  # theory turned into code


class KataFormat(StrEnum):
    """What the candidate writes."""

    CODE = "code"  # the solution, graded by hidden checks
    TESTS = "tests"  # tests of a given contract, graded by the mutants they kill (testwrite)


@dataclass(frozen=True)
class Kata:
    """One kata, loaded and validated from its folder."""

    id: str
    title: str
    difficulty: Difficulty
    topics: tuple[str, ...]
    framework: Framework
    stage: Stage
    defines: tuple[str, ...]
    limits: Limits
    forbidden_modules: tuple[str, ...]
    forbidden_apis: tuple[str, ...]
    statement: str
    stub: str
    path: Path
    variants: tuple[Variant, ...] = ()  # [variants] of kata.toml; graders/variants.py
    variant: Variant | None = None  # the one statement, stub and grading are for
    format: KataFormat = KataFormat.CODE
    part: int = 1  # a follow-up part's number (graders/parts.py); 1 is the kata itself
    parts: tuple[Kata, ...] = ()  # the follow-up parts, on part 1 only
    interview_only: bool = False  # left out of the catalogue and practice; rounds only
    context: tuple[ContextFile, ...] = ()  # the paper's code, read-only (graders/context.py)

    @property
    def key(self) -> str:
        """What grades this part: the kata id, or `id@n` for follow-up part n."""
        return self.id if self.part == 1 else f"{self.id}@{self.part}"

    @property
    def reference_path(self) -> Path:
        return self.path / "reference.py"

    @property
    def checks_path(self) -> Path:
        return self.path / "checks.py"

    @property
    def harness_path(self) -> Path | None:
        p = self.path / "harness.py"
        return p if p.is_file() else None

    @property
    def mutants(self) -> tuple[Path, ...]:
        return tuple(sorted((self.path / "mutants").glob("*.py")))


def load_kata(folder: Path) -> Kata:
    """Load one kata folder, raising KataFormatError that names the file and field."""
    folder = Path(folder)
    meta_file = f"{folder.name}/kata.toml"
    try:
        meta = tomllib.loads((folder / "kata.toml").read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, FileNotFoundError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise KataFormatError(meta_file, None, "file is missing") from None
        raise KataFormatError(meta_file, None, f"not valid TOML: {exc}") from None

    t = _Table(meta, meta_file, "")
    kata_format = t.enum("format", KataFormat) if "format" in meta else KataFormat.CODE
    for name in TESTS_FILES if kata_format is KataFormat.TESTS else REQUIRED_FILES:
        if not (folder / name).is_file():
            raise KataFormatError(f"{folder.name}/{name}", None, "file is missing")
    kata_id = t.text("id")
    if not KATA_ID.match(kata_id):
        raise KataFormatError(meta_file, "id", "must be lowercase words joined by '-'")
    if kata_id != folder.name:
        raise KataFormatError(meta_file, "id", f"{kata_id!r} does not match folder {folder.name!r}")

    limits_table = t.table("limits")
    forbid = t.table("forbid")
    kata = Kata(
        id=kata_id,
        title=t.text("title"),
        difficulty=t.enum("difficulty", Difficulty),
        topics=t.texts("topics"),
        framework=t.enum("framework", Framework),
        stage=t.enum("stage", Stage),
        defines=t.texts("defines"),
        limits=_limits(limits_table),
        forbidden_modules=forbid.texts("modules", default=()),
        forbidden_apis=forbid.texts("apis", default=()),
        statement=(folder / "statement.md").read_text(encoding="utf-8"),
        stub=(folder / "stub.py").read_text(encoding="utf-8"),
        path=folder.resolve(),
        variants=_variants.parse(t.optional("variants"), meta_file),
        format=kata_format,
        interview_only=t.flag("interview_only"),
        context=load_context(folder, t.texts("context", default=()), meta_file),
    )
    t.done()
    limits_table.done()
    forbid.done()
    if len(kata.mutants) < MIN_MUTANTS:
        raise KataFormatError(f"{folder.name}/mutants", None,
                              f"needs at least {MIN_MUTANTS} known-wrong solutions, "
                              f"found {len(kata.mutants)}")
    if kata.framework is Framework.TORCH and "torch" in kata.forbidden_modules:
        raise KataFormatError(meta_file, "forbid.modules", "a torch kata cannot forbid torch")
    if kata.format is KataFormat.TESTS and kata.variants:
        raise KataFormatError(meta_file, "variants", "a tests kata has no variants (yet)")
    from graders.parts import load_parts  # parts are Katas too: loaded after their kata

    kata = replace(kata, parts=load_parts(kata))
    return _variants.apply(kata, kata.variants[0]) if kata.variants else kata


def load_katas(katas_dir: Path, errors: list[KataFormatError] | None = None) -> dict[str, Kata]:
    """Every kata under `katas_dir`, by id, in id order.

    A malformed kata raises, unless `errors` is given: then it is skipped and its error kept,
    so one broken folder does not hide the rest of the library.
    """
    katas = {}
    for folder in sorted(p for p in Path(katas_dir).iterdir() if (p / "kata.toml").is_file()):
        try:
            kata = load_kata(folder)
        except KataFormatError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        katas[kata.id] = kata
    return katas


def find_kata(katas_dir: Path, kata_id: str) -> Kata:
    """The kata named `kata_id`, or KataNotFound."""
    if not KATA_ID.match(kata_id) or not (Path(katas_dir) / kata_id / "kata.toml").is_file():
        raise KataNotFound(kata_id)
    return load_kata(Path(katas_dir) / kata_id)


def _limits(t: _Table) -> Limits:
    base = Limits()
    values: dict[str, Any] = {}
    for f in fields(Limits):
        if f.name in t.data:
            values[f.name] = t.number(f.name, integer=isinstance(getattr(base, f.name), int))
    return replace(base, **values)


class _Table:
    """Typed access to one TOML table that remembers which keys were read."""

    def __init__(self, data: object, file: str, prefix: str) -> None:
        if not isinstance(data, dict):
            raise KataFormatError(file, prefix.rstrip(".") or None, "must be a table")
        self.data, self.file, self.prefix = data, file, prefix
        self.seen: set[str] = set()

    def _get(self, key: str, default: Any = ...) -> Any:
        self.seen.add(key)
        if key not in self.data:
            if default is ...:
                raise KataFormatError(self.file, self.prefix + key, "is required")
            return default
        return self.data[key]

    def _bad(self, key: str, problem: str) -> KataFormatError:
        return KataFormatError(self.file, self.prefix + key, problem)

    def optional(self, key: str) -> Any:
        """The raw value under `key`, None when absent (parsed by its own module)."""
        return self._get(key, None)

    def text(self, key: str) -> str:
        v = self._get(key)
        if not isinstance(v, str) or not v.strip():
            raise self._bad(key, "must be a non-empty string")
        return v

    def texts(self, key: str, default: Any = ...) -> tuple[str, ...]:
        v = self._get(key, default)
        if not isinstance(v, list | tuple) or not all(isinstance(s, str) and s for s in v):
            raise self._bad(key, "must be a list of non-empty strings")
        return tuple(v)

    def flag(self, key: str) -> bool:
        v = self._get(key, False)
        if not isinstance(v, bool):
            raise self._bad(key, "must be true or false")
        return v

    def number(self, key: str, integer: bool) -> Any:
        v = self._get(key)
        ok = isinstance(v, int) if integer else isinstance(v, int | float)
        if isinstance(v, bool) or not ok or v <= 0:
            raise self._bad(key, f"must be a positive {'integer' if integer else 'number'}")
        return v

    def enum(self, key: str, kind: type[StrEnum]) -> Any:
        v = self._get(key)
        try:
            return kind(v)
        except ValueError:
            choices = ", ".join(m.value for m in kind)  # type: ignore[attr-defined]
            raise self._bad(key, f"{v!r} is not one of: {choices}") from None

    def table(self, key: str) -> _Table:
        return _Table(self._get(key, {}), self.file, f"{self.prefix}{key}.")

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            raise self._bad(unknown[0], "unknown field")
