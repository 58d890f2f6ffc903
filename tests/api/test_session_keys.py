# SPDX-License-Identifier: EUPL-1.2
"""A cookie forged offline with the published key is refused by an installation that
configured nothing (its key is generated under ``var/``)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from straitwatch.api import create_app
from straitwatch.api.sessions import SESSION_COOKIE, SessionBook
from straitwatch.config import DEFAULT_SECRET_KEY, Settings
from straitwatch.picture.live import Picture

from .conftest import Server


def test_a_cookie_forged_with_the_published_key_is_refused(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ENV", "SECRET_KEY", "AUDIT_KEY"):
        monkeypatch.delenv(f"STRAITWATCH_{name}", raising=False)
    settings = Settings.load(database_url=str(server.engine.url), data_dir=tmp_path / "var")
    assert settings.env == "production"
    app = create_app(settings, engine=server.engine, picture=Picture())
    forged = SessionBook(DEFAULT_SECRET_KEY, max_age_s=3600).issue(1, now_s=time.time())
    # Production cookies are Secure: the client speaks HTTPS (as behind the proxy).
    with TestClient(app, base_url="https://testserver") as client:
        client.cookies.set(SESSION_COOKIE, forged.value)
        assert client.get("/api/reports").status_code == 401
        client.cookies.clear()
        r = client.post(
            "/api/auth/login", json={"username": "uk.analyst", "password": "Tide-Gris-Nez-2024"}
        )
        assert r.status_code == 200
        assert client.get("/api/reports", params={"purpose": "test"}).status_code == 200
