"""The katagrad command, run as a user runs it (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from katagrad.settings import ROOT

KATA = ROOT / "katas" / "attention-numpy"


def katagrad(*args: str, env: dict | None = None, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, input=stdin,
                          env={**os.environ, **(env or {})})


def test_list_shows_every_kata() -> None:
    r = katagrad("list")
    assert r.returncode == 0
    assert "attention-numpy" in r.stdout and "Scaled dot-product attention" in r.stdout


def test_show_prints_statement_and_stub() -> None:
    r = katagrad("show", "attention-numpy")
    assert r.returncode == 0
    assert "# Scaled dot-product attention in NumPy" in r.stdout
    assert "def scaled_dot_product_attention(q, k, v, mask=None):" in r.stdout
    assert "_attention_bugs" not in r.stdout  # nothing of the checks


def test_grade_json_is_exactly_one_object() -> None:
    r = katagrad("grade", "attention-numpy", str(KATA / "mutants" / "unscaled_scores.py"), "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)  # the whole of stdout is one JSON document
    assert report["kata"] == "attention-numpy" and report["status"] == "graded"
    assert 0 < report["score"] < 1 and report["passed"] is False
    assert any("not scaled by 1/sqrt(d_k)" in t["message"] for t in report["tests"])


def test_grade_from_stdin_visible_only() -> None:
    r = katagrad("grade", "attention-numpy", "-", "--visible", "--json",
                 stdin=(KATA / "reference.py").read_text())
    report = json.loads(r.stdout)
    assert report["passed"] and all(t["visible"] for t in report["tests"])


def test_rejected_submission_still_exits_zero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def softmax(x:\n")
    r = katagrad("grade", "attention-numpy", str(bad), "--json")
    assert r.returncode == 0
    report = json.loads(r.stdout)
    assert report["status"] == "rejected" and report["score"] == 0.0
    assert report["message"].startswith("syntax error at line 1")


@pytest.mark.parametrize(("args", "message"), [
    (["grade", "no-such-kata", "x.py"], "no kata named 'no-such-kata'"),
    (["grade", "attention-numpy", "/nonexistent/x.py"], "cannot read /nonexistent/x.py"),
    (["show", "../etc"], "no kata named '../etc'"),
    (["new", "Bad_Name"], "kata ids are lowercase"),
])
def test_bad_input_gets_a_clear_error(args, message) -> None:
    r = katagrad(*args)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_binary_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "x.py"
    f.write_bytes(b"\xff\xfe\x00binary")
    r = katagrad("grade", "attention-numpy", str(f))
    assert r.returncode == 2 and "is not UTF-8 text" in r.stderr


def test_unsafe_settings_are_refused() -> None:
    r = katagrad("list", env={"KATAGRAD_SANDBOX": "unsafe-local"})
    assert r.returncode == 2 and "KATAGRAD_ALLOW_UNSANDBOXED" in r.stderr


def test_new_scaffolds_a_kata_that_validates(tmp_path: Path) -> None:
    env = {"KATAGRAD_KATAS_DIR": str(tmp_path)}
    r = katagrad("new", "my-first-kata", env=env)
    assert r.returncode == 0, r.stderr
    assert {p.name for p in (tmp_path / "my-first-kata").iterdir()} >= {
        "kata.toml", "statement.md", "stub.py", "reference.py", "checks.py", "mutants"}
    junit = tmp_path / "junit.xml"
    r = katagrad("validate", "my-first-kata", "--seeds", "3", "--junit", str(junit), env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "5 passed, 0 failed" in r.stdout
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("name") == "my-first-kata"
    assert suite.get("failures") == "0" and len(suite.findall("testcase")) == 5
    assert katagrad("new", "my-first-kata", env=env).returncode == 2  # never overwrites


def test_new_format_tests_scaffolds_a_tests_kata_that_validates(tmp_path: Path) -> None:
    env = {"KATAGRAD_KATAS_DIR": str(tmp_path)}
    r = katagrad("new", "my-tests-kata", "--format", "tests", env=env)
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "my-tests-kata"
    assert {p.name for p in folder.iterdir()} >= {
        "kata.toml", "statement.md", "stub.py", "reference.py", "suite.py", "correct",
        "mutants", "weak"}
    assert not (folder / "checks.py").exists()
    r = katagrad("validate", "my-tests-kata", "--seeds", "2", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "3 passed, 0 failed" in r.stdout  # its suite, the stub and one weak suite
    (folder / "weak" / "suite_copy.py").write_text((folder / "suite.py").read_text())
    r = katagrad("validate", "my-tests-kata", "--seeds", "2", env=env)
    assert r.returncode == 1 and "weak:suite_copy" in r.stdout


def test_new_scaffolds_a_kata_with_parts_that_validates(tmp_path: Path) -> None:
    env = {"KATAGRAD_KATAS_DIR": str(tmp_path)}
    r = katagrad("new", "two-steps", "--format", "parts", env=env)
    assert r.returncode == 0, r.stderr
    part = tmp_path / "two-steps" / "parts" / "2"
    assert {p.name for p in part.iterdir()} >= {
        "part.toml", "statement.md", "stub.py", "reference.py", "checks.py", "mutants"}
    r = katagrad("validate", "two-steps", "--seeds", "3", env=env)  # every part
    assert r.returncode == 0, r.stdout + r.stderr
    assert "10 passed, 0 failed" in r.stdout and "two-steps@2" in r.stdout
    r = katagrad("validate", "two-steps@2", "--seeds", "2", env=env)  # one part
    assert r.returncode == 0 and "5 passed, 0 failed" in r.stdout, r.stdout + r.stderr
    r = katagrad("show", "two-steps@2", env=env)
    assert r.returncode == 0 and "now add an offset" in r.stdout
    good = katagrad("grade", "two-steps@2", str(part / "reference.py"), "--json", env=env)
    assert json.loads(good.stdout)["kata"] == "two-steps@2"
    assert json.loads(good.stdout)["score"] == 1.0
    assert katagrad("grade", "two-steps@3", "-", stdin="", env=env).returncode == 2
    assert katagrad("new", "odd", "--format", "nope", env=env).returncode == 2


def test_new_extend_scaffolds_a_paper_kata_that_validates(tmp_path: Path) -> None:
    """`--format extend`: the paper's code as read-only context files, a torch ablation kata."""
    env = {"KATAGRAD_KATAS_DIR": str(tmp_path), "OMP_NUM_THREADS": "1"}
    r = katagrad("new", "my-paper", "--format", "extend", env=env)
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "my-paper"
    assert {p.name for p in (folder / "context").iterdir()} == {"model.py", "train.py"}
    r = katagrad("validate", "my-paper", "--seeds", "2", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "5 passed, 0 failed" in r.stdout
    assert katagrad("new", "other", "--format", "nope", env=env).returncode == 2


def test_validate_reports_a_mutant_that_is_not_caught(tmp_path: Path) -> None:
    env = {"KATAGRAD_KATAS_DIR": str(tmp_path)}
    assert katagrad("new", "leaky-kata", env=env).returncode == 0
    folder = tmp_path / "leaky-kata"
    (folder / "mutants" / "actually_right.py").write_text((folder / "reference.py").read_text())
    r = katagrad("validate", "leaky-kata", "--seeds", "3", env=env)
    assert r.returncode == 1
    assert "mutant:actually_right" in r.stdout and "NOT caught" in r.stdout


def test_list_survives_a_malformed_kata(tmp_path: Path) -> None:
    env = {"KATAGRAD_KATAS_DIR": str(tmp_path)}
    assert katagrad("new", "good-kata", env=env).returncode == 0
    assert katagrad("new", "bad-kata", env=env).returncode == 0
    (tmp_path / "bad-kata" / "stub.py").unlink()
    r = katagrad("list", env=env)
    assert r.returncode == 1
    assert "good-kata" in r.stdout
    assert "skipped a malformed kata: bad-kata/stub.py: file is missing" in r.stderr


def test_version() -> None:
    from importlib.metadata import version

    r = katagrad("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"katagrad {version('katagrad')}"


def test_usage_text_people_know() -> None:
    serve = katagrad("serve", "--help")
    assert all(flag in serve.stdout for flag in ("--host", "--port", "--workers"))
    validate = katagrad("validate", "--help", env={"COLUMNS": "120"})
    assert "Usage: python -m cli validate [OPTIONS] [KATA]..." in validate.stdout
    assert "[[KATA]...]" not in validate.stdout
    new = katagrad("new", "--help", env={"COLUMNS": "120"})
    assert "numpy|torch" in new.stdout
    r = katagrad("new", "x-kata", "--framework", "jax", env={"COLUMNS": "200"})
    assert r.returncode == 2 and "'jax' is not one of 'numpy', 'torch'" in r.stderr


def test_serve_options_override_the_environment() -> None:
    r = katagrad("serve", "--host", "0.0.0.0", env={"KATAGRAD_HOST": "127.0.0.1"})
    assert r.returncode == 2 and "host 0.0.0.0 is reachable beyond this machine" in r.stderr
    r = katagrad("serve", "--port", "0", env={"KATAGRAD_PORT": "8000"})
    assert r.returncode == 2 and "port: Input should be greater than or equal to 1" in r.stderr


def test_grade_prints_a_table_with_the_named_bug_first() -> None:
    r = katagrad("grade", "attention-numpy", str(KATA / "mutants" / "unscaled_scores.py"),
                 env={"COLUMNS": "200"})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("attention-numpy: graded, score ")
    header = next(line for line in lines if "check" in line and "status" in line)
    assert "points" in header and "what went wrong" in header
    row = next(i for i, line in enumerate(lines) if "FAIL" in line)
    assert "looks like: scores not scaled by 1/sqrt(d_k)" in lines[row]  # before the details
    assert any("values differ" in line for line in lines[row:])
    assert any(" pass " in line for line in lines)


# --- issue 12's trust-boundary classes through the CLI (the cold path: one command, bwrap) ---

HOSTILE = ROOT / "tests" / "sandbox" / "hostile"
SMALL_ENV = {"KATAGRAD_MAX_CPU_S": "2", "KATAGRAD_MAX_WALL_S": "6",
             "KATAGRAD_MAX_MEMORY_MB": "512", "KATAGRAD_MAX_OUTPUT_KB": "64",
             "KATAGRAD_MAX_RESULT_MB": "8"}


@pytest.mark.parametrize("name", ["exit_status_121.py", "unformattable_exceptions.py",
                                  "crash_the_runner.py", "lone_surrogates.py",
                                  "decode_budget.py", "writable_mounts.py"])
def test_trust_boundary_classes_through_the_cli(name: str) -> None:
    import re

    source = (HOSTILE / name).read_text()
    expect = re.search(r"^# expect: (.+)$", source, re.MULTILINE)
    assert expect
    r = subprocess.run([sys.executable, "-m", "cli", "grade", "attention-numpy",
                        str(HOSTILE / name), "--json"], capture_output=True, timeout=300,
                       cwd=ROOT, env={**os.environ, **SMALL_ENV})
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    json.dumps(report, ensure_ascii=False).encode("utf-8")  # valid Unicode throughout
    said = "\n".join([report["message"], *(t["message"] for t in report["tests"])])
    assert report["status"] == "graded" and report["score"] == 0.0, said
    assert re.search(expect.group(1), said), said
    assert "ESCAPED" not in report["output"]["stdout"]
