"""The round's integrity over HTTP: paste and focus signals sent with snapshots, one browser
per invite (409 elsewhere, released by the interviewer), interview-only katas, practice
refused on the round's katas while it runs; and every access crossing of the new endpoints."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.api.conftest import KATA, KATA_DIR, make_settings
from tests.api.test_interviews import STUB, World, create, refused, world  # noqa: F401

OTHER = "gaussian-kl"  # a public kata outside the round


def test_signals_are_stored_reviewed_and_exported(world: World) -> None:  # noqa: F811
    alice = world.interviewer("alice")
    made = create(alice)
    token, iid = made["token"], made["id"]
    cand = world.party()
    started = datetime.fromisoformat(cand.post(f"/api/invite/{token}/start").json()["started_at"])
    now = datetime.now(UTC)
    signals = [{"kind": "paste", "at": now.isoformat(), "chars": 6000, "text": "y" * 4096},
               {"kind": "away", "at": (now - timedelta(days=300)).isoformat(), "away_s": 12.5}]
    r = cand.post(f"/api/invite/{token}/snapshots",
                  json={"kata_id": KATA, "code": "x = 1", "signals": signals})
    assert r.json() == {"saved": True, "signals": 2}
    # signals alone (the code unchanged) are still recorded
    r = cand.post(f"/api/invite/{token}/snapshots", json={"kata_id": KATA, "code": "x = 1",
                  "signals": [{"kind": "paste", "at": now.isoformat(), "chars": 3, "text": "abc"}]})
    assert r.json() == {"saved": False, "signals": 1}
    # a paste's text is capped at 4 KB; unknown kinds and naive times are refused
    for bad in ({"kind": "paste", "at": now.isoformat(), "chars": 1, "text": "z" * 4097},
                {"kind": "copy", "at": now.isoformat()},
                {"kind": "away", "at": "2026-12-03T10:00:00", "away_s": 1},
                {"kind": "away", "at": now.isoformat(), "away_s": -1}):
        refused(cand.post(f"/api/invite/{token}/snapshots",
                          json={"kata_id": KATA, "code": "x", "signals": [bad]}), 422)

    k = alice.get(f"/api/interviews/{iid}").json()["review"]["katas"][0]
    assert (k["pastes"], k["pasted_chars"], k["away"], k["away_s"]) == (2, 6003, 1, 12.5)
    kinds = [(s["kind"], s["chars"]) for s in k["signals"]]
    assert sorted(kinds) == [("away", 0), ("paste", 3), ("paste", 6000)]
    away = next(s for s in k["signals"] if s["kind"] == "away")
    assert away["at_s"] == 0.0  # a time before the round is clamped to its start
    assert next(s for s in k["signals"] if s["chars"] == 6000)["text"] == "y" * 4096
    assert started <= datetime.now(UTC)
    md = alice.get(f"/api/interviews/{iid}/export").text
    assert "2 pastes (6003 characters)" in md and "left the page 1 time" in md
    assert "paste · 6000 characters" in md
    # signals of another kata than the round's: 404, nothing stored
    refused(cand.post(f"/api/invite/{token}/snapshots", json={
        "kata_id": OTHER, "code": "x", "signals": signals}), 404)
    assert len(world.app.state.service.integrity.signals(iid)) == 3


def test_one_browser_per_invite(world: World) -> None:  # noqa: F811
    alice, bob = world.interviewer("alice"), world.interviewer("bob")
    made = create(alice)
    token, iid = made["token"], made["id"]
    first, second = world.party(), world.party()
    # a plain GET before the round starts (a link preview) claims nothing
    assert second.get(f"/api/invite/{token}").status_code == 200
    assert first.post(f"/api/invite/{token}/start").status_code == 200
    assert alice.get(f"/api/interviews/{iid}").json()["held"] is True

    for method, path, body in (("get", "", None), ("post", "/start", None),
                               ("get", f"/katas/{KATA}", None), ("get", "/events", None),
                               ("post", "/snapshots", {"kata_id": KATA, "code": "x"}),
                               ("post", "/submissions", {"kata_id": KATA, "code": STUB,
                                                         "mode": "run"}),
                               ("put", f"/explanations/{KATA}", {"text": "x"}),
                               ("post", "/finish", None)):
        r = getattr(second, method)(f"/api/invite/{token}{path}",
                                    **({"json": body} if body is not None else {}))
        got = refused(r, 409)
        assert got["title"] == "this round is open in another browser"
        assert "interviewer" in got["detail"] and made["candidate_name"] not in r.text
    assert world.store.snapshots(iid) == [] and world.store.attempts(iid) == {}
    assert first.get(f"/api/invite/{token}").status_code == 200  # the holder works on

    # only the round's interviewer can release it: others get the 404 of a missing round
    refused(bob.post(f"/api/interviews/{iid}/release"), 404)
    refused(alice.post(f"/api/interviews/{'A' * 22}/release"), 404)
    for party in (first, second):
        refused(party.post(f"/api/interviews/{iid}/release"), 403)
    refused(TestClient(world.app).post(f"/api/interviews/{iid}/release"), 403)
    assert alice.get(f"/api/interviews/{iid}").json()["held"] is True

    released = alice.post(f"/api/interviews/{iid}/release")
    assert released.status_code == 200 and released.json()["held"] is False
    # the next browser to open the round holds it; the first one is now the other browser
    assert second.get(f"/api/invite/{token}").json()["state"] == "in_progress"
    assert second.post(f"/api/invite/{token}/snapshots",
                       json={"kata_id": KATA, "code": "y = 2"}).status_code == 200
    refused(first.post(f"/api/invite/{token}/snapshots", json={"kata_id": KATA, "code": "z"}),
            409)
    assert [s.code for s in world.store.snapshots(iid)] == ["y = 2"]


def test_practice_on_the_rounds_katas_is_refused_while_it_runs(world: World) -> None:  # noqa: F811
    alice = world.interviewer("alice")
    made = create(alice)
    token = made["token"]
    cand, stranger = world.party(), world.party()
    practice = {"kata_id": KATA, "code": STUB, "mode": "submit"}
    assert cand.post("/api/submissions", json=practice).status_code == 202  # before the round
    cand.post(f"/api/invite/{token}/start")
    got = refused(cand.post("/api/submissions", json=practice), 409)
    assert "interview" in got["detail"]
    # other katas, and other browsers, are not the round's business
    assert cand.post("/api/submissions", json={**practice, "kata_id": OTHER}).status_code == 202
    assert stranger.post("/api/submissions", json=practice).status_code == 202
    # the round's own Run/Submit go on
    assert cand.post(f"/api/invite/{token}/submissions",
                     json={"kata_id": KATA, "code": STUB, "mode": "run"}).status_code == 202
    cand.post(f"/api/invite/{token}/finish")
    assert cand.post("/api/submissions", json=practice).status_code == 202  # the round is over


@pytest.fixture()
def private_world(tmp_path: Path) -> Iterator[World]:
    """A library whose KATA is interview-only, beside a public kata."""
    katas = tmp_path / "katas"
    shutil.copytree(KATA_DIR, katas / KATA)
    shutil.copytree(KATA_DIR.parent / OTHER, katas / OTHER)
    toml = katas / KATA / "kata.toml"
    toml.write_text("interview_only = true\n" + toml.read_text())
    settings = make_settings(tmp_path, katas_dir=katas, rate_burst=1000, ip_rate_burst=1000)
    app = create_app(settings)
    with TestClient(app):
        yield World(app)


def test_interview_only_katas(private_world: World) -> None:
    w = private_world
    anyone = w.party()
    assert [k["id"] for k in anyone.get("/api/katas").json()] == [OTHER]
    absent = refused(anyone.get("/api/katas/no-such-kata"), 404)
    hidden = refused(anyone.get(f"/api/katas/{KATA}"), 404)
    assert hidden["title"] == absent["title"] and hidden["type"] == absent["type"]
    assert hidden["detail"] == absent["detail"].replace("no-such-kata", KATA)
    refused(anyone.post("/api/submissions", json={"kata_id": KATA, "code": STUB,
                                                  "mode": "run"}), 404)

    alice = w.interviewer("alice")
    listed = {k["id"]: k["interview_only"] for k in alice.get("/api/interviews/katas").json()}
    assert listed == {KATA: True, OTHER: False}
    refused(anyone.get("/api/interviews/katas"), 403)
    made = create(alice)
    token = made["token"]
    cand = w.party()
    cand.post(f"/api/invite/{token}/start")
    detail = cand.get(f"/api/invite/{token}/katas/{KATA}")
    assert detail.status_code == 200 and detail.json()["stub"] == STUB
    assert detail.json()["interview_only"] is True
    # the round's token reaches only the round's katas; another token nothing
    refused(cand.get(f"/api/invite/{token}/katas/{OTHER}"), 404)
    refused(cand.get(f"/api/invite/{'x' * 43}/katas/{KATA}"), 404)
    refused(cand.get(f"/api/invite/{made['id']}/katas/{KATA}"), 404)
    assert cand.post(f"/api/invite/{token}/submissions",
                     json={"kata_id": KATA, "code": STUB, "mode": "run"}).status_code == 202


def test_signal_times_are_corrected_for_the_browsers_clock(world: World) -> None:  # noqa: F811
    alice = world.interviewer("alice")
    made = create(alice)
    cand = world.party()
    cand.post(f"/api/invite/{made['token']}/start")
    behind = datetime.now(UTC) - timedelta(hours=2)  # a browser whose clock is 2 h slow
    r = cand.post(f"/api/invite/{made['token']}/snapshots", json={
        "kata_id": KATA, "code": "x", "sent_at": behind.isoformat(),
        "signals": [{"kind": "paste", "at": (behind - timedelta(seconds=1)).isoformat(),
                     "chars": 1, "text": "x"}]})
    assert r.json()["signals"] == 1
    (signal,) = world.app.state.service.integrity.signals(made["id"])
    assert abs((datetime.now(UTC) - signal.at).total_seconds()) < 60  # not two hours ago
    refused(cand.post(f"/api/invite/{made['token']}/snapshots", json={
        "kata_id": KATA, "code": "x", "sent_at": "2026-12-03T10:00:00"}), 422)
