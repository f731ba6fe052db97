"""GET /api/katas and /api/katas/{id}: what a candidate may see, never the answers."""

from __future__ import annotations

from fastapi import APIRouter, Query

from api.deps import ClientDep, ServiceDep
from api.schemas import (
    CheckInfo,
    ContextFileInfo,
    KataDetail,
    KataSummary,
    LimitsInfo,
    VariantInfo,
    problem_responses,
)
from graders import variants
from graders.kata import Kata
from graders.loading import kata_code
from katagrad.errors import KataNotFound
from sandbox.limits import service_maximums

router = APIRouter(prefix="/api/katas", tags=["katas"])


def _summary(k: Kata) -> dict[str, object]:
    return {"id": k.id, "title": k.title, "difficulty": k.difficulty.value,
            "topics": list(k.topics), "framework": k.framework.value}


@router.get("", response_model=list[KataSummary])
def list_katas(service: ServiceDep) -> list[KataSummary]:
    """Every kata on offer."""
    return [KataSummary.model_validate(_summary(k)) for k in service.katas.katas.values()]


@router.get("/{kata_id}", response_model=KataDetail, responses=problem_responses(404, 422))
def get_kata(kata_id: str, service: ServiceDep, client: ClientDep,
             variant: str | None = Query(None, max_length=40, description=(
                 "a variant's name (an interview's pinned one); default: the variant "
                 "practice gives this client, which its submissions are graded against"))
             ) -> KataDetail:
    """Statement, stub, visible checks and limits. Never the reference or hidden checks."""
    kata = service.katas.get(kata_id)
    if variant is not None and variant not in variants.names(kata):
        raise KataNotFound(f"{kata_id} (variant {variant})")
    kata = variants.pick(kata, variant if variant is not None
                         else variants.for_client(kata, client))
    checks = [CheckInfo(name=c.name, description=c.description, points=c.points)
              for c in kata_code(kata).checks if c.visible]
    limits = kata.limits.within(service_maximums(service.settings))
    chosen = (VariantInfo(name=kata.variant.name, title=kata.variant.title)
              if kata.variant is not None else None)
    context = [ContextFileInfo(name=f.name, text=f.text) for f in kata.context]
    return KataDetail(**_summary(kata), statement=kata.statement, stub=kata.stub,  # type: ignore[arg-type]
                      checks=checks, limits=LimitsInfo(**vars(limits)), variant=chosen,
                      context=context)
