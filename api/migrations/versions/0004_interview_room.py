"""the interview room: per-round rubric dimensions, round templates, and consecutive failed
sign-ins per name for the exponential back-off

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # JSON list of {key, name, description, scale}; "" is the default four-criterion rubric
    op.add_column("interviews", sa.Column("rubric_spec", sa.Text(), nullable=False,
                                          server_default=""))
    op.create_table(
        "interview_templates",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("interviewer_id", sa.String(32),
                  sa.ForeignKey("interviewers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kata_ids", sa.Text(), nullable=False),  # JSON list
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("rubric_spec", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("interviewer_id", "name", name="uq_interview_templates_owner_name"),
    )
    op.create_table(
        "login_failures",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("login_failures")
    op.drop_table("interview_templates")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("rubric_spec")
