# SPDX-License-Identifier: EUPL-1.2
"""The DPO's workspace in a real browser (issue #13, item 17): find a subject, read the
file, export it signed, erase it; an analyst is refused and sees no link to it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from straitwatch.access.audit_seal import AuditSeal
from straitwatch.access.users import actor_for, get_user
from straitwatch.config import Settings
from straitwatch.dpo import verify_export
from straitwatch.intel.demo import DEMO_AUTHORS, seed_demo_intel
from straitwatch.store.db import transaction

from .conftest import PASSWORD, LiveServer

pytestmark = [pytest.mark.browser]


def _sign_in(page: Any, url: str, user: str, nxt: str) -> None:
    page.goto(f"{url}/login?next={nxt}")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{url}{nxt}", timeout=30_000)


def test_dpo_finds_reads_exports_and_erases(app_server: LiveServer, browser: Any) -> None:
    with transaction(app_server.engine) as s:
        actors = {n: actor_for(s, get_user(s, n)) for n in DEMO_AUTHORS}
        seed_demo_intel(s, actors)
    page = browser.new_page(accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _sign_in(page, app_server.url, "dpo", "/static/dpo.html")
    page.wait_for_selector("#sw-header a[href='/static/dpo.html']")
    page.fill("#dpo-q", "testmann")
    page.click("#dpo-search button")
    page.wait_for_selector("[data-testid=subjects]")
    page.click("[data-testid=subjects] a[href*='demo-person-ozric-testmann']")
    page.wait_for_selector("[data-testid=counts]")
    assert "Ozric TESTMANN" in (page.text_content("[data-testid=subject-name]") or "")
    assert int(page.inner_text("[data-kind=collection]")) >= 1
    assert page.locator("[data-testid=trail] tbody tr").count() >= 1

    with page.expect_download() as download:
        page.click("[data-testid=export]")
    doc = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert verify_export(doc, AuditSeal(Settings(env="test").audit_secret(), None))

    page.on("dialog", lambda d: d.accept())
    page.fill("#erase textarea", "the subject asked for erasure (fictional)")
    page.click("#erase button")
    page.wait_for_selector("[data-testid=erased]", timeout=30_000)
    assert int(page.inner_text("[data-kind=erasure]")) >= 1

    page.goto(app_server.url + "/static/dpo.html?view=refusals")
    page.wait_for_selector("[data-testid=dpo-main] h2")
    assert errors == []


def test_an_analyst_is_refused(app_server: LiveServer, browser: Any) -> None:
    page = browser.new_page()
    _sign_in(page, app_server.url, "uk.analyst", "/static/dpo.html?view=reviews")
    page.wait_for_selector("[data-testid=refusal]", timeout=30_000)
    assert page.locator("#sw-header a[href='/static/dpo.html']").count() == 0
