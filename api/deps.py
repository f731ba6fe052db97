"""Dependencies as Annotated aliases, for route signatures."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Header, Request, Response

from api.clients import COOKIE, HEADER
from api.interviews import crypto
from api.interviews.domain import Interviewer
from api.service import Service
from katagrad.errors import NotAllowed
from katagrad.settings import Settings

COOKIE_MAX_AGE = 400 * 24 * 3600  # browsers cap cookie lifetimes at 400 days
SESSION_COOKIE = "katagrad_session"  # an interviewer's sign-in
CSRF_HEADER = "X-CSRF-Token"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def get_settings(service: Annotated[Service, Depends(get_service)]) -> Settings:
    return service.settings


def get_client(request: Request, response: Response,
               service: Annotated[Service, Depends(get_service)],
               x_client_token: Annotated[str | None, Header(
                   description="the token this server issued; or the cookie")] = None) -> str:
    """The asking client's id; a client without a genuine token is issued a new one."""
    client_id = service.tokens.verify(x_client_token or request.cookies.get(COOKIE))
    if client_id is None:
        client_id, token = service.tokens.mint()
        response.headers[HEADER] = token
        response.set_cookie(COOKIE, token, max_age=COOKIE_MAX_AGE, httponly=True,
                            samesite="strict", path="/api")
    return client_id


def get_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def check_origin(request: Request) -> None:
    """A cross-site request is refused when the browser names its origin."""
    origin = request.headers.get("origin")
    if origin is None:
        return
    if urlsplit(origin).netloc != request.headers.get("host", ""):
        raise NotAllowed("cross-site request refused")


def get_interviewer(request: Request, service: Annotated[Service, Depends(get_service)],
                    x_csrf_token: Annotated[str | None, Header(
                        description="the csrf_token of /api/auth/me, on POST/PUT/DELETE")] = None,
                    ) -> Interviewer:
    """The signed-in interviewer: session cookie, then CSRF and Origin checks on every
    state-changing request."""
    token = request.cookies.get(SESSION_COOKIE)
    who = service.interviews.session(token)
    if who is None or token is None:
        raise NotAllowed("sign in as an interviewer first")
    if request.method in UNSAFE:
        check_origin(request)
        if not x_csrf_token or not crypto.same(x_csrf_token, crypto.csrf_for(token)):
            raise NotAllowed(f"missing or wrong {CSRF_HEADER} header")
    return who


ServiceDep = Annotated[Service, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ClientDep = Annotated[str, Depends(get_client)]
AddressDep = Annotated[str, Depends(get_address)]
InterviewerDep = Annotated[Interviewer, Depends(get_interviewer)]
