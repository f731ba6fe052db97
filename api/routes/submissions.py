"""Submissions: create (queued, graded by the worker pool), read, list, follow."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.db.store import Submission
from api.deps import AddressDep, ClientDep, ServiceDep
from api.parts import requested_key, require_unlocked
from api.schemas import (
    ReportOut,
    SubmissionAccepted,
    SubmissionIn,
    SubmissionList,
    SubmissionOut,
    SubmissionSummary,
    problem_responses,
)
from api.sse import submission_events
from graders.static import check_code_size
from katagrad.errors import KataInRound, SubmissionNotFound

router = APIRouter(prefix="/api/submissions", tags=["submissions"])


def _summary(s: Submission) -> dict[str, object]:
    kata_id, _, part = s.kata_id.partition("@")  # a follow-up part's key is `id@n`
    return {"id": s.id, "kata_id": kata_id, "part": int(part or 1), "mode": s.mode,
            "status": s.status.value, "score": s.score, "created_at": s.created_at,
            "finished_at": s.finished_at, "variant": s.variant}


@router.post("", status_code=202, response_model=SubmissionAccepted,
             responses=problem_responses(403, 404, 409, 413, 422, 429, 503))
def create_submission(body: SubmissionIn, service: ServiceDep, client: ClientDep,
                      address: AddressDep) -> SubmissionAccepted:
    """Queue code for grading; the row is on disk before this answers. Interview-only katas
    are absent here, and a kata of this browser's round in progress is refused (409)."""
    service.katas.public(body.kata_id)
    if body.kata_id in service.integrity.round_katas(client):
        raise KataInRound()
    check_code_size(body.code, service.settings.max_code_bytes)
    key = requested_key(body.kata_id, body.part)
    if body.part > 1:
        kata = service.katas.get(body.kata_id)
        require_unlocked(service.parts.practice(client, kata), kata.id, body.part)
    sub = service.submit(client, address, key, body.mode, body.code)
    return SubmissionAccepted(id=sub.id, status="queued")


@router.get("", response_model=SubmissionList, responses=problem_responses(404, 422))
def list_submissions(service: ServiceDep, client: ClientDep,
                     kata_id: str | None = Query(None, max_length=100),
                     part: int = Query(1, ge=1, le=9),
                     limit: int = Query(50, ge=1, le=500)) -> SubmissionList:
    """This client's submissions, newest first (given `kata_id`: of that kata's `part`)."""
    key = requested_key(kata_id, part) if kata_id is not None else None
    subs = service.store.list_for(client, key, limit)
    return SubmissionList(items=[SubmissionSummary.model_validate(_summary(s)) for s in subs])


def _own(service: ServiceDep, client: str, submission_id: str) -> Submission:
    sub = service.store.get(submission_id, client)
    if sub is None:
        raise SubmissionNotFound(submission_id)
    return sub


@router.get("/{submission_id}", response_model=SubmissionOut,
            responses=problem_responses(404, 422))
def get_submission(submission_id: str, service: ServiceDep, client: ClientDep) -> SubmissionOut:
    """One of this client's submissions, with its code and (once done) its report."""
    s = _own(service, client, submission_id)
    report = ReportOut.model_validate(s.report) if s.report is not None else None
    return SubmissionOut(**_summary(s), code=s.code, started_at=s.started_at,  # type: ignore[arg-type]
                         report=report, error=s.error)


@router.get("/{submission_id}/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}},
                       **problem_responses(404, 422)})
def follow_submission(submission_id: str, service: ServiceDep,
                      client: ClientDep) -> StreamingResponse:
    """Server-Sent Events: status, planned, running, check..., then report."""
    _own(service, client, submission_id)
    return StreamingResponse(submission_events(service, submission_id, client),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
