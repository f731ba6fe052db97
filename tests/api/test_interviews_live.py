"""The interviewer's live control of a round and the bugs found trying it (issue 14, §4): the
candidate's event stream, the finish message, the start-by check, a regenerated invite link,
the exports' final code, timeline and escaping, and the sign-in back-off per name."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from api.main import create_app
from api.sse import interview_events
from tests.api.conftest import KATA, make_settings, wait_terminal
from tests.api.test_interviews import PASSWORD, REFERENCE, STUB, World, create, refused
from tests.api.test_interviews import world as world  # noqa: F401  (the fixture)


def views(frames: list[str]) -> list[dict[str, Any]]:
    return [json.loads(f.split("data: ", 1)[1]) for f in frames if f.startswith("event: view")]


def test_extend_revoke_and_finish_reach_the_open_page(world: World) -> None:
    alice = world.interviewer("alice")
    made = create(alice, duration_minutes=30)
    token, iid = made["token"], made["id"]
    cand = world.party()
    cand.post(f"/api/invite/{token}/start")
    service = world.app.state.service

    async def follow() -> list[str]:
        stream = interview_events(service, token, poll_s=0.02, max_s=30)
        frames = [await anext(stream), await anext(stream)]  # retry, then the view at once

        async def next_view() -> str:
            while True:
                f = await anext(stream)
                if f.startswith("event: view"):
                    return f

        # time runs out while the page is open
        world.store.set_started_at(iid, datetime.now(UTC) - timedelta(minutes=31))
        frames.append(await next_view())
        # the interviewer gives 10 minutes more: the round is open again
        alice.post(f"/api/interviews/{iid}/extend", json={"minutes": 10})
        frames.append(await next_view())
        alice.post(f"/api/interviews/{iid}/extend", json={"minutes": 2.5})  # any number
        frames.append(await next_view())
        alice.post(f"/api/interviews/{iid}/revoke")
        frames.append(await next_view())
        await stream.aclose()
        return frames

    frames = asyncio.run(follow())
    assert frames[0] == "retry: 1000\n\n"
    got = views(frames)
    assert [v["state"] for v in got] == [
        "in_progress", "finished", "in_progress", "in_progress", "revoked"]
    assert "time is up" in got[1]["message"] and got[1]["finished_early"] is False
    assert 500 < got[2]["seconds_left"] <= 540 and got[2]["message"] is None
    assert got[3]["seconds_left"] > got[2]["seconds_left"] + 100
    assert "cancelled" in got[4]["message"]
    assert all(k["code"] is None for v in got for k in v["katas"])  # no code on the wire

    # the stream is the invite's: an unknown token or an interview id answers 404
    unknown = refused(cand.get(f"/api/invite/{'x' * 43}/events"), 404)
    assert refused(cand.get(f"/api/invite/{iid}/events"), 404)["detail"] == unknown["detail"]


def test_the_finish_is_told_apart_from_time_up(world: World) -> None:
    alice = world.interviewer("alice")
    early, late = create(alice), create(alice, duration_minutes=5)
    cand = world.party()
    for made in (early, late):
        cand.post(f"/api/invite/{made['token']}/start")
    done = cand.post(f"/api/invite/{early['token']}/finish").json()
    assert done["state"] == "finished" and done["finished_early"] is True
    view = cand.get(f"/api/invite/{early['token']}").json()  # the reload
    assert view["message"].startswith("you finished the interview at ")
    assert view["ended_at"] is not None and "time is up" not in view["message"]
    world.store.set_started_at(late["id"], datetime.now(UTC) - timedelta(minutes=6))
    view = cand.get(f"/api/invite/{late['token']}").json()
    assert view["finished_early"] is False and view["message"].startswith("time is up")
    assert datetime.fromisoformat(view["ended_at"]) < datetime.now(UTC)
    assert cand.get(f"/api/invite/{early['token']}").json()["opens_at"] is None


def test_a_start_by_time_already_past_is_refused(world: World) -> None:
    alice = world.interviewer("alice")
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    body = refused(alice.post("/api/interviews", json={"kata_ids": [KATA], "closes_at": past}),
                   422)
    assert "already past" in json.dumps(body)
    assert alice.get("/api/interviews").json()["items"] == []


def test_the_invite_link_can_be_regenerated(world: World) -> None:
    alice, bob = world.interviewer("alice"), world.interviewer("bob")
    made = create(alice)
    old, iid = made["token"], made["id"]
    cand = world.party()
    cand.post(f"/api/invite/{old}/start")
    r = alice.post(f"/api/interviews/{iid}/invite")
    assert r.status_code == 200, r.text
    new = r.json()["token"]
    assert new != old and r.json()["invite_url"] == f"http://testserver/interview/{new}"
    refused(cand.get(f"/api/invite/{old}"), 404)  # the old link stops working at once
    refused(cand.post(f"/api/invite/{old}/snapshots", json={"kata_id": KATA, "code": "x"}), 404)
    view = cand.get(f"/api/invite/{new}").json()
    assert view["state"] == "in_progress"  # the same round goes on
    # crossings: another interviewer, a candidate, no CSRF header, an unknown id
    assert refused(bob.post(f"/api/interviews/{iid}/invite"), 404)["detail"] == "no such interview"
    refused(bob.post(f"/api/interviews/{'A' * 22}/invite"), 404)
    refused(cand.post(f"/api/interviews/{iid}/invite"), 403)
    no_csrf = world.party()
    no_csrf.cookies.update(alice.cookies)
    refused(no_csrf.post(f"/api/interviews/{iid}/invite"), 403)
    assert cand.get(f"/api/invite/{new}").status_code == 200  # none of those changed it


def test_exports_carry_final_code_timeline_and_escape_candidate_text(world: World) -> None:
    alice, bob = world.interviewer("alice"), world.interviewer("bob")
    made = create(alice, candidate_name="<script>alert(1)</script>")
    token, iid = made["token"], made["id"]
    cand = world.party()
    cand.post(f"/api/invite/{token}/start")
    run = cand.post(f"/api/invite/{token}/submissions",
                    json={"kata_id": KATA, "code": STUB, "mode": "run"}).json()
    wait_terminal(cand, run["id"])
    sub = cand.post(f"/api/invite/{token}/submissions",
                    json={"kata_id": KATA, "code": REFERENCE, "mode": "submit"}).json()
    wait_terminal(cand, sub["id"])
    final = REFERENCE + "\n# done ``` here\n"
    cand.post(f"/api/invite/{token}/snapshots", json={"kata_id": KATA, "code": final})
    cand.put(f"/api/invite/{token}/explanations/{KATA}",
             json={"text": "## not a heading\n<img src=x onerror=alert(1)>\n1. not a list"})

    md = alice.get(f"/api/interviews/{iid}/export", params={"format": "markdown"}).text
    assert "# Interview review: \\<script\\>alert(1)\\</script\\>" in md
    assert re.search(r"(?<!\\)<(script|img)", md) is None  # every < escaped
    assert "> \\## not a heading" in md and "> 1\\. not a list" in md
    assert "### Final code\n\n````python\n" + final.rstrip("\n") + "\n````" in md
    timeline = md.split("### Timeline\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(timeline) == 2 and " run · " in timeline[0] and "first failing: " in timeline[0]
    assert " submit · 100 % · all checks pass" in timeline[1]

    data = alice.get(f"/api/interviews/{iid}/export", params={"format": "json"}).json()
    k = data["katas"][0]
    assert k["final_code"] == final
    assert [m["mode"] for m in k["timeline"]] == ["run", "submit"]
    assert k["timeline"][1] == {**k["timeline"][1], "score": 1.0, "failed": None}

    page = alice.get(f"/api/interviews/{iid}/export", params={"format": "html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "attachment" not in page.headers.get("content-disposition", "")
    assert "<script>" not in page.text and "<img" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "def scaled_dot_product_attention" in page.text and "@media print" in page.text
    for fmt in ("html", "markdown", "json"):  # another interviewer's: the same 404
        refused(bob.get(f"/api/interviews/{iid}/export", params={"format": fmt}), 404)
    refused(cand.get(f"/api/interviews/{iid}/export", params={"format": "html"}), 403)
    refused(alice.get(f"/api/interviews/{iid}/export", params={"format": "pdf"}), 422)


def test_repeated_failures_lock_the_name_with_back_off(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, login_burst=1000, login_per_minute=1000))
    with TestClient(app) as c:
        store = app.state.service.interviews
        store.add_interviewer("alice", PASSWORD)
        store.add_interviewer("bob", PASSWORD)
        for _ in range(5):
            refused(c.post("/api/auth/login", json={"name": "alice", "password": "guess"}), 403)
        r = c.post("/api/auth/login", json={"name": "alice", "password": PASSWORD})
        body = refused(r, 429)  # locked: even the right password waits
        assert 25 <= int(r.headers["retry-after"]) <= 31 and "failed sign-ins" in body["detail"]
        assert c.post("/api/auth/login", json={"name": "bob", "password": PASSWORD}).status_code \
            == 200  # per name: bob is not locked
        # the lock passes; one more failure doubles it
        with app.state.service.engine.begin() as conn:
            conn.execute(sa.text("UPDATE login_failures SET locked_until = :t"),
                         {"t": datetime.now(UTC) - timedelta(seconds=1)})
        refused(c.post("/api/auth/login", json={"name": "alice", "password": "guess"}), 403)
        r = refused(c.post("/api/auth/login", json={"name": "alice", "password": PASSWORD}), 429)
        assert 55 <= store.locked_for("alice") <= 60
        # an unknown name is locked the same way (no hint which names exist)
        for _ in range(5):
            refused(c.post("/api/auth/login", json={"name": "nobody", "password": "x"}), 403)
        refused(c.post("/api/auth/login", json={"name": "nobody", "password": "x"}), 429)
        # a success clears the count
        with app.state.service.engine.begin() as conn:
            conn.execute(sa.text("UPDATE login_failures SET locked_until = NULL"))
        assert c.post("/api/auth/login", json={"name": "alice", "password": PASSWORD}).status_code \
            == 200
        assert store.locked_for("alice") == 0.0
        refused(c.post("/api/auth/login", json={"name": "alice", "password": "guess"}), 403)
        assert c.post("/api/auth/login", json={"name": "alice", "password": PASSWORD}).status_code \
            == 200


RUBRIC = [{"key": "derivation", "name": "Derivation", "description": "the math, by hand",
           "scale": 5},
          {"key": "code", "name": "Code | style", "scale": 3}]


def test_rubric_dimensions_are_chosen_per_round(world: World) -> None:
    alice = world.interviewer("alice")
    custom = create(alice, rubric=RUBRIC)
    assert [(d["key"], d["scale"]) for d in custom["rubric"]] == [("derivation", 5), ("code", 3)]
    iid = custom["id"]
    r = alice.put(f"/api/interviews/{iid}/rubric",
                  json={"derivation": {"score": 5, "notes": "clean <b>proof</b>"}})
    assert r.status_code == 200, r.text
    review = r.json()["review"]
    assert review["rubric"] == {"derivation": {"score": 5, "notes": "clean <b>proof</b>"},
                                "code": {"score": None, "notes": ""}}
    assert [d["name"] for d in review["dimensions"]] == ["Derivation", "Code | style"]
    too_high = refused(alice.put(f"/api/interviews/{iid}/rubric",
                                 json={"code": {"score": 4, "notes": ""}}), 422)
    assert "scored 1 to 3" in too_high["detail"]
    other = refused(alice.put(f"/api/interviews/{iid}/rubric",
                              json={"correctness": {"score": 1, "notes": ""}}), 422)
    assert "not a dimension" in other["detail"]
    md = alice.get(f"/api/interviews/{iid}/export").text
    assert "| Criterion | Score | Notes |" in md  # scales differ: no common range
    assert "| Derivation | 5 | clean \\<b\\>proof\\</b\\> |" in md
    assert "| Code \\| style | — |  |" in md
    page = alice.get(f"/api/interviews/{iid}/export", params={"format": "html"}).text
    assert "the math, by hand" in page and "5 / 5" in page and "&lt;b&gt;proof" in page

    default = create(alice)  # no rubric given: the four criteria, scored 1–4
    assert [d["key"] for d in default["rubric"]] == [
        "correctness", "code_quality", "testing", "communication"]
    assert {d["scale"] for d in default["rubric"]} == {4}
    refused(alice.put(f"/api/interviews/{default['id']}/rubric",
                      json={"testing": {"score": 5, "notes": ""}}), 422)
    for bad in ([{**RUBRIC[0]}, {**RUBRIC[0]}],  # the same key twice
                [{"key": "Has Space", "name": "x"}], [{"key": "k", "name": "x", "scale": 11}],
                []):
        refused(alice.post("/api/interviews", json={"kata_ids": [KATA], "rubric": bad}), 422)


def test_round_templates_are_saved_reused_and_private(world: World) -> None:
    alice, bob = world.interviewer("alice"), world.interviewer("bob")
    body = {"name": "ML research round", "kata_ids": [KATA], "duration_minutes": 50,
            "rubric": RUBRIC}
    r = alice.post("/api/templates", json=body)
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["duration_minutes"] == 50 and [d["key"] for d in first["rubric"]] == [
        "derivation", "code"]
    again = alice.post("/api/templates", json={**body, "duration_minutes": 45}).json()
    items = alice.get("/api/templates").json()["items"]
    assert [(t["id"], t["duration_minutes"]) for t in items] == [(again["id"], 45)]  # replaced
    plain = alice.post("/api/templates", json={"name": "Warm-up", "kata_ids": [KATA]}).json()
    assert plain["duration_minutes"] == 60 and len(plain["rubric"]) == 4
    assert [t["name"] for t in alice.get("/api/templates").json()["items"]] == [
        "ML research round", "Warm-up"]
    # a template fills the form: an interview made from it has its rubric
    made = create(alice, kata_ids=again["kata_ids"], rubric=again["rubric"],
                  duration_minutes=again["duration_minutes"])
    assert made["duration_s"] == 45 * 60 and made["rubric"] == again["rubric"]

    # crossings: bob sees none of them and cannot delete them; candidates have no powers
    assert bob.get("/api/templates").json() == {"items": []}
    gone = refused(bob.delete(f"/api/templates/{again['id']}"), 404)
    assert gone["detail"] == refused(bob.delete(f"/api/templates/{'A' * 22}"), 404)["detail"]
    cand = world.party()
    refused(cand.get("/api/templates"), 403)
    refused(cand.post("/api/templates", json=body), 403)
    refused(cand.delete(f"/api/templates/{again['id']}"), 403)
    no_csrf = world.party()
    no_csrf.cookies.update(alice.cookies)
    refused(no_csrf.post("/api/templates", json=body), 403)
    refused(no_csrf.delete(f"/api/templates/{again['id']}"), 403)
    refused(alice.post("/api/templates", json={**body, "kata_ids": ["no-such-kata"]}), 404)
    refused(alice.post("/api/templates", json={**body, "name": ""}), 422)
    assert len(alice.get("/api/templates").json()["items"]) == 2  # none of that changed them
    assert alice.delete(f"/api/templates/{again['id']}").status_code == 204
    refused(alice.delete(f"/api/templates/{again['id']}"), 404)
    assert [t["name"] for t in alice.get("/api/templates").json()["items"]] == ["Warm-up"]
