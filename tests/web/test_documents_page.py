# SPDX-License-Identifier: EUPL-1.2
"""The officer's document check in a real browser: sign in, paste the ICAO specimen MRZ and
see VALID with its fields, paste a corrupted one and see the error on the field, take a
proposed OCR correction, upload a specimen photo and see the lines read; an analyst sees
the API's refusal. Screenshots at 1366x768 go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from straitwatch.store.access import AuditEventRow

from .conftest import PASSWORD, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "/static/documents.html"
# The ICAO Doc 9303 specimen passport (Utopia, a state that does not exist).
SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)
UTO_TD2 = "documents/images/passporteye/100_pass2-uto.jpg"  # the ICAO TD2 specimen card


def open_signed_in(page: Any, url: str, username: str) -> None:
    page.goto(url + PAGE)
    page.wait_for_url("**/login**")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(url + PAGE)
    page.wait_for_selector("body[data-ready='1']")


def check_text(page: Any, text: str, verdict: str) -> Any:
    page.fill("#mrz-text", text)
    page.click("#check-text")
    page.wait_for_selector(f"[data-testid=verdict][data-verdict={verdict}]")
    return page.locator("[data-testid=doc-result]")


def field(page: Any, name: str) -> str:
    text: str = page.inner_text(f"[data-testid=fields] tr[data-field={name}]")
    return text


def test_officer_checks_pasted_lines_and_a_photo(
    app_server: LiveServer, browser: Any, artifacts: Path, real_data: Path
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_signed_in(page, app_server.url, "uk.watch")
    assert "HMCG" in page.inner_text("[data-testid=user]")
    assert page.get_attribute("#sw-header nav a[aria-current=page]", "href") == PAGE

    # The specimen (expired 2012): the MRZ is well formed, but the document is not valid
    # today: two answers, never a green VALID for an expired passport.
    result = check_text(page, SPECIMEN, "expired")
    verdict = page.inner_text("[data-testid=verdict]")
    assert "WELL FORMED" in verdict and "EXPIRED" in verdict and "not valid today" in verdict
    assert "passport" in verdict
    assert "L898902C3" in field(page, "document_number")
    assert "ERIKSSON" in field(page, "surname")
    assert "ANNA MARIA" in field(page, "given_names")
    assert "UTO" in field(page, "issuing_state") and "UTO" in field(page, "nationality")
    assert "12 August 1974" in field(page, "birth_date")
    assert "15 April 2012" in field(page, "expiry_date")
    assert "ZE184226B" in field(page, "optional_data")
    warning = page.locator("[data-testid=warnings] li[data-field=expiry_date]")
    assert "Expiry date" in warning.inner_text() and "expired" in warning.inner_text()
    assert page.locator("[data-testid=errors]").count() == 0
    # Fits a 1366x768 screen: no sideways scrolling, the verdict above the fold.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366
    assert page.locator("[data-testid=verdict]").bounding_box()["y"] < 768
    page.screenshot(path=str(artifacts / "documents-1366x768-valid.png"), full_page=True)

    # A wrong check digit in the document number: INVALID, the error names the field.
    check_text(page, SPECIMEN.replace("L898902C36", "L898902C35"), "invalid")
    assert "INVALID" in page.inner_text("[data-testid=verdict]")
    error = page.locator("[data-testid=errors] li[data-field=document_number]")
    assert "Document number" in error.inner_text() and "check digit" in error.inner_text()
    assert "should be 6" in field(page, "document_number")
    page.screenshot(path=str(artifacts / "documents-1366x768-invalid.png"), full_page=True)

    # Typed lines get no "OCR correction": a typed character is no OCR confusion, and
    # changing it until the check digits agree would make an invented number pass.
    check_text(page, SPECIMEN.replace("L898902C36", "L8989O2C36"), "invalid")
    assert page.locator("[data-testid=corrections]").count() == 0
    assert page.locator("[data-testid=errors] li[data-field=document_number]").count() == 1
    assert page.input_value("#mrz-text").splitlines()[1].startswith("L8989O2C36")

    # A photo of the ICAO TD2 specimen card: the lines read, the image not kept.
    page.set_input_files("#image-file", str(real_data / UTO_TD2))
    page.wait_for_selector("[data-testid=lines-read]", timeout=60_000)
    read = page.inner_text("[data-testid=lines-read]")
    assert read.splitlines()[0] == "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<"
    result = page.locator("[data-testid=image-read]")
    assert "100_pass2-uto.jpg" in result.inner_text() and "not kept" in result.inner_text()
    assert "ERIKSSON" in field(page, "surname")
    # The flags named from the catalogue, the reader's doubt said, the list's answer.
    flags = page.inner_text("[data-testid=flags]")
    assert "Number of a published specimen" in flags and "Not an issuing state" in flags
    doubt = page.locator("[data-testid=uncertain] li[data-line='2'][data-position='13']")
    assert "“O” is its OCR-B look-alike" in doubt.inner_text()
    assert "list held here" in page.inner_text("[data-testid=list-answer]")
    page.screenshot(path=str(artifacts / "documents-1366x768-image.png"), full_page=True)
    assert errors == []

    with app_server.engine.connect() as conn:
        rows = conn.execute(
            select(AuditEventRow.actor, AuditEventRow.resource_kind, AuditEventRow.detail).where(
                AuditEventRow.action == "consultation"
            )
        ).all()
    checks = [detail["source"] for who, kind, detail in rows if kind == "travel_document"]
    assert checks == ["text", "text", "text", "image"]
    assert {who for who, kind, _ in rows if kind == "travel_document"} == {"uk.watch"}


def test_analyst_is_shown_the_refusal_not_a_broken_page(
    app_server: LiveServer, browser: Any, artifacts: Path
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_signed_in(page, app_server.url, "uk.analyst")
    page.fill("#mrz-text", SPECIMEN)
    page.click("#check-text")
    refusal = page.locator("[data-testid=check-error]")
    refusal.wait_for()
    assert "Not allowed" in refusal.inner_text()
    assert "does not allow you to check travel documents" in refusal.inner_text()
    assert "may not" not in refusal.inner_text()
    assert page.is_enabled("#check-text")  # the page still works
    page.screenshot(path=str(artifacts / "documents-1366x768-refused.png"))
    assert errors == []
