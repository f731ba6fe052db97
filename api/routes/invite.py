"""The candidate's side of an interview, reached only through the invite token: open (the
clock starts), run and submit through the shared queue, snapshots with paste and focus
signals, explanations, finish. The server's clock decides; after the deadline every write is
refused with 403. One browser per invite: the first to open the round holds it (its client
cookie), any other gets 409 until the interviewer releases it."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from api.deps import AddressDep, ClientDep, ServiceDep
from api.interviews.domain import SCRATCH_OUTPUT_CHARS, Interview, ScratchRun, State, now
from api.interviews.schemas import (
    CandidateView,
    ExplanationIn,
    InterviewSubmissionIn,
    SnapshotIn,
    SnapshotSaved,
)
from api.parts import requested_key, require_unlocked
from api.routes.katas import kata_detail, part_detail
from api.schemas import (
    KataDetail,
    PartDetail,
    PartOut,
    ScratchIn,
    ScratchOut,
    SubmissionAccepted,
    problem_responses,
)
from api.service import Service
from api.sse import interview_events
from graders import variants
from graders.parts import part_of
from graders.static import check_code_size
from katagrad.errors import (
    CodeTooLarge,
    InterviewClosed,
    InterviewNotFound,
    RoundHeldElsewhere,
)

router = APIRouter(prefix="/api/invite/{token}", tags=["candidates"])
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _find(service: Service, token: str, client: str) -> Interview:
    """The invite's interview, unless another browser holds it (409)."""
    iv = service.interviews.by_token(token)
    if iv is None:
        raise InterviewNotFound()
    if iv.holder is None and iv.timing.state(now()) is State.IN_PROGRESS:
        service.integrity.claim(iv.id, client)  # a round released while in progress
        iv = service.interviews.by_token(token)
        assert iv is not None
    if iv.held_by_other(client):
        raise RoundHeldElsewhere()
    return iv


def _readable(service: Service, token: str, client: str) -> Interview:
    """The interview, unless it was revoked or its invitation expired (403)."""
    iv = _find(service, token, client)
    if iv.timing.state(now()) in (State.REVOKED, State.EXPIRED):
        raise InterviewClosed(iv.timing.start_refusal(now()) or "this interview is closed")
    return iv


def _open(service: Service, token: str, client: str, kata_id: str | None = None) -> Interview:
    """The interview if work is accepted now (and kata_id is one of its katas)."""
    iv = _find(service, token, client)
    refusal = iv.timing.work_refusal(now())
    if refusal:
        raise InterviewClosed(refusal)
    if kata_id is not None and kata_id not in iv.kata_ids:
        raise InterviewNotFound()
    return iv


def _view(service: Service, iv: Interview) -> CandidateView:
    return CandidateView.of(iv, service.katas.title, service.interviews.latest_code(iv.id), now())


@router.get("", response_model=CandidateView, responses=problem_responses(403, 404, 409))
def view_interview(token: str, service: ServiceDep, client: ClientDep,
                   response: Response) -> CandidateView:
    """The interview as the candidate sees it; does not start the clock."""
    response.headers.update(NO_STORE)
    return _view(service, _readable(service, token, client))


@router.get("/katas/{kata_id}", response_model=KataDetail,
            responses=problem_responses(403, 404, 409))
def round_kata(token: str, kata_id: str, service: ServiceDep, client: ClientDep,
               response: Response) -> KataDetail:
    """One of the round's katas as the candidate sees it (interview-only ones included)."""
    response.headers.update(NO_STORE)
    iv = _readable(service, token, client)
    if kata_id not in iv.kata_ids:
        raise InterviewNotFound()
    return kata_detail(service, variants.pick(service.katas.get(kata_id),
                                              iv.variants.get(kata_id)))  # the pinned one


@router.get("/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}},
                       **problem_responses(404, 409)})
def follow_interview(token: str, service: ServiceDep, client: ClientDep) -> StreamingResponse:
    """Server-Sent Events: `view` (the candidate's view, without code) at once and on every
    change of state, deadline or end: an extension, a revocation, a finish."""
    _find(service, token, client)
    return StreamingResponse(interview_events(service, token), media_type="text/event-stream",
                             headers={**NO_STORE, "X-Accel-Buffering": "no"})


@router.post("/start", response_model=CandidateView,
             responses=problem_responses(403, 404, 409))
def start_interview(token: str, service: ServiceDep, client: ClientDep,
                    response: Response) -> CandidateView:
    """Open the interview: the clock starts now, the first time only, and this browser holds
    the round."""
    response.headers.update(NO_STORE)
    iv = _readable(service, token, client)
    refusal = iv.timing.start_refusal(now())
    if refusal:
        raise InterviewClosed(refusal)
    service.integrity.claim(iv.id, client)
    service.interviews.start(iv.id)
    return _view(service, _find(service, token, client))


@router.post("/finish", response_model=CandidateView,
             responses=problem_responses(403, 404, 409))
def finish_interview(token: str, service: ServiceDep, client: ClientDep) -> CandidateView:
    """The candidate is done before the deadline."""
    iv = _open(service, token, client)
    service.interviews.finish(iv.id)
    return _view(service, _find(service, token, client))


@router.post("/submissions", status_code=202, response_model=SubmissionAccepted,
             responses=problem_responses(403, 404, 409, 413, 422, 429, 503))
def submit(token: str, body: InterviewSubmissionIn, service: ServiceDep, client: ClientDep,
           address: AddressDep) -> SubmissionAccepted:
    """Run or submit, graded by the shared queue; follow it at /api/submissions/{id}."""
    iv = _open(service, token, client, body.kata_id)
    check_code_size(body.code, service.settings.max_code_bytes)
    key = requested_key(body.kata_id, body.part)
    if body.part > 1:
        kata = service.katas.get(body.kata_id)
        require_unlocked(service.parts.interview(iv.id, kata), kata.id, body.part)
    sub = service.submit(client, address, key, body.mode, body.code,
                         also=service.interviews.linking(iv.id, key),
                         variant=iv.variants.get(body.kata_id, ""))
    service.interviews.snapshot(iv.id, body.kata_id, body.code, body.mode,
                                service.settings.interview_max_snapshots)
    return SubmissionAccepted(id=sub.id, status="queued")


@router.post("/scratch", response_model=ScratchOut,
             responses=problem_responses(403, 404, 409, 413, 422, 429, 503))
def scratch(token: str, body: ScratchIn, service: ServiceDep, client: ClientDep,
            address: AddressDep) -> ScratchOut:
    """Run the file as a script, as in practice; not an attempt. The interviewer's timeline
    keeps its code and (capped) output, never its figures."""
    iv = _open(service, token, client, body.kata_id)
    check_code_size(body.code, service.settings.max_code_bytes)
    result = service.scratch(client, address, body.kata_id, body.code)
    cap = SCRATCH_OUTPUT_CHARS
    service.interviews.record_scratch(iv.id, ScratchRun(
        0, body.kata_id, now(), body.code, result.status.value, result.message,
        result.exit_code, result.wall_s, result.stdout[:cap], result.stderr[:cap],
        len(result.figures)), service.settings.interview_max_snapshots)
    # the playback's marker for this run jumps to a snapshot of the code it ran, as for runs
    service.interviews.snapshot(iv.id, body.kata_id, body.code, "scratch",
                                service.settings.interview_max_snapshots)
    return ScratchOut.of(result)


@router.get("/katas/{kata_id}/parts", response_model=list[PartOut],
            responses=problem_responses(403, 404, 409))
def list_parts(token: str, kata_id: str, service: ServiceDep, client: ClientDep,
               response: Response) -> list[PartOut]:
    """The kata's parts in this round: part n unlocks when part n-1's Submit passes, or when
    the interviewer unlocks it."""
    response.headers.update(NO_STORE)
    iv = _readable(service, token, client)
    if kata_id not in iv.kata_ids:
        raise InterviewNotFound()
    return [PartOut.of(st)
            for st in service.parts.interview(iv.id, service.katas.get(kata_id))]


@router.get("/katas/{kata_id}/parts/{part}", response_model=PartDetail,
            responses=problem_responses(403, 404, 409))
def get_part(token: str, kata_id: str, part: int, service: ServiceDep, client: ClientDep,
             response: Response) -> PartDetail:
    """An unlocked part's statement and stub additions (403 while locked)."""
    response.headers.update(NO_STORE)
    iv = _readable(service, token, client)
    if kata_id not in iv.kata_ids:
        raise InterviewNotFound()
    kata = service.katas.get(kata_id)
    require_unlocked(service.parts.interview(iv.id, kata), kata.id, part)
    return part_detail(part_of(kata, part))


@router.post("/snapshots", response_model=SnapshotSaved,
             responses=problem_responses(403, 404, 409, 413, 422))
def snapshot(token: str, body: SnapshotIn, service: ServiceDep,
             client: ClientDep) -> SnapshotSaved:
    """The editor's content now (the page sends it after each 2 s pause in typing), with the
    pastes and focus losses since the last one."""
    iv = _open(service, token, client, body.kata_id)
    check_code_size(body.code, service.settings.max_code_bytes)
    saved = service.interviews.snapshot(iv.id, body.kata_id, body.code, "auto",
                                        service.settings.interview_max_snapshots)
    at = now()
    skew = at - body.sent_at if body.sent_at is not None else timedelta()
    signals = [g.signal(body.kata_id, iv.timing.started_at, at, skew) for g in body.signals]
    service.integrity.add_signals(iv.id, signals)
    return SnapshotSaved(saved=saved, signals=len(signals))


@router.put("/explanations/{kata_id}", status_code=204,
            responses=problem_responses(403, 404, 409, 413, 422))
def explain(token: str, kata_id: str, body: ExplanationIn, service: ServiceDep,
            client: ClientDep) -> Response:
    """The candidate's "explain your choices" text for one kata."""
    iv = _open(service, token, client, kata_id)
    cap = service.settings.interview_max_explanation_chars
    if len(body.text) > cap:
        raise CodeTooLarge(f"explanations are limited to {cap} characters")
    service.interviews.set_explanation(iv.id, kata_id, body.text)
    return Response(status_code=204)
