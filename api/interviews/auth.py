"""The signed-in interviewer, as a dependency: session cookie, then CSRF and Origin checks
on every state-changing request."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Header, Request

from api.deps import ServiceDep
from api.interviews import secrets as sec
from api.interviews.store import Interviewer
from katagrad.errors import NotAllowed
from katagrad.settings import Settings

SESSION_COOKIE = "katagrad_session"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def secure(request: Request, settings: Settings) -> bool:
    """Whether cookies get the Secure flag: over HTTPS (or always, or never)."""
    if settings.cookie_secure == "auto":
        return request.url.scheme == "https"
    return settings.cookie_secure == "always"


def check_origin(request: Request) -> None:
    """A cross-site request is refused when the browser names its origin."""
    origin = request.headers.get("origin")
    if origin is None:
        return
    if urlsplit(origin).netloc != request.headers.get("host", ""):
        raise NotAllowed("cross-site request refused")


def get_interviewer(request: Request, service: ServiceDep,
                    x_csrf_token: Annotated[str | None, Header(
                        description="the csrf_token of /api/auth/me, on POST/PUT/DELETE")] = None,
                    ) -> Interviewer:
    token = request.cookies.get(SESSION_COOKIE)
    who = service.interviews.session(token)
    if who is None or token is None:
        raise NotAllowed("sign in as an interviewer first")
    if request.method in UNSAFE:
        check_origin(request)
        if not x_csrf_token or not sec.same(x_csrf_token, sec.csrf_for(token)):
            raise NotAllowed(f"missing or wrong {CSRF_HEADER} header")
    return who


InterviewerDep = Annotated[Interviewer, Depends(get_interviewer)]
