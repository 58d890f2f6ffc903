# SPDX-License-Identifier: EUPL-1.2
"""The printed data page against the MRZ: a substituted page or altered MRZ is flagged."""

from __future__ import annotations

from datetime import date

from straitwatch.documents import check_mrz
from straitwatch.documents.ocr import load_page
from straitwatch.documents.rapid import RapidEngine
from straitwatch.documents.viz import compare_viz, read_page_text
from tests.documents.conftest import IMAGES

TODAY = date(2026, 6, 1)
SPECIMEN = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]
PAGE = [
    "Passport/ Passeport",
    "UTOPIA",
    "Type/ Type P  Country code/ Code du pays UTO",
    "L898902C3",
    "ERIKSSON",
    "ANNA MARIA",
    "UTOPIAN",
    "12 AUGUST/AOUT 74",
    "16 APR/AVR 07",
    "15 APR/AVR 12",
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",  # the MRZ itself proves nothing
]


def test_a_page_that_agrees_with_the_mrz_confirms_every_field() -> None:
    comparison = compare_viz(check_mrz(SPECIMEN, today=TODAY), PAGE)
    assert set(comparison.fields.values()) == {"confirmed"} and comparison.flags == ()


def test_a_substituted_page_is_flagged_field_by_field() -> None:
    page = [line.replace("ERIKSSON", "HOLMES").replace("12 AUGUST", "21 AUGUST") for line in PAGE]
    comparison = compare_viz(check_mrz(SPECIMEN, today=TODAY), page)
    assert comparison.fields["surname"] == comparison.fields["birth_date"] == "not found"
    assert {f.field for f in comparison.flags} == {"surname", "birth_date"}
    assert all("not found printed on the data page" in f.reason for f in comparison.flags)


def test_a_page_read_too_poorly_raises_no_flag() -> None:
    comparison = compare_viz(check_mrz(SPECIMEN, today=TODAY), ["UTOPIA", "L898902C3"])
    assert "not found" in comparison.fields.values() and comparison.flags == ()


def test_the_printed_page_of_the_icao_specimen_photo_agrees() -> None:
    page = load_page(IMAGES / "tests_passport-td3.jpg")
    lines = read_page_text(page, engine=RapidEngine.locate())
    comparison = compare_viz(check_mrz(SPECIMEN, today=TODAY), lines)
    assert set(comparison.fields.values()) == {"confirmed"}, comparison.fields
    altered = SPECIMEN[:]
    altered[1] = altered[1].replace("7408122", "7508124")  # MRZ birth date changed, digits fixed
    assert check_mrz(altered, today=TODAY).fields["birth_date"] == "750812"
    flagged = compare_viz(check_mrz(altered, today=TODAY), lines).flags
    assert [f.field for f in flagged] == ["birth_date"]
