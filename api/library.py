"""The katas the service offers, loaded once; a malformed folder is logged and left out."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from graders.kata import Kata, load_kata
from graders.parts import part_of, split_key
from katagrad.errors import KataFormatError, KataNotFound

log = logging.getLogger("katagrad.katas")


class KataLibrary:
    def __init__(self, katas_dir: Path) -> None:
        self.katas: dict[str, Kata] = {}
        self.digests: dict[str, str] = {}  # kata id -> content hash of its folder
        self.broken: dict[str, str] = {}
        for folder in sorted(p for p in Path(katas_dir).iterdir() if (p / "kata.toml").is_file()):
            try:
                kata = load_kata(folder)
            except KataFormatError as exc:
                self.broken[folder.name] = str(exc)
                log.warning("kata left out", extra={"kata": folder.name, "problem": str(exc)})
                continue
            self.katas[kata.id] = kata
            self.digests[kata.id] = kata_digest(folder)
            for part in kata.parts:
                self.digests[part.key] = self.digests[kata.id]

    def get(self, kata_id: str) -> Kata:
        try:
            return self.katas[kata_id]
        except KeyError:
            raise KataNotFound(kata_id) from None

    def part(self, key: str) -> Kata:
        """What grades `key`: a kata id, or `id@n` for its follow-up part n (graders/parts.py).
        Only graders take keys; what a client names goes through `get` or api/parts.py."""
        base, n = split_key(key)
        return part_of(self.get(base), n)
    def public(self, kata_id: str) -> Kata:
        """A kata of the catalogue and practice; an interview-only one is absent (404)."""
        kata = self.get(kata_id)
        if kata.interview_only:
            raise KataNotFound(kata_id)
        return kata

    def catalogue(self) -> list[Kata]:
        """The katas on public offer: every one but the interview-only ones."""
        return [k for k in self.katas.values() if not k.interview_only]

    def title(self, kata_id: str) -> str:
        """The kata's (or part's) title; its id when it was removed since (an old interview
        names it)."""
        try:
            return self.part(kata_id).title
        except KataNotFound:
            return kata_id

    def variant_title(self, kata_id: str, name: str) -> str:
        """A variant in words, "name: title"; its name alone when the kata no longer has it."""
        kata = self.katas.get(kata_id)
        title = next((v.title for v in kata.variants if v.name == name), None) if kata else None
        return f"{name}: {title}" if title else name

    def digest(self, kata_id: str) -> str:
        """The content hash of the kata version this process grades against (a part has
        its kata's: the part's files live in the kata's folder)."""
        self.part(kata_id)
        return self.digests[kata_id]


def kata_digest(folder: Path) -> str:
    """SHA-256 over every file of a kata folder (relative path and bytes), caches left out."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder)
        if "__pycache__" in rel.parts or path.suffix == ".pyc":
            continue
        h.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
