"""The interviewer's interviews: create (an invite link), list, watch, revoke, extend, review,
rubric, export. Another interviewer's interview answers 404, exactly like a missing one."""

from __future__ import annotations

import json
from typing import Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError

from api.deps import InterviewerDep, ServiceDep
from api.interviews import export
from api.interviews.domain import Interview, Interviewer, now
from api.interviews.review import Review, build_review, progress
from api.interviews.schemas import (
    ExtendIn,
    InterviewCreated,
    InterviewDetail,
    InterviewIn,
    InterviewList,
    InterviewOut,
    InviteLink,
    RubricIn,
    SnapshotList,
    SnapshotOut,
    dimensions,
)
from api.parts import round_parts
from api.routes.katas import summary
from api.schemas import KataSummary, PartOut, problem_responses
from api.service import Service
from graders import variants
from katagrad.errors import InterviewNotFound, KataNotFound

router = APIRouter(prefix="/api/interviews", tags=["interviews"])


def _own(service: Service, who: Interviewer, interview_id: str) -> Interview:
    iv = service.interviews.owned(interview_id, who.id) if len(interview_id) <= 64 else None
    if iv is None:
        raise InterviewNotFound()
    return iv


def _out(service: Service, iv: Interview) -> InterviewOut:
    attempts = service.interviews.attempts(iv.id)
    return InterviewOut.of(iv, progress(iv, attempts, service.katas.title), now())


def _link(service: Service, request: Request, token: str) -> InviteLink:
    base = service.settings.public_url or str(request.base_url)
    return InviteLink(invite_url=f"{base.rstrip('/')}/interview/{token}", token=token)


def _review(service: Service, iv: Interview, who: Interviewer) -> Review:
    return build_review(iv, service.interviews.attempts(iv.id),
                        service.interviews.snapshot_counts(iv.id), service.katas.title,
                        who.name, now(), service.interviews.latest_code(iv.id),
                        variant=service.katas.variant_title,
                        scratch=service.interviews.scratch_runs(iv.id),
                        parts=round_parts(service.parts, iv.id, service.katas.katas,
                                          iv.kata_ids),
                        signals=service.integrity.signals(iv.id))


@router.get("/katas", response_model=list[KataSummary], responses=problem_responses(403))
def round_katas(who: InterviewerDep, service: ServiceDep) -> list[KataSummary]:
    """Every kata a round may use: the catalogue's and the interview-only ones."""
    return [summary(k) for k in service.katas.katas.values()]


@router.post("", status_code=201, response_model=InterviewCreated,
             responses=problem_responses(403, 404, 422))
def create_interview(body: InterviewIn, who: InterviewerDep, service: ServiceDep,
                     request: Request) -> InterviewCreated:
    """A new interview and its invite link (shown once)."""
    pinned = {}  # one variant per kata, drawn for this candidate now and kept
    for k in body.kata_ids:
        drawn = variants.draw(service.katas.get(k))
        if drawn is not None:
            pinned[k] = drawn
    iv, token = service.interviews.create(
        who.id, body.kata_ids, round(body.duration_minutes * 60), body.candidate_name.strip(),
        body.candidate_email.strip(), body.opens_at, body.closes_at, dimensions(body.rubric),
        variants=pinned)
    return InterviewCreated(**_out(service, iv).model_dump(),
                            **_link(service, request, token).model_dump())


@router.get("", response_model=InterviewList, responses=problem_responses(403))
def list_interviews(who: InterviewerDep, service: ServiceDep) -> InterviewList:
    """This interviewer's interviews, newest first, with state and live progress."""
    return InterviewList(items=[_out(service, iv)
                                for iv in service.interviews.list_for(who.id)])


@router.get("/{interview_id}", response_model=InterviewDetail,
            responses=problem_responses(403, 404))
def get_interview(interview_id: str, who: InterviewerDep, service: ServiceDep) -> InterviewDetail:
    """One interview with its full review."""
    iv = _own(service, who, interview_id)
    return InterviewDetail(**_out(service, iv).model_dump(),
                           review=export.to_json(_review(service, iv, who)))


@router.get("/{interview_id}/snapshots", response_model=SnapshotList,
            responses=problem_responses(403, 404, 422))
def list_snapshots(interview_id: str, who: InterviewerDep, service: ServiceDep,
                   kata_id: str | None = Query(None, max_length=100)) -> SnapshotList:
    """The candidate's editor over time, oldest first: the playback."""
    iv = _own(service, who, interview_id)
    return SnapshotList(items=[SnapshotOut.model_validate(s)
                               for s in service.interviews.snapshots(iv.id, kata_id)])


@router.post("/{interview_id}/katas/{kata_id}/parts/{part}/unlock",
             response_model=list[PartOut], responses=problem_responses(403, 404, 422))
def unlock_part(interview_id: str, kata_id: str, part: int, who: InterviewerDep,
                service: ServiceDep) -> list[PartOut]:
    """Unlock a follow-up part for the candidate now (and any locked part before it),
    whether or not the previous part passed; the unlock time goes into the review."""
    iv = _own(service, who, interview_id)
    if kata_id not in iv.kata_ids:
        raise KataNotFound(kata_id)
    kata = service.katas.get(kata_id)
    service.parts.unlock(iv.id, kata, part, now())
    return [PartOut.of(st) for st in service.parts.interview(iv.id, kata)]


@router.post("/{interview_id}/revoke", response_model=InterviewOut,
             responses=problem_responses(403, 404))
def revoke_interview(interview_id: str, who: InterviewerDep,
                     service: ServiceDep) -> InterviewOut:
    """Cancel: the invite link stops working at once."""
    iv = _own(service, who, interview_id)
    service.interviews.revoke(iv.id)
    return _out(service, _own(service, who, interview_id))


@router.post("/{interview_id}/release", response_model=InterviewOut,
             responses=problem_responses(403, 404))
def release_interview(interview_id: str, who: InterviewerDep,
                      service: ServiceDep) -> InterviewOut:
    """Free the round from the browser that holds it; the next browser to open the link
    (the candidate's new one) holds it."""
    iv = _own(service, who, interview_id)
    service.integrity.release(iv.id)
    return _out(service, _own(service, who, interview_id))


@router.post("/{interview_id}/extend", response_model=InterviewOut,
             responses=problem_responses(403, 404, 422))
def extend_interview(interview_id: str, body: ExtendIn, who: InterviewerDep,
                     service: ServiceDep) -> InterviewOut:
    """Give more time (also reopens a round that ran out of time)."""
    iv = _own(service, who, interview_id)
    service.interviews.extend(iv.id, round(body.minutes * 60))
    return _out(service, _own(service, who, interview_id))


@router.put("/{interview_id}/rubric", response_model=InterviewDetail,
            responses=problem_responses(403, 404, 422))
def set_rubric(interview_id: str, body: RubricIn, who: InterviewerDep,
               service: ServiceDep) -> InterviewDetail:
    """Score the round's rubric dimensions (1..each one's scale) with notes."""
    iv = _own(service, who, interview_id)
    scales = {d.key: d.scale for d in iv.dimensions}
    wrong = [{"loc": ("body", key), "msg": f"not a dimension of this round's rubric "
                                            f"({', '.join(scales)})", "type": "value_error"}
             for key in body.root if key not in scales]
    wrong += [{"loc": ("body", key, "score"), "msg": f"scored 1 to {scales[key]}",
               "type": "value_error"}
              for key, item in body.root.items()
              if key in scales and item.score is not None and item.score > scales[key]]
    if wrong:
        raise RequestValidationError(wrong)
    service.interviews.set_rubric(iv.id, body.model_dump())
    return get_interview(interview_id, who, service)


@router.post("/{interview_id}/invite", response_model=InviteLink,
             responses=problem_responses(403, 404))
def regenerate_invite(interview_id: str, who: InterviewerDep, service: ServiceDep,
                      request: Request) -> InviteLink:
    """A new invite link (shown once); the old one stops working at once."""
    iv = _own(service, who, interview_id)
    return _link(service, request, service.interviews.new_token(iv.id))


# The printable page carries candidate text: it may load nothing and run nothing.
HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


@router.get("/{interview_id}/export", responses={
    200: {"content": {"text/markdown": {}, "application/json": {}, "text/html": {}}},
    **problem_responses(403, 404, 422)})
def export_review(interview_id: str, who: InterviewerDep, service: ServiceDep,
                  format: Literal["markdown", "json", "html"] = "markdown") -> Response:
    """The review as a Markdown or JSON file, or as a printable HTML page."""
    iv = _own(service, who, interview_id)
    review = _review(service, iv, who)
    headers = {"Cache-Control": "no-store"}
    if format == "html":
        return Response(export.to_html(review), media_type="text/html; charset=utf-8",
                        headers={**headers, "Content-Security-Policy": HTML_CSP})
    if format == "json":
        body, media, ext = json.dumps(export.to_json(review), indent=2), "application/json", "json"
    else:
        body, media, ext = export.to_markdown(review), "text/markdown; charset=utf-8", "md"
    return Response(body, media_type=media, headers={
        **headers, "Content-Disposition": f'attachment; filename="interview-{iv.id}.{ext}"'})
