# SPDX-License-Identifier: EUPL-1.2
"""The dependencies every route declares, as ``Annotated`` aliases.

- :data:`SettingsDep` — the server's :class:`~straitwatch.config.Settings`;
- :data:`SessionDep` — a SQLAlchemy session in one transaction per request: committed when
  the route returns, rolled back when it raises (a refusal logged by
  :func:`straitwatch.access.policy.enforce` is written again after the rollback);
- :data:`ActorDep` — the authenticated :class:`~straitwatch.access.actor.Actor`, from the
  session cookie (state-changing requests must carry the ``X-CSRF-Token`` header) or an
  ``Authorization: Bearer sw_...`` token; 401 otherwise;
- :data:`PictureDep` — the live picture of the server process.

>>> from straitwatch.api.deps import ActorDep, SessionDep
>>> def list_reports(session: SessionDep, actor: ActorDep) -> dict: ...
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from straitwatch.access.actor import Actor
from straitwatch.access.tokens import authenticate_token
from straitwatch.access.users import actor_for
from straitwatch.api.sessions import CSRF_HEADER, SESSION_COOKIE, SessionBook
from straitwatch.config import Settings
from straitwatch.errors import NotAllowed, NotAuthenticated
from straitwatch.picture.live import Picture
from straitwatch.store.access import RevokedSessionRow, UserRow
from straitwatch.store.db import after_rollback

__all__ = [
    "ActorDep",
    "PictureDep",
    "SessionDep",
    "SettingsDep",
    "authenticate",
    "get_actor",
    "get_session",
    "get_settings",
]

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: commit on success, roll back on any error."""
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        after_rollback(session)  # refusals logged in the request survive its rollback
        raise
    finally:
        session.close()


def authenticate(
    session: Session,
    book: SessionBook,
    *,
    authorization: str | None,
    cookie: str | None,
    method: str,
    csrf_header: str | None,
) -> Actor:
    """The actor behind a request's credentials (used by routes and the WebSocket)."""
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("Authorization header must be 'Bearer sw_...'")
        return authenticate_token(session, token.strip(), now=datetime.now(UTC))
    if not cookie:
        raise NotAuthenticated("sign in, or send an API token as 'Authorization: Bearer sw_...'")
    browser = book.read(cookie, now_s=time.time())
    if method not in _SAFE_METHODS and not hmac.compare_digest(
        csrf_header or "", browser.csrf_token
    ):
        raise NotAllowed(f"missing or wrong {CSRF_HEADER} header (cross-site request refused)")
    if session.get(RevokedSessionRow, browser.session_id) is not None:
        raise NotAuthenticated("signed out; sign in again")
    row = session.get(UserRow, browser.user_id)
    if row is None or not row.active:
        raise NotAuthenticated("the session's user is inactive; sign in again")
    return actor_for(session, row)


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_actor(request: Request, session: SessionDep) -> Actor:
    actor = authenticate(
        session,
        request.app.state.sessions,
        authorization=request.headers.get("authorization"),
        cookie=request.cookies.get(SESSION_COOKIE),
        method=request.method,
        csrf_header=request.headers.get(CSRF_HEADER),
    )
    # End the reads of authentication here, handing the connection back to the pool: a
    # request must not hold one while it waits for a worker thread to finish (under load
    # every thread would wait for a connection that only a waiting request can free).
    session.commit()
    request.state.actor = actor
    return actor


def get_picture(request: Request) -> Picture:
    picture: Picture = request.app.state.picture
    return picture


SettingsDep = Annotated[Settings, Depends(get_settings)]
ActorDep = Annotated[Actor, Depends(get_actor, scope="function")]
PictureDep = Annotated[Picture, Depends(get_picture)]
