# SPDX-License-Identifier: EUPL-1.2
"""WebSocket ``/api/stream``: a snapshot of the live picture, then track and alert deltas
as they happen — each item filtered for the signed-in user by the access policy (distress
alerts always delivered). Authenticated by the session cookie or a bearer token (header,
or ``?token=`` for clients that cannot set headers).

Messages: ``{"type": "snapshot"|"delta", "clock", "tracks": [...], "alerts": [...]}`` and
``{"type": "replay", ...}`` when the server replays a file.

The credentials are checked again every ``stream_recheck_s`` seconds while the socket is
open: a logout (in any server process), a deactivated user, a revoked token or an expired
session ends the stream (close code 4401, with the reason).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import anyio.to_thread
import orjson
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlalchemy.orm import Session, sessionmaker

from straitwatch.access.actor import Actor
from straitwatch.api.deps import authenticate
from straitwatch.api.filtering import audience, filter_alerts, filter_delta, filter_tracks
from straitwatch.api.sessions import SESSION_COOKIE
from straitwatch.errors import StraitwatchError
from straitwatch.picture.live import Delta, Picture
from straitwatch.picture.wire import iso

router = APIRouter(tags=["stream"])


def _actor(ws: WebSocket) -> Actor:
    factory: sessionmaker[Session] = ws.app.state.sessionmaker
    token = ws.query_params.get("token")
    with factory() as session:
        actor = authenticate(
            session,
            ws.app.state.sessions,
            authorization=ws.headers.get("authorization") or (f"Bearer {token}" if token else None),
            cookie=ws.cookies.get(SESSION_COOKIE),
            method="GET",
            csrf_header=None,
        )
        session.commit()
    return actor


def snapshot(picture: Picture, actor: Actor) -> dict[str, Any]:
    """The whole picture as ``actor`` may see it."""
    return {
        "type": "snapshot",
        "clock": iso(picture.clock),
        "replay": picture.replay,
        "tracks": filter_tracks(actor, picture.tracks_json()),
        "alerts": filter_alerts(actor, picture.alerts()),
    }


def _dumps(message: dict[str, Any]) -> str:
    return orjson.dumps(message).decode()


def snapshot_text(picture: Picture, actor: Actor) -> str:
    """:func:`snapshot` encoded, once per picture version and audience."""
    text: str = picture.view(
        ("snapshot", audience(actor)), lambda: _dumps(snapshot(picture, actor))
    )
    return text


def delta_text(picture: Picture, delta: Delta, actor: Actor) -> str | None:
    """The part of ``delta`` that ``actor`` may see, encoded (None if nothing): filtered
    and encoded by the first watcher of each audience, reused by the others."""
    key = audience(actor)
    if key in delta.encoded:
        return delta.encoded[key]
    message = filter_delta(actor, delta)
    if message is not None and picture.replay is not None:
        message["replay"] = picture.replay
    text = delta.encoded[key] = None if message is None else _dumps(message)
    return text


async def _still_allowed(ws: WebSocket, every_s: float) -> str:
    """Check the socket's credentials every ``every_s`` seconds; return why they no longer
    hold (the reason the socket is closed with)."""
    while True:
        await asyncio.sleep(every_s)
        try:
            await anyio.to_thread.run_sync(_actor, ws)
        except StraitwatchError as exc:
            return exc.message


async def _feed(ws: WebSocket, picture: Picture, actor: Actor) -> None:
    queue = picture.subscribe()
    try:
        await ws.send_text(snapshot_text(picture, actor))
        while True:
            delta = await queue.get()
            if delta.reset:
                await ws.send_text(snapshot_text(picture, actor))
                continue
            text = delta_text(picture, delta, actor)
            if text is not None:
                await ws.send_text(text)
    finally:
        picture.unsubscribe(queue)


@router.websocket("/api/stream")
async def stream(ws: WebSocket) -> None:
    """Live deltas for the signed-in user (closes with 4401 without credentials, and as
    soon as they stop holding: logout, deactivation, revocation, expiry)."""
    # A client may go away at any moment, before the handshake is answered as well as in
    # the middle of a message: that ends its stream, quietly (it is not a server error).
    with contextlib.suppress(WebSocketDisconnect, OSError):
        await _stream(ws)


async def _stream(ws: WebSocket) -> None:
    try:
        actor = _actor(ws)
    except StraitwatchError as exc:
        await ws.close(code=4401, reason=exc.message[:120])
        return
    # Same-origin check: a browser sends Origin; refuse another site's page using our cookie.
    origin = ws.headers.get("origin")
    host = ws.headers.get("host")
    if origin and host and origin.split("://", 1)[-1] != host:
        await ws.close(code=4403, reason="cross-origin WebSocket refused")
        return
    picture: Picture = ws.app.state.picture
    every_s: float = ws.app.state.settings.stream_recheck_s
    await ws.accept()
    # The client's side is read all along: its close (or the server's, on shutdown) ends
    # the stream at once, not at the next delta that fails to send; the credentials are
    # checked again every ``every_s``.
    feed = asyncio.create_task(_feed(ws, picture, actor))
    watch = asyncio.create_task(_still_allowed(ws, every_s))
    gone = asyncio.create_task(_until_closed(ws))
    tasks = (feed, watch, gone)
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        if watch in done:
            with contextlib.suppress(RuntimeError, WebSocketDisconnect, OSError):
                await ws.close(code=4401, reason=watch.result()[:120])
        elif feed in done:
            error = feed.exception()
            if error is not None and not isinstance(error, WebSocketDisconnect | OSError):
                raise error
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(
                asyncio.CancelledError, WebSocketDisconnect, RuntimeError, OSError
            ):
                await task
        if not gone.done() or gone.cancelled():  # the client has not closed: we do
            with contextlib.suppress(RuntimeError, WebSocketDisconnect, OSError):
                await ws.close(code=1001)


async def _until_closed(ws: WebSocket) -> None:
    """Read (and ignore) what the client sends until the connection closes."""
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return
