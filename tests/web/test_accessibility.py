"""axe-core (npm ``axe-core``, injected by Playwright) on every page, in English and in French:
no serious or critical finding (WCAG 2.0/2.1/2.2 A and AA rules). The pages' CSP forbids an
injected script, so the test's browser context bypasses it (the pages are unchanged)."""

from __future__ import annotations

import os
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

from .conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD, serving

pytestmark = [pytest.mark.browser]

AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    ("fr.watch", "/"),
    ("fr.watch", "/static/shiftlog.html"),
    ("fr.analyst", "/static/flows.html"),
    ("fr.analyst", "/static/intel.html"),
    ("fr.analyst", "/static/intel-new.html"),
    ("fr.analyst", "/static/intel-requests.html"),
    ("fr.analyst", "/static/intel-entities.html"),
    ("fr.analyst", "/static/network.html"),
    ("fr.analyst", "/static/documents.html"),
    ("dpo", "/static/dpo.html"),
]
RUN_AXE = """async () => {
  const r = await axe.run(document, { runOnly: { type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
  return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => [v.id, v.impact, v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")]);
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('axe') / 'store.db'}")
    upgrade(engine)
    with transaction(engine) as session:
        seed_agencies(session, system_actor())
        seed_demo_users(session, system_actor(), PASSWORD)
        load_sources(session, system_actor(), [parse_source(p) for p in bundled_sources()])
    settings = Settings(env="test", secret_key="a" * 40, database_url=str(engine.url))
    with serving(create_app(settings, engine=engine)) as url:
        yield url
    engine.dispose()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), f"{CHROMIUM} missing (deps/apt.txt)"
    assert AXE.exists(), f"{AXE} missing: npm ci in web/"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def findings(page: Any) -> list[list[str]]:
    page.add_script_tag(path=str(AXE))
    found: list[list[str]] = page.evaluate(RUN_AXE)
    return found


@pytest.mark.parametrize("lang", ["en-GB", "fr-FR"])
@pytest.mark.parametrize("user", sorted({u for u, _ in PAGES}))
def test_no_serious_accessibility_findings(site: str, chromium: Any, user: str, lang: str) -> None:
    context = chromium.new_context(
        viewport={"width": 1366, "height": 900}, locale=lang, bypass_csp=True
    )
    page = context.new_page()
    try:
        page.goto(site + "/login")
        page.wait_for_selector("html[data-i18n-ready='1']")
        report = {"/login": findings(page)}
        page.fill("#username", user)
        page.fill("#password", PASSWORD)
        page.click("#sign-in")
        page.wait_for_selector("body[data-page-ready='1']", timeout=60_000)
        for who, path in PAGES:
            if who == user:
                page.goto(site + path)
                page.wait_for_selector("body[data-page-ready='1']", timeout=60_000)
                report[path] = findings(page)
        assert {p: f for p, f in report.items() if f} == {}
    finally:
        context.close()
