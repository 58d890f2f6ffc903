# SPDX-License-Identifier: EUPL-1.2
"""The intelligence pages in headless Chromium against a real server: report list and
detail (handling banner), the new-report form's grading pickers, the dissemination dialog
and the permission-request inbox. All data is fictional (specimen state Utopia, UTO)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect, sync_playwright

from straitwatch.access.actor import system_actor
from straitwatch.access.users import add_user, seed_agencies
from straitwatch.api.app import create_app
from straitwatch.config import Settings
from straitwatch.intel.dissemination import disseminate, recall
from straitwatch.intel.reports import create_report
from straitwatch.store.db import make_engine, transaction
from straitwatch.store.migrate import upgrade
from tests.intel.conftest import draft, person

pytestmark = pytest.mark.browser
PASSWORD = "Tide-Gris-Nez-2024"
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'web.db'}")
    upgrade(engine)
    uk = person("UKBF", name="uk.analyst")
    with transaction(engine) as s:
        seed_agencies(s, system_actor())
        for name, agency, role in [
            ("uk.analyst", "UKBF", "analyst"),
            ("dpo", "UKBF", "dpo"),
            ("uk.supervisor", "UKBF", "supervisor"),
            ("fr.analyst", "PREMAR", "analyst"),
        ]:
            add_user(s, system_actor(), name, agency, role, PASSWORD)
        shared = create_report(s, uk, draft(title="Fictional shared H1 report", handling_code="H1"))
        create_report(s, uk, draft(title="Fictional kept H2 report", handling_code="H2"))
        disseminate(s, uk, shared.id, ["PREMAR"])
        withdrawn = create_report(s, uk, draft(title="Fictional recalled report"))
        disseminate(s, uk, withdrawn.id, ["PREMAR"])
        recall(s, uk, withdrawn.id, ["PREMAR"], "source reassessed (fictional)")
    app = create_app(Settings(database_url=str(engine.url), env="test"), engine=engine)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        thread.join(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def browser_page() -> Iterator[Page]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        yield browser.new_page()
        browser.close()


def sign_in(page: Page, base: str, user: str, path: str) -> None:
    page.goto(f"{base}/login?next={path}")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"**{path}")


def give_purpose(page: Page, why: str = "Op TESTFALL (fictional)") -> None:
    """Intelligence pages ask once per session why they are consulted before reading."""
    expect(page.get_by_test_id("purpose-needed")).to_be_visible()
    page.fill("#purpose-q", why)
    page.click("#purpose-form button")


def test_pages_show_only_what_was_disseminated(server: str, browser_page: Page) -> None:
    page = browser_page
    sign_in(page, server, "fr.analyst", "/static/intel.html")
    reads: list[str] = []
    page.on("request", lambda r: reads.append(r.url) if "/api/reports" in r.url else None)
    give_purpose(page, "Op TESTFALL: engine cache (fictional)")
    listing = page.get_by_test_id("report-list")
    expect(listing).to_contain_text("Fictional shared H1 report")
    expect(listing).not_to_contain_text("Fictional kept H2 report")
    expect(listing).not_to_contain_text("Fictional recalled report")
    page.click("text=Fictional shared H1 report")
    expect(page.get_by_test_id("handling-banner")).to_contain_text("judicial proceedings")
    expect(page.get_by_test_id("grade")).to_contain_text("uk_3x5x2 1B")
    expect(page.get_by_test_id("report-body")).to_contain_text("TESTMANN")
    # Every read carried the purpose given once for the session (the API refuses others).
    assert len(reads) >= 2
    assert all("purpose=Op+TESTFALL" in u or "purpose=Op%20TESTFALL" in u for u in reads), reads


def test_new_report_dissemination_and_inbox(server: str, browser_page: Page) -> None:
    page = browser_page
    sign_in(page, server, "uk.analyst", "/static/intel-new.html")
    form = page.get_by_test_id("new-report")
    form.locator("select[name=grade_scale]").select_option("europol_4x4")
    expect(form.locator("select[name=grade_source] option")).to_have_count(4)  # A B C X
    form.locator("select[name=handling_scale]").select_option("europol_4x4")
    form.locator("select[name=handling_code]").select_option("H2")
    form.locator("input[name=title]").fill("Fictional report from the browser")
    form.locator("textarea[name=body]").fill("FICTIONAL: typed in a test.")
    form.locator("input[name=event_time]").fill("2026-11-20T10:00")
    form.locator("input[name=purpose]").fill("Op TESTFALL (fictional)")
    form.locator("input[name=legal_basis]").fill("DPA 2018 Part 3")
    form.locator("button").click()
    expect(page.get_by_test_id("handling")).to_contain_text("europol_4x4 H2")
    page.click("#disseminate")
    dialog = page.get_by_test_id("dissemination-dialog")
    # No recipient is ticked by default (no "ALL"): the sender picks who needs to know.
    assert dialog.locator("input[name=to]:checked").count() == 0
    assert dialog.locator("input[name=to]").count() >= 8
    dialog.locator("input[name=to][value=PREMAR]").check()
    dialog.locator("input[name=purpose]").fill("Op TESTFALL (fictional)")
    dialog.locator("#send").click()
    expect(page.get_by_test_id("dissemination-outcomes")).to_contain_text("permission requested")
    page.context.clear_cookies()
    sign_in(page, server, "uk.supervisor", "/static/intel-requests.html")
    inbox = page.get_by_test_id("requests")
    expect(inbox).to_contain_text("uk.analyst")
    inbox.locator("button[data-approve]").click()
    expect(page.get_by_test_id("requests")).to_contain_text("approved")
    # The recipient's side: the decision is a notice in its inbox, linking to the report.
    page.context.clear_cookies()
    sign_in(page, server, "fr.analyst", "/static/intel-notices.html")
    approved = page.get_by_test_id("notices").locator("tr[data-kind=permission_approved]")
    expect(approved).to_contain_text("Permission request approved")
    approved.locator("a").click()
    give_purpose(page)
    expect(page.get_by_test_id("handling")).to_contain_text("europol_4x4 H2")


def test_new_report_form_starts_from_the_safe_choices(server: str, browser_page: Page) -> None:
    page = browser_page
    sign_in(page, server, "uk.analyst", "/static/intel-new.html")
    form = page.get_by_test_id("new-report")
    assert form.locator("select[name=grade_scale]").input_value() == "uk_3x5x2"
    assert form.locator("select[name=grade_source]").input_value() == "3"  # lowest of 1-3
    assert form.locator("select[name=grade_information]").input_value() == "E"
    form.locator("select[name=grade_scale]").select_option("europol_4x4")
    assert form.locator("select[name=grade_source]").input_value() == "C"  # score 0
    assert form.locator("select[name=grade_information]").input_value() == "4"
    form.locator("select[name=handling_scale]").select_option("europol_4x4")
    assert form.locator("select[name=handling_code]").input_value() == "H2"  # rank 3
    form.locator("input[name=title]").fill("Fictional report, review date in the past")
    form.locator("textarea[name=body]").fill("FICTIONAL: typed in a test.")
    form.locator("input[name=event_time]").fill("2026-11-20T10:00")
    form.locator("input[name=purpose]").fill("Op TESTFALL (fictional)")
    form.locator("input[name=legal_basis]").fill("DPA 2018 Part 3")
    form.locator("input[name=review_date]").fill("2020-01-01")
    form.locator("button").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("review date is in the past")
    assert "/intel-new.html" in page.url


def test_a_refused_page_says_why_in_a_sentence(server: str, browser_page: Page) -> None:
    page = browser_page
    sign_in(page, server, "dpo", "/static/intel.html")
    give_purpose(page)
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_contain_text(
        "Your role (data protection officer) does not allow you to read intelligence reports"
    )
    assert "may not" not in refusal.inner_text()


def test_notices_inbox_shows_a_recall_in_both_languages(server: str, browser_page: Page) -> None:
    """Item 7: the recipient sees the provider's notices (here a recall) in its inbox."""
    page = browser_page
    sign_in(page, server, "fr.analyst", "/static/intel-notices.html")
    notices = page.get_by_test_id("notices")
    recalled = notices.locator("tr[data-kind=recalled]")
    expect(recalled).to_have_count(1)
    expect(recalled).to_contain_text("Recalled: the provider withdrew this report")
    expect(recalled).to_contain_text("source reassessed (fictional)")
    expect(recalled).to_contain_text("uk.analyst")
    assert recalled.locator("a").count() == 0  # a recalled report no longer exists for FR
    page.select_option("[data-testid=lang-switch]", "fr")
    page.wait_for_function("() => document.documentElement.lang === 'fr'")
    recalled = page.get_by_test_id("notices").locator("tr[data-kind=recalled]")
    expect(recalled).to_contain_text("Retiré : le fournisseur a retiré ce rapport")
    expect(page.locator("nav.sw-intel-nav")).to_contain_text("Avis")


def test_a_provider_has_no_notices(server: str, browser_page: Page) -> None:
    page = browser_page
    sign_in(page, server, "uk.analyst", "/static/intel-notices.html")
    expect(page.get_by_test_id("no-notices")).to_contain_text("No notices for your agency.")
