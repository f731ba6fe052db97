"""Client tokens: the server mints them, signs them, and scopes every submission to one.

A token is `<client id>.<HMAC>`; a client cannot invent or guess another client's token.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from katagrad.settings import Settings

HEADER = "X-Client-Token"
COOKIE = "katagrad_client"


class ClientTokens:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    @classmethod
    def from_settings(cls, settings: Settings) -> ClientTokens:
        """settings.secret_key, else a key generated once and kept in data_dir."""
        if settings.secret_key is not None:
            return cls(settings.secret_key.get_secret_value().encode())
        return cls(_stored_secret(settings.data_dir / "secret_key"))

    def mint(self) -> tuple[str, str]:
        """A fresh (client id, token)."""
        client_id = secrets.token_urlsafe(16)
        return client_id, f"{client_id}.{self._sign(client_id)}"

    def verify(self, token: str | None) -> str | None:
        """The client id a genuine token carries, else None."""
        if not token or len(token) > 200 or token.count(".") != 1:
            return None
        client_id, sig = token.split(".")
        if not client_id or not hmac.compare_digest(sig, self._sign(client_id)):
            return None
        return client_id

    def _sign(self, client_id: str) -> str:
        return hmac.new(self._secret, client_id.encode(), hashlib.sha256).hexdigest()[:32]


def _stored_secret(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32))
    return path.read_bytes().strip()
