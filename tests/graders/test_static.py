"""The static phase refuses oversize, unparsable and forbidden code with a clear message."""

from __future__ import annotations

import dataclasses

import pytest

from graders.kata import Framework, Kata, load_kata
from graders.static import inspect_code
from katagrad.settings import ROOT


@pytest.fixture()
def numpy_kata() -> Kata:
    return load_kata(ROOT / "katas" / "attention-numpy")


@pytest.fixture()
def torch_kata(numpy_kata) -> Kata:
    return dataclasses.replace(
        numpy_kata, framework=Framework.TORCH, forbidden_modules=("jax",),
        forbidden_apis=("torch.distributions", "torch.nn.functional.kl_div"))


def test_clean_code_passes(numpy_kata) -> None:
    code = "import numpy as np\n\ndef softmax(x):\n    return x\n"
    assert inspect_code(code, numpy_kata, 10_000) is None


def test_size_limit(numpy_kata) -> None:
    r = inspect_code("x = 1\n" * 1000, numpy_kata, 100)
    assert r is not None and "over the 100-byte limit" in r.message


def test_syntax_error_names_line_and_column(numpy_kata) -> None:
    r = inspect_code("import numpy as np\n\ndef f(:\n    pass\n", numpy_kata, 10_000)
    assert r is not None and r.line == 3 and r.message.startswith("syntax error at line 3")


def test_nul_bytes(numpy_kata) -> None:
    r = inspect_code("x = 1\x00\n", numpy_kata, 10_000)
    assert r is not None and "NUL" in r.message


@pytest.mark.parametrize("code", [
    "import torch",
    "import torch.nn as nn",
    "from torch import nn",
    "from torch.nn import functional as F",
    "import numpy, jax",
    "x = __import__('torch')",
    "import importlib\nm = importlib.import_module('tensorflow')",
])
def test_forbidden_module(numpy_kata, code: str) -> None:
    r = inspect_code(code + "\n", numpy_kata, 10_000)
    assert r is not None and "is not allowed in this kata (numpy only)" in r.message
    assert r.message.startswith("line ")


@pytest.mark.parametrize("code", [
    "import torch\nd = torch.distributions.Normal(0, 1)",
    "import torch.distributions as D\nD.Normal",
    "from torch.distributions import Normal",
    "from torch.distributions.kl import kl_divergence",
    "import torch.nn.functional as F\ny = F.kl_div(a, b)",
    "from torch.nn import functional\nfunctional.kl_div(a, b)",
    "from torch.nn.functional import kl_div as kd\nkd(a, b)",
])
def test_forbidden_api_through_aliases(torch_kata, code: str) -> None:
    r = inspect_code(code + "\n", torch_kata, 10_000)
    assert r is not None and "is not allowed in this kata: implement it yourself" in r.message


def test_allowed_torch_use(torch_kata) -> None:
    code = "import torch\nimport torch.nn.functional as F\ny = F.binary_cross_entropy_with_logits\n"
    assert inspect_code(code, torch_kata, 10_000) is None


def test_obfuscated_import_is_left_to_the_sandbox(numpy_kata) -> None:
    # The AST cannot see through string arithmetic; the box has no torch (see test_grade.py).
    assert inspect_code("m = __import__('tor' + 'ch')\n", numpy_kata, 10_000) is None
