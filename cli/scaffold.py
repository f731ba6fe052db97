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


def write(target: Path, kata_id: str, framework: str) -> None:
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
