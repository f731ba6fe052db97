"""Whatever strings and bytes a box writes, the verdict stays readable along its whole path:
wire -> report -> database -> JSON response -> interview export (a property test).

The sandbox is the FakeSandbox, answering each submission with result files and output that
hypothesis chose: lone surrogates, NUL, invalid UTF-8, any code point."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.main import create_app
from sandbox.base import RunOutcome, RunRequest
from sandbox.fake import FakeSandbox, outcome
from sandbox.harness import envelope, wire
from sandbox.harness.envelope import CallResult, ErrorInfo, Plan
from tests.api.conftest import KATA, make_settings, wait_terminal

PASSWORD = "correct horse battery"
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=40)
NASTY = st.sampled_from(["", "\ud800", "\udfff x", "\x00", "\ud83d\ude00", "\ufffe"])


def _answer(text: str, raw: bytes) -> Any:
    """The box's side: an error whose type, message and place are `text`, a returned dict
    keyed and valued by `text`, `raw` on stdout and `text` on stderr."""

    def run(request: RunRequest) -> RunOutcome:
        ids = [c.id for c in Plan.loads(request.files[envelope.PLAN]).calls]
        err = CallResult(False, error=ErrorInfo(text, text, text))
        value = CallResult(True, {"t": "dict", "v": {text: {"t": "str", "v": text}}})
        outputs = {"import.json": wire.dumps(CallResult(True).to_json()),
                   f"{ids[0]}.json": wire.dumps(err.to_json()),
                   f"{ids[1]}.json": wire.dumps(value.to_json())}
        return outcome(outputs, stdout=raw, stderr=text.encode("utf-8", "surrogatepass"))

    return run


def _strict(body: Any) -> str:
    """`body` as JSON text that is valid Unicode and holds no NUL, or an assertion error."""
    text = json.dumps(body, ensure_ascii=False)
    text.encode("utf-8")  # raises on a lone surrogate
    assert "\x00" not in text
    return text


def test_box_strings_stay_readable_from_wire_to_export(tmp_path: Path, monkeypatch: Any,
                                                       database_url: str | None) -> None:
    answers: dict[int, Any] = {}

    def answer(request: RunRequest) -> RunOutcome:
        n = int(request.files[envelope.SOLUTION].decode().split()[-1])
        return answers[n](request)  # type: ignore[no-any-return]

    monkeypatch.setattr("api.service.make_sandbox", lambda _settings: FakeSandbox(answer))
    app = create_app(make_settings(tmp_path, database_url=database_url, rate_burst=100_000,
                                   ip_rate_burst=100_000, interview_max_snapshots=100_000))
    with TestClient(app):
        app.state.service.interviews.add_interviewer("alice", PASSWORD)
        alice = TestClient(app)
        r = alice.post("/api/auth/login", json={"name": "alice", "password": PASSWORD})
        alice.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        r = alice.post("/api/interviews", json={"candidate_name": "Ada", "kata_ids": [KATA]})
        assert r.status_code == 201, r.text
        made = r.json()
        cand = TestClient(app)
        assert cand.post(f"/api/invite/{made['token']}/start").status_code == 200
        counter = itertools.count()

        @settings(max_examples=20, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow])
        @given(text=st.builds(lambda a, b, c: a + b + c, ANY_TEXT, NASTY, ANY_TEXT),
               raw=st.binary(max_size=64))
        def example(text: str, raw: bytes) -> None:
            n = next(counter)
            answers[n] = _answer(text, raw)
            r = cand.post(f"/api/invite/{made['token']}/submissions",
                          json={"kata_id": KATA, "mode": "submit", "code": f"# example {n}\n"})
            assert r.status_code == 202, r.text
            sub = wait_terminal(cand, r.json()["id"])
            again = cand.get(f"/api/submissions/{sub['id']}")
            assert again.status_code == 200 and again.json() == sub
            assert sub["status"] == "done", sub
            _strict(sub)
            first = sub["report"]["tests"][0]["message"]
            seen = json.loads(json.dumps(text))  # what the trusted side reads (pairs joined)
            assert envelope.clean(seen[:100]) in first  # cleaned, not dropped
            for fmt in ("json", "markdown"):
                export = alice.get(f"/api/interviews/{made['id']}/export",
                                   params={"format": fmt})
                assert export.status_code == 200, export.text
                body = export.content.decode("utf-8")
                if fmt == "json":
                    _strict(json.loads(body))
            review = alice.get(f"/api/interviews/{made['id']}")
            assert review.status_code == 200
            _strict(review.json())

        example()
