# SPDX-License-Identifier: EUPL-1.2
"""Overload and clients that go away (issue 19, items 9 and 15): excess requests are shed
with 503 + Retry-After at once, liveness is never refused, a slow WebSocket client's queue
is coalesced rather than grown, and clients that vanish mid-message leave no traceback."""

from __future__ import annotations

import asyncio
import json
import socket
import struct
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from straitwatch.access.actor import system_actor
from straitwatch.access.tokens import issue_token
from straitwatch.access.users import add_user, seed_agencies
from straitwatch.api import create_app
from straitwatch.api.admission import Admission
from straitwatch.config import Settings
from straitwatch.picture.live import Delta, Picture
from straitwatch.store.db import transaction
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate
from tests.web.conftest import serving

Message = dict[str, Any]


class _Held:
    """An ASGI app whose requests wait until released (the work being slow)."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.entered = 0

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        self.entered += 1
        await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})


async def _get(app: Admission, path: str) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    await app({"type": "http", "path": path, "method": "GET"}, receive, send)
    return sent[0]["status"], dict(sent[0]["headers"]), sent[1]["body"]


def test_requests_beyond_the_limit_are_refused_at_once_and_health_never() -> None:
    async def scenario() -> None:
        held = _Held()
        admission = Admission(held, max_in_flight=2)
        busy = [asyncio.create_task(_get(admission, "/api/tracks")) for _ in range(2)]
        while held.entered < 2:
            await asyncio.sleep(0)
        status, headers, body = await asyncio.wait_for(_get(admission, "/api/tracks"), 1.0)
        assert status == 503 and headers[b"retry-after"] == b"1"
        assert json.loads(body)["error"]["code"] == "overloaded"
        assert admission.refused == 1
        health = asyncio.create_task(_get(admission, "/api/health"))
        while held.entered < 3:  # admitted past the limit: liveness is never refused
            await asyncio.sleep(0)
        held.release.set()
        assert [(await t)[0] for t in [*busy, health]] == [200, 200, 200]
        assert (await _get(admission, "/api/tracks"))[0] == 200  # room again
        assert admission.in_flight == 0

    asyncio.run(scenario())


def test_a_slow_watcher_is_coalesced_to_the_latest_picture() -> None:
    async def scenario() -> None:
        picture = Picture()
        slow = picture.subscribe(maxsize=4)
        for k in range(50):
            picture.publish(Delta(tracks=[{"track_id": f"T{k}"}], clock=str(k)))
        held = [slow.get_nowait() for _ in range(slow.qsize())]
        assert len(held) <= 4  # bounded, whatever the backlog
        assert any(d.reset for d in held)  # told to take the latest snapshot instead

    asyncio.run(scenario())


def _token(engine: Engine) -> str:
    with transaction(engine) as session:
        seed_agencies(session, system_actor())
        add_user(session, system_actor(), "watch.uk", "HMCG", "watch_officer", "Tide-Gris-2024x")
        now = datetime.now(UTC)
        return issue_token(session, system_actor(), "watch.uk", days=1, label="t", now=now).token


def _tracks(count: int) -> list[TrackUpdate]:
    now = datetime.now(UTC)
    return [
        TrackUpdate(
            f"T{i}",
            now,
            50.8 + i * 1e-4,
            1.2,
            8.0,
            0.0,
            20.0,
            TrackStatus.CONFIRMED,
            TrackClass.AIS_VESSEL,
        )
        for i in range(count)
    ]


def _vanish(port: int, path: str, read_bytes: int) -> None:
    """Open a WebSocket, read ``read_bytes`` of the answer, then reset the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        got = 0
        sock.settimeout(2.0)
        while got < read_bytes:
            try:
                chunk = sock.recv(min(4096, read_bytes - got))
            except TimeoutError:  # all there was to read (a whole snapshot)
                break
            if not chunk:
                break
            got += len(chunk)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


@pytest.mark.slow
def test_websocket_clients_that_vanish_mid_message_leave_no_traceback(
    engine: Engine, capfd: pytest.CaptureFixture[str]
) -> None:
    token = _token(engine)
    picture = Picture()
    picture.apply(_tracks(3000))  # a snapshot of about a megabyte: long to send
    settings = Settings(env="test", secret_key="w" * 40, database_url=str(engine.url))
    app = create_app(settings, engine=engine, picture=picture)
    with serving(app) as url:
        port = int(url.rsplit(":", 1)[1])
        for read_bytes in (0, 200, 200_000):
            _vanish(port, f"/api/stream?token={token}", read_bytes)  # mid-snapshot
            _vanish(port, "/api/stream", read_bytes)  # refused before the handshake
        _vanish(port, f"/api/stream?token={token}", 2_000_000)  # a whole snapshot read
        assert picture.subscribers <= 7
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception in ASGI application" not in err, err
