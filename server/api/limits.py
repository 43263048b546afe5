"""Request size limits, enforced on the raw bytes before anything parses them (413)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.sync.wire import API_PREFIX, MAX_REPORT_BYTES
from server.config import MAX_DIRECTORY_BYTES, MAX_JSON_BYTES

DIRECTORY_PATH = f"{API_PREFIX}/directory"
REPORTS_PREFIX = f"{API_PREFIX}/reports/"


def body_limit(path: str) -> int:
    if path.startswith(REPORTS_PREFIX):
        return MAX_REPORT_BYTES
    if path.rstrip("/") == DIRECTORY_PATH:
        return MAX_DIRECTORY_BYTES
    return MAX_JSON_BYTES


def too_large_message(limit: int) -> str:
    if limit == MAX_REPORT_BYTES:
        return f"The report is larger than {MAX_REPORT_BYTES:,} bytes, more than any weekly report; nothing was stored."
    return f"The request is larger than {limit:,} bytes; nothing was stored."


class BodyLimit:
    """Refuses a body past its limit: by Content-Length at once, else by counting while it is read.

    Small bodies are read here in full and handed on; the directory upload streams (its route counts too).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, limit)
            return
        if limit == MAX_DIRECTORY_BYTES:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([], message, receive), send)  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _refuse(send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(chunks, None, receive), send)


def _replay(chunks: list[bytes], final: Message | None, original: Receive) -> Receive:
    """The body read already, then the original channel (which reports the client's disconnect)."""
    pending: list[Message] = []
    if final is None:
        pending.append({"type": "http.request", "body": b"".join(chunks), "more_body": False})
    else:
        pending.append(final)

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        return await original()

    return receive


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"detail": too_large_message(limit)}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
