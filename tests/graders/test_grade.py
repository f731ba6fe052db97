"""The grading pipeline: the fake sandbox for the unit paths, the real one for the rest."""

from __future__ import annotations

import json

import numpy as np
import pytest

from graders.grade import Mode, grade
from graders.kata import Kata, load_kata
from graders.report import Outcome, Status
from katagrad.settings import ROOT
from sandbox.base import LimitHit
from sandbox.fake import FakeSandbox, outcome
from sandbox.harness import wire

REFERENCE = (ROOT / "katas" / "attention-numpy" / "reference.py").read_text()


@pytest.fixture(scope="module")
def kata() -> Kata:
    return load_kata(ROOT / "katas" / "attention-numpy")


def test_exit_zero_without_results_is_an_error_not_a_pass(kata, settings) -> None:
    forged = json.dumps({"version": 1, "status": "graded", "passed": True, "score": 1.0})
    box = FakeSandbox(outcome(stdout=forged.encode()))
    r = grade(kata, REFERENCE, sandbox=box, settings=settings)
    assert r.status is Outcome.GRADED and r.score == 0.0 and not r.passed
    assert all(t.status is Status.ERROR for t in r.tests)
    assert "exited with status 0 before your file finished importing" in r.message


def test_what_enters_the_box(kata, settings) -> None:
    box = FakeSandbox(outcome())
    grade(kata, REFERENCE, sandbox=box, settings=settings)
    files = box.requests[0].files
    assert set(files) == {"code/solution.py", "in/plan.json", "in/inputs.arrays"}
    assert files["code/solution.py"].decode() == REFERENCE
    plan = json.loads(files["in/plan.json"])
    everything = b"".join(files.values()).decode("latin-1")
    for secret in ("checks.py", "def _attention_bugs", "reference"):
        assert secret not in everything
    assert {c["target"] for c in plan["calls"]} == {"softmax", "scaled_dot_product_attention"}
    assert box.requests[0].blocked_modules == ("torch", "jax", "tensorflow", "scipy")


def test_forged_results_are_compared_not_believed(kata, settings) -> None:
    probe = FakeSandbox(outcome())
    grade(kata, REFERENCE, sandbox=probe, settings=settings, mode=Mode.RUN)
    calls = json.loads(probe.requests[0].files["in/plan.json"])["calls"]
    outputs = {"import.json": b'{"ok": true}'}
    for c in calls:  # the box claims success with all-zero arrays of plausible shapes
        arrays: dict = {}
        attention = "attention" in c["target"]
        value = (np.zeros((1, 1)), np.zeros((1, 2))) if attention else np.zeros((3, 4))
        outputs[f"{c['id']}.json"] = wire.dumps({"ok": True, "value": wire.encode(value, arrays)})
        outputs[f"{c['id']}.arrays"] = wire.save_arrays(arrays)
    r = grade(kata, REFERENCE, sandbox=FakeSandbox(outcome(outputs)), settings=settings,
              mode=Mode.RUN)
    assert r.score == 0.0
    assert all(t.status is Status.FAIL for t in r.tests)


def test_malformed_result_files_count_as_missing(kata, settings) -> None:
    outputs = {"import.json": b'{"ok": true}', "c0_0.json": b"{not json",
               "c1_0.json": b'{"ok": true, "value": {"t": "ndarray", "a": "a0"}}',
               "c1_0.arrays": b"KGA1 garbage"}
    r = grade(kata, REFERENCE, sandbox=FakeSandbox(outcome(outputs)), settings=settings,
              mode=Mode.RUN)
    assert r.score == 0.0 and r.tests[0].status is Status.ERROR
    assert "no result came back for softmax" in r.tests[0].message


def test_import_failure_is_explained(kata, settings) -> None:
    doc = {"ok": False, "error": {"type": "NameError", "message": "name 'np' is not defined",
                                  "where": "line 3"}}
    box = FakeSandbox(outcome({"import.json": json.dumps(doc).encode()}))
    r = grade(kata, REFERENCE, sandbox=box, settings=settings)
    assert r.message.startswith("your file failed to import: NameError: name 'np' is not defined")


def test_wall_limit_marks_unfinished_checks_as_timeouts(kata, settings) -> None:
    box = FakeSandbox(outcome({"import.json": b'{"ok": true}'}, exit_code=None, signal=9,
                                limit=LimitHit.WALL))
    r = grade(kata, REFERENCE, sandbox=box, settings=settings)
    assert all(t.status is Status.TIMEOUT for t in r.tests)
    assert r.tests[0].message.startswith("killed after 20 s wall time")


def test_memory_limit_message(kata, settings) -> None:
    box = FakeSandbox(outcome({}, exit_code=None, signal=9, limit=LimitHit.MEMORY))
    r = grade(kata, REFERENCE, sandbox=box, settings=settings)
    assert r.message == "exceeded the 1 GiB memory limit" and r.score == 0.0


def test_rejected_code_never_reaches_the_sandbox(kata, settings) -> None:
    box = FakeSandbox(outcome())
    r = grade(kata, "import torch\n", sandbox=box, settings=settings)
    assert r.status is Outcome.REJECTED and r.score == 0.0 and "torch" in r.message
    assert box.requests == []


# -- the real sandbox


def test_reference_scores_full_marks(kata, sandbox, settings) -> None:
    r = grade(kata, REFERENCE, sandbox=sandbox, settings=settings)
    assert r.status is Outcome.GRADED and r.passed and r.score == 1.0
    assert {t.visible for t in r.tests} == {True, False}


def test_the_report_says_where_its_time_went(kata, sandbox, settings) -> None:
    r = grade(kata, REFERENCE, sandbox=sandbox, settings=settings)
    phases = r.to_json()["phases_ms"]
    assert {"static", "plan", "box", "run", "collect", "decode", "judge"} <= set(phases)
    assert all(ms >= 0 for ms in phases.values())
    assert sum(phases.values()) <= 1000 * r.duration_s + 1  # laps of one stopwatch


def test_run_mode_grades_only_visible_checks(kata, sandbox, settings) -> None:
    r = grade(kata, REFERENCE, sandbox=sandbox, settings=settings, mode=Mode.RUN)
    assert r.passed and r.tests and all(t.visible for t in r.tests)


def test_obfuscated_forbidden_import_fails_inside_the_box(kata, sandbox, settings) -> None:
    code = REFERENCE + "\ntorch = __import__('tor' + 'ch')\n"
    r = grade(kata, code, sandbox=sandbox, settings=settings, mode=Mode.RUN)
    assert r.score == 0.0
    assert "ModuleNotFoundError: torch is not available in this kata" in r.message


def test_exit_at_import_is_an_error(kata, sandbox, settings) -> None:
    r = grade(kata, "import sys\nsys.exit(0)\n", sandbox=sandbox, settings=settings, mode=Mode.RUN)
    assert r.score == 0.0 and "called sys.exit(0)" in r.message


def test_printing_a_fake_report_changes_nothing(kata, sandbox, settings) -> None:
    fake = json.dumps({"version": 1, "kata": kata.id, "status": "graded", "passed": True,
                       "score": 1.0, "tests": []})
    code = f"import sys\nprint({fake!r})\nsys.stderr.write({fake!r})\n" + \
        "def softmax(x, axis=-1):\n    return x\n"
    r = grade(kata, code, sandbox=sandbox, settings=settings)
    assert r.score < 0.2 and not r.passed
    assert fake in r.output.stdout


def test_an_exception_names_the_function_and_line(kata, sandbox, settings) -> None:
    code = "def softmax(x, axis=-1):\n    raise ValueError('nope')\n"
    r = grade(kata, code, sandbox=sandbox, settings=settings, mode=Mode.RUN)
    t = r.tests[0]
    assert t.status is Status.ERROR
    assert t.message.startswith("softmax raised ValueError: nope")
    assert 'line 2, in softmax' in t.message
    assert "scaled_dot_product_attention" in r.tests[1].message  # not defined


def test_a_fixed_seed_reproduces_the_inputs(kata, settings) -> None:
    a, b = FakeSandbox(outcome()), FakeSandbox(outcome())
    grade(kata, REFERENCE, sandbox=a, settings=settings, seed=7)
    grade(kata, REFERENCE, sandbox=b, settings=settings, seed=7)
    assert a.requests[0].files["in/inputs.arrays"] == b.requests[0].files["in/inputs.arrays"]
    c = FakeSandbox(outcome())
    grade(kata, REFERENCE, sandbox=c, settings=settings, seed=8)
    assert a.requests[0].files["in/inputs.arrays"] != c.requests[0].files["in/inputs.arrays"]


def test_the_kata_harness_own_warnings_stay_out_of_the_candidate_output(sandbox,
                                                                         settings) -> None:
    vae = load_kata(ROOT / "katas" / "vae-manual-kl")  # its harness calls float(loss)
    code = ('import warnings\nwarnings.warn("the candidate says so")\n'
            + vae.reference_path.read_text())
    report = grade(vae, code, sandbox=sandbox, settings=settings, mode=Mode.RUN)
    assert any(t.name == "training_curve" for t in report.tests)  # trains in the harness
    assert "the candidate says so" in report.output.stderr
    assert "kata_harness" not in report.output.stderr
    assert "requires_grad" not in report.output.stderr


def test_checks_plan_and_judge_holding_the_global_rng_lock(kata, settings, monkeypatch) -> None:
    """Gradings run in threads of one process and checks seed torch's and NumPy's global
    generators: each check's planning and judging holds graders.kit.GLOBAL_RNG, so another
    grading's draws cannot land between a check's seed and its use. The box run does not."""
    import threading

    from graders import grade as pipeline
    from graders.kit import GLOBAL_RNG

    held: dict[str, list[bool]] = {"plan": [], "judge": [], "run": []}
    start, judge = pipeline._start, pipeline._judge

    def spy_start(*a, **kw):
        held["plan"].append(GLOBAL_RNG._is_owned())  # type: ignore[attr-defined]
        return start(*a, **kw)

    def spy_judge(*a, **kw):
        held["judge"].append(GLOBAL_RNG._is_owned())  # type: ignore[attr-defined]
        return judge(*a, **kw)

    class Box(FakeSandbox):
        def run(self, request):
            held["run"].append(GLOBAL_RNG._is_owned())  # type: ignore[attr-defined]
            return super().run(request)

    monkeypatch.setattr(pipeline, "_start", spy_start)
    monkeypatch.setattr(pipeline, "_judge", spy_judge)
    grade(kata, REFERENCE, sandbox=Box(outcome()), settings=settings)
    assert held["plan"] and all(held["plan"]) and held["judge"] and all(held["judge"])
    assert held["run"] == [False]
    # and another thread is kept out while a grading holds it
    with GLOBAL_RNG:
        other = threading.Thread(target=lambda: held.setdefault(
            "other", [GLOBAL_RNG.acquire(timeout=0.05)]))
        other.start()
        other.join()
    assert held["other"] == [False]
