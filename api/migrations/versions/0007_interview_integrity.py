"""interview integrity: the browser that holds each round, and the candidate's paste and
focus signals

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the client id (api/clients.py) of the one browser working on the round; NULL: free
    op.add_column("interviews", sa.Column("holder_client", sa.String(64), nullable=True))
    op.create_table(
        "interview_signals",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("interview_id", sa.String(32),
                  sa.ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kata_id", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),  # paste | away
        sa.Column("chars", sa.Integer(), nullable=False),  # a paste's size
        sa.Column("text", sa.Text(), nullable=False),  # a paste's text, capped
        sa.Column("away_s", sa.Float(), nullable=False),  # how long the page was left
    )
    op.create_index("ix_interview_signals_interview", "interview_signals",
                    ["interview_id", "kata_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_interview_signals_interview", "interview_signals")
    op.drop_table("interview_signals")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("holder_client")
