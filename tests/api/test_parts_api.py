"""Follow-up parts over HTTP: part 2 stays locked (statement withheld, submissions refused)
until this client's Submit of part 1 passes, or in a round until part 1 passes there or the
interviewer unlocks it; unlocks never cross clients, rounds or practice and rounds."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from katagrad.settings import ROOT
from tests.api.conftest import wait_terminal
from tests.api.test_interviews import World, refused, world  # noqa: F401, F811 - the fixture

KATA = "gaussian-posterior-steps"
FOLDER = ROOT / "katas" / KATA
PART1 = (FOLDER / "reference.py").read_text()
PART2 = (FOLDER / "parts/2/reference.py").read_text()
STUB = (FOLDER / "stub.py").read_text()


def graded(c: TestClient, url: str, **body: Any) -> dict[str, Any]:
    r = c.post(url, json=body)
    assert r.status_code == 202, r.text
    return wait_terminal(c, r.json()["id"])


def parts(c: TestClient, url: str) -> list[dict[str, Any]]:
    r = c.get(url)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_practice_unlocks_part_2_when_part_1_passes(world: World) -> None:  # noqa: F811
    me, other = world.party(), world.party()
    assert me.get(f"/api/katas/{KATA}").json()["parts"] == 2
    assert me.get("/api/katas/attention-numpy").json()["parts"] == 1
    locked = parts(me, f"/api/katas/{KATA}/parts")
    assert [(p["part"], p["unlocked"], p["unlocked_by"]) for p in locked] == [
        (1, True, "start"), (2, False, None)]
    assert locked[1]["title"] is None  # nothing of part 2 is revealed while locked
    body = refused(me.get(f"/api/katas/{KATA}/parts/2"), 403)
    assert "locked" in body["detail"] and "predictive" not in body["detail"]
    refused(me.post("/api/submissions", json={"kata_id": KATA, "part": 2, "code": PART2,
                                              "mode": "run"}), 403)
    refused(me.post("/api/submissions", json={"kata_id": f"{KATA}@2", "code": PART2,
                                              "mode": "run"}), 404)  # no back door by key
    refused(me.get(f"/api/katas/{KATA}@2"), 404)
    refused(me.get(f"/api/katas/{KATA}/parts/3"), 404)

    # a failing Submit and a passing Run do not unlock; a passing Submit does
    assert graded(me, "/api/submissions", kata_id=KATA, code=STUB, mode="submit")["score"] < 1
    assert graded(me, "/api/submissions", kata_id=KATA, code=PART1, mode="run")["score"] == 1
    assert not parts(me, f"/api/katas/{KATA}/parts")[1]["unlocked"]
    passed = graded(me, "/api/submissions", kata_id=KATA, code=PART1, mode="submit")
    assert passed["report"]["score"] == 1.0 and passed["part"] == 1
    now_open = parts(me, f"/api/katas/{KATA}/parts")[1]
    assert now_open["unlocked"] and now_open["unlocked_by"] == "passed"
    assert now_open["unlocked_at"] == passed["finished_at"]
    detail = me.get(f"/api/katas/{KATA}/parts/2").json()
    assert detail["title"].startswith("Part 2") and "predictive" in detail["statement"]
    assert "def predictive" in detail["stub"] and detail["checks"]

    # part 2 is graded by its own checks, and its submissions say which part they are
    second = graded(me, "/api/submissions", kata_id=KATA, part=2, code=PART2, mode="submit")
    assert second["report"]["score"] == 1.0 and second["report"]["kata"] == f"{KATA}@2"
    assert {t["name"] for t in second["report"]["tests"]} >= {"sequential_random"}
    assert (second["kata_id"], second["part"]) == (KATA, 2)
    listed = me.get("/api/submissions", params={"kata_id": KATA, "part": 2}).json()["items"]
    assert [s["id"] for s in listed] == [second["id"]]

    # another client's pass is not theirs
    assert not parts(other, f"/api/katas/{KATA}/parts")[1]["unlocked"]
    refused(other.get(f"/api/katas/{KATA}/parts/2"), 403)


def test_round_unlocks_by_pass_or_by_the_interviewer(world: World) -> None:  # noqa: F811
    alice, bob = world.interviewer("alice"), world.interviewer("bob")

    def round_for(who: TestClient) -> tuple[str, str, TestClient]:
        made = who.post("/api/interviews", json={"candidate_name": "Ada", "kata_ids": [KATA]})
        assert made.status_code == 201, made.text
        cand = world.party()
        assert cand.post(f"/api/invite/{made.json()['token']}/start").status_code == 200
        return made.json()["token"], made.json()["id"], cand

    token, iid, cand = round_for(alice)
    invite = f"/api/invite/{token}"
    assert [p["unlocked"] for p in parts(cand, f"{invite}/katas/{KATA}/parts")] == [True, False]
    refused(cand.get(f"{invite}/katas/{KATA}/parts/2"), 403)
    refused(cand.post(f"{invite}/submissions", json={"kata_id": KATA, "part": 2, "code": PART2,
                                                     "mode": "submit"}), 403)
    refused(cand.post(f"{invite}/submissions", json={"kata_id": f"{KATA}@2", "code": PART2,
                                                     "mode": "submit"}), 404)
    # the round's browser cannot pass part 1 in practice mid-round (409), so nothing unlocks
    refused(cand.post("/api/submissions", json={"kata_id": KATA, "code": PART1,
                                                "mode": "submit"}), 409)
    assert not parts(cand, f"{invite}/katas/{KATA}/parts")[1]["unlocked"]

    # another interviewer cannot unlock it; alice can, before part 1 passes
    refused(bob.post(f"/api/interviews/{iid}/katas/{KATA}/parts/2/unlock"), 404)
    refused(cand.post(f"/api/interviews/{iid}/katas/{KATA}/parts/2/unlock"), 403)
    refused(alice.post(f"/api/interviews/{iid}/katas/attention-numpy/parts/2/unlock"), 404)
    refused(alice.post(f"/api/interviews/{iid}/katas/{KATA}/parts/3/unlock"), 404)
    r = alice.post(f"/api/interviews/{iid}/katas/{KATA}/parts/2/unlock")
    assert r.status_code == 200, r.text
    assert r.json()[1]["unlocked_by"] == "interviewer"
    assert alice.post(f"/api/interviews/{iid}/katas/{KATA}/parts/2/unlock").status_code == 200
    assert parts(cand, f"{invite}/katas/{KATA}/parts")[1]["unlocked_by"] == "interviewer"
    assert "sequential" in cand.get(f"{invite}/katas/{KATA}/parts/2").json()["statement"]
    got = graded(cand, f"{invite}/submissions", kata_id=KATA, part=2, code=PART2, mode="submit")
    assert got["report"]["score"] == 1.0

    review = alice.get(f"/api/interviews/{iid}").json()["review"]["katas"][0]
    assert review["submissions"] == 0  # part 1 was never submitted in the round
    p1, p2 = review["parts"]
    assert (p1["part"], p1["unlocked_by"], p1["submissions"]) == (1, "start", 0)
    assert (p2["part"], p2["unlocked_by"], p2["best_score"], p2["submissions"]) == (
        2, "interviewer", 1.0, 1)
    assert p2["unlocked_at_s"] is not None and p2["unlocked_at_s"] >= 0
    md = alice.get(f"/api/interviews/{iid}/export", params={"format": "markdown"}).text
    assert "| Part | Unlocked |" in md and "(by the interviewer) | 100 % |" in md
    html = alice.get(f"/api/interviews/{iid}/export", params={"format": "html"}).text
    assert "<caption>Parts</caption>" in html
    data = alice.get(f"/api/interviews/{iid}/export", params={"format": "json"}).json()
    assert data["katas"][0]["parts"][1]["best_score"] == 1.0

    # a second round: passing part 1 there unlocks part 2 there only
    token2, iid2, cand2 = round_for(alice)
    invite2 = f"/api/invite/{token2}"
    done = graded(cand2, f"{invite2}/submissions", kata_id=KATA, code=PART1, mode="submit")
    assert done["score"] == 1.0
    opened = parts(cand2, f"{invite2}/katas/{KATA}/parts")[1]
    assert (opened["unlocked"], opened["unlocked_by"]) == (True, "passed")
    assert not parts(cand2, f"/api/katas/{KATA}/parts")[1]["unlocked"]  # not in practice
    refused(cand2.get(f"{invite2}/katas/other-kata/parts"), 404)
    refused(cand2.get(f"{invite}/katas/{KATA}/parts"), 409)  # the first round's browser holds it
    review2 = alice.get(f"/api/interviews/{iid2}").json()["review"]["katas"][0]
    assert review2["parts"][0]["best_score"] == 1.0
    assert review2["parts"][1]["unlocked_by"] == "passed"


def test_parts_unlock_in_order() -> None:
    """Part n opens on part n-1's pass only once part n-1 is open itself; by hand at once."""
    from datetime import UTC, datetime, timedelta

    from api.parts import UnlockedBy, _states
    from graders.kata import load_kata

    kata = load_kata(ROOT / "katas" / "mlp-steps")
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    t1, t2 = t0 + timedelta(minutes=1), t0 + timedelta(minutes=2)
    by = lambda states: [s.unlocked_by for s in states]  # noqa: E731
    assert by(_states(kata, {}, {})) == [UnlockedBy.START, None, None]
    both = {"mlp-steps": t0, "mlp-steps@2": t1}
    assert by(_states(kata, both, {})) == [UnlockedBy.START, UnlockedBy.PASSED, UnlockedBy.PASSED]
    assert _states(kata, both, {})[2].unlocked_at == t1
    # a pass of part 2 counts only once part 2 is open
    assert by(_states(kata, {"mlp-steps@2": t1}, {})) == [UnlockedBy.START, None, None]
    assert by(_states(kata, {"mlp-steps@2": t1}, {2: t0})) == [
        UnlockedBy.START, UnlockedBy.INTERVIEWER, UnlockedBy.PASSED]
    # the earlier of a pass and an unlock by hand is what the review shows
    assert _states(kata, {"mlp-steps": t2}, {2: t1})[1].unlocked_by is UnlockedBy.INTERVIEWER
    assert _states(kata, {"mlp-steps": t0}, {2: t1})[1].unlocked_by is UnlockedBy.PASSED
