"""Interviews over HTTP: sign-in, create, the candidate's timed round graded by the shared
queue, snapshots, review and export; and every access crossing refused with 403/404."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from api.interviews.store import NameTaken
from api.main import create_app
from tests.api.conftest import KATA, KATA_DIR, make_settings, wait_terminal

REFERENCE = (KATA_DIR / "reference.py").read_text()
STUB = (KATA_DIR / "stub.py").read_text()
PASSWORD = "correct horse battery"


class World:
    """One app; each party is its own TestClient (its own cookies)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.store = app.state.service.interviews
        self.engine = app.state.service.engine

    def party(self) -> TestClient:
        return TestClient(self.app)

    def interviewer(self, name: str) -> TestClient:
        with contextlib.suppress(NameTaken):
            self.store.add_interviewer(name, PASSWORD)
        c = self.party()
        r = c.post("/api/auth/login", json={"name": name, "password": PASSWORD})
        assert r.status_code == 200, r.text
        c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return c


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    url = None
    if request.param == "postgresql":
        url = os.environ.get("KATAGRAD_TEST_POSTGRES_URL")
        if not url:
            pytest.skip("KATAGRAD_TEST_POSTGRES_URL is unset: scripts/test.sh starts PostgreSQL")
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            # every table, and Procrastinate's types and functions too
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    settings = make_settings(tmp_path, database_url=url, interview_max_snapshots=4,
                             rate_burst=1000, ip_rate_burst=1000)
    app = create_app(settings)
    with TestClient(app):  # runs the lifespan: migrations, workers
        yield World(app)


def create(c: TestClient, **body: Any) -> dict[str, Any]:
    r = c.post("/api/interviews", json={"candidate_name": "Ada", "kata_ids": [KATA], **body})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def refused(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert "Traceback" not in r.text
    return r.json()  # type: ignore[no-any-return]


def test_sign_in_cookie_and_csrf(world: World) -> None:
    world.store.add_interviewer("alice", PASSWORD)
    c = world.party()
    refused(c.get("/api/auth/me"), 403)
    refused(c.post("/api/auth/login", json={"name": "alice", "password": "wrong"}), 403)
    refused(c.post("/api/auth/login", json={"name": "nobody", "password": PASSWORD}), 403)
    refused(c.post("/api/auth/login", json={"name": "alice", "password": PASSWORD},
                   headers={"Origin": "http://evil.example"}), 403)
    r = c.post("/api/auth/login", json={"name": "alice", "password": PASSWORD})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert "katagrad_session=" in cookie and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie and "Secure" not in cookie  # plain http here
    token = c.cookies["katagrad_session"]
    with world.engine.connect() as conn:  # only the hash is stored
        stored = conn.execute(sa.text("SELECT token_hash FROM interviewer_sessions")).scalars()
        pw = conn.execute(sa.text("SELECT password_hash FROM interviewers")).scalar_one()
    assert list(stored) == [hashlib.sha256(token.encode()).hexdigest()]
    assert pw.startswith("$argon2id$") and PASSWORD not in pw
    csrf = r.json()["csrf_token"]
    assert c.get("/api/auth/me").json() == {"name": "alice", "csrf_token": csrf}
    body = {"kata_ids": [KATA]}
    refused(c.post("/api/interviews", json=body), 403)  # no CSRF header
    refused(c.post("/api/interviews", json=body, headers={"X-CSRF-Token": "0" * 64}), 403)
    refused(c.post("/api/interviews", json=body, headers={
        "X-CSRF-Token": csrf, "Origin": "http://evil.example"}), 403)
    assert c.post("/api/interviews", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    # the session ends at logout and at its expiry
    assert c.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    c.cookies.set("katagrad_session", token)
    refused(c.get("/api/interviews"), 403)
    c2 = world.interviewer("alice")
    with world.engine.begin() as conn:
        conn.execute(sa.text("UPDATE interviewer_sessions SET expires_at = :t"),
                     {"t": datetime.now(UTC) - timedelta(seconds=1)})
    refused(c2.get("/api/interviews"), 403)


def test_secure_cookie_over_https(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path))
    with TestClient(app, base_url="https://testserver") as c:
        app.state.service.interviews.add_interviewer("alice", PASSWORD)
        r = c.post("/api/auth/login", json={"name": "alice", "password": PASSWORD})
        assert r.status_code == 200 and "Secure" in r.headers["set-cookie"]


def test_interview_end_to_end(world: World) -> None:
    alice = world.interviewer("alice")
    made = create(alice, candidate_email="ada@example.org", duration_minutes=45)
    token, iid = made["token"], made["id"]
    assert made["invite_url"] == f"http://testserver/interview/{token}"
    assert len(token) >= 43 and made["state"] == "not_started" and made["duration_s"] == 2700
    with world.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM interviews")).mappings().one()
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps({k: str(v) for k, v in row.items()})

    cand = world.party()
    view = cand.get(f"/api/invite/{token}").json()
    assert view["state"] == "not_started" and view["started_at"] is None  # GET does not start
    refused(cand.post(f"/api/invite/{token}/snapshots", json={"kata_id": KATA, "code": "x"}), 403)
    view = cand.post(f"/api/invite/{token}/start").json()
    assert view["state"] == "in_progress" and 2690 < view["seconds_left"] <= 2700
    assert view["katas"][0]["id"] == KATA and view["katas"][0]["code"] is None
    started = view["started_at"]
    assert cand.post(f"/api/invite/{token}/start").json()["started_at"] == started  # once

    snap = lambda code: cand.post(f"/api/invite/{token}/snapshots",  # noqa: E731
                                  json={"kata_id": KATA, "code": code})
    assert snap(STUB).json()["saved"] is True
    assert snap(STUB).json()["saved"] is False  # unchanged: not stored again
    assert snap(STUB + "\n# thinking\n").json()["saved"] is True
    run = cand.post(f"/api/invite/{token}/submissions",
                    json={"kata_id": KATA, "code": STUB, "mode": "run"})
    sub = cand.post(f"/api/invite/{token}/submissions",
                    json={"kata_id": KATA, "code": REFERENCE, "mode": "submit"})
    assert run.status_code == sub.status_code == 202
    # the candidate follows gradings through the ordinary submissions API
    assert wait_terminal(cand, run.json()["id"])["status"] == "done"
    graded = wait_terminal(cand, sub.json()["id"])
    assert graded["report"]["score"] == 1.0
    explanation = "I subtract the row max before exp for stability.\nMasks use -inf."
    r = cand.put(f"/api/invite/{token}/explanations/{KATA}", json={"text": explanation})
    assert r.status_code == 204
    view = cand.get(f"/api/invite/{token}").json()
    assert view["katas"][0]["explanation"] == explanation
    assert view["katas"][0]["code"] == REFERENCE  # the reload restores the editor

    listed = alice.get("/api/interviews").json()["items"]
    assert [i["id"] for i in listed] == [iid]
    assert listed[0]["state"] == "in_progress" and listed[0]["seconds_left"] > 0
    assert listed[0]["progress"] == [{"kata_id": KATA, "title": listed[0]["progress"][0]["title"],
                                      "runs": 1, "submissions": 1, "best_score": 1.0}]
    detail = alice.get(f"/api/interviews/{iid}").json()
    k = detail["review"]["katas"][0]
    assert (k["best_score"], k["final_score"], k["runs"], k["submissions"]) == (1.0, 1.0, 1, 1)
    assert k["first_full_pass_s"] is not None and k["first_full_pass_s"] >= 0
    assert k["checks_from"] == "submit" and k["checks"]
    assert all(c["status"] == "pass" for c in k["checks"])
    assert any(not c["visible"] for c in k["checks"])  # hidden checks reported to the interviewer
    assert k["explanation"] == explanation
    snaps = alice.get(f"/api/interviews/{iid}/snapshots", params={"kata_id": KATA}).json()["items"]
    assert [s["source"] for s in snaps] == ["auto", "auto", "run", "submit"]
    assert snaps[-1]["code"] == REFERENCE and k["snapshots"] == 4

    rubric = {"correctness": {"score": 4, "notes": "all hidden checks"},
              "communication": {"score": 3, "notes": "clear"}}
    r = alice.put(f"/api/interviews/{iid}/rubric", json=rubric)
    assert r.status_code == 200
    assert r.json()["review"]["rubric"]["correctness"] == {"score": 4, "notes": "all hidden checks"}
    refused(alice.put(f"/api/interviews/{iid}/rubric",
                      json={"testing": {"score": 9, "notes": ""}}), 422)
    md = alice.get(f"/api/interviews/{iid}/export", params={"format": "markdown"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "attachment" in md.headers["content-disposition"]
    assert "# Interview review: Ada" in md.text and "> Masks use -inf." in md.text
    assert "| Correctness | 4 | all hidden checks |" in md.text
    data = alice.get(f"/api/interviews/{iid}/export", params={"format": "json"}).json()
    assert data["katas"][0]["best_score"] == 1.0 and data["candidate"]["email"] == "ada@example.org"

    # finishing early closes it; nothing more is accepted
    assert cand.post(f"/api/invite/{token}/finish").json()["state"] == "finished"
    refused(cand.post(f"/api/invite/{token}/submissions",
                      json={"kata_id": KATA, "code": REFERENCE, "mode": "run"}), 403)
    assert alice.get("/api/interviews").json()["items"][0]["state"] == "finished"


def test_deadline_is_enforced_by_the_server(world: World) -> None:
    alice = world.interviewer("alice")
    made = create(alice, duration_minutes=30)
    token, iid = made["token"], made["id"]
    cand = world.party()
    cand.post(f"/api/invite/{token}/start")
    world.store.set_started_at(iid, datetime.now(UTC) - timedelta(minutes=30, seconds=1))
    view = cand.get(f"/api/invite/{token}").json()
    assert view["state"] == "finished" and view["seconds_left"] is None
    assert "time is up" in view["message"]
    body = refused(cand.post(f"/api/invite/{token}/submissions",
                             json={"kata_id": KATA, "code": REFERENCE, "mode": "submit"}), 403)
    assert "time is up" in body["detail"] and body["title"] == "interview closed"
    refused(cand.post(f"/api/invite/{token}/snapshots", json={"kata_id": KATA, "code": "x"}), 403)
    refused(cand.put(f"/api/invite/{token}/explanations/{KATA}", json={"text": "late"}), 403)
    refused(cand.post(f"/api/invite/{token}/finish"), 403)
    assert alice.get(f"/api/interviews/{iid}").json()["state"] == "finished"
    assert not world.store.attempts(iid)  # nothing reached the queue
    # extending gives the time back
    out = alice.post(f"/api/interviews/{iid}/extend", json={"minutes": 10}).json()
    assert out["state"] == "in_progress" and 500 < out["seconds_left"] <= 600
    r = cand.post(f"/api/invite/{token}/snapshots", json={"kata_id": KATA, "code": "x = 1"})
    assert r.json()["saved"] is True


def test_revoked_expired_and_not_yet_open_invites(world: World) -> None:
    alice = world.interviewer("alice")
    cand = world.party()
    now = datetime.now(UTC)
    revoked = create(alice)
    cand.post(f"/api/invite/{revoked['token']}/start")
    assert alice.post(f"/api/interviews/{revoked['id']}/revoke").json()["state"] == "revoked"
    for method, path in (("get", ""), ("post", "/start"), ("post", "/finish")):
        body = refused(getattr(cand, method)(f"/api/invite/{revoked['token']}{path}"), 403)
        assert "cancelled" in body["detail"]
    refused(cand.post(f"/api/invite/{revoked['token']}/submissions",
                      json={"kata_id": KATA, "code": REFERENCE, "mode": "run"}), 403)

    expired = create(alice, closes_at=(now + timedelta(hours=1)).isoformat())
    with world.engine.begin() as conn:  # the start-by time passes unopened
        conn.execute(sa.text("UPDATE interviews SET closes_at = :t WHERE id = :id"),
                     {"t": now - timedelta(hours=1), "id": expired["id"]})
    assert "expired" in refused(cand.post(f"/api/invite/{expired['token']}/start"), 403)["detail"]
    refused(cand.get(f"/api/invite/{expired['token']}"), 403)

    later = create(alice, opens_at=(now + timedelta(hours=1)).isoformat())
    assert "opens at" in refused(cand.post(f"/api/invite/{later['token']}/start"), 403)["detail"]
    assert cand.get(f"/api/invite/{later['token']}").json()["state"] == "not_started"
    refused(alice.post("/api/interviews", json={
        "kata_ids": [KATA], "opens_at": now.isoformat(),
        "closes_at": (now - timedelta(hours=1)).isoformat()}), 422)
    refused(alice.post("/api/interviews", json={"kata_ids": ["no-such-kata"]}), 404)
    refused(alice.post("/api/interviews", json={"kata_ids": []}), 422)


def test_every_crossing_is_refused(world: World) -> None:
    alice, bob = world.interviewer("alice"), world.interviewer("bob")
    a, b = create(alice, candidate_name="A"), create(bob, candidate_name="B")
    cand_a, cand_b = world.party(), world.party()
    cand_a.post(f"/api/invite/{a['token']}/start")
    cand_b.post(f"/api/invite/{b['token']}/start")

    # interviewer X on Y's interview: the same 404 as an id that does not exist
    for probe in (b["id"], "A" * 22, a["token"]):
        for method, path, body in (("get", "", None), ("get", "/snapshots", None),
                                   ("get", "/export", None), ("post", "/revoke", None),
                                   ("post", "/extend", {"minutes": 5}),
                                   ("put", "/rubric", {})):
            r = getattr(alice, method)(f"/api/interviews/{probe}{path}",
                                       **({"json": body} if body is not None else {}))
            got = refused(r, 404)
            assert got["detail"] == "no such interview"
    assert [i["id"] for i in alice.get("/api/interviews").json()["items"]] == [a["id"]]
    assert bob.get(f"/api/interviews/{b['id']}").json()["state"] == "in_progress"  # untouched

    # candidate A with B's kata / a random token / an interview id as token: 404
    unknown = refused(cand_a.get(f"/api/invite/{'x' * 43}"), 404)
    assert refused(cand_a.get(f"/api/invite/{b['id']}"), 404) == {
        **unknown, "instance": f"/api/invite/{b['id']}"}
    bob2 = create(bob)
    refused(cand_a.post(f"/api/invite/{a['token']}/snapshots",
                        json={"kata_id": "not-in-this-interview", "code": "x"}), 404)
    refused(cand_a.put(f"/api/invite/{a['token']}/explanations/not-in-it", json={"text": "x"}),
            404)
    # candidates have no interviewer powers; interviewers' sessions do not open invites
    for party in (cand_a, cand_b):
        refused(party.get("/api/interviews"), 403)
        refused(party.get(f"/api/interviews/{a['id']}"), 403)
    refused(alice.post(f"/api/invite/{bob2['id']}/start"), 404)

    # a candidate's submissions stay theirs: B's client cannot read A's
    sub = cand_a.post(f"/api/invite/{a['token']}/submissions",
                      json={"kata_id": KATA, "code": STUB, "mode": "run"}).json()
    refused(cand_b.get(f"/api/submissions/{sub['id']}"), 404)
    assert world.store.attempts(b["id"]) == {}
    assert [x.id for x in world.store.attempts(a["id"])[KATA]] == [sub["id"]]


def test_snapshots_and_explanations_are_bounded(world: World) -> None:
    alice = world.interviewer("alice")
    made = create(alice)
    token = made["token"]
    cand = world.party()
    cand.post(f"/api/invite/{token}/start")
    for i in range(7):  # the cap in this test is 4 per kata
        r = cand.post(f"/api/invite/{token}/snapshots", json={"kata_id": KATA, "code": f"v{i}"})
        assert r.json()["saved"] is True
    snaps = world.store.snapshots(made["id"], KATA)
    # at the cap the log is thinned where it is densest: the first and the newest stay
    assert len(snaps) == 4 and snaps[0].code == "v0" and snaps[-1].code == "v6"
    assert [s.code for s in snaps] == sorted(s.code for s in snaps)  # still in order
    big = "x" * (world.app.state.service.settings.max_code_bytes + 1)
    refused(cand.post(f"/api/invite/{token}/snapshots", json={"kata_id": KATA, "code": big}),
            413)
    refused(cand.post(f"/api/invite/{token}/snapshots",
                      json={"kata_id": KATA, "code": "a\x00b"}), 422)
    cap = world.app.state.service.settings.interview_max_explanation_chars
    refused(cand.put(f"/api/invite/{token}/explanations/{KATA}", json={"text": "y" * (cap + 1)}),
            413)


def test_cli_manages_interviewer_accounts(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "katagrad"
    env = {**os.environ, "KATAGRAD_DATA_DIR": str(tmp_path / "data")}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(exe), "interviewer", *args], env=env, capture_output=True,
                              text=True, timeout=120)

    added = cli("add", "carol")
    assert added.returncode == 0, added.stderr
    password = next(line.split(": ", 1)[1] for line in added.stdout.splitlines()
                    if line.startswith("password: "))
    assert len(password) >= 16
    assert cli("add", "carol").returncode != 0
    assert "carol" in cli("list").stdout
    app = create_app(make_settings(tmp_path))
    with TestClient(app) as c:
        ok = c.post("/api/auth/login", json={"name": "carol", "password": password})
        assert ok.status_code == 200
    removed = cli("remove", "carol")
    assert removed.returncode == 0 and "carol" not in cli("list").stdout
    assert cli("remove", "carol").returncode != 0


def test_password_guessing_is_slowed_down(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, login_burst=3, login_per_minute=1))
    with TestClient(app) as c:
        app.state.service.interviews.add_interviewer("alice", PASSWORD)
        for _ in range(3):
            refused(c.post("/api/auth/login", json={"name": "alice", "password": "guess"}), 403)
        r = c.post("/api/auth/login", json={"name": "alice", "password": PASSWORD})
        body = refused(r, 429)  # even the right password waits: the limit comes first
        assert int(r.headers["retry-after"]) >= 1 and "sign-in attempts" in body["detail"]
        # the address is limited whatever name it tries
        refused(c.post("/api/auth/login", json={"name": "bob", "password": "guess"}), 429)
        # and the name from any other address (an in-process ASGI client: no network)
        other = TestClient(app, client=("192.0.2.7", 50000))
        r = other.post("/api/auth/login", json={"name": "alice", "password": PASSWORD})
        assert r.status_code == 429, r.text
        app.state.service.interviews.add_interviewer("carol", PASSWORD)
        assert other.post("/api/auth/login",
                          json={"name": "carol", "password": PASSWORD}).status_code == 200
