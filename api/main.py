"""Assembles the app: routers, the problem+json handler, the body cap, the service lifecycle."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import problems, web
from api.bodylimit import BodyLimit
from api.routes import auth, health, interviews, invite, katas, submissions
from api.service import Service
from katagrad.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = Service(settings)
        service.start()
        app.state.service = service
        try:
            yield
        finally:
            service.stop()

    app = FastAPI(title="katagrad", version="1", lifespan=lifespan,
                  summary="The ML research coding round, graded unforgeably.")
    problems.install(app)
    for module in (health, katas, submissions, auth, interviews, invite):
        app.include_router(module.router)
    web.include(app, settings.web_dir)  # last: the UI answers only paths the API does not own
    app.add_middleware(BodyLimit, max_code_bytes=settings.max_code_bytes)
    return app


def serve(settings: Settings) -> None:
    """Run the service under uvicorn until interrupted."""
    import uvicorn

    from api.logs import configure_logging

    configure_logging(settings)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None,
                timeout_graceful_shutdown=5)
