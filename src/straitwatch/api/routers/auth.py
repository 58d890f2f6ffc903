# SPDX-License-Identifier: EUPL-1.2
"""``/api/auth``: sign in with a password (session cookie + CSRF token for the browser),
sign out, and who am I. Every login, success or failure, is audited by
:func:`straitwatch.access.users.authenticate_password`; attempts are slowed down per client and
per account by :class:`straitwatch.access.throttle.LoginThrottle` (429 + ``Retry-After``),
never locking an officer out from a browser that signed in before."""

from __future__ import annotations

import hmac
import time
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import Field
from sqlalchemy import delete

from straitwatch.access.actions import Action
from straitwatch.access.audit import AuditAction, AuditEvent, record
from straitwatch.access.policy import Resource, allowed
from straitwatch.access.throttle import LoginThrottle
from straitwatch.access.users import authenticate_password
from straitwatch.api.deps import ActorDep, SessionDep, SettingsDep
from straitwatch.api.inputs import RequestBody
from straitwatch.api.sessions import CSRF_COOKIE, DEVICE_COOKIE, SESSION_COOKIE, SessionBook
from straitwatch.errors import NotAuthenticated
from straitwatch.store.access import RevokedSessionRow

router = APIRouter(prefix="/api/auth", tags=["auth"])


class Login(RequestBody):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


def _book(request: Request) -> SessionBook:
    book: SessionBook = request.app.state.sessions
    return book


_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def _secure_cookies(request: Request, env: str) -> bool:
    """Cookies only over HTTPS, except to a browser on this machine (the demo, a laptop):
    in production a session cookie must never cross a network in clear."""
    if request.url.scheme == "https":
        return True
    client = request.client.host if request.client else ""
    return env == "production" and client not in _LOOPBACK


@router.post("/login")
def login(
    body: Login, request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    """Check the password; set the session cookie and return the CSRF token to send as
    ``X-CSRF-Token`` on state-changing requests."""
    book = _book(request)
    throttle: LoginThrottle = request.app.state.login_throttle
    client = request.client.host if request.client else "unknown"
    mark = book.device_mark(body.username)
    trusted = hmac.compare_digest(request.cookies.get(DEVICE_COOKIE, ""), mark)
    throttle.check(client, body.username, trusted=trusted)
    try:
        actor = authenticate_password(session, body.username, body.password, now=datetime.now(UTC))
    except NotAuthenticated:
        throttle.failed(client, body.username)
        session.commit()  # the failure count and its audit event must survive
        raise
    throttle.succeeded(client, body.username)
    assert actor.user_id is not None
    browser = book.issue(actor.user_id, now_s=time.time())
    secure = _secure_cookies(request, settings.env)
    response.set_cookie(
        DEVICE_COOKIE,
        mark,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="strict",
        secure=secure,
    )
    response.set_cookie(
        SESSION_COOKIE,
        browser.value,
        max_age=settings.session_max_age_s,
        httponly=True,
        samesite="strict",
        secure=secure,
    )
    response.set_cookie(
        CSRF_COOKIE,
        browser.csrf_token,
        max_age=settings.session_max_age_s,
        samesite="strict",
        secure=secure,
    )
    return {
        "username": actor.username,
        "agency": actor.agency,
        "role": str(actor.role),
        "csrf_token": browser.csrf_token,
    }


@router.post("/logout")
def logout(
    request: Request, response: Response, session: SessionDep, actor: ActorDep
) -> dict[str, str]:
    """End the browser session (audited)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        book = _book(request)
        browser = book.read(cookie, now_s=time.time())
        book.revoke(browser.session_id)
        # In the store too, so that a restart or another server process refuses it as well;
        # revocations of sessions that have expired anyway are dropped on the way.
        now = datetime.now(UTC)
        session.execute(delete(RevokedSessionRow).where(RevokedSessionRow.expires_at < now))
        session.merge(
            RevokedSessionRow(
                session_id=browser.session_id,
                user_id=browser.user_id,
                revoked_at=now,
                expires_at=datetime.fromtimestamp(browser.expires_s, UTC),
            )
        )
    record(
        session,
        AuditEvent(
            action=AuditAction.LOGOUT,
            actor=actor.username,
            agency=actor.agency,
            role=str(actor.role),
            resource_kind="session",
        ),
    )
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return {"status": "signed out"}


@router.get("/me")
def me(request: Request, actor: ActorDep) -> dict[str, Any]:
    """Who is signed in: user, agency, role (and the CSRF token of a browser session)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    csrf = _book(request).read(cookie, now_s=time.time()).csrf_token if cookie else None
    return {
        "username": actor.username,
        "agency": actor.agency,
        "role": str(actor.role),
        "country": actor.country,
        "csrf_token": csrf,
        # What the role allows, as the policy decides it (pages hide what would be refused).
        "may": sorted(str(a) for a in Action if allowed(actor, a, Resource("role")).allowed),
    }
