# SPDX-License-Identifier: EUPL-1.2
"""Admission control: under overload the server sheds requests at once instead of queueing
them, so every answer stays quick and clients are told to back off.

At most ``max_in_flight`` HTTP requests are served at a time; one more is answered
``503 overloaded`` with ``Retry-After`` straight away (no database, no worker thread).
Liveness (``/api/health``), WebSockets (bounded per client by the picture) and static
files are never refused, so a monitoring system still sees a busy server as up.

>>> Admission(app=None, max_in_flight=32).in_flight
0
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from straitwatch.api.errors import error_body

__all__ = ["EXEMPT_PREFIXES", "Admission"]

EXEMPT_PREFIXES = ("/api/health", "/metrics", "/static/")
"""Paths never refused: liveness, and the browser UI's files."""

_BODY = orjson.dumps(
    error_body("overloaded", "the server is busy; try again in a second (Retry-After)")
)
_HEADERS = [
    (b"content-type", b"application/json"),
    (b"retry-after", b"1"),
    (b"content-length", str(len(_BODY)).encode()),
]


class Admission:
    """ASGI middleware counting HTTP requests in flight; the excess gets a 503."""

    def __init__(self, app: ASGIApp | Any, max_in_flight: int = 32) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.in_flight = 0
        self.refused = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            self.refused += 1
            await send({"type": "http.response.start", "status": 503, "headers": _HEADERS})
            await send({"type": "http.response.body", "body": _BODY})
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
