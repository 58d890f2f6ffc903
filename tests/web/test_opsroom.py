# SPDX-License-Identifier: EUPL-1.2
"""The operations room through a watch, in real Chromium: vessel selection, alerts linked
to the map, the alert workflow in dialogs, the distress alarm, roles, the mariner's tools,
the tablet layout, and French. The picture is fed by the test through a feeder coroutine
(the seam the server takes), so every state is known and nothing waits on a simulation.
One server and one browser serve the whole module."""

from __future__ import annotations

import asyncio
import os
import queue
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from straitwatch.access.actor import system_actor
from straitwatch.access.demo_users import seed_demo_users
from straitwatch.access.users import seed_agencies
from straitwatch.api import create_app
from straitwatch.assessment import lifecycle
from straitwatch.assessment.alert import Alert, AlertType, Severity
from straitwatch.config import Settings
from straitwatch.picture.live import Picture
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.migrate import upgrade
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate

from .conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD, serving

pytestmark = [pytest.mark.browser]

T0 = datetime(2022, 8, 22, 3, 0, tzinfo=UTC)
BOAT = (50.93, 1.62)  # off Wissant: the French SAR region


@dataclass
class Room:
    url: str
    engine: Engine
    feed: queue.Queue[tuple[list[TrackUpdate], list[dict[str, Any]]]]
    distress_id: str

    def push(self, tracks: list[TrackUpdate], alerts: list[dict[str, Any]] | None = None) -> None:
        self.feed.put((tracks, alerts or []))


def boat(lat: float, lon: float, minute: int, speed_kn: float = 0.4) -> TrackUpdate:
    return TrackUpdate(
        "T-SB1",
        T0 + timedelta(minutes=minute),
        lat,
        lon,
        speed_kn,
        300.0,
        40.0,
        TrackStatus.CONFIRMED,
        TrackClass.SMALL_BOAT,
        sources=("radar-gris-nez",),
        persons_estimate=58,
        first_seen=T0,
    )


def ferry(minute: int) -> TrackUpdate:
    return TrackUpdate(
        "T-AIS1",
        T0 + timedelta(minutes=minute),
        51.05,
        1.45 + minute * 0.002,
        18.0,
        75.0,
        15.0,
        TrackStatus.CONFIRMED,
        TrackClass.AIS_VESSEL,
        mmsi=235000111,
        name="FICTIONAL PRIDE",
        sources=("ais",),
        first_seen=T0,
    )


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    path = tmp_path_factory.mktemp("opsroom") / "store.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    distress = Alert.new(
        AlertType.DISTRESS,
        T0,
        *BOAT,
        "T-SB1",
        Severity.CRITICAL,
        ("CROSSGN", "HMCG"),
        "Persons at risk: stopped or drifting",
        {
            "persons_estimate": 58,
            "sar_region": "FR",
            "risk_score": 0.82,
            "factors": ["stopped_or_drifting", "overcrowded", "night"],
            "speed_kn": 0.4,
        },
    )
    departures = [
        Alert.new(
            AlertType.DEPARTURE,
            T0 + timedelta(minutes=i),
            50.9 + i * 0.01,
            1.7,
            f"T-D{i}",
            Severity.HIGH,
            ("CROSSGN", "HMCG"),
            "Departure",
            {},
        )
        for i in range(7)
    ]
    with transaction(engine) as session:
        seed_agencies(session, system_actor())
        seed_demo_users(session, system_actor(), PASSWORD)
        records = lifecycle.record_alerts(session, raised=[distress, *departures])
        alerts = [r.to_json() for r in records]
    feed: queue.Queue[tuple[list[TrackUpdate], list[dict[str, Any]]]] = queue.Queue()
    feed.put(([boat(*BOAT, 0), ferry(0)], alerts))

    def next_batch() -> tuple[list[TrackUpdate], list[dict[str, Any]]] | None:
        # Never block a worker thread for good: a thread still waiting when the server stops
        # would hold the interpreter's exit (the executor joins its threads).
        try:
            return feed.get(timeout=0.2)
        except queue.Empty:
            return None

    async def feeder(picture: Picture) -> None:
        while True:
            batch = await asyncio.to_thread(next_batch)
            if batch is not None:
                picture.apply(*batch)

    settings = Settings(env="test", secret_key="w" * 40, database_url=str(engine.url))
    app = create_app(settings, engine=engine, picture=Picture(), feeders=[feeder])
    with serving(app) as url:
        yield Room(url, engine, feed, distress.alert_id)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), f"{CHROMIUM} missing (deps/apt.txt)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def open_room(chromium: Any, room: Room, user: str, size: tuple[int, int], lang: str = "en") -> Any:
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]}, locale=lang)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.goto(room.url + "/login?next=/")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    try:
        page.wait_for_selector("body[data-map-ready='1']", timeout=60_000)
        page.wait_for_function("() => window.swMap.tracks.size >= 2", timeout=30_000)
    except Exception as exc:
        raise AssertionError(f"the live page did not load: {page.errors}") from exc
    return page


def inside(box: dict[str, float], size: tuple[int, int]) -> bool:
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size[0]
        and (box["y"] + box["height"] <= size[1])
    )


def settled(page: Any) -> None:
    """Wait until the map has finished moving and drawn what it shows (a fly-to, a load)."""
    page.wait_for_function(
        "() => { const m = window.swMap.map; return !m.isMoving() && m.loaded() && m.areTilesLoaded(); }",
        timeout=30_000,
    )


def click_track(page: Any, track_id: str) -> None:
    settled(page)
    xy = page.evaluate(
        """(id) => { const t = window.swMap.tracks.get(id); const m = window.swMap.map;
                     const p = m.project([t.lon, t.lat]); const r = m.getCanvas().getBoundingClientRect();
                     return [r.left + p.x, r.top + p.y]; }""",
        track_id,
    )
    page.mouse.move(xy[0], xy[1])
    page.wait_for_selector(".sw-tooltip", timeout=5_000)
    page.mouse.click(xy[0], xy[1])


def test_selecting_a_vessel_shows_its_panel_in_view_and_follows_it(
    room: Room, chromium: Any
) -> None:
    for size in [(1920, 1080), (1280, 720), (1024, 768)]:
        page = open_room(chromium, room, "uk.watch", size)
        page.wait_for_function("() => document.querySelectorAll('#alerts li').length >= 6")
        page.evaluate("() => window.swMap.flyTo(1.45, 51.05)")
        settled(page)
        click_track(page, "T-AIS1")
        panel = page.locator("[data-testid=track-detail]")
        panel.wait_for(state="visible")
        assert "FICTIONAL PRIDE" in panel.inner_text() and "235000111" in panel.inner_text()
        assert inside(panel.bounding_box(), size), size
        assert "FICTIONAL PRIDE" in page.inner_text(".sw-tooltip")
        # Highlighted on the map: the ring source holds the selected track.
        page.wait_for_function(
            "() => window.swMap.map.getSource('selected').serialize().data.features.length === 1"
        )
        page.context.close()
    # The panel follows the track as it moves.
    page = open_room(chromium, room, "uk.watch", (1280, 720))
    page.evaluate("() => window.swTargets.select('T-AIS1')")
    page.wait_for_selector("[data-testid=track-detail]:not([hidden])")
    before = page.inner_text("[data-testid=track-position]")
    room.push([ferry(5)])
    page.wait_for_function(
        "(b) => document.querySelector('[data-testid=track-position]').textContent !== b",
        arg=before,
        timeout=10_000,
    )
    assert page.errors == []
    page.context.close()


def test_alerts_are_linked_to_the_map_and_say_who_leads(room: Room, chromium: Any) -> None:
    page = open_room(chromium, room, "fr.watch", (1920, 1080))
    card = page.locator(f"#alerts [data-alert-id='{room.distress_id}']")
    text = card.inner_text()
    for expected in [
        "CROSS Gris-Nez",
        "58 people",
        "France (CROSS Gris-Nez)",
        "stopped or drifting",
        "overcrowded",
        "50°55",
        "001°37",
        "Not yet acknowledged",
    ]:
        assert expected in text, expected
    page.wait_for_function(
        "() => window.swMap.map.getSource('alerts').serialize().data.features.length >= 8"
    )
    card.locator(".sw-alert-head").click()
    page.wait_for_selector("[data-testid=track-detail][data-track-id='T-SB1']")
    page.wait_for_function(
        "() => { const c = window.swMap.map.getCenter(); return Math.abs(c.lat - 50.93) < 0.02 && Math.abs(c.lng - 1.62) < 0.02; }",
        timeout=10_000,
    )
    assert page.errors == []
    page.context.close()


def test_distress_alarm_repeats_until_acknowledged_then_the_workflow(
    room: Room, chromium: Any
) -> None:
    page = open_room(chromium, room, "uk.watch", (1280, 720))
    # On page load the alarm sounds, and repeats.
    page.wait_for_selector("body[data-alarm=on]")
    page.wait_for_function("() => Number(document.body.dataset.alarmBeeps) >= 2", timeout=10_000)
    assert "1 unacknowledged" in page.inner_text("[data-testid=distress-count]")
    page.click("[data-testid=distress-banner] button[data-act=acknowledge]")
    page.wait_for_selector("body[data-alarm=off]")
    card = page.locator(f"#alerts [data-alert-id='{room.distress_id}']")
    page.wait_for_selector(f"#alerts [data-alert-id='{room.distress_id}'][data-state=acknowledged]")
    assert "Acknowledged by uk.watch" in card.inner_text()
    # Assign in a dialog (no prompt()).
    card.locator("button[data-act=assign]").click()
    dialog = page.locator("[data-testid=alert-dialog]")
    dialog.locator("input[name=unit]").fill("RNLI Dover ALB")
    dialog.locator("[data-testid=alert-submit]").click()
    page.wait_for_selector(f"#alerts [data-alert-id='{room.distress_id}'][data-state=assigned]")
    assert "Held by RNLI Dover ALB" in card.inner_text()
    page.locator(".sw-toast", has_text="Alert assigned").wait_for()
    # Resolve with an outcome chosen from a list and a note; it stays in the shift log.
    card.locator("button[data-act=resolve]").click()
    dialog.locator("input[name=outcome][value=rescued]").check()
    dialog.locator("textarea[name=note]").fill("58 rescued by the Dover lifeboat (fictional)")
    dialog.locator("[data-testid=alert-submit]").click()
    logged = page.locator(f"#shift-log [data-alert-id='{room.distress_id}']")
    logged.wait_for(state="attached")
    page.click("#shift-log-panel summary")
    log_text = logged.inner_text()
    assert "58 rescued by the Dover lifeboat" in log_text and "rescued" in log_text
    history = logged.locator("[data-testid=history]").text_content() or ""
    assert "uk.watch" in history and "RNLI Dover ALB" in history
    # A late note on the resolved alert, in a dialog: signed and timed in its history.
    logged.locator("button[data-act=notes]").click()
    dialog.locator("textarea[name=text]").fill("Casualties landed at Dover (fictional)")
    dialog.locator("[data-testid=alert-submit]").click()
    page.wait_for_function(
        "(id) => (document.querySelector(`#shift-log [data-alert-id='${id}'] [data-testid=history]`)"
        "?.textContent || '').includes('Note: Casualties landed at Dover')",
        arg=room.distress_id,
    )
    assert page.locator(f"#alerts [data-alert-id='{room.distress_id}']").count() == 0
    assert page.errors == []
    page.context.close()


def test_roles_get_a_page_made_for_them(room: Room, chromium: Any) -> None:
    # The analyst's home page is the intelligence list; on the live page the analyst, who
    # may not act on alerts, sees no buttons (the policy's answer, asked by the page).
    context = chromium.new_context()
    home = context.new_page()
    home.goto(room.url + "/login")
    home.fill("#username", "uk.analyst")
    home.fill("#password", PASSWORD)
    home.click("#sign-in")
    home.wait_for_url("**/static/intel.html")
    context.close()
    page = open_room(chromium, room, "uk.analyst", (1280, 720))
    page.wait_for_function("() => document.querySelectorAll('#alerts li').length >= 6")
    page.wait_for_timeout(500)  # the policy's answers arrive after the first drawing
    assert (
        page.locator(
            "#alerts button[data-act=acknowledge], #alerts button[data-act=resolve]"
        ).count()
        == 0
    )
    page.context.close()
    # The DPO's live page works: live, a sentence saying what it shows, no uncaught error.
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(room.url + "/login")
    page.fill("#username", "dpo")
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_selector("body[data-map-ready='1']", timeout=60_000)
    page.wait_for_selector("#stream-state.sw-ok")
    assert "data protection officer" in page.inner_text("[data-testid=role-note]")
    assert errors == []
    context.close()


def test_search_list_and_mariners_tools(room: Room, chromium: Any) -> None:
    page = open_room(chromium, room, "uk.watch", (1920, 1080))
    page.fill("[data-testid=target-search]", "235000111")
    page.wait_for_function("() => document.querySelectorAll('#targets tr').length === 1")
    page.click("#targets [data-track='T-AIS1']")
    page.wait_for_selector("[data-testid=track-detail][data-track-id='T-AIS1']")
    page.fill("[data-testid=target-search]", "")
    page.select_option("#target-filters select[name=ais]", "dark")
    page.wait_for_function("() => document.querySelectorAll('#targets tr').length === 1")
    assert "T-SB1" in page.inner_text("#targets")
    # Cursor position in degrees and decimal minutes; measure distance and bearing.
    box = page.locator("#map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert "′N" in page.inner_text("[data-testid=cursor-position]")
    page.select_option("#position-format", "dms")  # degrees, minutes, seconds
    page.mouse.move(box["x"] + box["width"] / 2 + 5, box["y"] + box["height"] / 2)
    assert re.search(r"\d\d°\d\d′\d\d\.\d″N", page.inner_text("[data-testid=cursor-position]"))
    page.select_option("#position-format", "dm")
    page.click("[data-tool=measure]")
    page.click("[data-testid=track-detail] [data-close]")
    page.mouse.click(box["x"] + 500, box["y"] + 300)
    page.mouse.click(box["x"] + 700, box["y"] + 300)
    result = page.inner_text("[data-testid=tool-result]")
    assert "NM" in result and "bearing 090° true" in result
    assert page.locator("[data-testid=legend] li").count() >= 6
    assert page.locator(".sw-place:not(.sw-place-coast)", has_text="Calais").count() == 1
    # Beaches and headlands named too (shown closer in than the ports).
    assert page.locator(".sw-place-coast", has_text="Cap Gris-Nez").count() == 1
    assert page.locator(".sw-place-coast", has_text="Malo-les-Bains").count() == 1
    assert page.errors == []
    page.context.close()


def test_tablet_layout_keeps_the_map_wide_and_focus_where_it_was(room: Room, chromium: Any) -> None:
    page = open_room(chromium, room, "fr.watch", (1024, 768))
    assert page.locator("#map").bounding_box()["width"] >= 700
    button = page.locator("#alerts li[data-type=departure] button[data-act=acknowledge]").first
    button.wait_for()
    alert_id = button.evaluate("(b) => b.closest('[data-alert-id]').dataset.alertId")
    button.focus()
    room.push([ferry(9), boat(*BOAT, 9)])
    page.wait_for_function("() => document.getElementById('track-count').textContent === '2'")
    page.evaluate("() => window.swPanels.upsertAlerts([], false)")  # a re-render
    focused = page.evaluate(
        "() => [document.activeElement.dataset.act, document.activeElement.closest('[data-alert-id]')?.dataset.alertId]"
    )
    assert focused == ["acknowledge", alert_id]
    page.context.close()


ENGLISH = Path(__file__).resolve().parents[2] / "src/straitwatch/web/static/i18n/en.json"


def untranslated(page: Any) -> list[str]:
    """Visible texts of the page that are an English catalogue message (whose French
    differs): a text left in English on a French page."""
    return page.evaluate(
        """async () => {
          const [en, fr] = await Promise.all(["en", "fr"].map((l) => fetch(`/static/i18n/${l}.json`).then((r) => r.json())));
          const english = new Set(Object.keys(en).filter((k) => en[k] !== fr[k] && !en[k].includes("{")).map((k) => en[k].trim()));
          const out = [];
          const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walk.nextNode()) {
            const el = walk.currentNode.parentElement;
            const text = walk.currentNode.textContent.trim();
            if (text && el && el.offsetParent !== null && english.has(text)) out.push(text);
          }
          for (const el of document.querySelectorAll("[placeholder],[aria-label],[title]"))
            for (const a of ["placeholder", "aria-label", "title"])
              if (english.has((el.getAttribute(a) || "").trim())) out.push(el.getAttribute(a));
          return out; }"""
    )


def test_french_room_every_page_in_french(room: Room, chromium: Any) -> None:
    page = open_room(chromium, room, "fr.watch", (1920, 1080), lang="fr-FR")
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    text = page.text_content("body") or ""
    for expected in [
        "Situation en temps réel",
        "alerte de départ",
        "CROSS Gris-Nez",
        "Couches",
        "Cibles",
    ]:
        assert expected in text, expected
    assert untranslated(page) == []
    for path in ["/static/documents.html", "/static/intel.html", "/static/intel-new.html"]:
        page.goto(room.url + path)
        page.wait_for_selector("body[data-page-ready='1']")  # the page's own view drawn
        assert page.evaluate("() => document.documentElement.lang") == "fr"
        assert untranslated(page) == [], path
    # The switch in the shell goes back to English, and is remembered.
    page.select_option("[data-testid=lang-switch]", "en")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.wait_for_selector("#sw-header .sw-logout")
    assert "Sign out" in page.inner_text("#sw-header")
    assert page.errors == []
    page.context.close()


def test_shift_log_lists_the_watch_and_prints_for_hand_over(room: Room, chromium: Any) -> None:
    page = open_room(chromium, room, "fr.watch", (1280, 900))
    # The watch of the scenario (picture time): the eight alerts raised, in time order.
    page.goto(room.url + "/static/shiftlog.html?from=2022-08-22T02:00:00Z&to=2022-08-22T04:00:00Z")
    page.wait_for_selector("body[data-page-ready='1']")
    raised = page.locator("[data-testid=shift-events] td[data-kind=raised]")
    assert raised.count() == 8
    assert "8 alerts in the period: 8 raised" in page.inner_text("[data-testid=shift-summary]")
    assert "CROSS Gris-Nez" in page.inner_text("[data-testid=shift-events]")
    # A note written now is in the log of the hour around now, signed, with the alert open.
    departure = page.evaluate(
        """async () => (await sw.api('/api/alerts', {query: {type: 'departure'}})).alerts
             .find((a) => a.state !== 'resolved').alert_id"""
    )
    page.evaluate(
        "(id) => sw.api(`/api/alerts/${id}/notes`, {method: 'POST', body: {text: 'Gendarmerie patrol sent (fictional)'}})",
        departure,
    )
    page.goto(room.url + "/static/shiftlog.html")  # the last 12 hours
    page.wait_for_selector("body[data-page-ready='1']")
    note = page.locator(f"[data-testid=shift-events] tr[data-alert-id='{departure}']")
    assert "Note: Gendarmerie patrol sent (fictional)" in note.inner_text()
    assert "fr.watch" in note.inner_text()
    assert page.locator(f"[data-testid=shift-open] tr[data-alert-id='{departure}']").count() == 1
    # Printed: the page shell and the period form are left out.
    page.emulate_media(media="print")
    assert page.locator("#sw-header").is_hidden() and page.locator("#shift-period").is_hidden()
    assert page.locator("[data-testid=shift-events]").is_visible()
    assert page.errors == []
    page.context.close()
