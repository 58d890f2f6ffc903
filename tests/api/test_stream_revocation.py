# SPDX-License-Identifier: EUPL-1.2
"""A WebSocket authenticated at connect is ended by logout, deactivation, token
revocation and expiry (issue #13, item 9)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from starlette.websockets import WebSocketDisconnect

from straitwatch.access.actor import system_actor
from straitwatch.access.tokens import revoke_token
from straitwatch.api import create_app
from straitwatch.config import Settings
from straitwatch.picture.live import Picture
from straitwatch.store.access import UserRow
from straitwatch.store.db import transaction

from .conftest import PASSWORD, Server
from .conftest import update as track_update


def _app(server: Server, **settings: Any) -> Any:
    s = Settings(
        env="test",
        secret_key="t" * 40,
        database_url=str(server.engine.url),
        stream_recheck_s=0.1,
        **settings,
    )
    return create_app(s, engine=server.engine, picture=Picture())


@pytest.fixture
def client(server: Server) -> Iterator[TestClient]:
    with TestClient(_app(server)) as c:
        yield c


def _sign_in(c: TestClient, user: str) -> str:
    r = c.post("/api/auth/login", json={"username": user, "password": PASSWORD})
    assert r.status_code == 200
    csrf: str = r.json()["csrf_token"]
    return csrf


def _closed_with(ws: Any) -> tuple[int, str]:
    """Read until the server closes the socket (the snapshot comes first)."""
    assert ws.receive_json()["type"] == "snapshot"
    with pytest.raises(WebSocketDisconnect) as closed:
        while True:
            ws.receive_text()
    return closed.value.code, closed.value.reason


def test_logout_ends_the_stream(client: TestClient) -> None:
    csrf = _sign_in(client, "uk.watch")
    with client.websocket_connect("/api/stream") as ws:
        assert ws.receive_json()["type"] == "snapshot"
        r = client.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})
        assert r.status_code == 200
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                ws.receive_text()
    assert closed.value.code == 4401
    assert "signed out" in closed.value.reason


def test_deactivation_ends_the_stream(client: TestClient, server: Server) -> None:
    _sign_in(client, "fr.watch")
    with client.websocket_connect("/api/stream") as ws:
        assert ws.receive_json()["type"] == "snapshot"
        with transaction(server.engine) as s:
            s.execute(update(UserRow).where(UserRow.username == "fr.watch").values(active=False))
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                ws.receive_text()
    assert closed.value.code == 4401 and "inactive" in closed.value.reason


def test_token_revocation_ends_the_stream(client: TestClient, server: Server) -> None:
    token = server.machine_token
    with client.websocket_connect(
        "/api/stream", headers={"Authorization": f"Bearer {token}"}
    ) as ws:
        assert ws.receive_json()["type"] == "snapshot"
        with transaction(server.engine) as s:
            revoke_token(s, system_actor(), token.split("_")[1], now=datetime.now(UTC))
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                ws.receive_text()
    assert closed.value.code == 4401 and "revoked" in closed.value.reason


def test_expiry_ends_the_stream(server: Server) -> None:
    with TestClient(_app(server, session_max_age_s=1)) as c:
        _sign_in(c, "uk.watch")
        with c.websocket_connect("/api/stream") as ws:
            code, reason = _closed_with(ws)
    assert code == 4401 and "expired" in reason


def test_a_stream_whose_credentials_hold_stays_open(client: TestClient, server: Server) -> None:
    other = TestClient(client.app)
    csrf = _sign_in(other, "fr.watch")
    _sign_in(client, "uk.watch")
    with (
        client.websocket_connect("/api/stream") as kept,
        other.websocket_connect("/api/stream") as ended,
    ):
        assert kept.receive_json()["type"] == "snapshot"
        assert ended.receive_json()["type"] == "snapshot"
        other.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})
        # The other socket's end shows the re-checks have run; this one is still served.
        with pytest.raises(WebSocketDisconnect):
            while True:
                ended.receive_text()
        picture: Picture = client.app.state.picture  # type: ignore[attr-defined]
        picture.apply([track_update("T1")])
        assert kept.receive_json()["type"] == "delta"
