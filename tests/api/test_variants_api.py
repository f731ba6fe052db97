"""Variants through the service: practice gives each client one variant and grades against
it; a round pins one per candidate at creation, records it on each submission, and shows it
in the review and every export."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi.testclient import TestClient

from api.main import create_app
from graders import variants
from graders.kata import Kata
from katagrad.settings import ROOT
from tests.api.conftest import make_settings, wait_terminal
from tests.api.test_interviews import World, create

KATA = "gaussian-kl"
REFERENCE = (ROOT / "katas" / KATA / "reference.py").read_text()


def _answer(kata: Kata, variant: str) -> str:
    """The reference, bound to `variant`: a correct answer of that variant only."""
    return variants.source(variants.pick(kata, variant), REFERENCE)


def _other(kata: Kata, variant: str) -> str:
    return next(v.name for v in kata.variants if v.name != variant)


def test_practice_variant_is_per_client_and_graded(tmp_path) -> None:
    app = create_app(make_settings(tmp_path, rate_burst=1000, ip_rate_burst=1000))
    with TestClient(app) as c:
        kata = app.state.service.katas.get(KATA)
        detail = c.get(f"/api/katas/{KATA}").json()
        mine = detail["variant"]["name"]
        client_id = c.cookies["katagrad_client"].split(".")[0]
        assert mine == variants.for_client(kata, client_id)
        assert c.get(f"/api/katas/{KATA}").json()["variant"]["name"] == mine  # stable
        assert detail["statement"] == variants.pick(kata, mine).statement
        assert detail["stub"] == variants.pick(kata, mine).stub and "{{" not in detail["stub"]
        other = c.get(f"/api/katas/{KATA}", params={"variant": _other(kata, mine)}).json()
        assert other["variant"]["name"] == _other(kata, mine)
        assert other["statement"] != detail["statement"]
        assert c.get(f"/api/katas/{KATA}", params={"variant": "nope"}).status_code == 404
        assert c.get("/api/katas/attention-numpy").json()["variant"] is None

        right = c.post("/api/submissions", json={"kata_id": KATA, "mode": "submit",
                                                 "code": _answer(kata, mine)}).json()["id"]
        copied = c.post("/api/submissions", json={
            "kata_id": KATA, "mode": "submit",
            "code": _answer(kata, _other(kata, mine))}).json()["id"]
        right, copied = wait_terminal(c, right), wait_terminal(c, copied)
        assert right["variant"] == copied["variant"] == mine
        assert right["score"] == 1.0, right["report"]
        assert copied["score"] < 1.0  # the other variant's answer, graded against mine
        listed = c.get("/api/submissions", params={"kata_id": KATA}).json()["items"]
        assert {s["variant"] for s in listed} == {mine}

        # another client may get another variant: each is graded against its own
        seen = {mine}
        for _ in range(30):
            with TestClient(app) as d:
                seen.add(d.get(f"/api/katas/{KATA}").json()["variant"]["name"])
        assert seen == set(variants.names(kata))


def test_a_round_pins_records_and_shows_the_variant(tmp_path) -> None:
    app = create_app(make_settings(tmp_path, rate_burst=1000, ip_rate_burst=1000))
    with TestClient(app):
        world = World(app)
        kata = app.state.service.katas.get(KATA)
        alice = world.interviewer("alice")
        drawn = set()
        for _ in range(12):
            made = create(alice, kata_ids=[KATA, "attention-numpy"])
            with world.engine.connect() as conn:
                rows = dict(conn.execute(sa.text(
                    "SELECT kata_id, variant FROM interview_katas WHERE interview_id = :i"),
                    {"i": made["id"]}).all())
            assert rows["attention-numpy"] is None and rows[KATA] in variants.names(kata)
            drawn.add(rows[KATA])
        assert drawn == set(variants.names(kata))  # random per candidate

        token, iid, pinned = made["token"], made["id"], rows[KATA]
        cand = world.party()
        view = cand.post(f"/api/invite/{token}/start").json()
        assert [(k["id"], k["variant"]) for k in view["katas"]] == [
            (KATA, pinned), ("attention-numpy", None)]
        shown = cand.get(f"/api/katas/{KATA}", params={"variant": pinned}).json()
        assert shown["statement"] == variants.pick(kata, pinned).statement

        sid = cand.post(f"/api/invite/{token}/submissions", json={
            "kata_id": KATA, "mode": "submit", "code": _answer(kata, pinned)}).json()["id"]
        copied = cand.post(f"/api/invite/{token}/submissions", json={
            "kata_id": KATA, "mode": "submit",
            "code": _answer(kata, _other(kata, pinned))}).json()["id"]
        done, bad = wait_terminal(cand, sid), wait_terminal(cand, copied)
        assert done["variant"] == bad["variant"] == pinned  # the round's pin, not the client's
        assert done["score"] == 1.0 and bad["score"] < 1.0

        title = next(v.title for v in kata.variants if v.name == pinned)
        review = alice.get(f"/api/interviews/{iid}").json()["review"]
        by_kata = {k["kata_id"]: k for k in review["katas"]}
        assert by_kata[KATA]["variant"] == f"{pinned}: {title}"
        assert by_kata["attention-numpy"]["variant"] == ""
        md = alice.get(f"/api/interviews/{iid}/export", params={"format": "markdown"}).text
        assert f"Variant: {pinned}: {title}" in md.replace("\\", "")
        data = alice.get(f"/api/interviews/{iid}/export", params={"format": "json"}).json()
        assert {k["kata_id"]: k["variant"] for k in data["katas"]}[KATA] == f"{pinned}: {title}"
        html = alice.get(f"/api/interviews/{iid}/export", params={"format": "html"}).text
        assert "Variant: " + pinned in html
