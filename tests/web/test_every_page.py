# SPDX-License-Identifier: EUPL-1.2
"""Every page of the site, in English and in French, in real Chromium: once each page has
drawn its first view (body[data-page-ready]),

- axe-core (npm ``axe-core``, injected by Playwright) finds nothing serious or critical
  (WCAG 2.0/2.1/2.2 A and AA rules); the pages' CSP forbids an injected script, so the
  test's browser context bypasses it (the pages are unchanged);
- no message key is missing from the page's catalogue (no "no message" warning);
- in French (a French browser), no English catalogue text is shown (whole, or a literal
  stretch of a message with arguments), and no visible text reads as English (its common
  words) unless marked as quoted English (``lang="en"``) or as data (``translate="no"``).

One server and one browser for the module; each page is visited once per language."""

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
    ("dpo", "/static/flows.html"),  # the refusal
]
RUN_AXE = """async () => {
  const r = await axe.run(document, { runOnly: { type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
  return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => [v.id, v.impact, v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")]);
}"""


ENGLISH_ON_PAGE = """() => {
  const en = window.__swEn, fr = window.__swFr;
  const differs = Object.keys(en).filter((k) => en[k] !== fr[k]);
  const whole = new Set(differs.filter((k) => !en[k].includes("{")).map((k) => en[k].trim()));
  // Literal stretches of three words or more between the arguments of the other messages.
  const stretches = new Set();
  for (const k of differs.filter((k) => en[k].includes("{"))) {
    let depth = 0, text = "";
    for (const ch of en[k]) {
      if (ch === "{") { depth++; text += "\\u0000"; } else if (ch === "}") depth--; else if (!depth) text += ch;
    }
    for (const part of text.split("\\u0000").map((p) => p.trim()))
      if (part.split(/\\s+/).length >= 3 && part !== fr[k]) stretches.add(part);
  }
  const englishWords = /\\b(the|and|with|this|from|your|which|there|been|would|could)\\b/i;
  const out = [];
  const visible = (el) => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const exempt = (el) => el.closest('[lang="en"], [translate="no"], script, style, code');
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const el = walk.currentNode.parentElement;
    const text = walk.currentNode.textContent.replace(/\\s+/g, " ").trim();
    if (!text || !visible(el) || exempt(el)) continue;
    if (whole.has(text)) out.push(["message", text]);
    else if (englishWords.test(text)) out.push(["english", text]);
    else for (const s of stretches) if (text.includes(s)) { out.push(["stretch", text]); break; }
  }
  for (const el of document.querySelectorAll("[placeholder],[aria-label],[title],[alt]")) {
    if (exempt(el)) continue;
    for (const a of ["placeholder", "aria-label", "title", "alt"]) {
      const v = (el.getAttribute(a) || "").trim();
      if (v && (whole.has(v) || englishWords.test(v))) out.push([a, v]);
    }
  }
  if (document.title && englishWords.test(document.title)) out.push(["title", document.title]);
  return out;
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


def english_on(page: Any) -> list[list[str]]:
    page.evaluate(
        """async () => { [window.__swEn, window.__swFr] = await Promise.all(["en", "fr"].map(
             (l) => fetch(`/static/i18n/${l}.json`).then((r) => r.json()))); }"""
    )
    found: list[list[str]] = page.evaluate(ENGLISH_ON_PAGE)
    return found


@pytest.mark.parametrize("lang", ["en-GB", "fr-FR"])
@pytest.mark.parametrize("user", sorted({u for u, _ in PAGES}))
def test_every_page_accessible_and_in_its_language(
    site: str, chromium: Any, user: str, lang: str
) -> None:
    context = chromium.new_context(
        viewport={"width": 1366, "height": 900}, locale=lang, bypass_csp=True
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"error: {e}"))
    page.on(
        "console",
        lambda m: problems.append(f"console: {m.text}") if "no message" in m.text else None,
    )
    french = lang.startswith("fr")

    def check(path: str) -> dict[str, Any]:
        assert page.evaluate("() => document.documentElement.lang") == lang[:2], path
        return {"axe": findings(page), "english": english_on(page) if french else []}

    try:
        page.goto(site + "/login")
        page.wait_for_selector("html[data-i18n-ready='1']")
        report = {"/login": check("/login")}
        page.fill("#username", user)
        page.fill("#password", PASSWORD)
        page.click("#sign-in")
        page.wait_for_selector("body[data-page-ready='1']", timeout=60_000)
        for who, path in PAGES:
            if who == user:
                page.goto(site + path)
                page.wait_for_selector("body[data-page-ready='1']", timeout=60_000)
                report[path] = check(path)
        assert {p: r for p, r in report.items() if r["axe"] or r["english"]} == {}
        assert problems == []
    finally:
        context.close()
