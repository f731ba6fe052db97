"""The trusted side of a scratch run, over the fake sandbox: what the box is given, how an
ending is worded, and which figures are believed."""

from __future__ import annotations

import io
import json

from PIL import Image

from graders.kata import load_kata
from graders.scratch import ScratchStatus, png_size, run_scratch
from katagrad.errors import SandboxFault
from katagrad.settings import ROOT, load_settings
from sandbox.base import LimitHit, RunRequest
from sandbox.fake import FakeSandbox, outcome
from sandbox.harness import envelope

KATA = load_kata(ROOT / "katas" / "attention-numpy")


def _png(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, format="PNG")
    return buf.getvalue()


def test_the_box_gets_the_code_and_a_script_plan_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = load_settings(data_dir=tmp_path, max_cpu_s=3.0)
    box = FakeSandbox(outcome(stdout=b"hi\n"))
    res = run_scratch(KATA, "print('hi')\n", sandbox=box, settings=settings)
    assert res.status is ScratchStatus.OK and res.stdout == "hi\n"
    [request] = box.requests
    assert isinstance(request, RunRequest)
    assert set(request.files) == {envelope.SOLUTION, envelope.PLAN}  # no inputs, no harness
    plan = json.loads(request.files[envelope.PLAN])
    assert plan["script"] is True and plan["calls"] == []
    assert request.limits.cpu_s == 3.0  # the kata's 10 s lowered to the service's maximum
    assert "torch" in request.blocked_modules and not request.torch


def test_endings_are_worded_and_faults_are_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = load_settings(data_dir=tmp_path)
    cases = [(outcome(exit_code=2), ScratchStatus.FAILED, "exited with status 2"),
             (outcome(exit_code=None, signal=11), ScratchStatus.FAILED, "killed by SIGSEGV"),
             (outcome(exit_code=None, signal=9, limit=LimitHit.MEMORY), ScratchStatus.LIMIT,
              "exceeded the 1 GiB memory limit")]
    for answer, status, message in cases:
        res = run_scratch(KATA, "x = 1\n", sandbox=FakeSandbox(answer), settings=settings)
        assert (res.status, res.message) == (status, message)

    def broken(request: RunRequest):  # type: ignore[no-untyped-def]
        raise SandboxFault("no box today")

    res = run_scratch(KATA, "x = 1\n", sandbox=FakeSandbox(broken), settings=settings)
    assert res.status is ScratchStatus.ERROR and "no box today" in res.message
    rejected = run_scratch(KATA, "def f(:\n", sandbox=FakeSandbox(), settings=settings)
    assert rejected.status is ScratchStatus.REJECTED and rejected.line == 1


def test_only_well_formed_pngs_within_the_caps_are_shown(tmp_path) -> None:  # type: ignore[no-untyped-def]
    good, wide = _png(30, 20), _png(5000, 4000)
    corrupt = bytearray(good)
    corrupt[40] ^= 0xFF  # a chunk's CRC no longer matches
    outputs = {"fig_0.png": good, "fig_1.png": bytes(corrupt), "fig_2.png": wide,
               "fig_3.png": b"GIF89a" + good[6:], "fig_4.png": good, "other.png": good}
    res = run_scratch(KATA, "x = 1\n", sandbox=FakeSandbox(outcome(outputs)),
                      settings=load_settings(data_dir=tmp_path))
    assert [(f.width, f.height) for f in res.figures] == [(30, 20)]
    assert png_size(good + b"\0" * envelope.MAX_FIGURE_BYTES) is None  # over the byte cap
