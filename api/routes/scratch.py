"""Scratch runs in practice: the file runs as a script in the sandbox, nothing is graded."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AddressDep, ClientDep, ServiceDep
from api.schemas import ScratchIn, ScratchOut, problem_responses
from graders.static import check_code_size
from katagrad.errors import KataInRound

router = APIRouter(prefix="/api/scratch", tags=["scratch"])


@router.post("", response_model=ScratchOut,
             responses=problem_responses(404, 409, 413, 422, 429, 503))
def scratch(body: ScratchIn, service: ServiceDep, client: ClientDep,
            address: AddressDep) -> ScratchOut:
    """Run the file as a script (its main block too) under the kata's limits; answers with
    its output and figures. Not an attempt: nothing is graded or kept. As with practice
    submissions, interview-only katas are absent and a kata of this browser's round in
    progress is refused (409): in a round, scratch runs go through the invite and are kept."""
    service.katas.public(body.kata_id)
    if body.kata_id in service.integrity.round_katas(client):
        raise KataInRound()
    check_code_size(body.code, service.settings.max_code_bytes)
    return ScratchOut.of(service.scratch(client, address, body.kata_id, body.code))
