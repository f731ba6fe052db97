"""The wire format: round trips exactly, and the trusted decoder refuses anything off-format."""

from __future__ import annotations

import itertools
import json
import pickle

import numpy as np
import pytest
import torch

from sandbox.harness import wire
from sandbox.harness.wire import Unsupported, WireError


def roundtrip(value):
    arrays: dict = {}
    tree = json.loads(wire.dumps(wire.encode(value, arrays)))
    return wire.decode(tree, wire.load_arrays(wire.save_arrays(arrays), 1 << 20))


def test_plain_values_round_trip() -> None:
    value = {"a": (1, 2.5, True, None, "s"), "b": [float("nan"), float("inf")],
             "arr": np.arange(6, dtype=np.int32).reshape(2, 3), "f32": np.float32(1.5)}
    got = roundtrip(value)
    assert got["a"] == (1, 2.5, True, None, "s")
    assert np.isnan(got["b"][0]) and got["b"][1] == float("inf")
    assert type(got["arr"]) is np.ndarray and got["arr"].dtype == np.int32
    assert np.array_equal(got["arr"], value["arr"])
    assert type(got["f32"]) is np.float32


def test_tensors_keep_dtype_and_grad_flag() -> None:
    t = torch.randn(3, 2, requires_grad=True)
    got = roundtrip((t, t.detach().to(torch.bfloat16), torch.tensor([1, 2])))
    assert type(got[0]) is torch.Tensor and got[0].requires_grad
    assert torch.equal(got[0].detach(), t.detach())
    assert got[1].dtype == torch.bfloat16 and got[2].dtype == torch.int64


def test_values_that_may_lie_become_unsupported() -> None:
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True

    class Obj:
        pass

    got = roundtrip((np.zeros(3).view(Liar), Obj(), np.array(["a"]), {1: 2}, 2**70,
                     np.zeros(2, dtype=complex)))
    assert all(isinstance(g, Unsupported) for g in got)
    assert "subclass of numpy.ndarray" in got[0].why
    assert "keys must be strings" in got[3].why


def _blob(index, data: bytes = b"", head: bytes = b"KGA1") -> bytes:
    """An array file in save_arrays' layout, from any index and payload."""
    raw = index if isinstance(index, bytes) else json.dumps(index).encode()
    return head + len(raw).to_bytes(4, "little") + raw + data


def test_object_arrays_never_unpickle() -> None:
    payload = pickle.dumps(np.array([{"evil": 1}], dtype=object))
    for descr in ("|O", "|O8", "<O8", "|V8", "<c16", "<U3", "|S3", "<M8[s]"):
        with pytest.raises(WireError, match="non-numeric"):
            wire.load_arrays(_blob([["a0", descr, [1]]], payload), 1 << 20)
    with pytest.raises(WireError):  # the encoder refuses them too
        wire.save_arrays({"a0": np.array([{"evil": 1}], dtype=object)})


@pytest.mark.parametrize("data", [
    b"", b"not arrays", b"KGA1", b"KGA1\xff\xff\xff\xff[]", _blob(b"{not json"),
    _blob({"a0": 1}), _blob([["a0", "<f8"]]), _blob([["a0", "<f8", [2]]], b"\0" * 8),
    _blob([["a0", "<f8", [1]]], b"\0" * 9), _blob([["a0", "<f8", [1]], ["a0", "<f8", [1]]],
                                                   b"\0" * 16),
    _blob([["../a", "<f8", [1]]], b"\0" * 8), _blob([[1, "<f8", [1]]], b"\0" * 8),
    _blob([["a0", "<f8", [-1]]], b""), _blob([["a0", "<f8", [True]]], b"\0" * 8),
    _blob([["a0", "<f8", [1.0]]], b"\0" * 8), _blob([["a0", "<f8", [1] * 33]], b"\0" * 8),
    _blob([["a0", "<f8", [1]]], b"\0" * 8, head=b"PK\x03\x04"),
])
def test_malformed_array_files_are_refused(data: bytes) -> None:
    with pytest.raises(WireError):
        wire.load_arrays(data, 1 << 20)


def test_array_size_caps() -> None:
    blob = wire.save_arrays({"a0": np.zeros(10_000)})
    with pytest.raises(WireError, match="cap"):
        wire.load_arrays(blob, 1000)
    # declared sizes are charged before a byte is copied, even past the end of the file
    for shape in ([1 << 25], [1 << 62, 1 << 62], [1 << 40] * 8):
        budget = wire.Budget(1 << 20)
        with pytest.raises(WireError, match="cap"):
            wire.load_arrays(_blob([["a0", "<f8", shape]], b"\0" * 64), budget)
        assert budget.exceeded


@pytest.mark.parametrize("tree", [
    None, [], {"t": "pickle"}, {"t": "int", "v": "1"}, {"t": "int", "v": 1, "x": 0},
    {"t": "bool", "v": 1}, {"t": "ndarray", "a": "missing"}, {"t": "tuple", "v": {}},
    {"t": "float", "v": "1e3"},
    {"t": "tensor", "a": "a0", "dtype": "torch.complex64", "grad": False},
    {"t": "npscalar", "a": "a0"},
])
def test_strict_decode_refuses_off_format(tree) -> None:
    with pytest.raises(WireError):
        wire.decode(tree, {"a0": np.zeros(3)})


def test_deep_nesting_is_refused() -> None:
    tree: dict = {"t": "none"}
    for _ in range(100):
        tree = {"t": "list", "v": [tree]}
    with pytest.raises(WireError, match="too deep"):
        wire.decode(tree, {})


# --- the envelopes: grader <-> box, orchestrator <-> zygote -----------------------------------


def test_plan_and_results_round_trip_through_one_codec() -> None:
    from sandbox.harness.envelope import CallResult, ErrorInfo, Plan, PlannedCall, call_id

    arrays: dict = {}
    plan = Plan("numpy", 7, (PlannedCall(call_id(0, 1), "softmax", 3,
                                         wire.encode((np.ones(2),), arrays),
                                         wire.encode({"axis": -1}, arrays)),))
    assert Plan.loads(plan.dumps()) == plan and plan.calls[0].id == "c0_1"
    ok = CallResult(True, wire.encode([1, 2], {}), None, 0.5)
    bad = CallResult(False, None, ErrorInfo("ValueError", "nope", "line 2"), 0.1)
    for r in (ok, bad):
        assert CallResult.from_json(json.loads(wire.dumps(r.to_json()))) == r


def test_a_malformed_result_is_an_envelope_error() -> None:
    from sandbox.harness.envelope import CallResult, EnvelopeError

    for doc in ([], {"ok": 1}, {"value": 3}, "ok"):
        with pytest.raises(EnvelopeError):
            CallResult.from_json(doc)
    odd = CallResult.from_json({"ok": False, "error": {"type": 3, "message": "x" * 9999}})
    assert odd.error is not None and odd.error.type == "3" and len(odd.error.message) == 2000


def test_zygote_job_round_trips() -> None:
    from sandbox.harness.job import Mask, ZygoteJob
    from sandbox.limits import Limits, rlimits

    job = ZygoteJob(box="/tmp/b", root="/tmp/r", uid=64123, wall_s=6.0,
                    rlimits=rlimits(Limits(cpu_s=1.5), has_cgroup=True),
                    cgroup_procs=("/sys/fs/cgroup/memory/x/cgroup.procs",),
                    system_dirs=("/usr",), system_files=("/etc/ld.so.cache",),
                    runtime_roots=("/opt/venv",), masks=(Mask("/opt/site/torch", True,
                                                              "blocked/torch.py"),),
                    hidden=("/opt/venv/katas",), seccomp=b"\x06\x00\x00\x00")
    assert ZygoteJob.loads(job.dumps()) == job and job.dumps().endswith(b"\n")


def test_arrays_round_trip_every_numeric_layout() -> None:
    """Every numeric dtype (either byte order), shape (0-d, empty, many axes) and memory
    order comes back equal, with its dtype and shape, writable and C-contiguous."""
    cases = {}
    layouts = itertools.product(["<f8", "<f4", "<f2", ">f8", "<i8", "<i2", "|i1", "|u1", "<u2",
                                 ">u4", "|b1"],
                                [(), (0,), (7,), (3, 4), (2, 0, 5), (2, 3, 4, 5)], "CF")
    for i, (dt, shape, order) in enumerate(layouts):
        a = np.asarray((np.random.default_rng(i).standard_normal(shape) * 10).astype(dt))
        cases[f"c{i}"] = np.asfortranarray(a) if order == "F" else a
    cases["strided"] = np.arange(20.0)[::3]
    got = wire.load_arrays(wire.save_arrays(cases), 1 << 30)
    assert list(got) == list(cases)
    for k, want in cases.items():
        assert (got[k].dtype, got[k].shape) == (want.dtype, want.shape)
        assert np.array_equal(got[k], want) and got[k].flags.writeable
        assert got[k].flags.c_contiguous

