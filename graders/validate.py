"""Tests of the tests: the reference scores 1.0, the stub does not, every mutant is caught."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from graders.grade import Mode, grade
from graders.kata import Kata
from graders.report import Outcome, Report, Status
from katagrad.settings import Settings
from sandbox.base import Sandbox


@dataclass(frozen=True)
class Verdict:
    """One solution of a kata graded, and whether that is what the kata promises."""

    kata: str
    subject: str  # "reference", "stub" or "mutant:<file stem>"
    ok: bool
    score: float
    detail: str
    duration_s: float


def _judge(kata: Kata, subject: str, report: Report) -> Verdict:
    failed = [t for t in report.tests if t.status is not Status.PASS]
    if subject == "reference":
        ok = report.status is Outcome.GRADED and report.score == 1.0
        detail = "scores 1.0" if ok else "reference does not score 1.0: " + (
            report.message or "; ".join(f"{t.name}: {t.message}" for t in failed))
    elif subject == "stub":
        ok = report.score < 1.0
        detail = f"scores {report.score:.2f}" if ok else "the stub scores 1.0"
    else:
        caught = [t.name for t in failed if not t.visible]
        ok = bool(caught) or report.status is Outcome.REJECTED
        detail = (f"caught by {', '.join(caught)}" if caught else
                  "rejected by the static phase" if ok else
                  "NOT caught by any hidden check")
    return Verdict(kata.id, subject, ok, report.score, detail, report.duration_s)


def validate(katas: Iterable[Kata], sandbox: Sandbox, settings: Settings,
             workers: int = 2) -> list[Verdict]:
    """Grade every kata's reference, stub and mutants; one Verdict each, in kata order."""
    jobs: list[tuple[Kata, str, Path | str]] = []
    for kata in katas:
        jobs.append((kata, "reference", kata.reference_path))
        jobs.append((kata, "stub", kata.stub))
        jobs += [(kata, f"mutant:{m.stem}", m) for m in kata.mutants]

    def run(job: tuple[Kata, str, Path | str]) -> Verdict:
        kata, subject, source = job
        code = source.read_text() if isinstance(source, Path) else source
        return _judge(kata, subject, grade(kata, code, sandbox=sandbox, settings=settings,
                                           mode=Mode.SUBMIT))

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(run, jobs))


def junit_xml(verdicts: list[Verdict]) -> str:
    """The verdicts as JUnit XML: a suite per kata, a case per solution."""
    root = ET.Element("testsuites", name="katagrad validate")
    by_kata: dict[str, list[Verdict]] = {}
    for v in verdicts:
        by_kata.setdefault(v.kata, []).append(v)
    for kata, vs in by_kata.items():
        suite = ET.SubElement(root, "testsuite", name=kata, tests=str(len(vs)),
                              failures=str(sum(not v.ok for v in vs)))
        for v in vs:
            case = ET.SubElement(suite, "testcase", classname=kata, name=v.subject,
                                 time=f"{v.duration_s:.3f}")
            if not v.ok:
                ET.SubElement(case, "failure", message=v.detail).text = v.detail
    return ET.tostring(root, encoding="unicode")
