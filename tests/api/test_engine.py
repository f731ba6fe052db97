"""The engine's pieces without processes: job options, progress payloads, shared buckets."""

from __future__ import annotations

import json
import os

import pytest
import sqlalchemy as sa

from api.engine.jobs import INTERVIEW_PRIORITY, PRACTICE_PRIORITY, GradeJob, queue_for
from api.engine.notify import MAX_PAYLOAD, encode
from api.library import KataLibrary, kata_digest
from katagrad.settings import ROOT, load_settings

POSTGRES_URL = os.environ.get("KATAGRAD_TEST_POSTGRES_URL")


def test_interviews_go_ahead_and_a_clients_burst_spreads_over_its_slots() -> None:
    jobs = [GradeJob(f"s{i}", "alice", "ab" * 32, interview=i == 0, ordinal=i) for i in range(5)]
    opts = [j.options(max_running_per_client=2) for j in jobs]
    assert opts[0]["priority"] == INTERVIEW_PRIORITY > PRACTICE_PRIORITY == opts[1]["priority"]
    assert [o["lock"] for o in opts] == [f"client:alice/{i % 2}" for i in range(5)]
    assert len({o["queueing_lock"] for o in opts}) == 5
    assert {o["queue"] for o in opts} == {queue_for("ab" * 32)}


def test_kata_digest_changes_with_any_file_and_ignores_caches(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    kata = tmp_path / "attention-numpy"
    shutil.copytree(ROOT / "katas" / "attention-numpy", kata)
    before = kata_digest(kata)
    (kata / "__pycache__").mkdir(exist_ok=True)
    (kata / "__pycache__" / "x.pyc").write_bytes(b"junk")
    assert kata_digest(kata) == before
    (kata / "statement.md").write_text((kata / "statement.md").read_text() + "\n")
    assert kata_digest(kata) != before
    assert KataLibrary(ROOT / "katas").digest("attention-numpy") == kata_digest(
        ROOT / "katas" / "attention-numpy")


def test_progress_payloads_fit_notify_and_the_report_stays_home() -> None:
    big = {"name": "c", "status": "fail", "message": "x" * 20000,
           "diagnostics": {"values": list(range(5000))}}
    payload = encode("sid", "check", big)
    assert payload is not None and len(payload.encode()) <= MAX_PAYLOAD
    sent = json.loads(payload)["d"]
    assert "diagnostics" not in sent and sent["name"] == "c" and len(sent["message"]) == 1000
    end = json.loads(encode("sid", "end", {"id": "sid", "status": "done",  # type: ignore[arg-type]
                                           "report": {"tests": ["..."] * 10000}}))
    assert end["d"] == {"id": "sid", "status": "done"}


@pytest.mark.skipif(not POSTGRES_URL, reason="KATAGRAD_TEST_POSTGRES_URL is unset")
def test_shared_buckets_hold_across_processes_sharing_a_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from api.db.engine import make_engine, migrate
    from api.engine.limits import SharedTokenBucket
    from tests.api.cluster import fresh_database

    assert POSTGRES_URL
    settings = load_settings(database_url=fresh_database(POSTGRES_URL), data_dir=tmp_path)
    one, two = make_engine(settings), make_engine(settings)  # as two API processes would
    migrate(one)
    a = SharedTokenBucket(one, "client", rate_per_minute=6, burst=3)
    b = SharedTokenBucket(two, "client", rate_per_minute=6, burst=3)
    assert [a.take("k"), b.take("k"), a.take("k")] == [0.0, 0.0, 0.0]
    wait = b.take("k")
    assert 0 < wait <= 10.0  # 6 a minute: a token every 10 s
    assert a.take("other") == 0.0  # keys are independent
    with one.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM rate_buckets")).scalar_one() == 2
    one.dispose()
    two.dispose()
