# SPDX-License-Identifier: EUPL-1.2
"""The officer's path through the live picture in a real browser: sign in, see tracks
move on the map, see a distress alert appear, acknowledge it, and find the
acknowledgement in the audit log. Screenshots go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from straitwatch.store.access import AuditEventRow

from .conftest import PASSWORD, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

POSITIONS = "() => [...window.swMap.tracks.values()].map(t => [t.track_id, t.lat, t.lon])"


def sign_in(page: Any, url: str, username: str) -> None:
    page.goto(url + "/")
    page.wait_for_url("**/login**")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_selector("body[data-map-ready='1']", timeout=60_000)


def test_watch_officer_sees_moves_and_acknowledges_distress(
    live_server: LiveServer, browser: Any, artifacts: Path
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server.url, "uk.watch")
    assert "HMCG" in page.inner_text("[data-testid=user]")
    assert page.inner_text("[data-testid=utc-clock]").endswith("UTC")

    # Tracks arrive and move.
    page.wait_for_function("() => window.swMap.tracks.size >= 3", timeout=60_000)
    before = dict((t, (lat, lon)) for t, lat, lon in page.evaluate(POSITIONS))
    page.wait_for_function(
        """(before) => [...window.swMap.tracks.values()].some(t =>
             before[t.track_id] && (before[t.track_id][0] !== t.lat || before[t.track_id][1] !== t.lon))""",
        arg=before,
        timeout=60_000,
    )
    page.screenshot(path=str(artifacts / "live-1366x768-tracks.png"))

    # The map really draws: the WebGL canvas holds more than one colour.
    colours = page.evaluate(
        """() => { const c = document.querySelector('#map canvas');
                   const g = document.createElement('canvas'); g.width = 64; g.height = 64;
                   const x = g.getContext('2d'); x.drawImage(c, 0, 0, 64, 64);
                   const d = x.getImageData(0, 0, 64, 64).data; const s = new Set();
                   for (let i = 0; i < d.length; i += 4) s.add(d[i] + ',' + d[i+1] + ',' + d[i+2]);
                   return s.size; }"""
    )
    assert colours > 2, "the map canvas is blank"

    # A distress alert appears, impossible to miss, and is acknowledged.
    banner = page.locator("[data-testid=distress-banner]")
    banner.wait_for(state="visible", timeout=120_000)
    page.screenshot(path=str(artifacts / "live-1366x768-distress.png"))
    alert_id = banner.locator("button[data-act=acknowledge]").get_attribute("data-alert-id")
    assert alert_id
    banner.locator("button[data-act=acknowledge]").click()
    page.wait_for_selector(
        f"[data-alert-id='{alert_id}'][data-state='acknowledged']", timeout=30_000
    )

    # Track detail opens from the map data (click on the first small boat's entry).
    track_id = page.evaluate("() => [...window.swMap.tracks.keys()][0]")
    page.evaluate("(id) => window.swPanels.showTrack(id)", track_id)
    page.wait_for_selector("[data-testid=track-detail]:not([hidden])")
    assert track_id in page.inner_text("[data-testid=track-detail]")
    page.screenshot(path=str(artifacts / "live-1366x768-detail.png"))

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.screenshot(path=str(artifacts / "live-1920x1080.png"))
    assert errors == []

    with live_server.engine.connect() as conn:
        rows = conn.execute(
            select(AuditEventRow.actor, AuditEventRow.detail).where(
                AuditEventRow.action == "alert_change", AuditEventRow.resource_id == alert_id
            )
        ).all()
    assert ("uk.watch", "acknowledged") in [(who, d["change"]) for who, d in rows]


def test_login_refuses_wrong_password(live_server: LiveServer, browser: Any) -> None:
    page = browser.new_page()
    page.goto(live_server.url + "/login")
    page.fill("#username", "fr.watch")
    page.fill("#password", "not-the-password-1A")
    page.click("#sign-in")
    page.wait_for_selector("#login-error:not([hidden])")
    assert "wrong user name or password" in page.inner_text("#login-error")
