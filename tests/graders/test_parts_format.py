"""Follow-up parts in the kata format: loading, keys, the code a part starts from, and
every malformed part folder failing with its file and field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graders.kata import load_kata, load_katas
from graders.parts import every_part, find_part, part_of, split_key, starting_code
from katagrad.errors import KataFormatError, KataNotFound
from katagrad.settings import ROOT

KATA = ROOT / "katas" / "attention-steps"


def test_a_part_is_a_kata_that_shares_its_kata_s_settings() -> None:
    kata = load_kata(KATA)
    assert [p.key for p in every_part(kata)] == ["attention-steps", "attention-steps@2"]
    two = kata.parts[0]
    assert (two.id, two.part, two.parts) == ("attention-steps", 2, ())
    assert two.defines == ("softmax", "attention", "causal_attention")
    assert two.framework is kata.framework and two.limits == kata.limits
    assert two.forbidden_modules == kata.forbidden_modules
    assert "causal" in two.statement and "def causal_attention" in two.stub
    assert two.reference_path == KATA / "parts" / "2" / "reference.py"
    assert len(two.mutants) >= 3 and all("parts/2/mutants" in str(m) for m in two.mutants)
    # part 2 starts from part 1's reference with part 2's stub appended
    start = starting_code(two)
    assert start.startswith((KATA / "reference.py").read_text().rstrip())
    assert start.rstrip().endswith("raise NotImplementedError")
    assert starting_code(kata) == kata.stub


def test_keys() -> None:
    assert split_key("attention-steps") == ("attention-steps", 1)
    assert split_key("attention-steps@2") == ("attention-steps", 2)
    for bad in ("attention-steps@0", "attention-steps@x", "@2", "a@2@3"):
        with pytest.raises(KataNotFound):
            split_key(bad)
    assert find_part(ROOT / "katas", "attention-steps@2").part == 2
    with pytest.raises(KataNotFound):
        find_part(ROOT / "katas", "attention-steps@3")
    with pytest.raises(KataNotFound):
        part_of(load_kata(ROOT / "katas" / "attention-numpy"), 2)


def test_the_library_has_katas_with_parts() -> None:
    katas = load_katas(ROOT / "katas")
    assert sum(len(k.parts) >= 1 for k in katas.values()) >= 3
    assert "attention-steps@2" not in katas  # parts hang off their kata


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "attention-steps"
    shutil.copytree(KATA, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _fails(folder: Path, where: str, problem: str) -> None:
    with pytest.raises(KataFormatError) as err:
        load_kata(folder)
    assert where in str(err.value) and problem in str(err.value), str(err.value)


def test_part_folders_are_numbered_from_2_without_gaps(copy: Path) -> None:
    (copy / "parts" / "2").rename(copy / "parts" / "3")
    _fails(copy, "attention-steps/parts", "found 3")


def test_a_part_needs_every_file(copy: Path) -> None:
    (copy / "parts" / "2" / "checks.py").unlink()
    _fails(copy, "attention-steps/parts/2/checks.py", "file is missing")


def test_a_part_needs_three_mutants(copy: Path) -> None:
    for m in sorted((copy / "parts" / "2" / "mutants").glob("*.py"))[1:]:
        m.unlink()
    _fails(copy, "attention-steps/parts/2/mutants", "at least 3")


def test_part_toml_fields_are_checked(copy: Path) -> None:
    toml = copy / "parts" / "2" / "part.toml"
    toml.write_text(toml.read_text() + 'difficulty = "hard"\n')
    _fails(copy, "parts/2/part.toml: difficulty", "unknown field")
    toml.write_text('title = "x"\n')
    _fails(copy, "parts/2/part.toml: defines", "is required")


def test_a_part_may_override_limits(copy: Path) -> None:
    toml = copy / "parts" / "2" / "part.toml"
    toml.write_text(toml.read_text() + "\n[limits]\nwall_s = 7\n")
    two = load_kata(copy).parts[0]
    assert two.limits.wall_s == 7 and two.limits.cpu_s == load_kata(copy).limits.cpu_s
