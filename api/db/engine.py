"""The engine for the configured database, and Alembic migrations applied at start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

from katagrad.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
MIGRATION_LOCK = 0x6B617461  # a pg_advisory_xact_lock key: one migrating process at a time


def database_url(settings: Settings) -> str:
    """The SQLAlchemy URL: settings.database_url, else a SQLite file under data_dir."""
    url = settings.database_url
    if url is None:
        return f"sqlite:///{settings.data_dir.resolve() / 'katagrad.db'}"
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):  # psycopg 3 is the driver we ship
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def make_engine(settings: Settings) -> Engine:
    """An engine tuned for many short transactions from worker threads."""
    url = database_url(settings)
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=settings.workers + 8, max_overflow=32)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_size=settings.workers + 8, max_overflow=32,
                         pool_pre_ping=True)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cur.execute("PRAGMA synchronous=FULL")  # a 202 means the row is on disk
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # API and worker processes may start together
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
