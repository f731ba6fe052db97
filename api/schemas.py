"""The API's pydantic models: what goes over the wire, separate from the domain objects."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graders.report import REPORT_VERSION, Outcome, Status
from graders.scratch import ScratchResult

if TYPE_CHECKING:
    from api.parts import PartState

SubmissionStatusName = Literal["queued", "running", "done", "error"]


class FieldProblem(BaseModel):
    field: str = Field(description="where, e.g. body.code or query.limit")
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document (application/problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    instance: str | None = None
    errors: list[FieldProblem] | None = Field(None, description="for 422: each bad field")


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problem documents a route may answer with."""
    return {s: {"model": Problem, "content": {"application/problem+json": {}}}
            for s in statuses}


class Health(BaseModel):
    status: Literal["ok"]
    sandbox: str
    isolation: str = ""  # what the backend isolates, in words
    warm: dict[str, Any] | None = None  # the warm backend: zygotes ready, cold fallbacks
    database: str
    workers: int
    queue_depth: int
    katas: int


class KataSummary(BaseModel):
    id: str
    title: str
    difficulty: str
    topics: list[str]
    framework: str
    format: Literal["code", "tests"] = Field(
        "code", description="code: write the solution; tests: write tests of a given contract")
    interview_only: bool = Field(False, description="only an interviewer's round offers it")


class CheckInfo(BaseModel):
    name: str
    description: str
    points: float


class LimitsInfo(BaseModel):
    cpu_s: float
    wall_s: float
    memory_mb: int
    processes: int
    open_files: int
    file_mb: int
    scratch_mb: int
    output_kb: int


class VariantInfo(BaseModel):
    """One meaning of a kata (kata.toml [variants]); submissions are graded against it."""

    name: str
    title: str


class ContextFileInfo(BaseModel):
    name: str = Field(description="the module's file name, importable beside the solution")
    text: str


class KataDetail(KataSummary):
    statement: str = Field(description="Markdown")
    stub: str
    context: list[ContextFileInfo] = Field(
        default_factory=list, description="read-only files shipped beside the solution "
                                          "(a paper's model.py, train.py)")
    checks: list[CheckInfo] = Field(description="the visible checks that Run grades")
    limits: LimitsInfo
    variant: VariantInfo | None = Field(
        None, description="the variant this statement and stub are for; null: none")
    parts: int = Field(1, description="how many parts: 2 or more when follow-up parts unlock "
                                      "one after another (GET .../parts)")


class PartOut(BaseModel):
    """One part of a kata for this client or round; a locked part's title is withheld."""

    part: int
    title: str | None = Field(description="None while locked")
    unlocked: bool
    unlocked_at: datetime | None = Field(description="when it unlocked (None for part 1)")
    unlocked_by: Literal["start", "passed", "interviewer"] | None

    @classmethod
    def of(cls, state: PartState) -> PartOut:
        """From api.parts.PartState."""
        return cls(part=state.part, title=state.title if state.unlocked else None,
                   unlocked=state.unlocked, unlocked_at=state.unlocked_at,
                   unlocked_by=state.unlocked_by.value if state.unlocked_by else None)


class PartDetail(BaseModel):
    """An unlocked part: its statement, the stub additions to append, its visible checks."""

    part: int
    title: str
    statement: str = Field(description="Markdown")
    stub: str = Field(description="part 1: the whole stub; later parts: the code to append")
    checks: list[CheckInfo]


class SubmissionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kata_id: str = Field(min_length=1, max_length=100)
    code: str = Field(description="the solution file's text (UTF-8)")
    mode: Literal["run", "submit"] = Field(
        description="run: the visible checks; submit: every check, hidden ones included")
    part: int = Field(1, ge=1, le=9, description="which part of the kata (follow-up parts "
                                                 "must be unlocked first)")

    @field_validator("code")
    @classmethod
    def _text(cls, code: str) -> str:
        if "\x00" in code:
            raise ValueError("code must not contain NUL characters")
        try:
            code.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("code is not valid Unicode text (lone surrogate)") from None
        return code


class SubmissionAccepted(BaseModel):
    id: str
    status: Literal["queued"]


class SubmissionSummary(BaseModel):
    id: str
    kata_id: str
    part: int = 1
    mode: str
    status: SubmissionStatusName
    score: float | None
    created_at: datetime
    finished_at: datetime | None
    variant: str | None = Field(None, description="the kata variant it is graded against")


class CheckResultOut(BaseModel):
    """One check of a report: graders.report.CheckResult as JSON."""

    model_config = ConfigDict(extra="forbid")

    name: str
    status: Status
    message: str = Field(description="why it failed, naming the likely bug; empty on a pass")
    points: float
    max_points: float
    diagnostics: dict[str, Any] = Field(
        description="what the check measured (shapes, errors, `bug`, a `plot` for visible "
                    "checks: docs/writing-katas.md); non-finite numbers as 'nan', 'inf'")
    visible: bool
    description: str


class CapturedOutputOut(BaseModel):
    """What the submission printed: graders.report.CapturedOutput."""

    model_config = ConfigDict(extra="forbid")

    stdout: str
    stderr: str
    truncated: bool
    limit_bytes: int


class ReportOut(BaseModel):
    """A verdict, exactly `katagrad grade --json`: graders.report.Report.to_json()."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = Field(description=f"report schema version ({REPORT_VERSION})")
    kata: str
    mode: Literal["run", "submit"]
    status: Outcome
    passed: bool = Field(description="exactly when score is 1.0")
    score: float = Field(ge=0, le=1)
    message: str
    tests: list[CheckResultOut]
    output: CapturedOutputOut
    duration_s: float
    phases_ms: dict[str, float] = Field(
        default_factory=dict, description="where the time went, by phase (static, plan, box, "
        "start, run, collect, cleanup, decode, judge, oracle; store on the live event only)")


class SubmissionOut(SubmissionSummary):
    code: str
    started_at: datetime | None
    report: ReportOut | None = Field(
        description="the same JSON object as `katagrad grade --json`, once done")
    error: str | None = Field(description="why katagrad could not grade it (status error)")


class SubmissionList(BaseModel):
    items: list[SubmissionSummary]


class ScratchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kata_id: str = Field(min_length=1, max_length=100)
    code: str = Field(description="the file to run as a script (UTF-8); its main block runs")

    @field_validator("code")
    @classmethod
    def _text(cls, code: str) -> str:
        return SubmissionIn._text(code)  # type: ignore[no-any-return]


class FigureOut(BaseModel):
    png_base64: str = Field(description="a PNG checked by the server (at most 1 MiB)")
    width: int
    height: int


class ScratchOut(BaseModel):
    """A scratch run: not graded, not an attempt; what the script printed and drew."""

    kata_id: str
    status: Literal["ok", "failed", "limit", "rejected", "error"]
    message: str = Field(description="how it ended, in words")
    stdout: str
    stderr: str = Field(description='tracebacks name the editor\'s lines: File "solution.py", '
                                    "line N")
    output_truncated: bool
    exit_code: int | None
    limit: Literal["wall", "cpu", "memory", "file_size", "processes", "scratch"] | None
    wall_s: float
    cpu_s: float | None = Field(description="CPU time, where the sandbox measures it")
    line: int | None = Field(description="the editor line a rejection points at")
    figures: list[FigureOut]

    @classmethod
    def of(cls, r: ScratchResult) -> ScratchOut:
        return cls(kata_id=r.kata_id, status=r.status.value, message=r.message,
                   stdout=r.stdout, stderr=r.stderr, output_truncated=r.output_truncated,
                   exit_code=r.exit_code, limit=r.limit.value if r.limit else None,
                   wall_s=r.wall_s, cpu_s=r.cpu_s, line=r.line,
                   figures=[FigureOut(png_base64=base64.b64encode(f.png).decode(),
                                      width=f.width, height=f.height) for f in r.figures])
