"""Follow-up parts: "now make it causal", "now add a KV cache".

A kata may carry `parts/2/`, `parts/3/`, ... beside its own files. Each part folder is a
kata of its own for grading (its statement, stub additions, reference, checks and mutants)
and shares everything else with part 1 (id, framework, topics, forbidden modules, limits
unless it overrides them):

    katas/<id>/parts/2/part.toml      title, new `defines`, optional [limits]
    katas/<id>/parts/2/statement.md   shown only once part 2 unlocks
    katas/<id>/parts/2/stub.py        the additions appended to the candidate's file
    katas/<id>/parts/2/reference.py   the whole file: part 1's functions and part 2's
    katas/<id>/parts/2/checks.py      part 2's checks only
    katas/<id>/parts/2/mutants/*.py   whole files, each wrong in part 2 only

Grading part n runs part n's checks only: part 1 has its own verdict, and part n's checks
call the functions it builds on, so a part 1 broken on the way fails them too. A part is
addressed by its key, `id@n` (graders/kata.py `Kata.key`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path

from graders.kata import MIN_MUTANTS, Kata, _limits, _Table
from katagrad.errors import KataFormatError, KataNotFound

PART_FILES = ("part.toml", "statement.md", "stub.py", "reference.py", "checks.py")
MAX_PARTS = 9
PART_KEY = re.compile(r"^(?P<id>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?:@(?P<part>[1-9]))?$")


def load_parts(kata: Kata) -> tuple[Kata, ...]:
    """The follow-up parts under `kata.path/parts`, numbered 2, 3, ... without gaps."""
    folder = kata.path / "parts"
    if not folder.is_dir():
        return ()
    found = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != "__pycache__")
    want = [str(n) for n in range(2, 2 + len(found))]
    if found != want or len(found) > MAX_PARTS - 1:
        raise KataFormatError(f"{kata.id}/parts", None,
                              f"part folders must be named 2, 3, ... up to {MAX_PARTS}; "
                              f"found {', '.join(found) or 'none'}")
    return tuple(_load_part(kata, folder / name, int(name)) for name in found)


def _load_part(kata: Kata, folder: Path, n: int) -> Kata:
    where = f"{kata.id}/parts/{n}"
    for name in PART_FILES:
        if not (folder / name).is_file():
            raise KataFormatError(f"{where}/{name}", None, "file is missing")
    try:
        meta = tomllib.loads((folder / "part.toml").read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise KataFormatError(f"{where}/part.toml", None, f"not valid TOML: {exc}") from None
    t = _Table(meta, f"{where}/part.toml", "")
    title = t.text("title")
    defines = t.texts("defines")
    limits_table = t.table("limits")
    limits = replace(kata.limits, **{k: getattr(_limits(limits_table), k)
                                     for k in limits_table.data})
    t.done()
    limits_table.done()
    part = replace(kata, title=title, defines=(*kata.defines, *defines), limits=limits,
                   statement=(folder / "statement.md").read_text(encoding="utf-8"),
                   stub=(folder / "stub.py").read_text(encoding="utf-8"),
                   path=folder.resolve(), part=n, parts=(), variants=(), variant=None)
    if len(part.mutants) < MIN_MUTANTS:
        raise KataFormatError(f"{where}/mutants", None,
                              f"needs at least {MIN_MUTANTS} known-wrong solutions, "
                              f"found {len(part.mutants)}")
    return part


def split_key(key: str) -> tuple[str, int]:
    """`id@n` -> (id, n); a plain id is part 1. KataNotFound when it is neither."""
    m = PART_KEY.match(key)
    if m is None:
        raise KataNotFound(key)
    return m["id"], int(m["part"] or 1)


def part_key(kata_id: str, part: int) -> str:
    return kata_id if part == 1 else f"{kata_id}@{part}"


def every_part(kata: Kata) -> tuple[Kata, ...]:
    """Part 1 (the kata) and its follow-up parts, in order."""
    return (kata, *kata.parts)


def part_of(kata: Kata, n: int) -> Kata:
    """Part `n` of `kata` (1 is the kata itself), or KataNotFound."""
    parts = every_part(kata)
    if not 1 <= n <= len(parts):
        raise KataNotFound(part_key(kata.id, n))
    return parts[n - 1]


def root_folder(part: Kata) -> Path:
    """The folder of the kata a part belongs to."""
    return part.path if part.part == 1 else part.path.parents[1]


def starting_code(part: Kata) -> str:
    """What a candidate holds when part `n` unlocks: part n-1's reference with part n's stub
    additions appended. `validate` grades it as the part's stub (it must score below 1.0)."""
    if part.part == 1:
        return part.stub
    previous = root_folder(part) if part.part == 2 else root_folder(part) / "parts" / str(
        part.part - 1)
    return f"{(previous / 'reference.py').read_text().rstrip()}\n\n\n{part.stub.lstrip()}"


def find_part(katas_dir: Path, key: str) -> Kata:
    """The part `key` names (`id` or `id@n`), or KataNotFound."""
    from graders.kata import find_kata

    kata_id, n = split_key(key)
    return part_of(find_kata(katas_dir, kata_id), n)
