"""Assembles the app: routers, the problem+json handler, the body cap, the service lifecycle."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from prometheus_client import CollectorRegistry
from prometheus_fastapi_instrumentator import Instrumentator, metrics

from api import problems, web
from api.bodylimit import BodyLimit
from api.routes import (
    auth,
    health,
    interviews,
    invite,
    katas,
    scratch,
    submissions,
    templates,
)
from api.service import Service
from katagrad.settings import Settings, get_settings

DOCS_ASSETS = "/docs/assets"  # Swagger UI and ReDoc, served from the installed package


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    http = CollectorRegistry()  # request latency; joins the service's registry at start

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = Service(settings)
        service.metrics.registry.register(http)  # type: ignore[arg-type]
        service.start()
        app.state.service = service
        try:
            yield
        finally:
            service.stop()

    app = FastAPIOffline(title="katagrad", version="1", lifespan=lifespan,
                         summary="The ML research coding round, graded unforgeably.",
                         static_url=DOCS_ASSETS)
    problems.install(app)
    for module in (health, katas, submissions, scratch, auth, interviews, invite, templates):
        app.include_router(module.router)
    web.include(app, settings.web_dir)  # last: the UI answers only paths the API does not own
    app.add_middleware(BodyLimit, max_code_bytes=settings.max_code_bytes)
    # Per route template (never the raw path: ids would explode the label set) and status.
    Instrumentator(should_group_status_codes=False, should_ignore_untemplated=True,
                   should_exclude_streaming_duration=True, excluded_handlers=["/metrics"],
                   registry=http).add(
        metrics.latency(metric_namespace="katagrad", registry=http,
                        should_exclude_streaming_duration=True,
                        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)),
        metrics.requests(metric_namespace="katagrad", registry=http)).instrument(app)
    return app


def serve(settings: Settings) -> None:
    """Run the service under uvicorn until interrupted."""
    import uvicorn

    from api.logs import configure_logging

    configure_logging(settings)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None,
                timeout_graceful_shutdown=5)
