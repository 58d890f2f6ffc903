# SPDX-License-Identifier: EUPL-1.2
"""Auth (password, cookie + CSRF, bearer tokens, lockout, audit) and the one error shape."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from straitwatch.api import create_app
from straitwatch.config import Settings
from straitwatch.picture.live import Picture
from straitwatch.store.access import AuditEventRow

from .conftest import PASSWORD, Server

PROTECTED_GETS = [
    "/api/tracks",
    "/api/tracks/T1",
    "/api/alerts",
    "/api/alerts/AL-000000000000",
    "/api/zones",
    "/api/sensors",
    "/api/auth/me",
    "/api/replay",
]


def assert_error_shape(body: Any, code: str) -> None:
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "where"}, body
    assert body["error"]["code"] == code, body
    assert body["error"]["message"], body


def test_health_is_public(server: Server) -> None:
    r = server.client.get("/api/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


@pytest.mark.parametrize("path", PROTECTED_GETS)
def test_no_credentials_no_data(server: Server, path: str) -> None:
    r = server.client.get(path)
    assert r.status_code == 401
    assert_error_shape(r.json(), "not_authenticated")


def test_framework_errors_have_the_one_shape(server: Server) -> None:
    r = server.client.get("/api/no-such-thing")
    assert r.status_code == 404
    assert_error_shape(r.json(), "not_found")
    r = server.client.delete("/api/health")
    assert r.status_code == 405
    assert_error_shape(r.json(), "method_not_allowed")
    r = server.client.post("/api/auth/login", json={"username": "uk.watch"})
    assert r.status_code == 422
    assert_error_shape(r.json(), "invalid_input")
    assert r.json()["error"]["where"] == "body.password"


def test_login_sets_session_and_audits(server: Server) -> None:
    body = server.login("fr.watch")
    assert (body["agency"], body["role"]) == ("CROSSGN", "watch_officer")
    me = server.client.get("/api/auth/me").json()
    assert me["username"] == "fr.watch"
    assert me["csrf_token"] == body["csrf_token"]
    with server.engine.connect() as conn:
        rows = conn.execute(
            select(AuditEventRow.actor, AuditEventRow.outcome).where(
                AuditEventRow.action == "login"
            )
        ).all()
    assert ("fr.watch", "success") in [tuple(r) for r in rows]


def test_wrong_password_then_slowed_down(server: Server) -> None:
    for _ in range(5):
        r = server.client.post(
            "/api/auth/login", json={"username": "uk.watch", "password": "wrong-password-1A"}
        )
        assert r.status_code == 401
        assert_error_shape(r.json(), "not_authenticated")
    r = server.client.post("/api/auth/login", json={"username": "uk.watch", "password": PASSWORD})
    assert r.status_code == 429
    assert_error_shape(r.json(), "too_many_requests")
    assert int(r.headers["Retry-After"]) > 0
    with server.engine.connect() as conn:
        failures = conn.execute(
            select(AuditEventRow.seq).where(
                AuditEventRow.action == "login",
                AuditEventRow.actor == "uk.watch",
                AuditEventRow.outcome == "failure",
            )
        ).all()
    assert len(failures) == 5


def test_state_change_needs_csrf_header(server: Server) -> None:
    server.login("uk.watch")
    r = server.client.post("/api/auth/logout")
    assert r.status_code == 403
    assert_error_shape(r.json(), "not_allowed")
    assert "X-CSRF-Token" in r.json()["error"]["message"]


def test_logout_ends_the_session(server: Server) -> None:
    body = server.login("uk.watch")
    r = server.client.post("/api/auth/logout", headers={"X-CSRF-Token": body["csrf_token"]})
    assert r.status_code == 200
    # Replaying the old cookie after logout is refused.
    old = server.client.cookies
    assert server.client.get("/api/tracks", cookies=old).status_code == 401


def test_a_signed_out_cookie_stays_refused_after_a_restart(server: Server) -> None:
    server.login("fr.watch")
    kept = server.client.cookies["sw_session"]  # a session that stays signed in
    server.client.cookies.clear()
    body = server.login("uk.watch")
    ended = server.client.cookies["sw_session"]
    r = server.client.post("/api/auth/logout", headers={"X-CSRF-Token": body["csrf_token"]})
    assert r.status_code == 200
    server.client.cookies.clear()

    def tracks(client: TestClient, cookie: str) -> int:
        client.cookies.set("sw_session", cookie)
        try:
            return client.get("/api/tracks").status_code
        finally:
            client.cookies.clear()

    assert tracks(server.client, ended) == 401
    assert tracks(server.client, kept) == 200
    # Another server process on the same store (or this one restarted) knows it too.
    settings = Settings(env="test", secret_key="t" * 40, database_url=str(server.engine.url))
    app = create_app(settings, engine=server.engine, picture=Picture())
    with TestClient(app) as restarted:
        assert tracks(restarted, ended) == 401
        assert tracks(restarted, kept) == 200


def test_forged_cookie_refused(server: Server) -> None:
    body = server.login("uk.watch")
    assert body
    value = server.client.cookies["sw_session"]
    payload, _, sig = value.partition(".")
    server.client.cookies.set("sw_session", payload[:-2] + "AA." + sig)
    r = server.client.get("/api/tracks")
    assert r.status_code == 401


def test_bearer_token_and_bad_tokens(server: Server) -> None:
    ok = server.client.get(
        "/api/zones", headers={"Authorization": f"Bearer {server.machine_token}"}
    )
    assert ok.status_code == 200
    # A machine may read zones but not tracks: the policy says no, and logs it.
    r = server.client.get(
        "/api/tracks", headers={"Authorization": f"Bearer {server.machine_token}"}
    )
    assert r.status_code == 403
    assert_error_shape(r.json(), "not_allowed")
    for header in ("Bearer sw_nope_nope", "Basic abc", "Bearer "):
        r = server.client.get("/api/zones", headers={"Authorization": header})
        assert r.status_code == 401, header
        assert_error_shape(r.json(), "not_authenticated")
    with server.engine.connect() as conn:
        denied = conn.execute(
            select(AuditEventRow.actor).where(AuditEventRow.action == "access_denied")
        ).all()
    assert ("radar.dover",) in [tuple(d) for d in denied]


def test_exhausted_store_is_a_503_to_retry_not_an_internal_error(
    seeded_store: tuple[Path, str], tmp_path: Path
) -> None:
    store = tmp_path / "store.db"
    shutil.copyfile(seeded_store[0], store)
    engine = create_engine(f"sqlite:///{store}", pool_size=1, max_overflow=0, pool_timeout=0.2)
    settings = Settings(env="test", secret_key="t" * 40, database_url=str(engine.url))
    app = create_app(settings, engine=engine, picture=Picture())
    with TestClient(app) as client, engine.connect():  # the only connection, held
        r = client.get("/api/tracks", headers={"Authorization": f"Bearer {seeded_store[1]}"})
    engine.dispose()
    assert r.status_code == 503
    assert r.headers["retry-after"] == "1"
    assert_error_shape(r.json(), "store_unavailable")
