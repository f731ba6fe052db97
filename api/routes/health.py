"""GET /api/health and GET /metrics."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.deps import ServiceDep
from api.schemas import Health

router = APIRouter()


@router.get("/api/health", response_model=Health, tags=["service"])
def health(service: ServiceDep) -> Health:
    """Liveness plus what grades here: sandbox backend, database, queue depth."""
    box = service.sandbox
    return Health(status="ok", sandbox=box.name, isolation=box.isolation,
                  warm=box.status(), database=service.engine.dialect.name,
                  workers=service.settings.workers, queue_depth=service.queue.depth(),
                  katas=len(service.katas.katas))


@router.get("/metrics", tags=["service"], response_class=Response,
            responses={200: {"content": {"text/plain": {}}}})
def metrics(service: ServiceDep) -> Response:
    """Prometheus metrics: submissions by status, grading latency, queue depth."""
    return Response(generate_latest(service.metrics.registry), media_type=CONTENT_TYPE_LATEST)
