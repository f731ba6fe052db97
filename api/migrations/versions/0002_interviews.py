"""interviews: interviewer accounts and sessions, interviews, their katas, submissions links
and editor snapshots

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "interviewers",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "interviewer_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("interviewer_id", sa.String(32),
                  sa.ForeignKey("interviewers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
    )
    op.create_index("ix_interviewer_sessions_interviewer_id", "interviewer_sessions",
                    ["interviewer_id"])
    op.create_table(
        "interviews",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("interviewer_id", sa.String(32),
                  sa.ForeignKey("interviewers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("candidate_name", sa.String(200), nullable=False),
        sa.Column("candidate_email", sa.String(320), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("extra_s", sa.Integer(), nullable=False),
        sa.Column("opens_at", TS, nullable=True),
        sa.Column("closes_at", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("started_at", TS, nullable=True),
        sa.Column("ended_at", TS, nullable=True),
        sa.Column("revoked_at", TS, nullable=True),
        sa.Column("rubric", sa.Text(), nullable=False),
    )
    op.create_index("ix_interviews_interviewer_id", "interviews", ["interviewer_id"])
    op.create_table(
        "interview_katas",
        sa.Column("interview_id", sa.String(32),
                  sa.ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kata_id", sa.String(100), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
    )
    op.create_table(
        "interview_submissions",
        sa.Column("submission_id", sa.String(32),
                  sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("interview_id", sa.String(32),
                  sa.ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kata_id", sa.String(100), nullable=False),
    )
    op.create_index("ix_interview_submissions_interview", "interview_submissions",
                    ["interview_id", "kata_id"])
    op.create_table(
        "interview_snapshots",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("interview_id", sa.String(32),
                  sa.ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kata_id", sa.String(100), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
    )
    op.create_index("ix_interview_snapshots_interview", "interview_snapshots",
                    ["interview_id", "kata_id", "id"])


def downgrade() -> None:
    for table in ("interview_snapshots", "interview_submissions", "interview_katas",
                  "interviews", "interviewer_sessions", "interviewers"):
        op.drop_table(table)
