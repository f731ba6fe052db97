"""The rooms import only downwards: sandbox/ never reaches up into graders/, api/ or cli/, and
the ground floor (katagrad/) imports nothing of ours but itself."""

from __future__ import annotations

import ast

import pytest

from katagrad.settings import ROOT

FORBIDDEN = {
    "katagrad": {"api", "cli", "graders", "sandbox"},
    "sandbox": {"api", "cli", "graders"},
    "graders": {"api", "cli"},
    "api": {"cli"},
}


def _imports(path) -> set[str]:  # type: ignore[no-untyped-def]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_rooms_import_only_downwards(room: str) -> None:
    bad = {f"{p.relative_to(ROOT)} imports {sorted(_imports(p) & FORBIDDEN[room])}"
           for p in (ROOT / room).rglob("*.py") if _imports(p) & FORBIDDEN[room]}
    assert not bad
