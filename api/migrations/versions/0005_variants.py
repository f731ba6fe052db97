"""kata variants: the variant a submission was made for, and the one a round pinned for each
of its katas (graders/variants.py)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL: the kata had no variants (or the row predates them): graded as the kata loads
    op.add_column("submissions", sa.Column("variant", sa.String(40), nullable=True))
    op.add_column("interview_katas", sa.Column("variant", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interview_katas") as batch:
        batch.drop_column("variant")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("variant")
