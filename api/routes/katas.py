"""GET /api/katas and /api/katas/{id}: what a candidate may see, never the answers."""

from __future__ import annotations

from fastapi import APIRouter, Query

from api.deps import ClientDep, ServiceDep
from api.parts import require_unlocked
from api.schemas import (
    CheckInfo,
    ContextFileInfo,
    KataDetail,
    KataSummary,
    LimitsInfo,
    PartDetail,
    PartOut,
    VariantInfo,
    problem_responses,
)
from api.service import Service
from graders import variants
from graders.kata import Kata, KataFormat
from graders.loading import kata_code
from graders.parts import every_part, part_of
from katagrad.errors import KataNotFound
from sandbox.limits import service_maximums

router = APIRouter(prefix="/api/katas", tags=["katas"])


def _summary(k: Kata) -> dict[str, object]:
    return {"id": k.id, "title": k.title, "difficulty": k.difficulty.value,
            "topics": list(k.topics), "framework": k.framework.value, "format": k.format.value,
            "interview_only": k.interview_only}


def summary(k: Kata) -> KataSummary:
    return KataSummary.model_validate(_summary(k))


@router.get("", response_model=list[KataSummary])
def list_katas(service: ServiceDep) -> list[KataSummary]:
    """Every kata on offer (interview-only katas are not)."""
    return [summary(k) for k in service.katas.catalogue()]


@router.get("/{kata_id}", response_model=KataDetail, responses=problem_responses(404, 422))
def get_kata(kata_id: str, service: ServiceDep, client: ClientDep,
             variant: str | None = Query(None, max_length=40, description=(
                 "a variant's name (an interview's pinned one); default: the variant "
                 "practice gives this client, which its submissions are graded against"))
             ) -> KataDetail:
    """Statement, stub, visible checks and limits. Never the reference or hidden checks."""
    kata = service.katas.public(kata_id)
    if variant is not None and variant not in variants.names(kata):
        raise KataNotFound(f"{kata_id} (variant {variant})")
    return kata_detail(service, variants.pick(kata, variant if variant is not None
                                              else variants.for_client(kata, client)))


def kata_detail(service: Service, kata: Kata) -> KataDetail:
    """What a candidate may see of a kata, resolved to its variant (the catalogue's page, or
    a round's)."""
    checks = ([CheckInfo(name=c.name, description=c.description, points=c.points)
               for c in kata_code(kata).checks if c.visible]
              if kata.format is KataFormat.CODE else [])  # a tests kata has no checks.py
    limits = kata.limits.within(service_maximums(service.settings))
    chosen = (VariantInfo(name=kata.variant.name, title=kata.variant.title)
              if kata.variant is not None else None)
    context = [ContextFileInfo(name=f.name, text=f.text) for f in kata.context]
    return KataDetail(**_summary(kata), statement=kata.statement, stub=kata.stub,  # type: ignore[arg-type]
                      checks=checks, limits=LimitsInfo(**vars(limits)), variant=chosen,
                      parts=len(every_part(kata)), context=context)


@router.get("/{kata_id}/parts", response_model=list[PartOut], responses=problem_responses(404))
def list_parts(kata_id: str, service: ServiceDep, client: ClientDep) -> list[PartOut]:
    """The kata's parts for this client: part n unlocks when its Submit of part n-1 passes."""
    kata = service.katas.get(kata_id)
    return [PartOut.of(st) for st in service.parts.practice(client, kata)]


@router.get("/{kata_id}/parts/{part}", response_model=PartDetail,
            responses=problem_responses(403, 404))
def get_part(kata_id: str, part: int, service: ServiceDep, client: ClientDep) -> PartDetail:
    """An unlocked part's statement, stub additions and visible checks (403 while locked)."""
    kata = service.katas.get(kata_id)
    require_unlocked(service.parts.practice(client, kata), kata.id, part)
    return part_detail(part_of(kata, part))


def part_detail(part: Kata) -> PartDetail:
    """What a client may see of an unlocked part: never its reference or hidden checks."""
    checks = [CheckInfo(name=c.name, description=c.description, points=c.points)
              for c in kata_code(part).checks if c.visible]
    return PartDetail(part=part.part, title=part.title, statement=part.statement,
                      stub=part.stub, checks=checks)
