"""Read-only context files (graders/context.py): what kata.toml may declare, and how the
trusted side imports each kata's own copy."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from graders.context import box_files, importable, load_context
from graders.kata import load_kata
from katagrad.errors import KataFormatError
from katagrad.settings import ROOT


def _folder(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    folder = tmp_path / name
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


def test_declared_files_load_in_order(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "k", {"context/model.py": "A = 1\n", "context/train.py": "B = 2\n"})
    files = load_context(folder, ("context/train.py", "context/model.py"), "k/kata.toml")
    assert [(f.name, f.module, f.text) for f in files] == [
        ("train.py", "train", "B = 2\n"), ("model.py", "model", "A = 1\n")]
    assert box_files(files) == {"code/train.py": b"B = 2\n", "code/model.py": b"A = 1\n"}


@pytest.mark.parametrize(("declared", "problem"), [
    (("model.py",), "context/ folder"),
    (("context/../reference.py",), "context/ folder"),
    (("context/model.txt",), "context/ folder"),
    (("context/solution.py",), "cannot be a module name"),
    (("context/wire.py",), "cannot be a module name"),
    (("context/json.py",), "cannot be a module name"),
    (("context/torch.py",), "cannot be a module name"),
    (("context/my-model.py",), "cannot be a module name"),
    (("context/model.py", "context/model.py"), "two files named"),
    (("context/absent.py",), "file is missing"),
])
def test_bad_declarations_are_refused(tmp_path: Path, declared: tuple[str, ...],
                                      problem: str) -> None:
    folder = _folder(tmp_path, "k", {f"context/{n}.py": "" for n in
                                     ("model", "solution", "wire", "json", "torch", "my-model")})
    with pytest.raises(KataFormatError, match=problem):
        load_context(folder, declared, "k/kata.toml")


def test_each_kata_imports_its_own_model_and_leaves_sys_modules_alone(tmp_path: Path) -> None:
    one = load_context(_folder(tmp_path, "one", {"context/model.py": "WHO = 'one'\n"}),
                       ("context/model.py",), "one/kata.toml")
    two = load_context(_folder(tmp_path, "two", {"context/model.py": "WHO = 'two'\n",
                                                 "context/train.py": "from model import WHO\n"}),
                       ("context/train.py", "context/model.py"), "two/kata.toml")
    before = sys.modules.get("model")
    with importable(tmp_path / "one", one):
        import model
        assert model.WHO == "one"
    with importable(tmp_path / "two", two):
        import model  # noqa: F811
        import train
        assert (model.WHO, train.WHO) == ("two", "two")
    assert sys.modules.get("model") is before and "train" not in sys.modules


def test_an_extend_kata_declares_its_paper_code() -> None:
    kata = load_kata(ROOT / "katas" / "residual-ablation")
    assert [f.name for f in kata.context] == ["model.py", "train.py"]
    assert load_kata(ROOT / "katas" / "attention-numpy").context == ()
