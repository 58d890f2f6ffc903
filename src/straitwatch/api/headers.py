# SPDX-License-Identifier: EUPL-1.2
"""Security headers on every HTTP response, in one place (an ASGI middleware).

- ``Content-Security-Policy``: scripts, styles, fonts, images and connections from this
  site only; MapLibre's worker from a ``blob:``; no plugins; no ``<base>``; forms post
  here only; the pages cannot be framed (``frame-ancestors 'none'``). Inline scripts and
  ``<style>`` elements are refused; only ``style="..."`` attributes (sizes and colours set
  by the charts) are allowed.
- ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` (older browsers),
  ``Referrer-Policy: no-referrer``, ``Cross-Origin-Opener-Policy: same-origin``;
- ``Cache-Control: no-store`` on everything under ``/api`` (intelligence, tracks, the
  audit trail: nothing of it may stay in a browser's or a proxy's cache);
- ``Strict-Transport-Security`` when the request came over HTTPS.

>>> CSP.startswith("default-src 'self'")
True
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "SecurityHeaders"]

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "worker-src 'self' blob:",
        "child-src 'self' blob:",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

_ALWAYS = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
)


class SecurityHeaders:
    """Adds the headers above to each HTTP response of ``app``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = str(scope.get("path", "")).startswith("/api/")
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _ALWAYS:
                    headers[name] = value
                if api:
                    headers["cache-control"] = "no-store"
                    headers["pragma"] = "no-cache"
                if https:
                    headers["strict-transport-security"] = "max-age=31536000"
            await send(message)

        await self.app(scope, receive, send_with_headers)
