"""The tables. The `status` column is the queue's source of truth."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class SubmissionRow(Base):
    __tablename__ = "submissions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    kata_id: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8))  # queued | running | done | error
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # claims so far; fences writes
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    report: Mapped[str | None] = mapped_column(Text, nullable=True)  # Report.to_json() as JSON
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    kata_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)  # graded version
    variant: Mapped[str | None] = mapped_column(String(40), nullable=True)  # graders/variants.py

    __table_args__ = (
        Index("ix_submissions_client_kata_created", "client_id", "kata_id", "created_at"),
        Index("ix_submissions_status_created", "status", "created_at"),
    )
