"""The paths a host without cgroups takes, and the torch runtime: rlimits alone still let
NumPy and torch import and run, still stop a memory bomb, and a torch kata masks nothing it
needs while a NumPy kata cannot reach torch."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.scaffold import write
from graders.grade import Mode, grade
from graders.kata import Kata, load_kata
from katagrad.settings import Settings
from sandbox.bwrap import BwrapSandbox

TORCH_SCALE = "import torch\n\n\ndef scale(x, a):\n    return a * torch.as_tensor(x).numpy()\n"
MEMORY_BOMB = ("hog = []\n\n\ndef scale(x, a):\n"
               "    while True:\n        hog.append(bytearray(1 << 24))\n")


@pytest.fixture(scope="module")
def torch_kata(tmp_path_factory: pytest.TempPathFactory) -> Kata:
    folder = tmp_path_factory.mktemp("katas") / "tiny-torch"
    write(folder, "tiny-torch", "torch")
    return load_kata(folder)


@pytest.fixture(scope="module")
def numpy_kata(tmp_path_factory: pytest.TempPathFactory) -> Kata:
    folder = tmp_path_factory.mktemp("katas") / "tiny-numpy"
    write(folder, "tiny-numpy", "numpy")
    return load_kata(folder)


def rlimits_only(settings: Settings) -> BwrapSandbox:
    backend = BwrapSandbox(settings.model_copy(update={"max_cpu_s": 20.0, "max_wall_s": 40.0,
                                                       "max_memory_mb": 1024}))
    backend.cgroups = None
    return backend


def test_torch_imports_and_runs_under_rlimits_alone(torch_kata, small_settings) -> None:
    backend = rlimits_only(small_settings)
    report = grade(torch_kata, TORCH_SCALE, sandbox=backend, settings=backend.settings,
                   mode=Mode.SUBMIT)
    assert report.score == 1.0, report.to_json()


def test_memory_bomb_is_stopped_under_rlimits_alone(numpy_kata, small_settings) -> None:
    backend = rlimits_only(small_settings)
    report = grade(numpy_kata, MEMORY_BOMB, sandbox=backend, settings=backend.settings,
                   mode=Mode.SUBMIT)
    assert report.score == 0.0
    assert "MemoryError" in "\n".join(t.message for t in report.tests), report.to_json()


def test_numpy_kata_cannot_reach_torch(numpy_kata, small_sandbox, small_settings) -> None:
    code = ('name = "tor" + "ch"\n\n\ndef scale(x, a):\n'
            '    return __import__(name).as_tensor(x).numpy() * a\n')
    report = grade(numpy_kata, code, sandbox=small_sandbox, settings=small_settings)
    assert report.score == 0.0
    assert "torch is not available in this kata" in report.tests[0].message


def test_hostile_files_are_python(tmp_path: Path) -> None:
    for f in (Path(__file__).parent / "hostile").glob("*.py"):
        compile(f.read_text(), str(f), "exec")
