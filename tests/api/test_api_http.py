"""The API through the ASGI test client, grading with the real bwrap sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from katagrad.errors import SettingsError
from katagrad.settings import Settings, load_settings
from tests.api.conftest import KATA, KATA_DIR, make_settings, solutions, wait_terminal

REFERENCE = (KATA_DIR / "reference.py").read_text()


def submit(client: TestClient, code: str = REFERENCE, mode: str = "submit",
           kata_id: str = KATA) -> str:
    r = client.post("/api/submissions", json={"kata_id": kata_id, "code": code, "mode": mode})
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "queued"
    return str(r.json()["id"])


def assert_problem(r, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["title"]
    assert "Traceback" not in r.text
    return body  # type: ignore[no-any-return]


def test_health(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["sandbox"] == "warm"
    assert body["database"] == "sqlite" and body["queue_depth"] == 0


def test_katas_show_the_task_never_the_answers(client: TestClient) -> None:
    listed = {k["id"]: k for k in client.get("/api/katas").json()}
    assert listed[KATA]["framework"] == "numpy"
    assert set(listed[KATA]) == {"id", "title", "difficulty", "topics", "framework", "format",
                                 "interview_only"}
    assert listed[KATA]["format"] == "code" and listed["write-tests-top-k"]["format"] == "tests"
    detail = client.get(f"/api/katas/{KATA}").json()
    assert detail["stub"] == (KATA_DIR / "stub.py").read_text()
    assert detail["statement"].startswith("#")
    assert detail["checks"] and all(c["description"] for c in detail["checks"])
    assert detail["limits"]["wall_s"] > 0
    text = json.dumps(detail)
    assert REFERENCE.strip().splitlines()[-1] not in text
    from graders.kata import load_kata
    from graders.loading import kata_code
    from katagrad.settings import ROOT

    hidden = [c.name for c in kata_code(load_kata(ROOT / "katas" / KATA)).checks if not c.visible]
    assert hidden and not any(name in text for name in hidden)
    assert_problem(client.get("/api/katas/no-such-kata"), 404)
    assert detail["context"] == []


def test_a_kata_hands_out_its_read_only_context_files(client: TestClient) -> None:
    """An extend-a-paper kata's paper code comes with it, by name and text, in kata.toml order;
    its reference still does not."""
    from katagrad.settings import ROOT

    folder = ROOT / "katas" / "residual-ablation"
    detail = client.get("/api/katas/residual-ablation").json()
    assert [(f["name"], f["text"]) for f in detail["context"]] == [
        ("model.py", (folder / "context" / "model.py").read_text()),
        ("train.py", (folder / "context" / "train.py").read_text())]
    assert "class PlainMLP" not in json.dumps(detail)


def test_a_tests_kata_shows_the_contract_never_the_implementations(client: TestClient) -> None:
    from katagrad.settings import ROOT

    folder = ROOT / "katas" / "write-tests-top-k"
    detail = client.get("/api/katas/write-tests-top-k").json()
    assert detail["format"] == "tests" and detail["checks"] == []
    assert detail["stub"] == (folder / "stub.py").read_text()
    text = json.dumps(detail)
    hidden = [folder / "reference.py", folder / "suite.py", *folder.glob("correct/*.py"),
              *folder.glob("mutants/*.py")]
    for path in hidden:  # the first line of each is a docstring naming it, or its bug
        assert path.read_text().splitlines()[0].strip('"') not in text
    assert not any(p.stem in text for p in hidden[2:])


@pytest.mark.parametrize("name", ["reference", "mutant:naive_softmax", "stub"])
def test_submit_grades_with_the_right_score(client: TestClient, name: str) -> None:
    code, perfect = solutions()[name]
    sub = wait_terminal(client, submit(client, code))
    assert sub["status"] == "done" and sub["code"] == code
    report = sub["report"]
    assert report["mode"] == "submit" and report["kata"] == KATA
    assert (report["score"] == 1.0) is perfect and sub["score"] == report["score"]
    assert any(not t["visible"] for t in report["tests"])  # hidden checks ran
    assert sub["created_at"] <= sub["started_at"] <= sub["finished_at"]


def test_run_grades_only_visible_checks(client: TestClient) -> None:
    sub = wait_terminal(client, submit(client, mode="run"))
    assert sub["mode"] == "run" and sub["report"]["score"] == 1.0
    assert sub["report"]["tests"] and all(t["visible"] for t in sub["report"]["tests"])


def test_report_is_the_cli_report(client: TestClient, settings: Settings, sandbox) -> None:  # type: ignore[no-untyped-def]
    from graders.grade import Mode, grade
    from graders.kata import find_kata

    sub = wait_terminal(client, submit(client, mode="run"))
    cli = grade(find_kata(settings.katas_dir, KATA), REFERENCE, sandbox=sandbox,
                settings=settings, mode=Mode.RUN).to_json()
    got = sub["report"]
    assert set(got) == set(cli)
    assert [t["name"] for t in got["tests"]] == [t["name"] for t in cli["tests"]]


def test_a_client_sees_only_its_own_submissions(client: TestClient) -> None:
    sid = submit(client, mode="run")
    token = client.cookies.get("katagrad_client")
    assert token and "." in token
    client.cookies.clear()  # from here on, another browser
    assert_problem(client.get(f"/api/submissions/{sid}"), 404)
    assert_problem(client.get(f"/api/submissions/{sid}/events"), 404)
    client.cookies.clear()
    assert client.get("/api/submissions").json()["items"] == []
    forged = token.split(".")[0] + ".0000"
    assert_problem(client.get(f"/api/submissions/{sid}", headers={"X-Client-Token": forged}),
                   404)
    client.cookies.clear()
    # the owner's token works as a header as well as a cookie (for API clients)
    own = {"X-Client-Token": token}
    assert client.get(f"/api/submissions/{sid}", headers=own).status_code == 200
    history = client.get("/api/submissions", params={"kata_id": KATA}, headers=own).json()
    assert [h["id"] for h in history["items"]] == [sid]
    assert set(history["items"][0]) == {"id", "kata_id", "part", "mode", "status", "score",
                                        "created_at", "finished_at", "variant"}
    client.cookies.set("katagrad_client", token, path="/api")
    wait_terminal(client, sid)


def test_new_clients_are_issued_a_token(client: TestClient) -> None:
    r = client.post("/api/submissions", json={"kata_id": KATA, "code": REFERENCE, "mode": "run"})
    token = r.headers["x-client-token"]
    assert client.cookies.get("katagrad_client") == token
    again = client.get("/api/submissions")
    assert "x-client-token" not in again.headers  # a known client keeps its token
    wait_terminal(client, r.json()["id"])


def test_events_stream_progress_then_the_report(client: TestClient) -> None:
    sid = submit(client)
    events = []
    with client.stream("GET", f"/api/submissions/{sid}/events") as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        name = None
        for line in r.iter_lines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                events.append((name, json.loads(line[6:])))
    names = [n for n, _ in events]
    assert names[-1] == "report" and names.count("report") == 1
    final = events[-1][1]
    assert final["status"] == "done" and final["report"]["score"] == 1.0
    if names[0] != "report":  # connected before the end: progress came first
        checks = [c for n, d in events if n == "checks" for c in d["checks"]]
        assert [c["name"] for c in checks] == [t["name"] for t in final["report"]["tests"]]
    # after the end, the stream is the final state at once
    late = client.get(f"/api/submissions/{sid}/events").text
    assert late.startswith("event: report\n") and late.count("event:") == 1


def test_bad_input_gets_a_clear_problem(client: TestClient, api_settings: Settings) -> None:
    body = assert_problem(client.post("/api/submissions",
                                      json={"kata_id": KATA, "mode": "run"}), 422)
    assert body["errors"][0]["field"] == "body.code" and "code" in body["detail"]
    body = assert_problem(client.post("/api/submissions", json={
        "kata_id": KATA, "code": "x", "mode": "grade"}), 422)
    assert body["errors"][0]["field"] == "body.mode"
    assert_problem(client.post("/api/submissions", content=b'{"kata_id": ',
                               headers={"content-type": "application/json"}), 422)
    assert_problem(client.post("/api/submissions", json=[1, 2]), 422)
    body = assert_problem(client.post("/api/submissions", json={
        "kata_id": KATA, "code": "x\x00", "mode": "run"}), 422)
    assert body["errors"][0]["field"] == "body.code"
    assert_problem(client.post("/api/submissions", content=b'{"kata_id":"a","code":"\\ud800",'
                               b'"mode":"run"}', headers={"content-type": "application/json"}),
                   422)
    assert_problem(client.post("/api/submissions", json={
        "kata_id": "no-such-kata", "code": "x", "mode": "run"}), 404)
    big = "#" * (api_settings.max_code_bytes + 1)
    body = assert_problem(client.post("/api/submissions", json={
        "kata_id": KATA, "code": big, "mode": "run"}), 413)
    assert str(api_settings.max_code_bytes) in body["detail"]
    huge = b'{"code": "' + b"x" * (api_settings.max_code_bytes * 7) + b'"}'
    assert_problem(client.post("/api/submissions", content=huge,
                               headers={"content-type": "application/json"}), 413)
    assert_problem(client.get("/api/submissions/nope"), 404)
    assert_problem(client.get("/api/nothing-here"), 404)
    assert_problem(client.delete("/api/katas"), 405)
    assert_problem(client.get("/api/submissions", params={"limit": "many"}), 422)
    assert client.get("/api/submissions").json()["items"] == []  # nothing was queued


def test_rate_limit_answers_429_with_retry_after(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, rate_burst=2, rate_per_minute=1)
    with TestClient(create_app(settings)) as client:
        ids = [submit(client, mode="run") for _ in range(2)]
        r = client.post("/api/submissions", json={"kata_id": KATA, "code": REFERENCE,
                                                  "mode": "run"})
        assert_problem(r, 429)
        assert int(r.headers["retry-after"]) >= 1
        for sid in ids:
            wait_terminal(client, sid)


def test_metrics(client: TestClient) -> None:
    wait_terminal(client, submit(client, mode="run"))
    text = client.get("/metrics").text
    assert 'katagrad_submissions{status="done"} 1.0' in text
    assert 'katagrad_grading_seconds_count{mode="run"} 1.0' in text
    assert "katagrad_queue_depth 0.0" in text


def test_request_latency_per_route_template_and_status(client: TestClient) -> None:
    client.get(f"/api/katas/{KATA}")
    client.get(f"/api/katas/{KATA}")
    client.get("/api/katas/no-such-kata")
    text = client.get("/metrics").text
    route = 'handler="/api/katas/{kata_id}",method="GET"'
    assert f'katagrad_http_request_duration_seconds_count{{{route},status="200"}} 2.0' in text
    assert f'katagrad_http_request_duration_seconds_count{{{route},status="404"}} 1.0' in text
    assert "no-such-kata" not in text  # the template, never the raw path
    assert "katagrad_queue_depth 0.0" in text  # beside the grading metrics


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_api_docs_load_nothing_from_another_host(client: TestClient, page: str) -> None:
    html = client.get(page).text
    assets = [part.split('"', 1)[0] for part in html.split('src="')[1:]]
    assets += [part.split('"', 1)[0] for part in html.split('href="')[1:]]
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    assert "cdn" not in html.lower() and "fonts.googleapis" not in html
    for asset in assets:
        r = client.get(asset)
        assert r.status_code == 200 and len(r.content) > 100, asset


def test_persists_across_restarts(api_settings: Settings) -> None:
    with TestClient(create_app(api_settings)) as client:
        sid = submit(client, mode="run")
        wait_terminal(client, sid)
        token = client.cookies.get("katagrad_client")
    assert (api_settings.data_dir / "katagrad.db").is_file()
    with TestClient(create_app(api_settings)) as client:
        r = client.get(f"/api/submissions/{sid}", headers={"X-Client-Token": token})
        assert r.json()["status"] == "done" and r.json()["report"]["score"] == 1.0


def test_end_to_end_on_postgresql(tmp_path: Path, database_url: str | None) -> None:
    settings = make_settings(tmp_path, database_url=database_url)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/health").json()["database"] == (
            "sqlite" if database_url is None else "postgresql")
        ids = [submit(client, code) for code, _ in list(solutions().values())[:3]]
        scores = [wait_terminal(client, sid)["score"] for sid in ids]
        assert scores[0] == 1.0 and scores[1] == 1.0 and scores[2] < 1.0


@pytest.mark.parametrize("overrides", [
    {"host": "0.0.0.0"}, {"database_url": "sqlite:///:memory:"},
    {"database_url": "mysql://db/katagrad"}, {"secret_key": "short"}, {"workers": 0},
])
def test_unsafe_settings_are_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        load_settings(**overrides)


def test_health_shows_the_warm_path(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, sandbox="warm")
    with TestClient(create_app(settings)) as client:
        body = client.get("/api/health").json()
        assert body["sandbox"] == "warm" and "falling back to bwrap" in body["isolation"]
        assert body["warm"]["serving"] == "warm" and body["warm"]["cold_fallbacks"] == 0
        sid = submit(client, solutions()["reference"][0])
        assert wait_terminal(client, sid)["score"] == 1.0
        warm = client.get("/api/health").json()["warm"]
        assert warm["zygotes"] == {"numpy": "ready"} and warm["cold_fallbacks"] == 0
