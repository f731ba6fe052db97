"""The interviewer's round templates: katas, duration and rubric saved under a name, to fill
the new-interview form again. Another interviewer's template answers 404 like a missing one."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import InterviewerDep, ServiceDep
from api.interviews.schemas import TemplateIn, TemplateList, TemplateOut, dimensions
from api.schemas import problem_responses
from katagrad.errors import TemplateNotFound

router = APIRouter(prefix="/api/templates", tags=["interviews"])


@router.get("", response_model=TemplateList, responses=problem_responses(403))
def list_templates(who: InterviewerDep, service: ServiceDep) -> TemplateList:
    """This interviewer's templates, by name."""
    return TemplateList(items=[TemplateOut.of(t) for t in service.interviews.templates(who.id)])


@router.post("", status_code=201, response_model=TemplateOut,
             responses=problem_responses(403, 404, 422))
def save_template(body: TemplateIn, who: InterviewerDep, service: ServiceDep) -> TemplateOut:
    """Save a round setup under a name (one of the same name is replaced)."""
    for k in body.kata_ids:
        service.katas.get(k)
    return TemplateOut.of(service.interviews.add_template(
        who.id, body.name.strip(), body.kata_ids, round(body.duration_minutes * 60),
        dimensions(body.rubric)))


@router.delete("/{template_id}", status_code=204, responses=problem_responses(403, 404))
def delete_template(template_id: str, who: InterviewerDep, service: ServiceDep) -> Response:
    """Forget a template (interviews made from it keep their setup)."""
    if len(template_id) > 64 or not service.interviews.remove_template(template_id, who.id):
        raise TemplateNotFound()
    return Response(status_code=204)
