"""A kata's context files enter the box read-only beside the solution: importable, never
writable, on the cold bwrap path and the warm path alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from graders.grade import Mode, grade
from graders.kata import Kata, load_kata
from katagrad.settings import Settings
from sandbox.base import Sandbox

PAPER = "def scale(x):\n    return 2.0 * x\n"
CHECKS = '''from graders.kit import check


@check(visible=True)
def visible(t):
    got = yield t.call("f", 3.0)
    t.close(got, t.ref.f(3.0))


@check()
def hidden(t):
    got = yield t.call("f", 5.0)
    t.close(got, t.ref.f(5.0))
'''
# Tries to change the paper's code four ways at import, then reports what happened.
HOSTILE = '''import os
from paper import scale

ORIGINAL = {PAPER!r}

outcomes = []
for action in (lambda: open("/box/code/paper.py", "w"),
               lambda: open("/box/code/paper.py", "a"),
               lambda: os.remove("/box/code/paper.py"),
               lambda: os.chmod("/box/code/paper.py", 0o777),
               lambda: open("/box/code/evil.py", "w")):
    try:
        action()
        outcomes.append("done")
    except OSError as exc:
        outcomes.append(type(exc).__name__)


def f(x):
    text = open("/box/code/paper.py").read()
    raise RuntimeError(f"outcomes={','.join(outcomes)} intact={text == ORIGINAL} "
                       f"scale={scale(x)}")
'''.replace("{PAPER!r}", repr(PAPER))


@pytest.fixture(scope="module")
def paper_kata(tmp_path_factory: pytest.TempPathFactory) -> Kata:
    folder = tmp_path_factory.mktemp("katas") / "paper-context"
    (folder / "context").mkdir(parents=True)
    (folder / "mutants").mkdir()
    (folder / "context" / "paper.py").write_text(PAPER)
    (folder / "kata.toml").write_text(
        'id = "paper-context"\ntitle = "t"\ndifficulty = "easy"\ntopics = ["x"]\n'
        'framework = "numpy"\nstage = "extend"\ndefines = ["f"]\n'
        'context = ["context/paper.py"]\n[limits]\ncpu_s = 2\n')
    (folder / "statement.md").write_text("# t\n")
    (folder / "stub.py").write_text("def f(x):\n    raise NotImplementedError\n")
    (folder / "reference.py").write_text("from paper import scale\n\n\ndef f(x):\n"
                                         "    return scale(x) + 1\n")
    (folder / "checks.py").write_text(CHECKS)
    for i in range(3):
        (folder / "mutants" / f"m{i}.py").write_text(f"def f(x):\n    return {i}\n")
    return load_kata(folder)


def test_the_solution_imports_the_context(small_sandbox: Sandbox, small_settings: Settings,
                                          paper_kata: Kata) -> None:
    report = grade(paper_kata, paper_kata.reference_path.read_text(), sandbox=small_sandbox,
                   settings=small_settings)
    assert report.score == 1.0, report.message or [t.message for t in report.tests]


def test_the_context_cannot_be_overwritten(small_sandbox: Sandbox, small_settings: Settings,
                                           paper_kata: Kata) -> None:
    report = grade(paper_kata, HOSTILE, sandbox=small_sandbox, settings=small_settings,
                   mode=Mode.RUN)
    assert report.tests, report
    message = report.tests[0].message
    assert "outcomes=" in message, report.message or message
    outcomes = message.split("outcomes=")[1].split()[0].split(",")
    assert len(outcomes) == 5 and "done" not in outcomes, message
    assert "intact=True" in message and "scale=6.0" in message, message
    assert (Path(paper_kata.path) / "context" / "paper.py").read_text() == PAPER
