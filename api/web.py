"""The browser UI: serves the built front end (settings.web_dir) at `/`, with an SPA fallback.

Files under web_dir (web/dist in a checkout, shipped inside the wheel otherwise) are served as
they are (hashed assets cached for a year); any other GET outside /api, /docs, /redoc,
/openapi.json and /metrics answers index.html, so client routes such as /katas/attention-numpy
survive a reload.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.exceptions import HTTPException

RESERVED = ("api", "docs", "redoc", "openapi.json", "metrics")
# Maths (KaTeX) and plots set inline styles; scripts and everything else come from here only.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
PAGE_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "same-origin", "Cache-Control": "no-cache"}
NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>katagrad</title>
<h1>The web UI is not built</h1>
<p>Run <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>
(or <code>bash scripts/start.sh</code>, which builds it).
The API is up: <a href="/docs">/docs</a>.</p>"""


def _file(dist: Path, path: str) -> Path | None:
    """The file `path` names inside dist, never outside it."""
    if not path:
        return None
    candidate = (dist / path).resolve()
    if candidate.is_file() and candidate.is_relative_to(dist.resolve()):
        return candidate
    return None


def include(app: FastAPI, dist: Path) -> None:
    """Serve the front end from `dist` on every path the API does not own."""
    router = APIRouter(include_in_schema=False)

    @router.get("/{path:path}")
    def page(path: str, request: Request) -> Response:
        if path.split("/", 1)[0] in RESERVED:
            raise HTTPException(404)
        found = _file(dist, path)
        if found is not None:
            immutable = path.startswith("assets/")
            return FileResponse(found, headers={
                "Cache-Control": "public, max-age=31536000, immutable" if immutable
                else "no-cache", "X-Content-Type-Options": "nosniff"})
        index = dist / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=503, headers=PAGE_HEADERS)
        return FileResponse(index, media_type="text/html", headers=PAGE_HEADERS)

    app.include_router(router)
