"""The API's pydantic models: what goes over the wire, separate from the domain objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graders.report import REPORT_VERSION, Outcome, Status

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


class SubmissionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kata_id: str = Field(min_length=1, max_length=100)
    code: str = Field(description="the solution file's text (UTF-8)")
    mode: Literal["run", "submit"] = Field(
        description="run: the visible checks; submit: every check, hidden ones included")

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


class SubmissionOut(SubmissionSummary):
    code: str
    started_at: datetime | None
    report: ReportOut | None = Field(
        description="the same JSON object as `katagrad grade --json`, once done")
    error: str | None = Field(description="why katagrad could not grade it (status error)")


class SubmissionList(BaseModel):
    items: list[SubmissionSummary]
