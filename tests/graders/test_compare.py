"""Comparison diagnostics: exact type checks, shapes, NaNs, the worst element, named bugs."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from graders.compare import Fail, close
from sandbox.harness.wire import Unsupported

W = np.arange(12, dtype=np.float64).reshape(3, 4) / 7 + 0.5


def fails(got, want=W, **kw) -> Fail:
    with pytest.raises(Fail) as err:
        close(got, want, what="y", **kw)
    return err.value


def test_match_returns_error_diagnostics() -> None:
    diag = close(W + 1e-12, W, what="y")
    assert diag["max_abs_error"] < 1e-11 and diag["expected_shape"] == [3, 4]


def test_float32_answers_get_float32_tolerance() -> None:
    close((W * (1 + 3e-5)).astype(np.float32), W)
    f = fails(W * (1 + 3e-5))  # the same error in float64 is too much
    assert "differ" in f.message


@pytest.mark.parametrize(("got", "expected_type"), [
    (W.tolist(), "numpy.ndarray"), (torch.tensor(W), "numpy.ndarray"), (3.0, "numpy.ndarray"),
])
def test_wrong_container_type(got, expected_type) -> None:
    f = fails(got)
    assert f.message.startswith(f"y: expected a {expected_type}, got ")


def test_unsupported_value_is_never_compared() -> None:
    f = fails(Unsupported("mod.Liar", "a subclass of numpy.ndarray; return a plain numpy.ndarray"))
    assert "cannot be checked" in f.message and "subclass" in f.message


def test_shape_mismatch_with_transpose_hint() -> None:
    f = fails(W.T.copy())
    assert f.message == "y: shape (4, 3), expected (3, 4) (the last two axes look swapped)"
    assert f.diagnostics["bug"] == "wrong shape"


def test_integer_result_for_float_answer() -> None:
    assert "expected a floating-point result" in fails(W.astype(np.int64)).message


def test_nan_counts_and_first_index() -> None:
    g = W.copy()
    g[1, 2] = np.nan
    g[2, 0] = np.inf
    f = fails(g)
    assert f.diagnostics["nan_count"] == 1 and f.diagnostics["inf_count"] == 1
    assert f.diagnostics["first_bad_index"] == [1, 2]


def test_worst_element_reported_without_expected_value_when_hidden() -> None:
    g = W.copy()
    g[2, 1] += 0.25
    g[0, 0] += 0.01
    f = fails(g)
    assert f.diagnostics["worst_index"] == [2, 1]
    assert f.diagnostics["mismatched"] == 2
    assert abs(f.diagnostics["max_abs_error"] - 0.25) < 1e-12
    assert "expected_at_worst" not in f.diagnostics
    assert "at index (2, 1)" in f.message
    assert "expected_at_worst" in fails(g, reveal=True).diagnostics


def test_named_bug_wins() -> None:
    f = fails(W / 2, bugs={"missing 1/2 in the KL": W / 2, "other": W * 3})
    assert f.diagnostics["bug"] == "missing 1/2 in the KL"
    assert f.diagnostics["bug_matched"] == "missing 1/2 in the KL"
    assert f.message.endswith("equals the known mistake: missing 1/2 in the KL")


def test_a_mistake_that_equals_the_right_answer_here_is_never_claimed() -> None:
    """A mistake whose value is within tolerance of the right one on these inputs (|A v| and
    v.A v at convergence) cannot be told apart from it: a result just outside the tolerance
    is not blamed on it, though it is within tolerance of the mistake too."""
    f = fails(W + 1.5e-6, rtol=0, atol=1e-6, bugs={"|A v| instead of v.A v": W + 0.9e-6})
    assert f.diagnostics.get("bug") is None and "bug_matched" not in f.diagnostics
    assert "known mistake" not in f.message
    g = fails(W + 3e-6, rtol=0, atol=1e-6, bugs={"the mistake": W + 3.5e-6})  # distinguishable
    assert g.diagnostics["bug_matched"] == "the mistake"


@pytest.mark.parametrize(("got", "pattern"), [
    (-W, "every value has the opposite sign"), (W * 2, "every value is the expected one times 2"),
    (W + 0.3, "every value is the expected one plus 0.3"),
])
def test_error_patterns_are_symptoms_not_bugs(got, pattern) -> None:
    f = fails(got)
    assert f.diagnostics["pattern"] == pattern and "bug" not in f.diagnostics
    assert f.message.endswith(f"({pattern})")


def test_a_tiny_drift_is_never_called_an_offset() -> None:
    f = fails(W + 6.6e-6, rtol=1e-7, atol=1e-9)
    assert "pattern" not in f.diagnostics and "bug" not in f.diagnostics


def test_a_wrong_number_is_not_named_a_constant_factor() -> None:
    # every wrong number is some multiple and some shift of the right one: naming says nothing
    assert "bug" not in fails(3.7, 2.0).diagnostics
    assert "pattern" not in fails(3.7, 2.0).diagnostics
    assert fails(-2.0, 2.0).diagnostics["pattern"] == "every value has the opposite sign"


def test_scalars_accept_any_number_kind() -> None:
    for got in (2.0, 2, np.float32(2.0), np.array(2.0), torch.tensor(2.0)):
        close(got, 2.0)
    assert "expected a number" in fails(np.array([2.0]), 2.0).message
    assert "expected a number" in fails(True, 2.0).message


def test_integer_answers_compare_exactly() -> None:
    want = np.array([1, 2, 3])
    close(np.array([1, 2, 3], dtype=np.int32), want)
    assert "1 of 3 entries differ, first at index (1,)" in fails(np.array([1, 5, 3]), want).message


def test_integer_answers_name_a_matching_bug() -> None:
    want = np.array([True, False, True])
    f = fails(np.array([False, False, True]), want,
              bugs={"other": np.array([True, True, True]), "first flipped": np.array([0, 0, 1])})
    assert f.diagnostics["bug"] == "first flipped"
    assert "looks like: first flipped" in str(f)
    assert "bug" not in fails(np.array([1, 1, 0]), np.array([1, 2, 3])).diagnostics


def test_tensor_answers_need_tensors() -> None:
    want = torch.tensor(W)
    close(torch.tensor(W, dtype=torch.float32), want)
    assert fails(W, want).message == "y: expected a torch.Tensor, got numpy.ndarray"


def test_non_finite_expected_entries_raise_no_warnings() -> None:
    want = np.array([1.0, -np.inf, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        close(np.array([1.0, -np.inf, 2.0]), want)
        assert fails(np.array([1.5, -np.inf, 2.0]), want).diagnostics["worst_index"] == [0]
