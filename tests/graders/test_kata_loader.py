"""Loading kata folders: every malformed folder fails with the file and field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graders.kata import Difficulty, Framework, Stage, find_kata, load_kata, load_katas
from katagrad.errors import KataFormatError, KataNotFound
from katagrad.settings import ROOT
from sandbox.limits import Limits


def _edit_toml(folder: Path, old: str, new: str) -> None:
    p = folder / "kata.toml"
    text = p.read_text()
    assert old in text, old
    p.write_text(text.replace(old, new, 1))


def test_loads_the_exemplar() -> None:
    kata = load_kata(ROOT / "katas" / "attention-numpy")
    assert kata.id == "attention-numpy"
    assert kata.difficulty is Difficulty.MEDIUM
    assert kata.framework is Framework.NUMPY
    assert kata.stage is Stage.IMPLEMENT
    assert "softmax" in kata.defines
    assert "torch" in kata.forbidden_modules
    assert kata.limits.cpu_s == 10 and kata.limits.memory_mb == 1024
    assert len(kata.mutants) >= 3
    assert "raise NotImplementedError" in kata.stub


def test_library_ids_are_unique_and_sorted() -> None:
    katas = load_katas(ROOT / "katas")
    assert list(katas) == sorted(katas)


@pytest.mark.parametrize(("old", "new", "field", "problem"), [
    ('difficulty = "medium"', 'difficulty = "brutal"', "difficulty", "is not one of"),
    ('framework = "numpy"', 'framework = "jax"', "framework", "is not one of"),
    ('stage = "implement"', 'stage = 3', "stage", "is not one of"),
    ('title = "Scaled dot-product attention in NumPy"', 'title = ""', "title", "non-empty"),
    ('topics = [', 'topics = [1, ', "topics", "list of non-empty strings"),
    ("cpu_s = 10", "cpu_s = -1", "limits.cpu_s", "positive"),
    ("memory_mb = 1024", "memory_mb = 1.5", "limits.memory_mb", "positive integer"),
    ("cpu_s = 10", "cpu_s = 10\ngpu = 1", "limits.gpu", "unknown field"),
    ('stage = "implement"', 'stage = "implement"\ncolour = "red"', "colour", "unknown field"),
    ('id = "attention-numpy"', 'id = "other-kata"', "id", "does not match folder"),
    ('id = "attention-numpy"', 'id = "Attention_NumPy"', "id", "lowercase"),
])
def test_malformed_field_is_named(kata_dir: Path, old, new, field, problem) -> None:
    _edit_toml(kata_dir, old, new)
    with pytest.raises(KataFormatError) as err:
        load_kata(kata_dir)
    assert err.value.file == "attention-numpy/kata.toml"
    assert err.value.field == field
    assert problem in str(err.value)


def test_missing_required_field(kata_dir: Path) -> None:
    _edit_toml(kata_dir, 'framework = "numpy"\n', "")
    with pytest.raises(KataFormatError, match=r"kata.toml: framework: is required"):
        load_kata(kata_dir)


def test_invalid_toml_names_the_file(kata_dir: Path) -> None:
    (kata_dir / "kata.toml").write_text("id = \n")
    with pytest.raises(KataFormatError, match=r"attention-numpy/kata.toml: not valid TOML"):
        load_kata(kata_dir)


@pytest.mark.parametrize("name", ["statement.md", "stub.py", "reference.py", "checks.py"])
def test_missing_file_is_named(kata_dir: Path, name: str) -> None:
    (kata_dir / name).unlink()
    with pytest.raises(KataFormatError, match=rf"attention-numpy/{name}: file is missing"):
        load_kata(kata_dir)


def test_too_few_mutants(kata_dir: Path) -> None:
    for m in sorted((kata_dir / "mutants").glob("*.py"))[2:]:
        m.unlink()
    with pytest.raises(KataFormatError, match=r"mutants: needs at least 3"):
        load_kata(kata_dir)


def test_torch_kata_cannot_forbid_torch(kata_dir: Path) -> None:
    _edit_toml(kata_dir, 'framework = "numpy"', 'framework = "torch"')
    with pytest.raises(KataFormatError) as err:
        load_kata(kata_dir)
    assert err.value.field == "forbid.modules"


def test_find_kata_unknown_and_path_like_ids(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "katas" / "attention-numpy", tmp_path / "attention-numpy")
    assert find_kata(tmp_path, "attention-numpy").id == "attention-numpy"
    for bad in ("nope", "../attention-numpy", "attention-numpy/..", "", "ATTENTION-NUMPY"):
        with pytest.raises(KataNotFound):
            find_kata(tmp_path, bad)


def test_limits_are_lowered_never_raised() -> None:
    kata = Limits(cpu_s=100, wall_s=5, memory_mb=8192, processes=4)
    cap = Limits(cpu_s=10, wall_s=60, memory_mb=2048, processes=64)
    got = kata.within(cap)
    assert (got.cpu_s, got.wall_s, got.memory_mb, got.processes) == (10, 5, 2048, 4)
