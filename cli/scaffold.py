"""`katagrad new`: a kata folder with every file, which validates as generated."""

from __future__ import annotations

from pathlib import Path

KATA_TOML = '''id = "{id}"
title = "{title}"
difficulty = "easy"
topics = ["replace-me"]
framework = "{framework}"
stage = "implement"   # implement | debug | extend | theory
defines = ["scale"]

[limits]
cpu_s = 10
wall_s = 20
memory_mb = 1024

[forbid]
modules = [{forbid}]
apis = []
'''

STATEMENT = '''# {title}

State the task and the maths a candidate needs, e.g. $y = a x$.

## `scale(x, a) -> ndarray`

Return `a * x` elementwise.
'''

STUB = '''import numpy as np


def scale(x, a):
    """Return a * x."""
    raise NotImplementedError
'''

REFERENCE = '''import numpy as np


def scale(x, a):
    return a * np.asarray(x, dtype=np.float64)
'''

CHECKS = '''"""Checks for {id}. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check


@check(points=1, visible=True)
def worked_example(t):
    """scale([1, 2, 3], 2) == [2, 4, 6]."""
    x = np.array([1.0, 2.0, 3.0])
    got = yield t.call("scale", x, 2.0)
    t.close(got, t.ref.scale(x, 2.0), what="scale(x, 2)")


@check(points=2)
def random_inputs(t):
    """A random (4, 5) array and factor."""
    x = t.rng.standard_normal((4, 5))
    a = float(t.rng.uniform(-3, 3))
    got = yield t.call("scale", x, a)
    t.close(got, t.ref.scale(x, a), what="scale(x, a)",
            bugs={{"added a instead of multiplying": x + a}})
'''

MUTANTS = {
    "adds.py": "import numpy as np\n\n\ndef scale(x, a):\n    return x + a\n",
    "ignores_factor.py":
        "import numpy as np\n\n\ndef scale(x, a):\n    return np.asarray(x) * 2.0\n",
    "returns_list.py": "def scale(x, a):\n    return [a * v for v in x]\n",
}


PART_TOML = '''title = "Part 2: now add an offset"
defines = ["shift"]     # the names part 2 adds; part 1's `defines` still apply

# [limits] may override part 1's limits for this part
'''

PART_STATEMENT = '''# Part 2: now add an offset

Keep `scale` from part 1 and add:

## `shift(x, a, b) -> ndarray`

Return `scale(x, a) + b` elementwise, float64, compared with a relative tolerance of `1e-5`.
'''

PART_STUB = '''def shift(x, a, b):
    """Return a * x + b."""
    raise NotImplementedError
'''

PART_REFERENCE = REFERENCE + '''

def shift(x, a, b):
    return scale(x, a) + b
'''

PART_CHECKS = '''"""Checks for {id}, part 2. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check


@check(points=1, visible=True)
def worked_example(t):
    """shift([1, 2, 3], 2, 1) == [3, 5, 7]."""
    x = np.array([1.0, 2.0, 3.0])
    got = yield t.call("shift", x, 2.0, 1.0)
    t.close(got, t.ref.shift(x, 2.0, 1.0), what="shift(x, 2, 1)")


@check(points=2)
def random_inputs(t):
    """A random (4, 5) array, factor and offset."""
    x = t.rng.standard_normal((4, 5))
    a, b = (float(v) for v in t.rng.uniform(-3, 3, size=2))
    got = yield t.call("shift", x, a, b)
    t.close(got, t.ref.shift(x, a, b), what="shift(x, a, b)",
            bugs={{"offset subtracted instead of added": a * x - b}})
'''

PART_MUTANTS = {
    "subtracts.py": REFERENCE + "\n\ndef shift(x, a, b):\n    return scale(x, a) - b\n",
    "ignores_offset.py": REFERENCE + "\n\ndef shift(x, a, b):\n    return scale(x, a)\n",
    "offset_first.py": REFERENCE + "\n\ndef shift(x, a, b):\n    return scale(x + b, a)\n",
}
FORMATS = ("code", "tests", "parts", "extend")  # `katagrad new --format`


def write(target: Path, kata_id: str, framework: str, format: str = "code") -> None:
    """Create `target` as a complete kata named `kata_id`."""
    title = kata_id.replace("-", " ").capitalize()
    forbid = '"jax", "tensorflow"' + ('' if framework == "torch" else ', "torch"')
    fields = {"id": kata_id, "title": title, "framework": framework, "forbid": forbid}
    (target / "mutants").mkdir(parents=True)
    (target / "kata.toml").write_text(KATA_TOML.format(**fields))
    (target / "statement.md").write_text(STATEMENT.format(**fields))
    (target / "stub.py").write_text(STUB)
    (target / "reference.py").write_text(REFERENCE)
    (target / "checks.py").write_text(CHECKS.format(**fields))
    for name, code in MUTANTS.items():
        (target / "mutants" / name).write_text(code)
    if format == "parts":
        _write_part(target / "parts" / "2", fields)


def _write_part(folder: Path, fields: dict[str, str]) -> None:
    """A follow-up part 2 (graders/parts.py) that validates as generated."""
    (folder / "mutants").mkdir(parents=True)
    (folder / "part.toml").write_text(PART_TOML)
    (folder / "statement.md").write_text(PART_STATEMENT)
    (folder / "stub.py").write_text(PART_STUB)
    (folder / "reference.py").write_text(PART_REFERENCE)
    (folder / "checks.py").write_text(PART_CHECKS.format(**fields))
    for name, code in PART_MUTANTS.items():
        (folder / "mutants" / name).write_text(code)


# -- `katagrad new --format tests`: a write-the-tests kata (graders/testwrite.py) ---------------

TESTS_TOML = '''id = "{id}"
title = "{title}"
difficulty = "easy"
topics = ["testing"]
framework = "{framework}"
stage = "implement"
format = "tests"   # the candidate writes tests; mutants/ are the bugs they must catch
defines = ["scale"]

[limits]
cpu_s = 10
wall_s = 20
memory_mb = 1024

[forbid]
modules = [{forbid}, "dis", "marshal", "ctypes", "gc"]
apis = []
'''

TESTS_STATEMENT = '''# {title}

Write pytest-style tests (top-level `def test_...():`, plain `assert`, `pytest.approx`,
`pytest.raises`) for the function below; import it with `from impl import scale`.

## `scale(x, a) -> ndarray`

Returns `a * x` elementwise as a float64 NumPy array of the shape of `x`.

Your tests run on correct implementations and on buggy ones; you score the share of bugs
that at least one test catches, provided every test passes on every correct one.
'''

TESTS_STUB = '''import numpy as np
import pytest
from impl import scale


def test_scale_by_one():
    assert scale(np.array([1.0, 2.0]), 1.0) == pytest.approx([1.0, 2.0])
'''

TESTS_SUITE = '''"""The kata's own tests: every correct one passes them, every mutant fails one."""

import numpy as np
import pytest
from impl import scale


def test_values():
    x = np.random.standard_normal((4, 5))
    assert scale(x, 3.0) == pytest.approx(3.0 * x)


def test_returns_an_array_of_the_input_shape():
    out = scale(np.ones((2, 3)), 0.5)
    assert isinstance(out, np.ndarray) and out.shape == (2, 3)
'''

TESTS_CORRECT = '''"""A correct implementation written differently."""

import numpy as np


def scale(x, a):
    return np.multiply(np.asarray(x, dtype=np.float64), float(a))
'''

TESTS_MUTANTS = {
    "adds.py": '"""adds a instead of multiplying"""\n\nimport numpy as np\n\n\n'
               'def scale(x, a):\n    return np.asarray(x, dtype=np.float64) + a\n',
    "ignores_factor.py": '"""always scales by 2"""\n\nimport numpy as np\n\n\n'
                         'def scale(x, a):\n    return np.asarray(x, dtype=np.float64) * 2.0\n',
    "returns_list.py": '"""returns a list, not an array"""\n\n\n'
                       'def scale(x, a):\n    return [a * v for v in x]\n',
}

TESTS_WEAK = {
    "scale_by_two_only.py": '"""Too weak: only a = 2, which one mutant gets right by luck."""'
                            '\n\nimport numpy as np\nimport pytest\nfrom impl import scale\n\n\n'
                            'def test_double():\n    x = np.array([1.0, 2.0])\n'
                            '    assert scale(x, 2.0) == pytest.approx([2.0, 4.0])\n',
}


def write_tests(target: Path, kata_id: str, framework: str) -> None:
    """Create `target` as a complete write-the-tests kata named `kata_id`."""
    title = "Write the tests: " + kata_id.replace("-", " ")
    forbid = '"jax", "tensorflow"' + ('' if framework == "torch" else ', "torch"')
    fields = {"id": kata_id, "title": title, "framework": framework, "forbid": forbid}
    for sub in ("mutants", "correct", "weak"):
        (target / sub).mkdir(parents=True)
    (target / "kata.toml").write_text(TESTS_TOML.format(**fields))
    (target / "statement.md").write_text(TESTS_STATEMENT.format(**fields))
    (target / "stub.py").write_text(TESTS_STUB)
    (target / "suite.py").write_text(TESTS_SUITE)
    (target / "reference.py").write_text(REFERENCE)
    (target / "correct" / "multiply.py").write_text(TESTS_CORRECT)
    for name, code in TESTS_MUTANTS.items():
        (target / "mutants" / name).write_text(code)
    for name, code in TESTS_WEAK.items():
        (target / "weak" / name).write_text(code)
