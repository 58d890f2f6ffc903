"""``GET /api/flows/summary``: analysts read it, anonymous callers do not."""

from __future__ import annotations

from tests.api.conftest import Server


def test_summary_for_analyst(server: Server) -> None:
    r = server.as_user("uk.analyst").get("/api/flows/summary")
    assert r.status_code == 200, r.text
    assert {"years", "notes", "daily_from", "daily_to"} <= set(r.json())


def test_summary_needs_login(server: Server) -> None:
    assert server.client.get("/api/flows/summary").status_code == 401
