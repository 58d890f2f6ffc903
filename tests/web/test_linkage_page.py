# SPDX-License-Identifier: EUPL-1.2
"""The analyst's match review in a real browser: the UK analyst reads the evidence of two
fictional borderline pairs (waterfall), cannot decide without a reason, accepts one pair
(the clusters merge, a combination is audited) and undoes it; the page in French; the
French analyst does not see the UK's records. Screenshots go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import func, select

from straitwatch.access.users import actor_for, get_user
from straitwatch.intel.linkage.engine import LinkResult
from straitwatch.intel.linkage.review import store_run
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from straitwatch.store.linkage import LinkClusterRow

from .conftest import PASSWORD, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "/static/linkage.html"
LABELS = {
    "uk-1": ("UK", "Shwan BAKHNEZI (fictional)"),
    "fr-1": ("FR", "Chwan BAKHNÉZI (fictif)"),
    "uk-2": ("UK", "Ali HASSAN (fictional)"),
    "de-2": ("DE", "Hassan ALI (fiktiv)"),
}


def _run() -> LinkResult:
    clusters = pd.DataFrame(
        {"record_id": list(LABELS), "cluster_id": list(LABELS), "score": [0.6] * 4}
    )
    pairs = pd.DataFrame(
        {
            "record_id_l": ["uk-1", "uk-2"],
            "record_id_r": ["fr-1", "de-2"],
            "match_probability": [0.62, 0.31],
            "match_weight": [0.7, -1.2],
            "gamma_name": [4, 2],
            "mw_name": [6.5, -4.0],
            "gamma_dob": [5, 4],
            "mw_dob": [8.9, 4.1],
            "gamma_phone": [-1, -1],
            "mw_phone": [0.0, 0.0],
        }
    )
    return LinkResult(clusters, pairs, [])


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


def _cluster(server: LiveServer, record_id: str) -> str:
    with transaction(server.engine) as s:
        row = s.get(LinkClusterRow, record_id)
        assert row is not None
        return row.cluster_id


def _count_is(page: Any, text: str) -> None:
    page.wait_for_function(
        "(text) => document.getElementById('lk-count').textContent === text", arg=text
    )


def test_analyst_reviews_a_pair_with_its_evidence(
    app_server: LiveServer, browser: Any, artifacts: Path
) -> None:
    with transaction(app_server.engine) as s:
        uk = actor_for(s, get_user(s, "uk.analyst"))
        store_run(s, uk, _run(), LABELS, "fictional test run")
    page = _signed_in(browser, app_server.url, "uk.analyst", "en-GB")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _count_is(page, "2 pairs to review.")
    first = page.locator("[data-review]").first  # the most uncertain first: 0.62
    text = first.inner_text()
    assert "Shwan BAKHNEZI (fictional)" in text and "Chwan BAKHNÉZI (fictif)" in text
    assert "match probability 0.62" in text
    rows = first.locator("[data-testid=lk-waterfall] tbody tr")
    assert rows.count() == 4  # prior, name, date, phone
    assert "same date" in rows.nth(2).inner_text() and "8.9 bits" in rows.nth(2).inner_text()
    assert "not known on one side" in rows.nth(3).inner_text()
    page.screenshot(path=str(artifacts / "linkage-1366x768-en.png"), full_page=True)

    first.locator("[data-testid=lk-accept]").click()  # no reason: the form refuses
    assert page.locator("[data-testid=lk-decided]").count() == 0
    first.locator("[data-testid=lk-reason]").fill("same phone in two procedures (test)")
    first.locator("[data-testid=lk-accept]").click()
    _count_is(page, "1 pair to review.")
    decided = page.inner_text("[data-testid=lk-decided]")
    assert "Accepted: Shwan BAKHNEZI (fictional) and Chwan BAKHNÉZI (fictif)" in decided
    assert _cluster(app_server, "fr-1") == _cluster(app_server, "uk-1")

    page.once("dialog", lambda d: d.accept("accepted in error (test)"))
    page.click("[data-testid=lk-undo]")
    page.wait_for_function(
        "() => document.getElementById('lk-done').textContent.includes('Undone')"
    )
    assert _cluster(app_server, "fr-1") != _cluster(app_server, "uk-1")
    with transaction(app_server.engine) as s:
        stmt = select(func.count()).where(
            AuditEventRow.action == "combination", AuditEventRow.actor == "uk.analyst"
        )
        assert s.scalar(stmt) == 3  # the run, the acceptance, the undo
    assert errors == []

    fr_page = _signed_in(browser, app_server.url, "uk.analyst", "fr-FR")
    _count_is(fr_page, "1 paire à examiner.")
    body = fr_page.inner_text("[data-testid=lk-items]")
    assert "Date de naissance" in body and "un élément en commun, prénoms différents" in body
    fr_page.screenshot(path=str(artifacts / "linkage-1366x768-fr.png"), full_page=True)

    other = _signed_in(browser, app_server.url, "fr.analyst", "fr-FR")
    _count_is(other, "Aucune paire à examiner.")
    assert "BAKHNEZI" not in (other.text_content("body") or "")
