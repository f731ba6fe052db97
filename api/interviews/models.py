"""The interview tables (migration 0002). Interview submissions are ordinary `submissions`
rows, linked here to their interview and kata, so they share the one queue and grader."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db.models import Base


class InterviewerRow(Base):
    __tablename__ = "interviewers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)  # Argon2id, PHC string
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SessionRow(Base):
    __tablename__ = "interviewer_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex
    interviewer_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("interviewers.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginFailureRow(Base):
    """Consecutive failed sign-ins for one name (known or not), cleared by a success."""

    __tablename__ = "login_failures"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class InterviewRow(Base):
    __tablename__ = "interviews"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    interviewer_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("interviewers.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the invite
    candidate_name: Mapped[str] = mapped_column(String(200), default="")
    candidate_email: Mapped[str] = mapped_column(String(320), default="")
    duration_s: Mapped[int] = mapped_column(Integer)
    extra_s: Mapped[int] = mapped_column(Integer, default=0)
    opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    rubric: Mapped[str] = mapped_column(Text, default="{}")  # JSON: criterion -> {score, notes}
    rubric_spec: Mapped[str] = mapped_column(Text, default="", server_default="")  # "": default
    # migration 0007: the client id of the one browser working on the round (None: free)
    holder_client: Mapped[str | None] = mapped_column(String(64), nullable=True)


class TemplateRow(Base):
    """A saved round: katas, duration and rubric, reused when creating interviews."""

    __tablename__ = "interview_templates"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    interviewer_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("interviewers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    kata_ids: Mapped[str] = mapped_column(Text)  # JSON list
    duration_s: Mapped[int] = mapped_column(Integer)
    rubric_spec: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("interviewer_id", "name",
                                       name="uq_interview_templates_owner_name"),)


class InterviewKataRow(Base):
    __tablename__ = "interview_katas"

    interview_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True)
    kata_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[str] = mapped_column(Text, default="")
    variant: Mapped[str | None] = mapped_column(String(40), nullable=True)  # pinned at creation


class InterviewSubmissionRow(Base):
    __tablename__ = "interview_submissions"

    submission_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True)
    interview_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("interviews.id", ondelete="CASCADE"))
    kata_id: Mapped[str] = mapped_column(String(100))

    __table_args__ = (Index("ix_interview_submissions_interview", "interview_id", "kata_id"),)


class SnapshotRow(Base):
    __tablename__ = "interview_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("interviews.id", ondelete="CASCADE"))
    kata_id: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(8))  # auto | run | submit
    code: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_interview_snapshots_interview", "interview_id", "kata_id", "id"),)


class ScratchRunRow(Base):
    """A scratch run in a round (migration 0006): code and capped output, never figures."""

    __tablename__ = "interview_scratch_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("interviews.id", ondelete="CASCADE"))
    kata_id: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    code: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    exit_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    wall_s: Mapped[float] = mapped_column(Float)
    stdout: Mapped[str] = mapped_column(Text)
    stderr: Mapped[str] = mapped_column(Text)
    figures: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_interview_scratch_runs_interview", "interview_id", "kata_id",
                            "id"),)


class SignalRow(Base):
    """A paste or a time away from the page (migration 0007)."""

    __tablename__ = "interview_signals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("interviews.id", ondelete="CASCADE"))
    kata_id: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(8))  # paste | away
    chars: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    away_s: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_interview_signals_interview", "interview_id", "kata_id", "id"),)
