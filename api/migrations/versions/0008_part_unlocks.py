"""follow-up parts: the parts an interviewer unlocked by hand in a round

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "part_unlocks",
        sa.Column("interview_id", sa.String(32),
                  sa.ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kata_id", sa.String(100), primary_key=True),
        sa.Column("part", sa.Integer(), primary_key=True),
        sa.Column("unlocked_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("part_unlocks")
