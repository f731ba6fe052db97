"""the distributed engine: kata versions, shared rate buckets, Procrastinate's schema

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

On PostgreSQL this also applies Procrastinate's own schema (docs/adr/0001-task-engine.md), so
one migration step prepares a database for API and worker processes alike. Upgrading
Procrastinate past a schema change needs a new revision running its migration SQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("submissions", sa.Column("kata_hash", sa.String(64), nullable=True))
    op.create_table(
        "rate_buckets",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager

        exists = bind.execute(sa.text("SELECT to_regclass('procrastinate_jobs')")).scalar()
        if exists is None:
            bind.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))


def downgrade() -> None:
    op.drop_table("rate_buckets")
    op.drop_column("submissions", "kata_hash")
