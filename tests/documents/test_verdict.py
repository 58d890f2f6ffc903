# SPDX-License-Identifier: EUPL-1.2
"""Well formed / in date / flags raised, kept apart; fraud indicators; the list held here."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

import straitwatch.web
from straitwatch.documents import (
    FlagCode,
    ListStatus,
    add_listed,
    check_list,
    check_mrz,
    document_verdict,
)
from straitwatch.documents.checkdigit import check_digit
from straitwatch.documents.indicators import document_flags
from straitwatch.errors import Conflict
from straitwatch.store.db import transaction
from straitwatch.store.documents import ListedDocumentRow

TODAY = date(2026, 6, 1)
SPECIMEN_TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


def td3(
    state: str = "GBR",
    number: str = "123456789",
    nationality: str = "GBR",
    born: str = "850117",
    expires: str = "310131",
    surname: str = "HOLMES",
) -> list[str]:
    """A well-formed fictional TD3 (every check digit computed)."""
    line1 = f"P<{state:<<3}{surname}<<JANE".ljust(44, "<")
    body = f"{number:<<9}{check_digit(number)}{nationality:<<3}{born}{check_digit(born)}F"
    body += f"{expires}{check_digit(expires)}" + "<" * 14 + "<"
    composite = body[0:10] + body[13:20] + body[21:43]
    return [line1, body + check_digit(composite)]


def codes(lines: list[str], today: date = TODAY) -> list[str]:
    result = check_mrz(lines, today=today)
    assert result.valid, result.errors
    return [str(f.code) for f in document_flags(result, today=today)]


def test_an_ordinary_document_raises_no_flag() -> None:
    assert codes(td3()) == []


def test_the_icao_specimen_is_flagged_and_expired_is_not_clear() -> None:
    result = check_mrz(SPECIMEN_TD3, today=TODAY)
    verdict = document_verdict(result, today=TODAY)
    assert verdict.well_formed and verdict.in_date is False and not verdict.clear
    assert {f.code for f in verdict.flags} == {
        FlagCode.SPECIMEN_NUMBER,
        FlagCode.NOT_AN_ISSUING_STATE,
    }
    assert verdict.to_dict()["list_message"].endswith("not consulted")


def test_a_well_formed_expired_document_is_never_clear() -> None:
    verdict = document_verdict(check_mrz(td3(expires="250101"), today=TODAY), today=TODAY)
    assert (verdict.well_formed, verdict.in_date, verdict.flags, verdict.clear) == (
        True,
        False,
        (),
        False,
    )


def test_a_proposed_correction_never_makes_a_typed_error_well_formed() -> None:
    typed = td3()
    typed[1] = typed[1][:15] + "O" + typed[1][16:]  # birth date 850117 typed as 85O117
    result = check_mrz(typed, today=TODAY)
    assert result.corrections  # the OCR-style fix is proposed...
    verdict = document_verdict(result, today=TODAY)
    assert not verdict.well_formed and not verdict.clear  # ...and never applied


def test_specimen_names_and_number_formats_per_state() -> None:
    assert codes(td3(surname="MUSTERMANN")) == ["specimen_name"]
    assert codes(td3(number="AB1234567")) == ["number_format"]  # GBR: 9 digits
    assert codes(td3(state="D", nationality="D", number="C01X00T47")) == ["specimen_number"]
    assert codes(td3(state="D", nationality="D", number="A12345678")) == ["number_format"]


def test_validity_nationality_and_age_plausibility() -> None:
    assert codes(td3(expires="400101")) == ["validity_too_long"]  # 13.6 years ahead
    assert codes(td3(born="150101", expires="340101")) == ["validity_too_long"]  # child, 7.6 y
    assert codes(td3(nationality="FRA")) == ["nationality_not_issuer"]
    assert codes(td3(nationality="GBD")) == []  # a British overseas territories citizen
    assert codes(td3(nationality="XXA")) == []  # stateless: travel documents exist
    assert codes(td3(born="000101"), today=date(2026, 6, 1)) == []
    old = check_mrz(td3(born="100101"), today=TODAY)  # read as 2010: a child, not 116
    assert old.dates["birth_date"] == "2010-01-01"


@pytest.mark.parametrize("status", list(ListStatus))
def test_the_list_is_consulted_hashed_and_never_says_genuine(
    any_engine: Engine, status: ListStatus
) -> None:
    lines = td3()
    result = check_mrz(lines, today=TODAY)
    with transaction(any_engine) as session:
        empty = check_list(session, result)
        assert empty is not None and "empty" in empty.message
        add_listed(session, "GBR", "987654321", ListStatus.LOST, source="test entry")
    with transaction(any_engine) as session:
        absent = check_list(session, result)
        assert absent is not None and not absent.listed
        assert absent.message.startswith("not on the list held here, as of 20")
        add_listed(session, "GBR<", "123456789", status, source="Interpol SLTD (fictional)")
        stored = session.scalars(select(ListedDocumentRow.number_sha256)).all()
        assert all("123456789" not in value for value in stored)  # hashed, not readable
    with transaction(any_engine) as session:
        listed = check_list(session, result)
        verdict = document_verdict(result, today=TODAY, list_check=listed)
    assert verdict.flags[0].code is FlagCode.LISTED and not verdict.clear
    assert str(status) in verdict.flags[0].reason
    assert "genuine" not in str(verdict.to_dict())


def test_the_same_document_cannot_be_listed_twice(any_engine: Engine) -> None:
    with transaction(any_engine) as session:
        add_listed(session, "UTO", "L898902C3", ListStatus.STOLEN, source="test")
    with pytest.raises(Conflict), transaction(any_engine) as session:
        add_listed(session, "UTO", "L898902C3", ListStatus.REVOKED, source="test")


def test_an_issuing_state_outside_the_dates_it_issued_documents_is_flagged() -> None:
    # The Netherlands Antilles ceased on 10 October 2010: a passport of theirs expiring in
    # 2026 was issued after that (no validity is 15 years); one expiring in 2019 may not be.
    antilles = td3(state="ANT", nationality="ANT", number="NA1234567", expires="260701")
    assert codes(antilles, today=date(2026, 6, 1)) == ["issuing_state_date"]
    assert codes(td3(state="ANT", nationality="ANT", number="NA1234567", expires="190101")) == []
    # South Sudan issued nothing before 9 July 2011.
    sudan = td3(state="SSD", nationality="SSD", number="R00123456", expires="110101")
    assert codes(sudan) == ["issuing_state_date"]
    assert codes(td3(state="SSD", nationality="SSD", number="R00123456")) == []


def test_the_printed_date_of_issue_is_weighed_against_expiry_birth_and_today() -> None:
    result = check_mrz(td3(expires="310131", born="850117"), today=TODAY)

    def issue_flags(issued: date) -> list[str]:
        flags = document_flags(result, today=TODAY, issued=issued)
        return [f.reason for f in flags if f.code is FlagCode.ISSUE_DATE]

    assert issue_flags(date(2021, 2, 1)) == []  # ten years: a GBR passport's validity
    (too_long,) = issue_flags(date(2019, 1, 1))
    assert "at most 10 years" in too_long
    assert issue_flags(date(2026, 7, 1)) == ["issued 2026-07-01, after today"]
    born_later, _ = issue_flags(date(1980, 1, 1))  # ...and 51 years of validity
    assert born_later == "issued 1980-01-01, before the holder was born"
    assert issue_flags(date(2031, 2, 1)) == [
        "issued 2031-02-01, after today",
        "expires 2031-01-31, not after its issue",
    ]
    verdict = document_verdict(result, today=TODAY, issued=date(2019, 1, 1))
    assert verdict.well_formed and verdict.in_date and not verdict.clear


def test_a_holder_born_after_the_document_expires_is_flagged() -> None:
    result = check_mrz(td3(born="250101", expires="240101"), today=TODAY)
    flags = document_flags(result, today=TODAY)
    assert [(f.code, f.field) for f in flags] == [(FlagCode.HOLDER_AGE, "birth_date")]
    assert "after the document expires" in flags[0].reason


def test_every_flag_and_list_answer_is_worded_in_both_languages() -> None:
    static = Path(straitwatch.web.__file__).parent / "static" / "i18n"
    for language in ("en", "fr"):
        messages = json.loads((static / f"{language}.json").read_text(encoding="utf-8"))
        missing = [f"doc.flag.{code}" for code in FlagCode if f"doc.flag.{code}" not in messages]
        missing += [
            f"doc.list.status.{status}"
            for status in ListStatus
            if f"doc.list.status.{status}" not in messages
        ]
        assert missing == [], language
        assert "{date}" in messages["doc.list.absent"]
