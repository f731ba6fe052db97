"""Tests of the tests, on K fresh hidden seeds: no lucky passes, no false failures.

Every correct solution (the reference, and any alternative a test suite adds) must score 1.0
on every seed; every mutant must fail a hidden check on every seed (its kill count is K/K);
the stub must score below 1.0. A kata with variants (graders/variants.py) proves all of
that for every variant, and that each variant's reference fails every other variant (a
`cross:` subject): an answer copied from one variant fails another by construction. A
mutant that slips through on one seed in twenty is a candidate with that bug passing by
luck; a reference failing on one seed is a correct candidate failed by luck. The seeds that
went wrong are kept, so `katagrad grade KATA FILE --seed S` reproduces each one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from graders import testwrite, variants
from graders.grade import Mode, grade
from graders.kata import Framework, Kata, KataFormat
from graders.parts import starting_code
from graders.report import Outcome, Report, Status
from katagrad.settings import Settings
from sandbox.base import Sandbox

DEFAULT_SEEDS = 20


@dataclass(frozen=True)
class Subject:
    """One solution of a kata to grade: what it is and whether it must pass."""

    kata: Kata
    name: str  # "reference", "alternative", "stub", "mutant:<file stem>" (then "@<variant>"
    code: str  # with variants), or "cross:<variant>-><other variant>"

    @property
    def role(self) -> str:
        """reference, alternative, stub, mutant or cross."""
        return self.name.split("@")[0].split(":")[0]

    @property
    def correct(self) -> bool:
        return self.role in ("reference", "alternative")

    @property
    def must_fail(self) -> bool:
        """The stub, or a tests kata's weak suite: below 1.0, graded on one seed."""
        return self.role in ("stub", "weak")


@dataclass(frozen=True)
class Verdict:
    """One solution graded on every seed, and whether that is what the kata promises."""

    kata: str
    subject: str
    ok: bool
    score: float  # the lowest score over the seeds
    detail: str
    duration_s: float  # summed over the seeds
    seeds: int  # how many hidden seeds it was graded on
    hits: int  # seeds that went as promised: passed (correct), killed (mutant), failed (stub)
    bad_seeds: tuple[int, ...] = ()  # seeds that did not; `grade --seed` reproduces each


@dataclass(frozen=True)
class _Graded:
    seed: int
    report: Report


Progress = Callable[[str, str], None]  # (kata, subject) after each grading
Done = Callable[[Verdict], None]  # a solution's verdict, as soon as its last seed is graded


def subjects(kata: Kata, alternatives: Path | None = None) -> list[Subject]:
    """The reference, an alternative from `alternatives/<key>.py` if any, the stub, the mutants;
    with variants, those of each variant and each variant's reference on every other one.

    A follow-up part (graders/parts.py) is validated like a kata: `katas` passed to
    `validate` list each part to cover, and a part's stub is the code it starts from."""
    if not kata.variants:
        return _subjects(kata, alternatives, "")
    found = []
    for v in kata.variants:
        found += _subjects(variants.pick(kata, v.name), alternatives, f"@{v.name}")
    for a in kata.variants:
        reference = variants.source(variants.pick(kata, a.name), kata.reference_path.read_text())
        found += [Subject(variants.pick(kata, b.name), f"cross:{a.name}->{b.name}", reference)
                  for b in kata.variants if b != a]
    return found


def _subjects(kata: Kata, alternatives: Path | None, suffix: str) -> list[Subject]:
    def trusted(path: Path) -> str:
        return variants.source(kata, path.read_text())

    if kata.format is KataFormat.TESTS:
        return _suites(kata, alternatives)

    found = [Subject(kata, "reference" + suffix, trusted(kata.reference_path))]
    alt = alternatives / f"{kata.key}.py" if alternatives else None
    if alt is not None and alt.is_file():
        found.append(Subject(kata, "alternative" + suffix, trusted(alt)))
    found.append(Subject(kata, "stub" + suffix, starting_code(kata)))
    found += [Subject(kata, f"mutant:{m.stem}{suffix}", trusted(m)) for m in kata.mutants]
    return found


def _suites(kata: Kata, alternatives: Path | None) -> list[Subject]:
    """A tests kata's solutions are test suites: its own suite, an alternative, the stub and
    its weak suites (graders/testwrite.py); its mutants are implementations they tell apart."""
    found = [Subject(kata, "reference", testwrite.suite(kata))]
    alt = alternatives / f"{kata.id}.py" if alternatives else None
    if alt is not None and alt.is_file():
        found.append(Subject(kata, "alternative", alt.read_text()))
    found.append(Subject(kata, "stub", kata.stub))
    found += [Subject(kata, f"weak:{p.stem}", p.read_text()) for p in testwrite.weak_suites(kata)]
    return found


def seeds_for(k: int, base: int | None = None) -> list[int]:
    """K hidden seeds: fresh from the OS, or derived from `base` to reproduce a run."""
    if base is None:
        return [secrets.randbits(62) for _ in range(k)]
    return [(base * 1_000_003 + i * 7919) % 2**62 for i in range(k)]


def validate(katas: Iterable[Kata], sandbox: Sandbox, settings: Settings, *,
             seeds: int | list[int] = DEFAULT_SEEDS, workers: int = 2,
             alternatives: Path | None = None, progress: Progress | None = None,
             done: Done | None = None) -> list[Verdict]:
    """Grade every kata's solutions on K hidden seeds; one Verdict per solution, kata order."""
    seed_list = seeds_for(seeds) if isinstance(seeds, int) else list(seeds)
    subs = [s for kata in katas for s in subjects(kata, alternatives)]
    jobs = [(s, seed) for s in subs for seed in (seed_list[:1] if s.must_fail else seed_list)]
    # Longest first, so a torch grading does not start last and leave the other workers idle.
    jobs.sort(key=lambda j: j[0].kata.framework is not Framework.TORCH)
    graded: dict[tuple[str, str], list[_Graded]] = {(s.kata.key, s.name): [] for s in subs}
    expected = {(s.kata.key, s.name): 0 for s in subs}
    for s, _ in jobs:
        expected[(s.kata.key, s.name)] += 1
    verdicts: dict[tuple[str, str], Verdict] = {}

    def run(job: tuple[Subject, int]) -> tuple[Subject, _Graded]:
        s, seed = job
        return s, _Graded(seed, grade(s.kata, s.code, sandbox=sandbox, settings=settings,
                                      mode=Mode.SUBMIT, seed=seed, explain=False))

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for future in as_completed([pool.submit(run, j) for j in jobs]):
            s, g = future.result()
            key = (s.kata.key, s.name)
            graded[key].append(g)
            if progress:
                progress(*key)
            if len(graded[key]) == expected[key]:
                verdicts[key] = _judge(s, sorted(graded[key],
                                                 key=lambda g: seed_list.index(g.seed)))
                if done:
                    done(verdicts[key])
    return [verdicts[(s.kata.key, s.name)] for s in subs]


def _killed(report: Report) -> list[str]:
    """The hidden checks a grading failed (a rejection by the static phase counts as a kill)."""
    if report.status is Outcome.REJECTED:
        return ["static phase"]
    return [t.name for t in report.tests if t.status is not Status.PASS and not t.visible]


def _why(report: Report) -> str:
    failed = [t for t in report.tests if t.status is not Status.PASS]
    return report.message or "; ".join(f"{t.name}: {t.message}" for t in failed)


def _judge(s: Subject, runs: list[_Graded]) -> Verdict:
    k = len(runs)
    duration = sum(g.report.duration_s for g in runs)
    score = min((g.report.score for g in runs), default=0.0)
    if s.correct:
        bad = [g for g in runs if not (g.report.status is Outcome.GRADED
                                       and g.report.score == 1.0)]
        detail = (f"scores 1.0 on {k}/{k} seeds" if not bad else
                  f"fails {len(bad)} of {k} seeds (seed {bad[0].seed}: {_why(bad[0].report)})")
    elif s.must_fail:
        bad = [g for g in runs if g.report.score >= 1.0]
        detail = f"scores {score:.2f}" if not bad else f"the {s.role} scores 1.0"
    elif s.role == "cross":
        bad = [g for g in runs if g.report.score >= 1.0]
        failed = sorted({t.name for g in runs for t in g.report.tests
                         if t.status is not Status.PASS})
        detail = (f"another variant's reference fails on {k - len(bad)}/{k} seeds"
                  + (f" ({', '.join(failed[:4])})" if failed else "")
                  + (f"; PASSES on seeds {[g.seed for g in bad][:5]}: the variants do not "
                     "differ in meaning" if bad else ""))
    else:
        bad = [g for g in runs if not _killed(g.report)]
        names: dict[str, int] = {}
        for g in runs:
            for name in _killed(g.report):
                names[name] = names.get(name, 0) + 1
        by = ", ".join(f"{n} {c}/{k}" for n, c in sorted(names.items(), key=lambda x: -x[1]))
        detail = (f"killed on {k - len(bad)}/{k} seeds" + (f" by {by}" if by else "")
                  + (f"; NOT caught on seeds {[g.seed for g in bad][:5]}" if bad else ""))
    return Verdict(s.kata.key, s.name, not bad, score, detail, duration, k, k - len(bad),
                   tuple(g.seed for g in bad))


def junit_xml(verdicts: list[Verdict]) -> str:
    """The verdicts as JUnit XML: a suite per kata, a case per solution, kill counts as
    properties (`seeds`, `hits`, `bad_seeds`)."""
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
            props = ET.SubElement(case, "properties")
            for name, value in (("seeds", v.seeds), ("hits", v.hits),
                                ("bad_seeds", " ".join(map(str, v.bad_seeds))),
                                ("variant", variant_of(v.subject))):
                ET.SubElement(props, "property", name=name, value=str(value))
            ET.SubElement(case, "system-out").text = v.detail
            if not v.ok:
                ET.SubElement(case, "failure", message=v.detail).text = v.detail
    return ET.tostring(root, encoding="unicode")


def variant_of(subject: str) -> str:
    """The variant a subject was graded as: "second" for "mutant:x@second", "first->second"
    for "cross:first->second", "" without variants."""
    if subject.startswith("cross:"):
        return subject[len("cross:"):]
    return subject.partition("@")[2]


def summary(verdicts: list[Verdict]) -> Mapping[str, tuple[int, int, float]]:
    """Per kata: (solutions as promised, solutions, seconds of grading)."""
    out: dict[str, tuple[int, int, float]] = {}
    for v in verdicts:
        ok, n, secs = out.get(v.kata, (0, 0, 0.0))
        out[v.kata] = (ok + v.ok, n + 1, secs + v.duration_s)
    return out

