# SPDX-License-Identifier: EUPL-1.2
"""Browser sessions: a signed cookie naming the user, and the CSRF token bound to it.

The cookie is ``<payload>.<signature>`` where the payload is base64url JSON
(``{"uid", "sid", "exp"}``) and the signature an HMAC-SHA256 under the settings' secret
key; nothing secret is in it. The CSRF token is derived from the session id under the
same key, so the server can check the ``X-CSRF-Token`` header of a state-changing request
without keeping state (the browser also gets it as a readable cookie: double submit).
Logout revokes the session id in :class:`SessionBook` for the life of the process; the
cookie's own expiry bounds it after a restart.

>>> book = SessionBook("k" * 32, max_age_s=60)
>>> cookie = book.issue(7, now_s=1000.0)
>>> book.read(cookie.value, now_s=1001.0).user_id
7
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from straitwatch.errors import NotAuthenticated

__all__ = [
    "CSRF_COOKIE",
    "CSRF_HEADER",
    "DEVICE_COOKIE",
    "SESSION_COOKIE",
    "BrowserSession",
    "SessionBook",
]

SESSION_COOKIE = "sw_session"
DEVICE_COOKIE = "sw_device"
"""Set at a successful sign-in: this browser has signed in to that account before (the
sign-in throttle does not hold it back when strangers hammer the account)."""
CSRF_COOKIE = "sw_csrf"
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True, slots=True)
class BrowserSession:
    """One signed-in browser: the user, the session id, its CSRF token and expiry."""

    user_id: int
    session_id: str
    csrf_token: str
    expires_s: float
    value: str
    """The cookie value."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionBook:
    """Issues, reads and revokes browser sessions for one server process."""

    def __init__(self, secret_key: str, *, max_age_s: int) -> None:
        self._key = hashlib.sha256(b"straitwatch-session:" + secret_key.encode()).digest()
        self.max_age_s = max_age_s
        self._revoked: set[str] = set()

    def _sign(self, text: str) -> str:
        return _b64(hmac.new(self._key, text.encode(), hashlib.sha256).digest())

    def csrf_for(self, session_id: str) -> str:
        """The CSRF token bound to a session id."""
        return self._sign("csrf:" + session_id)[:32]

    def device_mark(self, username: str) -> str:
        """The device mark of a browser that signed in as ``username``."""
        return self._sign("device:" + username.strip().lower())

    def issue(self, user_id: int, *, now_s: float) -> BrowserSession:
        """A new session for ``user_id``, valid for ``max_age_s``."""
        sid = secrets.token_urlsafe(16)
        exp = now_s + self.max_age_s
        payload = _b64(json.dumps({"uid": user_id, "sid": sid, "exp": exp}).encode())
        value = f"{payload}.{self._sign(payload)}"
        return BrowserSession(user_id, sid, self.csrf_for(sid), exp, value)

    def read(self, value: str, *, now_s: float) -> BrowserSession:
        """The session a cookie stands for, or :class:`NotAuthenticated` saying why."""
        payload, _, signature = value.partition(".")
        if not signature or not hmac.compare_digest(signature, self._sign(payload)):
            raise NotAuthenticated("session cookie is not valid; sign in again")
        try:
            data = json.loads(_unb64(payload))
            uid, sid, exp = int(data["uid"]), str(data["sid"]), float(data["exp"])
        except (ValueError, KeyError, TypeError) as exc:
            raise NotAuthenticated("session cookie is not valid; sign in again") from exc
        if exp <= now_s:
            raise NotAuthenticated("session expired; sign in again")
        if sid in self._revoked:
            raise NotAuthenticated("signed out; sign in again")
        return BrowserSession(uid, sid, self.csrf_for(sid), exp, value)

    def revoke(self, session_id: str) -> None:
        """End a session (logout)."""
        self._revoked.add(session_id)
