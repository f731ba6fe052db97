"""The one place faults become RFC 9457 problem+json answers. Never a stack trace."""

from __future__ import annotations

import logging
import math
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.schemas import FieldProblem, Problem
from katagrad.errors import (
    CodeTooLarge,
    InterviewClosed,
    InterviewNotFound,
    KataFormatError,
    KatagradError,
    KataInRound,
    KataNotFound,
    NotAllowed,
    PartLocked,
    QueueFull,
    RateLimited,
    RoundHeldElsewhere,
    SandboxFault,
    SandboxUnavailable,
    SubmissionNotFound,
    TemplateNotFound,
)

log = logging.getLogger("katagrad.api")

STATUS: dict[type[KatagradError], int] = {
    KataNotFound: 404,
    SubmissionNotFound: 404,
    InterviewNotFound: 404,
    TemplateNotFound: 404,
    InterviewClosed: 403,
    PartLocked: 403,
    RoundHeldElsewhere: 409,
    KataInRound: 409,
    NotAllowed: 403,
    CodeTooLarge: 413,
    RateLimited: 429,
    QueueFull: 503,
    KataFormatError: 503,
    SandboxUnavailable: 503,
    SandboxFault: 503,
}


def problem(status: int, title: str, detail: str = "", *, request: Request | None = None,
            errors: list[FieldProblem] | None = None, type_: str = "about:blank",
            headers: dict[str, str] | None = None) -> JSONResponse:
    body = Problem(type=type_, title=title, status=status, detail=detail,
                   instance=request.url.path if request is not None else None, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status,
                        media_type="application/problem+json", headers=headers)


def _katagrad(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, KatagradError)
    status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 500)
    if status >= 500:
        log.error("fault", extra={"error": type(exc).__name__, "detail": str(exc)})
    headers = None
    if isinstance(exc, RateLimited | QueueFull):
        headers = {"Retry-After": str(max(1, math.ceil(exc.retry_after_s)))}
    slug = type(exc).__name__
    return problem(status, exc.title, str(exc), request=request, headers=headers,
                   type_=f"urn:katagrad:problem:{slug}")


def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [FieldProblem(field=".".join(str(p) for p in e.get("loc", ())) or "body",
                           message=str(e.get("msg", "invalid")))
              for e in exc.errors()]
    detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
    return problem(422, "invalid request", detail, request=request, errors=errors,
                   type_="urn:katagrad:problem:RequestValidationError")


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    try:
        title = HTTPStatus(exc.status_code).phrase
    except ValueError:
        title = "error"
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else ""
    return problem(exc.status_code, title, detail, request=request,
                   headers=getattr(exc, "headers", None))


def _bug(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"path": request.url.path}, exc_info=exc)
    return problem(500, "internal error", "katagrad hit a bug; it has been logged",
                   request=request)


def install(app: FastAPI) -> None:
    """Map every fault to problem+json."""
    app.add_exception_handler(KatagradError, _katagrad)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _bug)
