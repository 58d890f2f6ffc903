# SPDX-License-Identifier: EUPL-1.2
"""In a real browser: the pages work under the Content-Security-Policy (no violation
reported), and the sign-in page's ``next`` never leaves the site (issue #13, item 14)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import PASSWORD, LiveServer

pytestmark = [pytest.mark.browser]


def _sign_in(page: Any, url: str, nxt: str) -> None:
    page.goto(f"{url}/login?next={nxt}")
    page.fill("#username", "uk.analyst")
    page.fill("#password", PASSWORD)
    page.click("#sign-in")


@pytest.mark.parametrize(
    "nxt",
    ["https://evil.example/", "//evil.example/x", "/%5Cevil.example/", "javascript:alert(1)"],
)
def test_next_cannot_leave_the_site(app_server: LiveServer, browser: Any, nxt: str) -> None:
    page = browser.new_page()
    _sign_in(page, app_server.url, nxt)
    page.wait_for_url(f"{app_server.url}/**", timeout=30_000)
    page.wait_for_function("() => location.pathname !== '/login'", timeout=30_000)
    assert page.evaluate("location.origin") == app_server.url


def test_next_within_the_site_is_followed(app_server: LiveServer, browser: Any) -> None:
    page = browser.new_page()
    _sign_in(page, app_server.url, "/static/intel.html")
    page.wait_for_url(f"{app_server.url}/static/intel.html", timeout=30_000)


def test_pages_work_under_the_policy(app_server: LiveServer, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: violations.append(str(e)))
    _sign_in(page, app_server.url, "/")
    page.wait_for_selector("body[data-map-ready='1']", timeout=60_000)
    for path, ready in (
        ("/static/intel.html", "[data-testid=report-list], main p"),
        ("/static/documents.html", "form"),
        ("/static/flows.html", "#headline"),
        ("/static/network.html", "#net-tools"),
        ("/static/linkage.html", "[data-testid=lk-count]"),
    ):
        page.goto(app_server.url + path)
        page.wait_for_selector(ready, state="attached", timeout=30_000)
        page.wait_for_load_state("networkidle", timeout=30_000)
    assert violations == []
