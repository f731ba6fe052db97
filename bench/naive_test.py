"""The naive peer: the kata's checks run by pytest inside the candidate's own process.

What Exercism, Codewars or Otter do: a fresh `python -m pytest` per submission, the tests
importing the solution directly, no sandbox. Same checks and the same work as katagrad's,
so the benchmark compares only how they are run.

    KATA=attention-numpy SOLUTION=path/to/solution.py python -m pytest -q bench/naive_test.py
"""

from __future__ import annotations

import importlib.util
import os
import secrets

import numpy as np
import pytest

from graders.context import importable
from graders.kata import find_kata
from graders.kit import Call, CallError, Trial
from graders.loading import kata_code
from katagrad.settings import ROOT

KATA = find_kata(ROOT / "katas", os.environ["KATA"])
CODE = kata_code(KATA)
SEED = secrets.randbits(62)


def _solution():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("solution", os.environ["SOLUTION"])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# An extend-a-paper kata's solution imports the paper's code (`from model import ...`): the
# kata's own read-only copy, as the box has beside solution.py.
_CONTEXT = importable(KATA.path, KATA.context)
_CONTEXT.__enter__()
SOLUTION = _solution()


def _call(c: Call):  # type: ignore[no-untyped-def]
    try:
        if c.target.startswith("harness:"):
            return getattr(CODE.harness, c.target[8:])(SOLUTION, *c.args, **c.kwargs)
        return getattr(SOLUTION, c.target)(*c.args, **c.kwargs)
    except Exception as exc:  # a call the check expects to raise gets what the box would send
        if not c.errors_ok:
            raise
        return CallError(type(exc).__name__, str(exc))


@pytest.mark.parametrize("index", range(len(CODE.checks)), ids=[c.name for c in CODE.checks])
def test_check(index: int) -> None:
    spec = CODE.checks[index]
    trial = Trial(rng=np.random.default_rng([SEED, index]), seed=SEED, ref=CODE.reference,
                  harness=CODE.harness, visible=spec.visible, variant=CODE.variant)
    gen = spec.fn(trial)
    first = next(gen)
    calls = [first] if isinstance(first, Call) else list(first)
    results = [_call(c) for c in calls]
    with pytest.raises(StopIteration):
        gen.send(results[0] if isinstance(first, Call) else results)
