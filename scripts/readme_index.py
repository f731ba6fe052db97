"""Rewrite the kata library index in README.md from the katas' metadata."""

from __future__ import annotations

import re
import sys

from cli.main import markdown_index
from graders.kata import load_katas
from katagrad.settings import ROOT

BLOCK = re.compile(r"(<!-- katas:begin -->\n).*?(<!-- katas:end -->)", re.S)


def render() -> str:
    readme = (ROOT / "README.md").read_text()
    table = markdown_index(list(load_katas(ROOT / "katas").values()))
    return BLOCK.sub(lambda m: f"{m.group(1)}{table}\n{m.group(2)}", readme)


if __name__ == "__main__":
    new = render()
    if "--check" in sys.argv:
        sys.exit(0 if new == (ROOT / "README.md").read_text() else 1)
    (ROOT / "README.md").write_text(new)
