"""Kata variants (graders/variants.py): the loader's errors for a malformed [variants], what
a variant renders, how practice and rounds choose one, and that a copied answer fails."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from graders import variants
from graders.grade import Mode, grade
from graders.kata import Kata, load_kata
from graders.loading import kata_code
from graders.oracle import mutants
from graders.validate import subjects
from katagrad.errors import KataFormatError
from katagrad.settings import Settings

KATA = "gaussian-kl"  # variants: first (KL(N1 || N2)) and second (KL(N2 || N1))
BASE_VARIANTS = '''
[variants.first]
title = "KL(N1 || N2)"
KL_UNDER = "first"
KL_RETURNED = "KL(N1 || N2)"
KL_STUB = "KL(N1 || N2)"
EXAMPLE = "1.3069"

[variants.second]
title = "KL(N2 || N1)"
KL_UNDER = "second"
KL_RETURNED = "KL(N2 || N1)"
KL_STUB = "KL(N2 || N1)"
EXAMPLE = "0.8181"
'''


@pytest.fixture()
def variant_dir(tmp_path: Path) -> Path:
    """A writable copy of a kata with variants, its [variants] replaced by BASE_VARIANTS."""
    from katagrad.settings import ROOT

    target = tmp_path / KATA
    shutil.copytree(ROOT / "katas" / KATA, target)
    toml = (target / "kata.toml").read_text()
    (target / "kata.toml").write_text(toml[:toml.index("[variants.")] + BASE_VARIANTS)
    return target


def _with_variants(folder: Path, text: str) -> Path:
    """[variants] replaced by `text`: tables at the end, a plain key at the top."""
    toml = (folder / "kata.toml").read_text()
    toml = toml[:toml.index("[variants.")]
    (folder / "kata.toml").write_text(toml + text if text.startswith("[") else text + toml)
    return folder


def test_a_kata_loads_as_its_first_variant(variant_dir: Path) -> None:
    kata = load_kata(variant_dir)
    assert variants.names(kata) == ("first", "second")
    assert kata.variant is not None and kata.variant.name == "first"
    assert "KL(N1 || N2)" in kata.statement and "{{" not in kata.statement
    second = variants.pick(kata, "second")
    assert second.variant is not None and second.variant.name == "second"
    assert "KL(N2 || N1)" in second.statement and "KL(N2 || N1)" in second.stub
    assert "0.8181" in second.statement and "{{" not in second.stub
    assert variants.pick(second, "first").statement == kata.statement
    assert variants.pick(kata, None) is kata and variants.pick(kata, "") is kata


def test_a_kata_without_variants_is_unchanged(katas: dict[str, Kata]) -> None:
    kata = katas["attention-numpy"]
    assert kata.variants == () and kata.variant is None
    assert variants.for_client(kata, "anyone") is None and variants.draw(kata) is None
    assert variants.pick(kata, None) is kata
    assert variants.source(kata, "x = 1\n") == "x = 1\n"
    assert kata_code(kata).variant == {}


@pytest.mark.parametrize(("text", "field", "problem"), [
    ('[variants.only]\ntitle = "t"\nKL_UNDER = "first"\n', "variants", "at least two"),
    ('[variants.a]\ntitle = "t"\nkl_under = "first"\n[variants.b]\ntitle = "u"\n'
     'kl_under = "second"\n', "variants.a.kl_under", "UPPER_CASE"),
    ('[variants.a]\ntitle = "t"\nKL_UNDER = "first"\n[variants.b]\ntitle = "u"\n'
     'OTHER = "second"\n', "variants", "same values"),
    ('[variants.a]\ntitle = "t"\nKL_UNDER = "first"\n[variants.b]\ntitle = "u"\n'
     'KL_UNDER = "first"\n', "variants.b", "same values as 'a'"),
    ('[variants.a]\nKL_UNDER = "first"\n[variants.b]\ntitle = "u"\nKL_UNDER = "second"\n',
     "variants.a.title", "non-empty string"),
    ('[variants.a]\ntitle = "t"\nKL_UNDER = [1]\n[variants.b]\ntitle = "u"\nKL_UNDER = "s"\n',
     "variants.a.KL_UNDER", "a string, a number or a boolean"),
    ('[variants.Bad-Name]\ntitle = "t"\nKL_UNDER = "a"\n[variants.b]\ntitle = "u"\n'
     'KL_UNDER = "s"\n', "variants.Bad-Name", "lowercase"),
    ('[variants.a]\ntitle = "t"\n[variants.b]\ntitle = "u"\n', "variants",
     "at least one value"),
    ('variants = 3\n', "variants", "table"),
])
def test_malformed_variants_are_refused(variant_dir: Path, text: str, field: str,
                                        problem: str) -> None:
    _with_variants(variant_dir, text)
    with pytest.raises(KataFormatError) as err:
        load_kata(variant_dir)
    assert err.value.field == field and problem in err.value.problem, str(err.value)


def test_a_placeholder_no_variant_sets_is_refused(variant_dir: Path) -> None:
    (variant_dir / "stub.py").write_text("def kl_diag_gaussians():\n    '''{{NOPE}}'''\n")
    with pytest.raises(KataFormatError) as err:
        load_kata(variant_dir)
    assert err.value.file == f"{KATA}/stub.py" and "{{NOPE}}" in err.value.problem


def test_practice_variant_is_stable_per_client(katas: dict[str, Kata]) -> None:
    kata = katas[KATA]
    assert all(variants.for_client(kata, "client-7") == variants.for_client(kata, "client-7")
               for _ in range(5))
    seen = Counter(variants.for_client(kata, f"client-{i}") for i in range(400))
    assert set(seen) == {"first", "second"} and min(seen.values()) > 120, seen
    # a client's variant of one kata says nothing of its variant of another
    other = katas["rope-embeddings"]
    pairs = Counter((variants.for_client(kata, f"c{i}"), variants.for_client(other, f"c{i}"))
                    for i in range(400))
    assert len(pairs) == 4


def test_a_round_draws_every_variant(katas: dict[str, Kata]) -> None:
    kata = katas[KATA]
    assert {variants.draw(kata) for _ in range(200)} == {"first", "second"}


def test_trusted_code_is_bound_to_the_variant(katas: dict[str, Kata]) -> None:
    kata = katas[KATA]
    second = variants.pick(kata, "second")
    kc1, kc2 = kata_code(kata), kata_code(second)
    assert kc1.reference.KL_UNDER == "first" and kc2.reference.KL_UNDER == "second"
    assert kc2.variant["KL_UNDER"] == "second"
    import numpy as np

    args = (np.array([1.0, 0.0]), np.array([0.0, np.log(4.0)]), np.zeros(2), np.zeros(2))
    assert kc1.reference.kl_diag_gaussians(*args) == pytest.approx(1.5 - np.log(2) + 0.5)
    assert kc2.reference.kl_diag_gaussians(*args) == pytest.approx(np.log(2) + 1 / 8)
    assert {m.module.KL_UNDER for m in mutants(second) if m.module} == {"second"}
    code = variants.source(second, kata.reference_path.read_text())
    assert code.rstrip().endswith("KL_UNDER = 'second'")


def test_validate_lists_every_variant_and_each_cross(katas: dict[str, Kata]) -> None:
    kata = katas[KATA]
    names = [s.name for s in subjects(kata)]
    for v in ("first", "second"):
        assert {f"reference@{v}", f"stub@{v}"} <= set(names)
        assert sum(n.startswith("mutant:") and n.endswith(f"@{v}") for n in names) == \
            len(kata.mutants)
    assert [n for n in names if n.startswith("cross:")] == ["cross:first->second",
                                                            "cross:second->first"]
    cross = next(s for s in subjects(kata) if s.name == "cross:first->second")
    assert cross.role == "cross" and not cross.correct
    assert cross.kata.variant is not None and cross.kata.variant.name == "second"
    assert "KL_UNDER = 'first'" in cross.code


@pytest.mark.parametrize("kata_id", ["gaussian-kl", "mutual-information"])
def test_a_copied_answer_fails_another_variant(kata_id: str, katas: dict[str, Kata], sandbox,
                                               settings: Settings) -> None:
    kata = katas[kata_id]
    a, b = (variants.pick(kata, v.name) for v in kata.variants[:2])
    answer_a = variants.source(a, kata.reference_path.read_text())
    mine = grade(a, answer_a, sandbox=sandbox, settings=settings, mode=Mode.SUBMIT, seed=11)
    copied = grade(b, answer_a, sandbox=sandbox, settings=settings, mode=Mode.SUBMIT, seed=11)
    assert mine.score == 1.0, [t.message for t in mine.tests]
    assert copied.score < 1.0 and not copied.passed


def test_the_oracle_runs_mutants_of_the_graded_variant(katas: dict[str, Kata], sandbox,
                                                       settings: Settings) -> None:
    """A mistake made in the second variant is named: the mutants replay as that variant."""
    second = variants.pick(katas[KATA], "second")
    mutant = next(m for m in second.mutants if m.stem == "missing_half")
    report = grade(second, variants.source(second, mutant.read_text()), sandbox=sandbox,
                   settings=settings, mode=Mode.SUBMIT, seed=3)
    assert report.score < 1.0
    assert report.message.startswith("Your results equal a known mistake: no 1/2 in front")


def test_junit_names_each_subject_variant() -> None:
    from xml.etree import ElementTree as ET

    from graders.validate import Verdict, junit_xml

    verdicts = [Verdict(KATA, "reference@second", True, 1.0, "ok", 0.1, 4, 4),
                Verdict(KATA, "cross:first->second", True, 0.2, "fails", 0.1, 4, 4),
                Verdict("attention-numpy", "reference", True, 1.0, "ok", 0.1, 4, 4)]
    root = ET.fromstring(junit_xml(verdicts))
    found = {case.get("name"): {p.get("name"): p.get("value") for p in case.iter("property")}
             for case in root.iter("testcase")}
    assert found["reference@second"]["variant"] == "second"
    assert found["cross:first->second"]["variant"] == "first->second"
    assert found["reference"]["variant"] == ""
