"""The wire format: round trips exactly, and the trusted decoder refuses anything off-format."""

from __future__ import annotations

import io
import itertools
import json
import zipfile

import numpy as np
import pytest
import torch

from sandbox.harness import wire
from sandbox.harness.wire import Unsupported, WireError


def roundtrip(value):
    arrays: dict = {}
    tree = json.loads(wire.dumps(wire.encode(value, arrays)))
    return wire.decode(tree, wire.load_npz(wire.save_npz(arrays), 1 << 20))


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


def test_object_arrays_never_unpickle() -> None:
    buf = io.BytesIO()
    np.save(buf, np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("a0.npy", buf.getvalue())
    with pytest.raises(WireError):
        wire.load_npz(data.getvalue(), 1 << 20)


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04garbage"])
def test_garbage_npz(data: bytes) -> None:
    with pytest.raises(WireError):
        wire.load_npz(data, 1 << 20)


def test_npz_size_caps() -> None:
    blob = wire.save_npz({"a0": np.zeros(10_000)})
    with pytest.raises(WireError, match="cap"):
        wire.load_npz(blob, 1000)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as zf:  # a small zip bomb
        zf.writestr("a0.npy", b"\x00" * 5_000_000)
    with pytest.raises(WireError):
        wire.load_npz(data.getvalue(), 1 << 20)


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


def test_npz_reads_every_layout_numpy_writes_as_numpy_does() -> None:
    """load_npz's one-pass reader (a strict match of numpy's usual header, numpy's own parser
    for any other) gives what np.load gives: dtype, shape, order, values; and writable."""
    cases = {}
    layouts = itertools.product(["<f8", "<f4", "<f2", ">f8", "<i8", "<i2", "|u1", "<u2", "|b1"],
                                [(), (0,), (7,), (3, 4), (2, 0, 5), (2, 3, 4, 5)], "CF")
    for i, (dt, shape, order) in enumerate(layouts):
        a = (np.random.default_rng(i).standard_normal(shape) * 10).astype(dt)
        cases[f"c{i}"] = np.asfortranarray(a) if order == "F" else a
    data = wire.save_npz(cases)
    matched = sum(1 for _ in wire._CANONICAL.finditer(data.decode("latin1")))
    assert matched == len(cases)  # numpy's own headers all take the strict match
    got, want = wire.load_npz(data, 1 << 30), dict(np.load(io.BytesIO(data)))
    for k in cases:
        assert (got[k].dtype, got[k].shape) == (want[k].dtype, want[k].shape)
        assert np.array_equal(got[k], want[k]) and got[k].flags.writeable
        assert got[k].flags.f_contiguous == want[k].flags.f_contiguous


def test_npz_header_in_another_layout_goes_to_numpys_parser() -> None:
    header = b"{'shape': (2,), 'fortran_order': False, 'descr': '<f8'}"  # keys reordered
    header += b" " * (-(10 + len(header) + 1) % 64) + b"\n"
    npy = b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header
    npy += np.array([1.5, -2.0]).tobytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.npy", npy)
    assert wire._CANONICAL.fullmatch(header.decode("latin1")) is None
    assert wire.load_npz(buf.getvalue(), 1 << 20)["a"].tolist() == [1.5, -2.0]
