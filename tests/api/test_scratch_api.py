"""Scratch runs over HTTP: in practice and in a round, rate-limited like runs, never an attempt;
in a round recorded for the review timeline; every crossing refused without leaking."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from tests.api.conftest import KATA, make_settings
from tests.api.test_interviews import World, create, refused, world  # noqa: F401 - a fixture

SCRIPT = """import numpy as np

def softmax(x):
    return np.exp(x) / np.exp(x).sum()

if __name__ == "__main__":
    print("sum", softmax(np.arange(3.0)).sum())
    softmax(None)
"""
PLOT = """import matplotlib.pyplot as plt

if __name__ == "__main__":
    plt.plot([3, 1, 2])
    plt.show()
    print("plotted")
"""


def test_practice_scratch_runs_the_main_block_and_is_no_attempt(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, sandbox="bwrap")
    with TestClient(create_app(settings)) as c:
        r = c.post("/api/scratch", json={"kata_id": KATA, "code": SCRIPT})
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["status"] == "failed" and out["exit_code"] == 1
        assert out["stdout"] == "sum 1.0\n"
        assert 'File "solution.py", line 8, in <module>' in out["stderr"]
        assert 'File "solution.py", line 4, in softmax' in out["stderr"]
        assert out["wall_s"] > 0 and out["figures"] == []
        plot = c.post("/api/scratch", json={"kata_id": KATA, "code": PLOT}).json()
        assert plot["status"] == "ok" and plot["stdout"] == "plotted\n"
        [fig] = plot["figures"]
        assert base64.b64decode(fig["png_base64"]).startswith(b"\x89PNG\r\n\x1a\n")
        assert (fig["width"], fig["height"]) == (640, 480)
        # rejected before it runs, with the line
        bad = c.post("/api/scratch", json={"kata_id": KATA, "code": "x = 1\nimport torch\n"})
        assert bad.json()["status"] == "rejected" and bad.json()["line"] == 2
        assert c.get("/api/submissions").json()["items"] == []  # not an attempt
        refused(c.post("/api/scratch", json={"kata_id": "no-such-kata", "code": "x"}), 404)
        refused(c.post("/api/scratch", json={"kata_id": KATA, "code": "x\x00"}), 422)
        refused(c.post("/api/scratch", json={"kata_id": KATA, "code": "#" * 300_000}), 413)


def test_scratch_shares_the_rate_buckets_of_runs(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, sandbox="bwrap", rate_burst=2, rate_per_minute=1)
    with TestClient(create_app(settings)) as c:
        assert c.post("/api/submissions", json={"kata_id": KATA, "code": "x = 1",
                                                "mode": "run"}).status_code == 202
        assert c.post("/api/scratch", json={"kata_id": KATA, "code": "print(1)"}).json()[
            "stdout"] == "1\n"
        r = c.post("/api/scratch", json={"kata_id": KATA, "code": "print(2)"})
        assert refused(r, 429)["title"] == "too many requests"
        assert int(r.headers["Retry-After"]) > 0
        # every slot busy: told to retry, nothing runs
        service = c.app.state.service  # type: ignore[attr-defined]
        service.client_rate.burst = 100.0
        other = TestClient(c.app)
        slots = [service.scratch_slots.acquire(blocking=False)
                 for _ in range(settings.scratch_concurrency)]
        assert all(slots)
        try:
            busy = other.post("/api/scratch", json={"kata_id": KATA, "code": "print(3)"})
            assert refused(busy, 503)["title"] == "grading queue full"
        finally:
            for _ in slots:
                service.scratch_slots.release()


def test_round_scratch_is_recorded_for_the_timeline(world: World) -> None:  # noqa: F811
    alice, bob = world.interviewer("alice"), world.interviewer("bob")
    made = create(alice)
    token, iid = made["token"], made["id"]
    cand = world.party()
    cand.post(f"/api/invite/{token}/start")
    r = cand.post(f"/api/invite/{token}/scratch", json={"kata_id": KATA, "code": SCRIPT})
    assert r.status_code == 200, r.text
    assert r.json()["stdout"] == "sum 1.0\n"
    plot = cand.post(f"/api/invite/{token}/scratch", json={"kata_id": KATA, "code": PLOT})
    assert len(plot.json()["figures"]) == 1
    assert world.store.attempts(iid) == {}  # not an attempt

    review = alice.get(f"/api/interviews/{iid}").json()["review"]
    [kata] = review["katas"]
    first, second = kata["scratch"]
    assert first["kind"] == "scratch" and first["code"] == SCRIPT
    assert first["status"] == "failed" and first["stdout"] == "sum 1.0\n"
    assert "line 8" in first["stderr"] and first["at_s"] is not None
    assert second["figures"] == 1 and "png" not in str(second).lower()  # no figure is kept
    assert kata["runs"] == 0 and kata["submissions"] == 0
    md = alice.get(f"/api/interviews/{iid}/export?format=markdown").text
    timeline = md.split("### Timeline", 1)[1].split("###", 1)[0]  # one timeline, in time order
    assert "scratch · exited with status 1" in timeline
    html = alice.get(f"/api/interviews/{iid}/export?format=html").text
    assert "scratch · exited with status 1" in html

    # crossings: another interviewer, an unknown token, a kata outside the round
    refused(bob.get(f"/api/interviews/{iid}"), 404)
    unknown = refused(cand.post(f"/api/invite/{'x' * 43}/scratch",
                                json={"kata_id": KATA, "code": "print(1)"}), 404)
    assert unknown["detail"] == refused(cand.post(f"/api/invite/{iid}/scratch", json={
        "kata_id": KATA, "code": "print(1)"}), 404)["detail"]
    refused(cand.post(f"/api/invite/{token}/scratch",
                      json={"kata_id": "layer-norm", "code": "print(1)"}), 404)
    refused(cand.post(f"/api/invite/{token}/scratch",
                      json={"kata_id": "no-such-kata", "code": "print(1)"}), 404)
    # over time: refused with 403, nothing recorded
    world.store.set_started_at(iid, datetime.now(UTC) - timedelta(hours=2))
    body = refused(cand.post(f"/api/invite/{token}/scratch",
                             json={"kata_id": KATA, "code": "print(1)"}), 403)
    assert "time is up" in body["detail"]
    assert len(world.store.scratch_runs(iid)[KATA]) == 2


def test_revoked_round_refuses_scratch(world: World) -> None:  # noqa: F811
    alice = world.interviewer("alice")
    made = create(alice)
    cand = world.party()
    cand.post(f"/api/invite/{made['token']}/start")
    alice.post(f"/api/interviews/{made['id']}/revoke")
    body = refused(cand.post(f"/api/invite/{made['token']}/scratch",
                             json={"kata_id": KATA, "code": "print(1)"}), 403)
    assert "cancelled" in body["detail"]
    assert world.store.scratch_runs(made["id"]) == {}
