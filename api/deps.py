"""Dependencies as Annotated aliases, for route signatures."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request, Response

from api.clients import COOKIE, HEADER
from api.service import Service
from katagrad.settings import Settings

COOKIE_MAX_AGE = 400 * 24 * 3600  # browsers cap cookie lifetimes at 400 days


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


ServiceDep = Annotated[Service, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ClientDep = Annotated[str, Depends(get_client)]
AddressDep = Annotated[str, Depends(get_address)]
