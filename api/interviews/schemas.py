"""Wire models for interviews (sign-in, the interviewer's API, the candidate's API), and how
each is shaped from the domain objects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator, model_validator

from api.interviews.domain import (
    DEFAULT_RUBRIC,
    PASTE_TEXT_CAP,
    Dimension,
    Interview,
    Signal,
    SignalKind,
    State,
    Template,
)
from api.interviews.review import Progress
from api.schemas import SubmissionIn

StateName = Literal["not_started", "in_progress", "finished", "expired", "revoked"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    name: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    name: str
    csrf_token: str = Field(description="send back as X-CSRF-Token on POST, PUT and DELETE")


class DimensionIn(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="e.g. math_fluency")
    name: str = Field(min_length=1, max_length=100)
    description: str = Field("", max_length=500)
    scale: int = Field(4, ge=2, le=10, description="scored 1..scale")


def _distinct_keys(dims: list[DimensionIn] | None) -> list[DimensionIn] | None:
    if dims is not None and len({d.key for d in dims}) != len(dims):
        raise ValueError("each rubric key at most once")
    return dims


def dimensions(dims: list[DimensionIn] | None) -> tuple[Dimension, ...]:
    """The round's rubric: the given dimensions, else the default four."""
    return tuple(Dimension(**d.model_dump()) for d in dims) if dims else DEFAULT_RUBRIC


class DimensionOut(BaseModel):
    key: str
    name: str
    description: str
    scale: int


class InterviewIn(Strict):
    candidate_name: str = Field("", max_length=200)
    candidate_email: str = Field("", max_length=320)
    kata_ids: list[str] = Field(min_length=1, max_length=10)
    duration_minutes: float = Field(60, gt=0, le=8 * 60)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    rubric: list[DimensionIn] | None = Field(None, min_length=1, max_length=12,
                                             description="unset: the default four criteria")

    @field_validator("rubric")
    @classmethod
    def _keys(cls, dims: list[DimensionIn] | None) -> list[DimensionIn] | None:
        return _distinct_keys(dims)

    @field_validator("kata_ids")
    @classmethod
    def _distinct(cls, ids: list[str]) -> list[str]:
        if len(set(ids)) != len(ids):
            raise ValueError("each kata at most once")
        return ids

    @field_validator("opens_at", "closes_at")
    @classmethod
    def _aware(cls, dt: datetime | None) -> datetime | None:
        if dt is not None and dt.tzinfo is None:
            raise ValueError("give a time zone (e.g. 2026-12-01T09:00:00Z)")
        return dt

    @model_validator(mode="after")
    def _window(self) -> InterviewIn:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValueError("closes_at must be after opens_at")
        if self.closes_at and self.closes_at <= datetime.now(UTC):
            raise ValueError("closes_at (the start-by time) is already past: "
                             "the candidate could never open this interview")
        return self


class TemplateIn(Strict):
    name: str = Field(min_length=1, max_length=100)
    kata_ids: list[str] = Field(min_length=1, max_length=10)
    duration_minutes: float = Field(60, gt=0, le=8 * 60)
    rubric: list[DimensionIn] | None = Field(None, min_length=1, max_length=12,
                                             description="unset: the default four criteria")

    @field_validator("kata_ids")
    @classmethod
    def _distinct(cls, ids: list[str]) -> list[str]:
        return InterviewIn._distinct(ids)  # type: ignore[no-any-return]

    @field_validator("rubric")
    @classmethod
    def _keys(cls, dims: list[DimensionIn] | None) -> list[DimensionIn] | None:
        return _distinct_keys(dims)


class TemplateOut(BaseModel):
    id: str
    name: str
    kata_ids: list[str]
    duration_minutes: float
    rubric: list[DimensionOut]
    created_at: datetime

    @classmethod
    def of(cls, t: Template) -> TemplateOut:
        return cls(id=t.id, name=t.name, kata_ids=list(t.kata_ids),
                   duration_minutes=t.duration_s / 60,
                   rubric=[DimensionOut(**asdict(d)) for d in t.dimensions],
                   created_at=t.created_at)


class TemplateList(BaseModel):
    items: list[TemplateOut]


class ExtendIn(Strict):
    minutes: float = Field(gt=0, le=8 * 60)


class RubricItem(Strict):
    score: int | None = Field(None, ge=1, le=10, description="1..the dimension's scale")
    notes: str = Field("", max_length=10_000)


class RubricIn(RootModel[dict[str, RubricItem]]):
    """Dimension key -> score and notes; keys and scales are the round's (checked by the route)."""

    root: dict[str, RubricItem] = Field(max_length=12)


class KataProgress(BaseModel):
    kata_id: str
    title: str
    runs: int
    submissions: int
    best_score: float | None


class InterviewOut(BaseModel):
    id: str
    candidate_name: str
    candidate_email: str
    state: StateName
    kata_ids: list[str]
    duration_s: int
    extra_s: int
    opens_at: datetime | None
    closes_at: datetime | None
    created_at: datetime
    started_at: datetime | None
    deadline: datetime | None
    seconds_left: float | None
    progress: list[KataProgress]
    rubric: list[DimensionOut] = Field(description="the round's rubric dimensions")
    held: bool = Field(description="a browser holds the round (release it to let another in)")

    @classmethod
    def of(cls, iv: Interview, progress: list[Progress], now: datetime) -> InterviewOut:
        """The dashboard row: state, time left, live progress per kata."""
        t = iv.timing
        return cls(id=iv.id, candidate_name=iv.candidate_name,
                   candidate_email=iv.candidate_email, state=t.state(now).value,  # type: ignore[arg-type]
                   kata_ids=list(iv.kata_ids), duration_s=t.duration_s, extra_s=t.extra_s,
                   opens_at=t.opens_at, closes_at=t.closes_at, created_at=iv.created_at,
                   started_at=t.started_at, deadline=t.deadline(),
                   seconds_left=t.seconds_left(now),
                   progress=[KataProgress(**asdict(p)) for p in progress],
                   rubric=[DimensionOut(**asdict(d)) for d in iv.dimensions],
                   held=iv.holder is not None)


class InviteLink(BaseModel):
    invite_url: str = Field(description="shown once: only a hash of its token is stored")
    token: str


class InterviewCreated(InterviewOut, InviteLink):
    pass


class InterviewList(BaseModel):
    items: list[InterviewOut]


class InterviewDetail(InterviewOut):
    review: dict[str, Any] = Field(description="the JSON export")


class SnapshotOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kata_id: str
    at: datetime
    source: Literal["auto", "run", "submit", "scratch"]
    code: str


class SnapshotList(BaseModel):
    items: list[SnapshotOut]


class CandidateKata(BaseModel):
    id: str
    title: str
    explanation: str
    code: str | None = Field(description="the latest snapshot, to restore the editor")
    variant: str | None = Field(None, description="the kata variant pinned for this candidate: "
                                                  "GET /api/katas/{id}?variant= shows it")


class CandidateView(BaseModel):
    state: StateName
    candidate_name: str
    duration_s: int
    started_at: datetime | None
    deadline: datetime | None
    server_now: datetime
    seconds_left: float | None
    message: str | None = Field(description="why work is refused now, in words (times in UTC)")
    opens_at: datetime | None
    ended_at: datetime | None = Field(description="when the round ended, once it has")
    finished_early: bool = Field(description="the candidate pressed Finish")
    katas: list[CandidateKata]

    @classmethod
    def of(cls, iv: Interview, title: Callable[[str], str], latest: dict[str, str],
           now: datetime) -> CandidateView:
        """The round as the candidate sees it; `latest` is each kata's newest code."""
        t = iv.timing
        return cls(state=t.state(now).value, candidate_name=iv.candidate_name,  # type: ignore[arg-type]
                   duration_s=t.duration_s + t.extra_s, started_at=t.started_at,
                   deadline=t.deadline(), server_now=now, seconds_left=t.seconds_left(now),
                   message=t.work_refusal(now), opens_at=t.opens_at,
                   ended_at=t.ended() if t.state(now) is State.FINISHED else None,
                   finished_early=t.finished_early,
                   katas=[CandidateKata(id=k, title=title(k),
                                        explanation=iv.explanations.get(k, ""),
                                        code=latest.get(k), variant=iv.variants.get(k))
                          for k in iv.kata_ids])


class InterviewSubmissionIn(SubmissionIn):
    pass


class SignalIn(Strict):
    """A paste into the editor, or a time away from the page, as the browser saw it."""

    kind: Literal["paste", "away"]
    at: datetime = Field(description="when it happened (clamped to the round on the server)")
    chars: int = Field(0, ge=0, le=100_000_000, description="a paste's size in characters")
    text: str = Field("", max_length=PASTE_TEXT_CAP, description="a paste's text, capped")
    away_s: float = Field(0.0, ge=0, le=7 * 24 * 3600, description="seconds away")

    @field_validator("at")
    @classmethod
    def _aware(cls, dt: datetime) -> datetime:
        if dt.tzinfo is None:
            raise ValueError("give a time zone (e.g. 2026-12-01T09:00:00Z)")
        return dt

    def signal(self, kata_id: str, lo: datetime | None, hi: datetime,
               skew: timedelta = timedelta()) -> Signal:
        """On the server's clock (`skew`: server minus browser), clamped into [lo, hi]."""
        at = min(max(self.at + skew, lo or hi), hi)
        return Signal(kata_id, at, SignalKind(self.kind), self.chars, self.text, self.away_s)


class SnapshotIn(Strict):
    kata_id: str = Field(min_length=1, max_length=100)
    code: str
    signals: list[SignalIn] = Field([], max_length=200,
                                    description="pastes and focus losses since the last one")
    sent_at: datetime | None = Field(None, description="the browser's clock when it sent "
                                                       "this: the signals' times are corrected "
                                                       "by its difference to the server's")

    @field_validator("sent_at")
    @classmethod
    def _sent_aware(cls, dt: datetime | None) -> datetime | None:
        return InterviewIn._aware(dt)  # type: ignore[no-any-return]

    @field_validator("code")
    @classmethod
    def _text(cls, code: str) -> str:
        return SubmissionIn._text(code)  # type: ignore[no-any-return]


class SnapshotSaved(BaseModel):
    saved: bool
    signals: int = Field(0, description="signals recorded")


class ExplanationIn(Strict):
    text: str = Field(max_length=1_000_000)
