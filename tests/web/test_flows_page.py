# SPDX-License-Identifier: EUPL-1.2
"""The flows page in a real browser: an analyst sees the latest week's headline figures,
the charts drawn with data, the patrol plan and the Frontex routes map with a symbol per
route that follows the month slider; a user without ``flows.read`` is told why. Screenshots
at 1366x768 and 1920x1080 go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from straitwatch.access.actor import system_actor
from straitwatch.access.demo_users import seed_demo_users
from straitwatch.access.users import seed_agencies
from straitwatch.api import create_app
from straitwatch.config import Settings
from straitwatch.flows import bundled_sources, load_sources, parse_source
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.migrate import upgrade

from .conftest import PASSWORD, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CANVAS_COLOURS = """(sel) => { const c = document.querySelector(sel + ' canvas');
  const g = document.createElement('canvas'); g.width = 64; g.height = 64;
  const x = g.getContext('2d'); x.drawImage(c, 0, 0, 64, 64);
  const d = x.getImageData(0, 0, 64, 64).data; const s = new Set();
  for (let i = 0; i < d.length; i += 4) s.add(d[i] + ',' + d[i+1] + ',' + d[i+2]);
  return s.size; }"""


@pytest.fixture(scope="module")
def flows_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server (no live feed) on a store with the demo users and the bundled flows data."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('flows-web') / 'store.db'}")
    upgrade(engine)
    with transaction(engine) as session:
        seed_agencies(session, system_actor())
        seed_demo_users(session, system_actor(), PASSWORD)
        load_sources(session, system_actor(), [parse_source(p) for p in bundled_sources()])
    settings = Settings(env="test", secret_key="v" * 40, database_url=str(engine.url))
    with serving(create_app(settings, engine=engine)) as url:
        yield url
    engine.dispose()


def open_flows(browser: Any, url: str, username: str, viewport: dict[str, int]) -> Any:
    page = browser.new_page(viewport=viewport)
    page.goto(url + "/static/flows.html")
    page.wait_for_url("**/login**")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url("**/static/flows.html")
    page.wait_for_selector("body[data-flows-state]", timeout=60_000)
    return page


def test_analyst_sees_figures_charts_plan_and_routes_map(
    flows_site: str, browser: Any, artifacts: Path
) -> None:
    errors: list[str] = []
    page = open_flows(browser, flows_site, "uk.analyst", {"width": 1366, "height": 768})
    page.on("pageerror", lambda e: errors.append(str(e)))
    assert page.get_attribute("body", "data-flows-state") == "ready"
    assert "UKBF" in page.inner_text("[data-testid=user]")
    assert page.locator("#sw-header nav a[aria-current=page]").inner_text() == "Flows"

    # Headline: the latest complete week of the Home Office series (Mon 10 - Sun 16 Aug 2026).
    assert "2026-W33" in page.inner_text("#week-label")
    for card in ("people", "boats", "ppb", "prevented", "deaths", "ytd"):
        figure = page.inner_text(f"[data-testid=figure-{card}]")
        assert figure.strip() and figure.strip() != "—", card
    assert page.inner_text("[data-testid=figure-people]") == "405"  # weekly series, w/e 16 Aug
    assert "French operational estimates" in page.inner_text("[data-testid=card-prevented]")
    assert "on last week" in page.inner_text("[data-testid=card-people]")
    assert "2025-W33" in page.inner_text("[data-testid=card-people]")  # same week last year

    # Charts: SVG with a title and data marks, and their sources cited.
    expected = {
        "arrivals": ("Home Office", 100),  # two years of weeks
        "forecast": ("Home Office", 42),  # six weeks of days before the forecast
        "prevention": ("French operational estimates", 50),
        "deaths": ("IOM Missing Migrants", 10),
        "nationalities": ("Irr_D01", 10),
    }
    for name, (source, min_bars) in expected.items():
        figure = page.locator(f"[data-testid=figure-{name}]")
        assert (figure.locator("svg[role=img] > title").text_content() or "").strip(), name
        bars = figure.locator("svg rect.swc-bar").count()
        assert bars >= min_bars, (name, bars)
        assert source in figure.locator(".swc-source").inner_text(), name
    forecast = page.locator("[data-testid=figure-forecast] svg")
    assert forecast.locator("[data-kind=band] path").count() == 2  # 80% and 95% intervals
    assert forecast.locator("[data-kind=line] circle.swc-dot").count() == 14
    arrivals = page.locator("[data-testid=figure-arrivals] svg")
    assert arrivals.locator("[data-series='A year earlier'] path").get_attribute("d")
    page.screenshot(path=str(artifacts / "flows-1366x768-top.png"))

    # Monthly arrivals since 2018 on demand.
    page.select_option("#arrivals-by", "month")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=figure-arrivals] rect.swc-bar').length > 90"
    )

    # Patrol plan: coverage and a row per departure sector; re-planned with more units.
    page.wait_for_selector("body[data-patrol-ready='1']")
    # Which days the plan is for, and why: the days after the daily series' last day (20 Aug 2026),
    # said to be past when they are (the test runs after August 2026).
    basis = page.locator("[data-testid=patrol-basis]")
    assert basis.get_attribute("data-past") == "1"
    said = basis.inner_text()
    assert "21 Aug 2026 to 27 Aug 2026" in said and "(20 Aug 2026)" in said, said
    assert "before today" in said and "load newer figures" in said, said
    coverage = page.inner_text("[data-testid=patrol-coverage]")
    assert coverage.endswith("%")
    assert page.locator("[data-testid=patrol-table] tbody tr").count() >= 3
    page.fill("#patrol-units", "12")
    page.click("#patrol-form button[type=submit]")
    page.wait_for_function(
        "(before) => document.querySelector('[data-testid=patrol-coverage]').textContent !== before",
        arg=coverage,
    )
    assert float(page.inner_text("[data-testid=patrol-coverage]")[:-1]) > float(coverage[:-1])

    # The routes map: drawn, one labelled symbol per route with geography, month slider.
    page.wait_for_selector("body[data-flows-map-ready='1']", timeout=60_000)
    page.locator("[data-testid=frontex]").scroll_into_view_if_needed()
    assert page.get_attribute("body", "data-frontex-month") == "2025-04"
    labels = page.locator(".flows-route-label")
    assert labels.count() == 8
    symbols = page.evaluate("() => window.swFlowsMap.detections()")
    assert len(symbols) == 8 and all(r > 0 for _, d, r in symbols if d > 0)
    central = {route: d for route, d, _ in symbols}["Central Mediterranean Route"]
    assert central > 0
    assert page.evaluate(CANVAS_COLOURS, "#frontex-map") > 2, "the map canvas is blank"
    page.screenshot(path=str(artifacts / "flows-1366x768-map.png"))
    page.click("#frontex-prev")
    page.wait_for_function("() => document.body.dataset.frontexMonth === '2025-03'")
    assert "March 2025" in page.inner_text("[data-testid=frontex-month]")
    assert "Central Med" in page.inner_text("[data-testid=frontex-table]")
    assert not errors, errors


def test_full_hd_layout(flows_site: str, browser: Any, artifacts: Path) -> None:
    page = open_flows(browser, flows_site, "fr.analyst", {"width": 1920, "height": 1080})
    page.wait_for_selector("body[data-flows-map-ready='1']", timeout=60_000)
    # Six headline cards on one row; two charts side by side; nothing wider than the window.
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.flows-card')].map(c => c.getBoundingClientRect().top)"
    )
    assert len(tops) == 6 and len(set(tops)) == 1
    boxes = page.evaluate(
        "() => ['chart-forecast', 'chart-prevention'].map(id => "
        "document.getElementById(id).getBoundingClientRect().top)"
    )
    assert boxes[0] == boxes[1]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1920
    page.screenshot(path=str(artifacts / "flows-1920x1080.png"), full_page=True)
    # Narrowed to 1366 px, the charts are drawn again at their new width.
    svg_width = "() => document.querySelector('#chart-arrivals svg').viewBox.baseVal.width"
    wide = float(page.evaluate(svg_width))
    page.set_viewport_size({"width": 1366, "height": 768})
    page.wait_for_selector("body[data-flows-redrawn='1366']", timeout=30_000)
    assert float(page.evaluate(svg_width)) < wide
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366


def test_user_without_flows_read_is_told_why(
    flows_site: str, browser: Any, artifacts: Path
) -> None:
    page = open_flows(browser, flows_site, "dpo", {"width": 1366, "height": 768})
    assert page.get_attribute("body", "data-flows-state") == "denied"
    message = page.inner_text("[data-testid=flows-message]")
    assert "not available to you" in message and "crossing flows" in message
    assert page.locator("#flows-content").is_hidden()
    page.screenshot(path=str(artifacts / "flows-1366x768-denied.png"))
