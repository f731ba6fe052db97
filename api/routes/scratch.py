"""Scratch runs in practice: the file runs as a script in the sandbox, nothing is graded."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AddressDep, ClientDep, ServiceDep
from api.schemas import ScratchIn, ScratchOut, problem_responses
from graders.static import check_code_size

router = APIRouter(prefix="/api/scratch", tags=["scratch"])


@router.post("", response_model=ScratchOut,
             responses=problem_responses(404, 413, 422, 429, 503))
def scratch(body: ScratchIn, service: ServiceDep, client: ClientDep,
            address: AddressDep) -> ScratchOut:
    """Run the file as a script (its main block too) under the kata's limits; answers with
    its output and figures. Not an attempt: nothing is graded or kept."""
    check_code_size(body.code, service.settings.max_code_bytes)
    return ScratchOut.of(service.scratch(client, address, body.kata_id, body.code))
