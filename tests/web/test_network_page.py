# SPDX-License-Identifier: EUPL-1.2
"""The analyst's link chart in a real browser: the French analyst states a purpose, sees
the fictional demo network (three groups joined by a boat supplier, a transfer agent and a
shared phone), the key facilitators with their reasons, a provenance card, the timeline,
and the page in French. Screenshots go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from straitwatch.access.users import actor_for, get_user
from straitwatch.intel.demo import DEMO_AUTHORS, seed_demo_intel
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction

from .conftest import PASSWORD, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "/static/network.html"


def _signed_in(browser: Any, url: str, username: str, lang: str) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale=lang)
    page = context.new_page()
    page.goto(url + PAGE)
    page.wait_for_url("**/login**")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(url + PAGE)
    return page


def test_analyst_charts_the_demo_network(
    app_server: LiveServer, browser: Any, artifacts: Path
) -> None:
    with transaction(app_server.engine) as s:
        seed_demo_intel(s, {n: actor_for(s, get_user(s, n)) for n in DEMO_AUTHORS})
    page = _signed_in(browser, app_server.url, "fr.analyst", "en-GB")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.wait_for_selector("#sw-header nav a[aria-current=page]")

    page.click("#net-load")  # no purpose yet: refused in words, nothing asked of the server
    assert page.locator("#net-summary").inner_text() == ""
    page.fill("#net-purpose", "Enquête MUSTERHAFEN (fictional test)")
    page.click("#net-load")
    page.wait_for_function(
        "() => document.getElementById('net-summary').textContent.includes('communities')"
    )
    summary = page.inner_text("[data-testid=net-summary]")
    assert " entities, " in summary and "3 communities" in summary, summary
    key = page.inner_text("[data-testid=net-key]")
    assert (
        "Fictional Boats Ltd" in key and "Zebulon PROBATUS" in key and "links 3 communities" in key
    )
    assert page.locator("#net-timeline circle").count() > 5
    # The map of places: the slider walks through the located reports in time.
    page.wait_for_selector("#net-map canvas")
    page.wait_for_function(
        "() => document.getElementById('net-until-label').textContent.includes('reports')"
    )
    page.eval_on_selector(
        "#net-until", "el => { el.value = '0'; el.dispatchEvent(new Event('input')); }"
    )
    assert "1 report" in page.inner_text("[data-testid=net-until-label]")

    page.click("[data-testid=net-key] button >> text=Zebulon PROBATUS")
    card = page.inner_text("[data-testid=net-card]")
    assert "Zebulon PROBATUS" in card and "BEFP" in card and "PREMAR" in card
    page.screenshot(path=str(artifacts / "network-1366x768-en.png"), full_page=True)

    # Save the chart, shared with the Belgian police; it is listed and opens with its layout.
    page.fill("#net-chart-name", "MUSTERHAFEN overview (fictional)")
    page.select_option("#net-share", ["BEFP"])
    page.click("#net-save")
    page.wait_for_function("() => document.querySelectorAll('#net-saved option').length === 1")
    assert "MUSTERHAFEN overview" in page.inner_text("#net-saved")
    # The page still shows the first load: clear it so the wait below sees the chart's own answer.
    page.eval_on_selector("#net-summary", "el => { el.textContent = ''; }")
    page.click("#net-open")
    page.wait_for_function(
        "() => document.getElementById('net-summary').textContent.includes('communities')"
    )
    assert not errors, errors

    with transaction(app_server.engine) as s:
        purposes = s.scalars(
            select(AuditEventRow.purpose).where(
                AuditEventRow.resource_kind == "network", AuditEventRow.actor == "fr.analyst"
            )
        ).all()
        shared = s.scalars(
            select(AuditEventRow.detail).where(
                AuditEventRow.resource_kind == "network_chart", AuditEventRow.action == "disclosure"
            )
        ).all()
    assert set(purposes) == {"Enquête MUSTERHAFEN (fictional test)"} and len(purposes) == 2
    assert [d["to_agencies"] for d in shared] == [["BEFP"]]

    fr = _signed_in(browser, app_server.url, "fr.analyst", "fr-FR")
    fr.wait_for_selector("#sw-header nav a[aria-current=page]")
    assert fr.get_attribute("html", "lang") == "fr"
    assert "Passeurs clés" in (fr.text_content("body") or "")  # h2 is upper-cased by CSS
    fr.fill("#net-purpose", "Enquête MUSTERHAFEN (test fictif)")
    fr.click("#net-load")
    fr.wait_for_function(
        "() => document.getElementById('net-summary').textContent.includes('communautés')"
    )
    assert "relie 3 communautés" in fr.inner_text("[data-testid=net-key]")
    fr.screenshot(path=str(artifacts / "network-1366x768-fr.png"), full_page=True)


def _chart(page: Any, key: str) -> int:
    return int(page.get_attribute("#net-chart", f"data-{key}") or 0)


def test_reports_events_groups_svg_and_disruptions(
    app_server: LiveServer, browser: Any, artifacts: Path
) -> None:
    with transaction(app_server.engine) as s:
        seed_demo_intel(s, {n: actor_for(s, get_user(s, n)) for n in DEMO_AUTHORS})
    page = _signed_in(browser, app_server.url, "uk.analyst", "en-GB")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.wait_for_selector("#sw-header nav a[aria-current=page]")
    page.fill("#net-purpose", "Operation TESTFALL (fictional test)")
    page.check("#net-reports")
    page.click("#net-load")
    # Reports and the two crossing events (a Belgian launch, a UK interception) are nodes.
    page.wait_for_function(
        "() => Number(document.getElementById('net-chart').dataset.reports || 0) >= 6"
    )
    assert _chart(page, "events") == 2
    assert page.locator("#net-timeline .sw-tl-event").count() == 2
    assert page.locator("#net-timeline .sw-tl-report").count() >= 6
    # The launch and the interception are on the map too, at the end of the time slider.
    page.wait_for_function(
        "() => document.getElementById('net-until-label').dataset.events === '2'"
    )
    whole = _chart(page, "nodes")

    # The WebGL overview (sigma.js) draws the same network, and gives way to the chart again.
    page.click("#net-overview")
    page.wait_for_function(
        "() => document.getElementById('net-overview-view').dataset.overviewNodes !== undefined"
    )
    assert int(page.get_attribute("#net-overview-view", "data-overview-nodes") or 0) == whole
    assert page.locator("#net-overview-view canvas").count() >= 1
    assert page.is_hidden("#net-chart")
    page.click("#net-overview")
    page.wait_for_function("() => !document.getElementById('net-chart').hidden")

    # Each community collapses into one node; ungrouping puts every member back.
    page.click("#net-group-communities")
    page.wait_for_function(
        "() => Number(document.getElementById('net-chart').dataset.groups || 0) >= 3"
    )
    grouped = _chart(page, "nodes")
    assert grouped < whole
    page.screenshot(path=str(artifacts / "network-grouped-1366x768-en.png"), full_page=True)
    with page.expect_download() as download:
        page.click(".sw-net-export button[data-format=svg]")
    svg = Path(download.value.path()).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Community 1" in svg and svg.count("<text") >= grouped
    page.click("#net-ungroup")
    page.wait_for_function("() => document.getElementById('net-chart').dataset.groups === '0'")
    assert _chart(page, "nodes") == whole

    # A disruption against the transfer agent: listed with what it changed, then counted.
    page.click("[data-testid=net-key] button >> text=Zebulon PROBATUS")
    page.select_option("#net-disruption-kind", "arrest")
    page.fill("#net-disruption-date", "2026-11-21")
    page.click("#net-record-go")
    page.wait_for_function("() => document.getElementById('net-disruptions').dataset.count === '1'")
    listed = page.inner_text("[data-testid=net-disruptions]")
    assert "Arrest" in listed and "Zebulon PROBATUS" in listed and "networks" in listed, listed
    page.click("#net-brief-show")
    page.wait_for_function(
        "() => document.getElementById('net-brief').textContent.includes('disruption')"
    )
    brief = page.inner_text("[data-testid=net-brief]")
    assert "3 networks identified" in brief and "1 disruption recorded" in brief, brief
    assert not errors, errors
