"""Persistence: SQLAlchemy models, the engine, Alembic migrations, the submission store."""
