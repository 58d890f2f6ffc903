# SPDX-License-Identifier: EUPL-1.2
"""Security headers on every response (issue #13, item 14), no inline script in any page
(so the Content-Security-Policy needs no 'unsafe-inline' for scripts)."""

from __future__ import annotations

import re

import pytest

from straitwatch.api.app import static_dir

from .conftest import Server


@pytest.mark.parametrize("path", ["/login", "/", "/static/intel.html", "/api/health"])
def test_every_response_carries_the_headers(server: Server, path: str) -> None:
    r = server.client.get(path)
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1][:30]
    assert "object-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"


def test_api_answers_are_never_cached(server: Server) -> None:
    server.login("uk.analyst")
    for path in ("/api/reports", "/api/auth/me", "/api/tracks", "/api/no-such"):
        r = server.client.get(path)
        assert r.headers["cache-control"] == "no-store", path
    refused = server.client.post("/api/auth/login", json={"username": "x", "password": "y"})
    assert refused.headers["cache-control"] == "no-store"


def test_https_gets_strict_transport_security(server: Server) -> None:
    from fastapi.testclient import TestClient

    with TestClient(server.client.app, base_url="https://testserver") as c:
        assert c.get("/api/health").headers["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" not in server.client.get("/api/health").headers


def test_pages_have_no_inline_script_or_handler() -> None:
    pages = sorted(static_dir().glob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page.name
        assert "<style" not in html, page.name
        assert not re.search(r"\son[a-z]+\s*=", html), page.name
