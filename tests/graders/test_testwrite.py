"""Write-the-tests katas (graders/testwrite.py): what enters each box, how a verdict is reached,
and hostile test files that try to tell the implementations apart by anything but behaviour."""

from __future__ import annotations

import json
import marshal
import shutil
import types
from collections.abc import Iterator

import pytest

from graders import testwrite
from graders.grade import Mode, grade
from graders.kata import Kata, KataFormat, load_kata
from graders.report import Outcome, Status
from katagrad.errors import KataFormatError
from katagrad.settings import ROOT
from sandbox.base import RunOutcome, RunRequest, Sandbox
from sandbox.fake import FakeSandbox
from sandbox.harness import testrunner
from sandbox.warm import WarmSandbox

SOFTMAX = ROOT / "katas" / "write-tests-softmax"
TOP_K = ROOT / "katas" / "write-tests-top-k"


@pytest.fixture(scope="module")
def softmax() -> Kata:
    return load_kata(SOFTMAX)


@pytest.fixture(scope="module")
def top_k() -> Kata:
    return load_kata(TOP_K)


def recording(real: Sandbox) -> tuple[FakeSandbox, list[tuple[RunRequest, RunOutcome]]]:
    """A sandbox that runs every request in `real` and keeps each request and its outcome."""
    seen: list[tuple[RunRequest, RunOutcome]] = []

    def run(request: RunRequest) -> RunOutcome:
        out = real.run(request)
        seen.append((request, out))
        return out

    return FakeSandbox(run), seen


def score(kata: Kata, code: str, sandbox: Sandbox, settings, mode: Mode = Mode.SUBMIT) -> float:
    report = grade(kata, code, sandbox=sandbox, settings=settings, mode=mode)
    assert report.status is Outcome.GRADED, report.message
    return report.score


def test_the_format_loads_without_checks_py(softmax) -> None:
    assert softmax.format is KataFormat.TESTS
    impls = testwrite.implementations(softmax)
    assert [i.label for i in impls if i.role is testwrite.Role.CORRECT] == [
        "reference", "correct:moveaxis"]
    mutants = [i for i in impls if i.role is testwrite.Role.MUTANT]
    assert len(mutants) >= 3 and all(m.bug for m in mutants)


def test_kata_toml_format_is_checked(tmp_path) -> None:
    folder = tmp_path / "write-tests-softmax"
    shutil.copytree(SOFTMAX, folder)
    (folder / "suite.py").unlink()
    with pytest.raises(KataFormatError, match="suite.py"):
        load_kata(folder)
    toml = (SOFTMAX / "kata.toml").read_text()
    (folder / "kata.toml").write_text(toml.replace('format = "tests"', 'format = "essay"'))
    with pytest.raises(KataFormatError, match="format"):
        load_kata(folder)
    (folder / "suite.py").write_text("")
    variants = '\n[variants.a]\ntitle = "a"\nX = "1"\n\n[variants.b]\ntitle = "b"\nX = "2"\n'
    (folder / "kata.toml").write_text(toml + variants)
    with pytest.raises(KataFormatError, match="no variants"):
        load_kata(folder)
    (folder / "kata.toml").write_text(toml.replace('format = "tests"', 'format = "code"'))
    with pytest.raises(KataFormatError, match="checks.py"):  # a code kata still needs checks
        load_kata(folder)


def test_an_implementation_enters_with_nothing_that_names_it(softmax) -> None:
    for impl in testwrite.implementations(softmax):
        code = marshal.loads(impl.blob)
        objects = [code, *(c for c in code.co_consts if isinstance(c, types.CodeType))]
        for c in objects:
            assert c.co_filename == "<impl>" and c.co_firstlineno == 1
            assert {line for _, _, line in c.co_lines() if line is not None} <= {0, 1}
            strings = " ".join(s for s in c.co_consts if isinstance(s, str))
            assert impl.bug == "" or impl.bug not in strings  # the mutant's docstring is gone
            assert "max-shift" not in strings and "written differently" not in strings


def test_every_box_holds_the_same_files_but_the_code_object(softmax, settings) -> None:
    box = FakeSandbox()
    grade(softmax, softmax.stub, sandbox=box, settings=settings)
    n = len(testwrite.implementations(softmax))
    assert len(box.requests) == n
    files = [dict(r.files) for r in box.requests]
    assert all(set(f) == {"code/solution.py", testrunner.TEST_PLAN, testrunner.IMPL}
               for f in files)
    assert len({f[testrunner.TEST_PLAN] for f in files}) == 1  # same tests, same seed
    assert len({f[testrunner.IMPL] for f in files}) == n
    plan = testrunner.TestPlan.loads(files[0][testrunner.TEST_PLAN])
    assert plan.tests == ("test_logsumexp_of_zeros",)


def test_a_box_without_results_fails_its_tests_it_does_not_pass(softmax, settings) -> None:
    report = grade(softmax, softmax.stub, sandbox=FakeSandbox(), settings=settings)
    assert report.status is Outcome.GRADED and report.score == 0.0
    correct = [t for t in report.tests if t.diagnostics["role"] == "correct"]
    assert correct and all(t.status is Status.FAIL for t in correct)


def test_the_kata_suite_scores_one_and_names_every_kill(softmax, sandbox, settings) -> None:
    report = grade(softmax, testwrite.suite(softmax), sandbox=sandbox, settings=settings)
    assert report.score == 1.0, report.message
    mutants = [t for t in report.tests if t.diagnostics["role"] == "mutant"]
    assert len(mutants) == len(softmax.mutants)
    assert all(t.status is Status.PASS and t.diagnostics["killed_by"] for t in mutants)
    assert report.message == f"{len(mutants)} of {len(mutants)} mutants killed"
    json.dumps(report.to_json(), allow_nan=False)


def test_a_test_that_fails_a_correct_implementation_is_named_and_zeroes_the_score(
        top_k, sandbox, settings) -> None:
    code = (TOP_K / "weak" / "exact_tie_order_wrong.py").read_text()
    report = grade(top_k, code, sandbox=sandbox, settings=settings)
    assert report.score == 0.0
    assert "your tests fail a correct implementation (test_ties)" in report.message
    bad = [t for t in report.tests if t.diagnostics["role"] == "correct"]
    assert all(t.status is Status.FAIL and "test_ties fails on a correct implementation: "
               "AssertionError" in t.message for t in bad)
    assert "assert list(indices) == [1, 0]" in bad[0].message  # where, in the candidate's file
    killed = [t for t in report.tests if t.diagnostics.get("killed")]
    assert killed and all("not counted" in t.message and t.points == 0 for t in killed)


def test_run_tries_the_correct_implementations_only(top_k, sandbox, settings) -> None:
    box, seen = recording(sandbox)
    report = grade(top_k, (TOP_K / "weak" / "sets_not_order.py").read_text(), sandbox=box,
                   settings=settings, mode=Mode.RUN)
    assert report.score == 1.0 and len(seen) == 2
    assert {t.diagnostics["role"] for t in report.tests} == {"correct"}


def test_a_weak_suite_scores_the_share_of_mutants_it_kills(softmax, sandbox, settings) -> None:
    report = grade(softmax, (SOFTMAX / "weak" / "moderate_inputs_only.py").read_text(),
                   sandbox=sandbox, settings=settings)
    killed = {t.name for t in report.tests if t.diagnostics.get("killed")}
    assert killed == {"mutant:max_not_added_back"}
    assert report.score == pytest.approx(1 / len(softmax.mutants))


def test_pytest_shim_approx_raises_and_parametrize(top_k, sandbox, settings) -> None:
    code = '''import numpy as np
import pytest
from impl import top_k


@pytest.mark.parametrize("k, n", [(1, 3), (2, 5)])
def test_shapes(k, n):
    values, indices = top_k(np.arange(float(n)), k)
    assert values == pytest.approx(np.arange(float(n))[::-1][:k])
    assert not (values == pytest.approx(values + 1.0))
    assert [1.0, 2.0] != pytest.approx([1.0, 2.0, 3.0])


def test_raises_with_match():
    with pytest.raises(ValueError, match="k"):
        top_k(np.ones(3), 9)


def test_raises_fails_when_nothing_is_raised():
    with pytest.raises(AssertionError, match="DID NOT RAISE"):
        with pytest.raises(ValueError):
            top_k(np.ones(3), 1)
'''
    report = grade(top_k, code, sandbox=sandbox, settings=settings, mode=Mode.RUN)
    assert report.score == 1.0, [t.message for t in report.tests]


# -- hostile test files: each is a weak suite plus tests that try to tell the implementations
# apart by their source, their names, their order or shared state, or that forge results. Each
# must score exactly what the weak suite alone scores: no more kills, and no false failures.

WEAK = (SOFTMAX / "weak" / "moderate_inputs_only.py").read_text()

SNOOP_SOURCE = WEAK + '''

import os
import sys

import impl

TELLS = ("BUG", "mutant", "reference", "correct", "overflow", "max shift", "moveaxis",
         "naive", "global", "added back", "slice", "normalises")


def _everything_readable():
    for root in ("/box/in", "/box/code", "/box/out", "/tmp"):  # lib/: the same in every box
        device = os.stat(root).st_dev  # not into read-only mounts below (a runtime under /tmp)
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if os.lstat(os.path.join(folder, d)).st_dev == device]
            for name in files:
                path = os.path.join(folder, name)
                if not path.endswith((".bin", "solution.py")):
                    try:
                        with open(path, "rb") as f:
                            yield path, f.read().decode("utf-8", "replace")
                    except OSError:
                        pass


def test_no_source_or_bug_names_anywhere():
    texts = [impl.__doc__ or "", getattr(impl, "__file__", ""), repr(impl.__spec__)]
    for name, value in vars(impl).items():
        code = getattr(value, "__code__", None)
        if code is not None:
            texts += [value.__doc__ or "", code.co_filename, code.co_qualname,
                      str(code.co_firstlineno)]
            texts += [c for c in code.co_consts if isinstance(c, str)]
    texts += [text for _, text in _everything_readable()]
    texts += [" ".join(sys.argv), " ".join(os.environ)]
    found = [t for t in TELLS if any(t in text for text in texts)]
    assert not found, found


def test_linecache_has_no_source():
    import linecache
    assert not any(linecache.getline(f.__code__.co_filename, 1)
                   for f in (impl.logsumexp, impl.softmax))
'''

SNOOP_ORDER = WEAK + '''

import os


def _count(path):
    try:
        with open(path) as f:
            n = int(f.read() or 0)
    except OSError:
        n = 0
    try:
        with open(path, "w") as f:
            f.write(str(n + 1))
    except OSError:
        pass
    return n


def test_first_box_only():
    # state kept across implementations would tell the first box (the reference?) apart
    seen = max(_count(p) for p in ("/tmp/katagrad-count", "/box/out/count", "/dev/shm/count",
                                   os.path.expanduser("~/count")))
    assert seen == 0
'''

FORGE_PASS = WEAK + '''

import json
import os


def test_forges_a_pass_and_leaves():
    out = "/box/out"
    for i in range(3):
        with open(os.path.join(out, f"t{i}.json"), "w") as f:
            json.dump({"ok": True, "wall_s": 0.0}, f)
    os._exit(0)
'''

FORGE_FAIL = '''
import json
import os


def test_forges_failures_everywhere():
    with open("/box/out/t0.json", "w") as f:
        json.dump({"ok": False, "error": {"type": "AssertionError", "message": "x"}}, f)
    os._exit(0)
'''


@pytest.fixture(scope="module", params=["bwrap", "warm"])
def backend(request, sandbox, settings) -> Iterator[Sandbox]:
    """The cold bwrap path and the warm fork-per-run path: no state may cross either."""
    if request.param == "bwrap":
        yield sandbox
        return
    warm = WarmSandbox(settings)
    yield warm
    warm.close()


@pytest.mark.parametrize("hostile", ["snoop_source", "snoop_order"])
def test_snooping_tests_find_nothing_and_kill_nothing_more(hostile, softmax, backend,
                                                           settings) -> None:
    code = {"snoop_source": SNOOP_SOURCE, "snoop_order": SNOOP_ORDER}[hostile]
    box, seen = recording(backend)
    report = grade(softmax, code, sandbox=box, settings=settings)
    assert report.status is Outcome.GRADED
    correct = [t for t in report.tests if t.diagnostics["role"] == "correct"]
    assert all(t.status is Status.PASS for t in correct), [t.message for t in correct]
    killed = {t.name for t in report.tests if t.diagnostics.get("killed")}
    assert killed == {"mutant:max_not_added_back"}, report.message  # what WEAK kills alone
    assert len(seen) == len(testwrite.implementations(softmax))


def test_forged_passes_only_lose_kills(softmax, backend, settings) -> None:
    report = grade(softmax, FORGE_PASS, sandbox=backend, settings=settings)
    assert report.status is Outcome.GRADED
    assert report.score == 0.0, report.message  # even WEAK's own kill is overwritten


def test_forged_failures_cannot_tell_correct_from_buggy(softmax, backend, settings) -> None:
    report = grade(softmax, FORGE_FAIL, sandbox=backend, settings=settings)
    assert report.score == 0.0
    assert "your tests fail a correct implementation" in report.message


def test_what_a_test_can_observe_besides_behaviour_is_the_same_in_every_box(
        softmax, backend, settings) -> None:
    """Each box reports, as a failing test's message, everything it can see but the bytecode:
    the messages must be identical across the reference, the other correct one and the
    mutants."""
    code = '''
import hashlib
import os
import sys

import impl


def test_observe():
    seen = []
    for folder, dirs, files in os.walk("/box"):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name != "impl.bin" and os.access(path, os.R_OK):
                with open(path, "rb") as f:
                    seen.append((path, hashlib.sha256(f.read()).hexdigest()[:12]))
    funcs = {n: (f.__code__.co_filename, f.__code__.co_qualname, f.__code__.co_firstlineno,
                 f.__doc__, f.__module__) for n, f in sorted(vars(impl).items())
             if callable(f) and hasattr(f, "__code__")}
    seen += [sorted(funcs.items()), sys.argv, sorted(os.environ), impl.__name__,
             sorted(k for k in sys.modules if not k.startswith(("numpy", "_")))]
    raise AssertionError(hashlib.sha256(repr(seen).encode()).hexdigest())
'''
    box, seen = recording(backend)
    grade(softmax, code, sandbox=box, settings=settings)
    messages = {json.loads(out.outputs["t0.json"])["error"]["message"] for _, out in seen}
    assert len(seen) == len(testwrite.implementations(softmax)) and len(messages) == 1


def test_reading_the_bytecode_is_refused_before_anything_runs(softmax, settings) -> None:
    box = FakeSandbox()
    code = "import marshal\nfrom impl import softmax\n\n\ndef test_x():\n" \
           "    assert marshal.dumps(softmax.__code__)\n"
    report = grade(softmax, code, sandbox=box, settings=settings)
    assert report.status is Outcome.REJECTED and "marshal" in report.message
    assert not box.requests
