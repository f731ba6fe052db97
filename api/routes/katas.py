"""GET /api/katas and /api/katas/{id}: what a candidate may see, never the answers."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ServiceDep
from api.schemas import CheckInfo, KataDetail, KataSummary, LimitsInfo, problem_responses
from graders.kata import Kata
from graders.loading import kata_code
from sandbox.limits import service_maximums

router = APIRouter(prefix="/api/katas", tags=["katas"])


def _summary(k: Kata) -> dict[str, object]:
    return {"id": k.id, "title": k.title, "difficulty": k.difficulty.value,
            "topics": list(k.topics), "framework": k.framework.value}


@router.get("", response_model=list[KataSummary])
def list_katas(service: ServiceDep) -> list[KataSummary]:
    """Every kata on offer."""
    return [KataSummary.model_validate(_summary(k)) for k in service.katas.katas.values()]


@router.get("/{kata_id}", response_model=KataDetail, responses=problem_responses(404))
def get_kata(kata_id: str, service: ServiceDep) -> KataDetail:
    """Statement, stub, visible checks and limits. Never the reference or hidden checks."""
    kata = service.katas.get(kata_id)
    checks = [CheckInfo(name=c.name, description=c.description, points=c.points)
              for c in kata_code(kata).checks if c.visible]
    limits = kata.limits.within(service_maximums(service.settings))
    return KataDetail(**_summary(kata), statement=kata.statement, stub=kata.stub,  # type: ignore[arg-type]
                      checks=checks, limits=LimitsInfo(**vars(limits)))
