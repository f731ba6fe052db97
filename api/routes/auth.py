"""Interviewer sign-in: a session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS) and a
CSRF token bound to it, which every state-changing request must send back as a header."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response

from api.deps import SESSION_COOKIE, AddressDep, InterviewerDep, ServiceDep, check_origin
from api.interviews import crypto
from api.interviews.schemas import LoginIn, Me
from api.schemas import problem_responses
from katagrad.errors import NotAllowed, RateLimited
from katagrad.settings import Settings

router = APIRouter(prefix="/api/auth", tags=["interviewers"])


def secure(request: Request, settings: Settings) -> bool:
    """Whether cookies get the Secure flag: over HTTPS (or always, or never)."""
    if settings.cookie_secure == "auto":
        return request.url.scheme == "https"
    return settings.cookie_secure == "always"


@router.post("/login", response_model=Me, responses=problem_responses(403, 422, 429))
def login(body: LoginIn, request: Request, response: Response, service: ServiceDep,
          address: AddressDep) -> Me:
    """Sign in with the name and password `katagrad interviewer add` printed."""
    check_origin(request)
    for key in (f"address:{address}", f"name:{body.name}"):  # slow down password guessing
        wait = service.login_rate.take(key)
        if wait:
            raise RateLimited(f"too many sign-in attempts; retry in {wait:.0f} s", wait)
    locked = service.interviews.locked_for(body.name)  # exponential back-off per name
    if locked:
        raise RateLimited(f"too many failed sign-ins for this name; retry in {locked:.0f} s",
                          locked)
    lifetime = timedelta(hours=service.settings.session_hours)
    found = service.interviews.login(body.name, body.password, lifetime)
    if found is None:
        service.interviews.login_failed(body.name)
        raise NotAllowed("wrong name or password")
    service.interviews.login_succeeded(body.name)
    token, who = found
    response.set_cookie(SESSION_COOKIE, token, max_age=int(lifetime.total_seconds()),
                        httponly=True, samesite="strict", path="/api",
                        secure=secure(request, service.settings))
    return Me(name=who.name, csrf_token=crypto.csrf_for(token))


@router.get("/me", response_model=Me, responses=problem_responses(403))
def me(who: InterviewerDep, request: Request) -> Me:
    """Who is signed in, and the CSRF token for this session."""
    return Me(name=who.name, csrf_token=crypto.csrf_for(request.cookies[SESSION_COOKIE]))


@router.post("/logout", status_code=204, responses=problem_responses(403))
def logout(who: InterviewerDep, request: Request, response: Response,
           service: ServiceDep) -> Response:
    """End this session."""
    service.interviews.logout(request.cookies[SESSION_COOKIE])
    out = Response(status_code=204)
    out.delete_cookie(SESSION_COOKIE, path="/api")
    return out
