"""The README's promises: two Quick start commands, CI calling the test one, a current index."""

from __future__ import annotations

import re

from katagrad.settings import ROOT


def test_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    commands = [ln.split("#")[0].strip() for ln in block.group(1).splitlines() if ln.strip()]
    assert commands == ["bash scripts/start.sh", "bash scripts/test.sh"]
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_kata_index_is_current() -> None:
    import scripts.readme_index as index  # noqa: PLC0415

    assert index.render() == (ROOT / "README.md").read_text(), \
        "run: .venv/bin/python -m scripts.readme_index"
