"""Variants: one kata, several meanings, so a kata used in many rounds does not leak.

A kata declares them in kata.toml, each a title and the values that parametrise it:

    [variants.attend]
    title = "mask True = the query may attend"
    MASK_TRUE = "attend"
    MASK_DOC = "**True means the query may attend to that key**"

    [variants.block]
    title = "mask True = the key is blocked"
    MASK_TRUE = "block"
    MASK_DOC = "**True means the key is blocked (the query may not attend to it)**"

The kata author writes every file once:
- statement.md and stub.py say `{{MASK_DOC}}` where the text differs;
- reference.py, the mutants and alternatives define `MASK_TRUE = "attend"` (the first
  variant) and read it inside their functions: each value is bound as a module constant of
  that name after the module ran, on the trusted side (`bind`) and in the box (`source`
  appends the assignments to the file);
- checks.py reads `t.variant["MASK_TRUE"]` when its inputs or its bug tables depend on it.

Practice gives each client one variant, stable for that client (`for_client`); a round draws
one per candidate when it is created (`draw`) and the submission records the variant it was
made for, so a grading always uses that one (`pick`). The first variant is the default.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any

from katagrad.errors import KataFormatError

if TYPE_CHECKING:
    from graders.kata import Kata

VARIANT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
VALUE_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
Value = str | int | float | bool


@dataclass(frozen=True)
class Variant:
    """One meaning of a kata: its name, a title for people, and its values by name."""

    name: str
    title: str
    values: tuple[tuple[str, Value], ...]

    @property
    def mapping(self) -> dict[str, Value]:
        return dict(self.values)


def parse(data: object, file: str) -> tuple[Variant, ...]:
    """The `[variants]` table of a kata.toml (absent: no variants), or KataFormatError."""
    if data is None:
        return ()
    if not isinstance(data, dict) or not data:
        raise KataFormatError(file, "variants", "must be a table of at least two variants")
    found = []
    for name, table in data.items():
        where = f"variants.{name}"
        if not VARIANT_NAME.match(name):
            raise KataFormatError(file, where, "a variant's name is lowercase letters, digits "
                                               "and '_', starting with a letter")
        if not isinstance(table, dict):
            raise KataFormatError(file, where, "must be a table")
        title = table.get("title")
        if not isinstance(title, str) or not title.strip():
            raise KataFormatError(file, f"{where}.title", "must be a non-empty string")
        values = []
        for key, value in table.items():
            if key == "title":
                continue
            if not VALUE_NAME.match(key):
                raise KataFormatError(file, f"{where}.{key}", "a value's name is an UPPER_CASE "
                                                              "identifier (a module constant)")
            if not isinstance(value, str | int | float | bool):
                raise KataFormatError(file, f"{where}.{key}",
                                      "must be a string, a number or a boolean")
            values.append((key, value))
        found.append(Variant(name, title, tuple(sorted(values))))
    if len(found) < 2:
        raise KataFormatError(file, "variants", "declare at least two variants, or none")
    keys = {tuple(k for k, _ in v.values) for v in found}
    if len(keys) != 1:
        raise KataFormatError(file, "variants", "every variant must set the same values")
    if not found[0].values:
        raise KataFormatError(file, "variants", "variants must set at least one value")
    seen: dict[tuple[tuple[str, Value], ...], str] = {}
    for v in found:
        if v.values in seen:
            raise KataFormatError(file, f"variants.{v.name}",
                                  f"has the same values as {seen[v.values]!r}")
        seen[v.values] = v.name
    return tuple(found)


def render(template: str, variant: Variant, file: str) -> str:
    """`template` with each `{{NAME}}` replaced by the variant's value of that name."""
    values = variant.mapping

    def sub(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KataFormatError(file, None, f"{{{{{key}}}}} is not a value of the variants "
                                              f"({', '.join(values)})")
        return str(values[key])

    return PLACEHOLDER.sub(sub, template)


def apply(kata: Kata, variant: Variant) -> Kata:
    """The kata as a candidate of `variant` sees it: its statement and stub rendered."""
    return replace(kata, variant=variant,
                   statement=render(_template(kata, "statement.md"), variant,
                                    f"{kata.id}/statement.md"),
                   stub=render(_template(kata, "stub.py"), variant, f"{kata.id}/stub.py"))


def _template(kata: Kata, name: str) -> str:
    return (kata.path / name).read_text(encoding="utf-8")


def pick(kata: Kata, name: str | None) -> Kata:
    """The kata resolved to the variant called `name` (None or "": as loaded, the default).

    An unknown name is a fault (the database names a variant the kata no longer has)."""
    if not name or not kata.variants or (kata.variant and kata.variant.name == name):
        return kata
    for v in kata.variants:
        if v.name == name:
            return apply(kata, v)
    raise KataFormatError(f"{kata.id}/kata.toml", f"variants.{name}", "no such variant")


def names(kata: Kata) -> tuple[str, ...]:
    return tuple(v.name for v in kata.variants)


def for_client(kata: Kata, client_id: str) -> str | None:
    """Practice: the variant this client always gets for this kata (None: no variants)."""
    if not kata.variants:
        return None
    digest = hashlib.sha256(f"{kata.id}\0{client_id}".encode()).digest()
    return kata.variants[int.from_bytes(digest[:8], "big") % len(kata.variants)].name


def draw(kata: Kata) -> str | None:
    """A round: a fresh random variant for one candidate (None: no variants)."""
    return secrets.choice(kata.variants).name if kata.variants else None


def bind(module: ModuleType, kata: Kata) -> ModuleType:
    """Set the variant's values as module constants of a trusted module that has run."""
    if kata.variant is not None:
        for key, value in kata.variant.values:
            setattr(module, key, value)
    return module


def source(kata: Kata, code: str) -> str:
    """Trusted kata code (reference, mutant, alternative) as it runs in the box for the
    kata's variant: the file, then the variant's values assigned after it."""
    if kata.variant is None:
        return code
    lines = [f"{key} = {value!r}" for key, value in kata.variant.values]
    return (code.rstrip("\n") + f"\n\n\n# katagrad: variant {kata.variant.name!r}\n"
            + "\n".join(lines) + "\n")


def values(kata: Kata) -> dict[str, Any]:
    """What a check sees as `t.variant`: the values of the kata's variant ({} without)."""
    return kata.variant.mapping if kata.variant is not None else {}
