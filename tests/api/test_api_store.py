"""The submission store on SQLite and PostgreSQL: migrations, transitions, exactly-once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from api.db.engine import make_engine, migrate
from api.db.store import SubmissionStatus, SubmissionStore
from tests.api.conftest import make_settings

REPORT = {"score": 1.0, "status": "graded", "tests": []}


@pytest.fixture()
def store(tmp_path: Path, database_url: str | None) -> SubmissionStore:
    engine = make_engine(make_settings(tmp_path, database_url=database_url))
    migrate(engine)
    migrate(engine)  # idempotent: a second start changes nothing
    yield SubmissionStore(engine)
    engine.dispose()


def test_migrations_create_the_table(store: SubmissionStore, database_url: str | None) -> None:
    insp = inspect(store.engine)
    assert "submissions" in insp.get_table_names()
    assert {"id", "client_id", "status", "attempts", "report"} <= {
        c["name"] for c in insp.get_columns("submissions")}
    if database_url is None:
        assert (Path(store.engine.url.database or "")).is_file()  # a real SQLite file


def test_lifecycle_and_fencing(store: SubmissionStore) -> None:
    sub = store.create("client-a", "attention-numpy", "submit", "x = 1\n")
    assert store.get(sub.id).status is SubmissionStatus.QUEUED  # type: ignore[union-attr]
    claimed = store.claim(sub.id)
    assert claimed is not None and claimed.attempts == 1
    assert store.claim(sub.id) is None  # only one worker gets it
    assert store.finish(claimed, REPORT)
    assert not store.finish(claimed, REPORT)  # no second terminal write
    assert not store.finish(claimed, None, "late error")
    done = store.get(sub.id)
    assert done is not None and done.status is SubmissionStatus.DONE
    assert done.report == REPORT and done.score == 1.0 and done.error is None
    assert done.finished_at is not None and done.finished_at.tzinfo is not None


def test_recover_requeues_interrupted_and_fences_the_old_claim(store: SubmissionStore) -> None:
    a = store.create("c", "attention-numpy", "run", "a")
    b = store.create("c", "attention-numpy", "run", "b")
    stale = store.claim(a.id)
    assert stale is not None
    assert store.recover() == 1  # the crash interrupted a
    assert store.queued_ids() == [a.id, b.id]  # oldest first
    fresh = store.claim(a.id)
    assert fresh is not None and fresh.attempts == 2
    assert not store.finish(stale, REPORT)  # the interrupted attempt may not write
    assert store.finish(fresh, None, "boom")
    assert store.get(a.id).status is SubmissionStatus.ERROR  # type: ignore[union-attr]


def test_concurrent_claims_have_one_winner(store: SubmissionStore) -> None:
    subs = [store.create("c", "attention-numpy", "run", str(i)) for i in range(10)]
    with ThreadPoolExecutor(8) as pool:
        for sub in subs:
            wins = [c for c in pool.map(store.claim, [sub.id] * 8) if c]
            assert len(wins) == 1
    assert store.counts()["running"] == 10


def test_clients_see_only_their_own(store: SubmissionStore) -> None:
    mine = [store.create("me", "attention-numpy", "run", str(i)) for i in range(3)]
    store.create("me", "other-kata", "run", "x")
    theirs = store.create("them", "attention-numpy", "run", "y")
    listed = store.list_for("me", "attention-numpy", 50)
    assert [s.id for s in listed] == [s.id for s in reversed(mine)]  # newest first
    assert len(store.list_for("me", None, 50)) == 4
    assert store.get(theirs.id, "me") is None
    assert store.get(mine[0].id, "me") is not None


def test_code_round_trips_exactly(store: SubmissionStore) -> None:
    code = "def f():\n    return 'ünïcødé ✓ \\x00'  # tab\there\r\n" * 50
    sub = store.create("c", "attention-numpy", "submit", code)
    assert store.get(sub.id).code == code  # type: ignore[union-attr]


def test_rows_that_belong_with_a_submission_land_with_it_or_not_at_all(
        store: SubmissionStore) -> None:
    def broken_link(submission_id: str) -> list[Any]:
        raise RuntimeError(f"cannot link {submission_id}")

    with pytest.raises(RuntimeError, match="cannot link"):
        store.create("client-a", "attention-numpy", "submit", "x = 1", also=broken_link)
    assert store.list_for("client-a", None, 10) == []  # no orphan, graded but unlinked
    sub = store.create("client-a", "attention-numpy", "submit", "x = 1", also=lambda sid: [])
    assert [s.id for s in store.list_for("client-a", None, 10)] == [sub.id]
