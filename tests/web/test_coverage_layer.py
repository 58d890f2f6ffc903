# SPDX-License-Identifier: EUPL-1.2
"""Sensor health on the live map, in a real browser: a radar that went silent shows as a
coverage hole, the hour-of-day picker shows the hours a sensor never covers, in English
and in French (the page's catalogues)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from straitwatch.access.actor import system_actor
from straitwatch.access.demo_users import seed_demo_users
from straitwatch.access.users import seed_agencies
from straitwatch.api import create_app
from straitwatch.config import Settings
from straitwatch.picture.live import Picture
from straitwatch.picture.pipeline import Pipeline
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.store.db import transaction

from .conftest import PASSWORD, LiveServer, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

T0 = datetime(2022, 8, 22, 3, 0, tzinfo=UTC)


def _plot(sensor: str, t_s: float) -> Observation:
    return Observation(
        T0 + timedelta(seconds=t_s), sensor, ObservationKind.RADAR, 50.95, 1.45, 30.0
    )


@pytest.fixture
def health_server(engine: Engine) -> Iterator[LiveServer]:
    """A server whose pipeline heard radar-dover for 10 minutes and then nothing for 20,
    and radar-calais all along (both in the 03:00 UTC hour only)."""
    with transaction(engine) as session:
        seed_agencies(session, system_actor())
        seed_demo_users(session, system_actor(), PASSWORD)
    picture = Picture()
    pipeline = Pipeline(engine, picture, escalation_s=3600)
    for k in range(60):
        batch = [_plot("radar-calais", 30.0 * k)] + (
            [_plot("radar-dover", 30.0 * k)] if k < 20 else []
        )
        pipeline.process(batch, T0 + timedelta(seconds=30.0 * k))
    settings = Settings(env="test", secret_key="w" * 40, database_url=str(engine.url))
    with serving(create_app(settings, engine=engine, picture=picture)) as url:
        yield LiveServer(url, engine, picture)


def _statuses(page: Any) -> dict[str, str]:
    rows = page.locator("[data-testid=coverage-table] tr")
    return {
        rows.nth(i).get_attribute("data-sensor"): rows.nth(i).get_attribute("data-status")
        for i in range(rows.count())
    }


def test_a_silent_radar_is_a_coverage_hole_by_hour_in_both_languages(
    health_server: LiveServer, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(health_server.url + "/login")
    page.fill("#username", "uk.watch")
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_selector("body[data-map-ready='1']", timeout=60_000)
    page.wait_for_selector("[data-testid=coverage-table] tr[data-sensor='radar-dover']")
    statuses = _statuses(page)
    assert statuses["radar-dover"] == "silent"
    assert statuses["radar-calais"] == "reporting"
    assert statuses["radar-dungeness"] == "no_reports"
    dover = page.locator("tr[data-sensor='radar-dover']")
    assert "coverage hole" in dover.inner_text()
    # The map draws the hole: the coverage source holds radar-dover as silent.
    on_map = page.evaluate(
        """() => window.swMap.map.getSource('coverage').serialize().data.features
                   .map(f => [f.properties.id, f.properties.status])"""
    )
    assert ["radar-dover", "silent"] in on_map and ["radar-calais", "reporting"] in on_map

    # At 14:00-15:00 UTC neither radar has ever reported: both are holes at that hour.
    page.select_option("[data-testid=coverage-hour]", "14")
    page.wait_for_function("() => document.getElementById('coverage-panel').dataset.hour === '14'")
    statuses = _statuses(page)
    assert statuses["radar-calais"] == "quiet_hour" and statuses["radar-dover"] == "quiet_hour"
    page.select_option("[data-testid=coverage-hour]", "3")
    page.wait_for_function("() => document.getElementById('coverage-panel').dataset.hour === '3'")
    assert _statuses(page)["radar-calais"] == "reporting"

    # In French, from the page's catalogue.
    context.add_cookies([{"name": "sw_lang", "value": "fr", "url": health_server.url}])
    page.reload()
    page.wait_for_selector("body[data-map-ready='1']", timeout=60_000)
    page.wait_for_selector("[data-testid=coverage-table] tr[data-sensor='radar-dover']")
    assert "trou de couverture" in page.locator("tr[data-sensor='radar-dover']").inner_text()
    assert "Heure de la journée (UTC)" in page.inner_text("[data-testid=coverage-panel]")
    assert errors == []
    context.close()
