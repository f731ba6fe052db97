"""Cap the raw request body before anything buffers it (ASGI middleware)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem
from katagrad.errors import CodeTooLarge


class BodyLimit:
    """Refuse request bodies too large to carry code of `max_code_bytes` (413, one message)."""

    def __init__(self, app: ASGIApp, max_code_bytes: int) -> None:
        # JSON can spell each byte of code in up to 6 (\u00XX); leave room for the other fields.
        self.app, self.max_code_bytes = app, max_code_bytes
        self.max_bytes = max_code_bytes * 6 + 16 * 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    response = problem(413, CodeTooLarge.title, self._detail(),
                                       type_="urn:katagrad:problem:CodeTooLarge")
                    await response(scope, receive, send)
                    return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # FastAPI re-raises HTTPException from body parsing (others become 400)
                    raise HTTPException(413, self._detail())
            return message

        await self.app(scope, counted, send)

    def _detail(self) -> str:
        return str(CodeTooLarge.over(self.max_code_bytes))
