# SPDX-License-Identifier: EUPL-1.2
"""Every labelled MRZ of ``mrz_cases.jsonl``: verdict, format, fields, each error and
warning (by field and kind), and every check digit, as the data's labels say."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from straitwatch.documents import IssueCode, MrzFormat, check_mrz
from tests.documents.conftest import cases

TODAY = date(2026, 6, 1)

# The labels' reasons, in the data's words, mapped to (field, our issue code).
_REASONS: list[tuple[re.Pattern[str], str | None, IssueCode]] = [
    (re.compile(r"^line (\d) has characters outside"), None, IssueCode.CHARSET),
    (re.compile(r"^(\w+) check digit '.*' != computed"), None, IssueCode.CHECK_DIGIT),
    (re.compile(r"^(issuing_state|nationality) '.*' not an ICAO"), None, IssueCode.UNKNOWN_CODE),
    (re.compile(r"^(birth_date|expiry_date) '.*' is not a valid"), None, IssueCode.DATE),
    (re.compile(r"^name field contains digits"), "name", IssueCode.NAME_CHARSET),
    (re.compile(r"^unsupported line count/length"), "mrz", IssueCode.FORMAT),
    (
        re.compile(r"^document number check digit position holds '<'"),
        "document_number",
        IssueCode.LONG_DOCUMENT_NUMBER,
    ),
    (re.compile(r"^document code '"), "document_code", IssueCode.DOCUMENT_CODE),
    (re.compile(r"^empty primary identifier"), "name", IssueCode.EMPTY_PRIMARY_IDENTIFIER),
    (re.compile(r"possibly truncated$"), "name", IssueCode.POSSIBLY_TRUNCATED),
    (re.compile(r"^no secondary identifier"), "name", IssueCode.NO_SECONDARY_IDENTIFIER),
    (
        re.compile(r"^long document number check digit only matches"),
        "document_number",
        IssueCode.CHECK_DIGIT_WITH_FILLER,
    ),
]


def _labelled(reason: str) -> tuple[str, IssueCode]:
    for pattern, field, code in _REASONS:
        if match := pattern.search(reason):
            if field is None:
                group = match.group(1)
                field = f"line{group}" if code is IssueCode.CHARSET else group
            return field, code
    raise AssertionError(f"label reason not understood by the test: {reason!r}")


@pytest.mark.parametrize("case", cases("mrz_cases.jsonl"))
def test_verdict_format_and_fields_as_labelled(case: dict[str, Any]) -> None:
    result = check_mrz(case["mrz"], today=TODAY)
    assert result.valid is case["valid"]
    if "bad_length" in case["tags"]:
        assert result.format is None  # no ICAO shape: nothing is read from it
    else:
        assert result.format == MrzFormat(case["format"])
    for name, value in case["expected"].items():
        assert result.fields[name] == value, name


@pytest.mark.parametrize("case", cases("mrz_cases.jsonl"))
def test_each_error_and_warning_names_the_labelled_field(case: dict[str, Any]) -> None:
    result = check_mrz(case["mrz"], today=TODAY)
    ours = sorted((issue.field, issue.code) for issue in result.errors)
    assert ours == sorted(_labelled(reason) for reason in case["invalid_reasons"])
    # Expiry depends on the day of the check and is not labelled; it is tested below.
    warnings = sorted(
        (w.field, w.code)
        for w in result.warnings
        if w.code not in (IssueCode.EXPIRED, IssueCode.AMBIGUOUS_REPAIR)
    )
    assert warnings == sorted(_labelled(reason) for reason in case["warnings"])
    assert all(issue.message for issue in (*result.errors, *result.warnings))


@pytest.mark.parametrize("case", cases("mrz_cases.jsonl"))
def test_check_digits_as_labelled(case: dict[str, Any]) -> None:
    reports = {r.field: r for r in check_mrz(case["mrz"], today=TODAY).check_digits}
    for name, label in case["check_digits"].items():
        report = reports[name]
        assert (report.found, report.ok) == (label["value"], label["ok"]), name
        expected = label["expected"]
        if isinstance(expected, list):  # [without filler (ICAO), with filler]
            expected = expected[1] if label.get("variant") == "with_filler" else expected[0]
            assert report.variant == label["variant"]
        assert report.computed == expected, name


@pytest.mark.parametrize("case", cases("mrz_cases.jsonl"))
def test_proposed_corrections_never_change_the_verdict_and_pass_every_check_digit(
    case: dict[str, Any],
) -> None:
    result = check_mrz(case["mrz"], today=TODAY)
    assert result.lines == tuple(case["mrz"])  # what was read stays what is reported
    if result.corrections:
        assert not result.valid
        corrected = check_mrz(result.corrected_lines(), today=TODAY)
        assert all(report.ok for report in corrected.check_digits)


def test_expired_document_is_a_warning_not_an_error() -> None:
    lines = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ]
    before = check_mrz(lines, today=date(2012, 4, 14))
    after = check_mrz(lines, today=date(2012, 4, 16))
    assert before.valid and after.valid
    assert [w.code for w in before.warnings] == []
    assert [(w.field, w.code) for w in after.warnings] == [("expiry_date", IssueCode.EXPIRED)]
    assert after.dates == {"birth_date": "1974-08-12", "expiry_date": "2012-04-15"}


def test_expiry_before_birth_is_an_error() -> None:
    # The ICAO TD1 specimen with expiry 1970-01-01 (check digits recomputed to match).
    lines = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F7001017UTO<<<<<<<<<<<4",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]
    result = check_mrz(lines, today=TODAY)
    assert [(e.field, e.code) for e in result.errors] == [("expiry_date", IssueCode.DATE_ORDER)]


def test_unknown_code_seen_in_the_wild_says_what_it_is() -> None:
    lines = ["VBD<<DEDIC<<SIDNAN<<<<<<<<<<<<<<<<<<", "D091740530BOS8201135M9708011<2020711"]
    (error,) = check_mrz(lines, today=TODAY).errors
    assert error.field == "nationality"
    assert "BIH" in error.message  # the correct code, from the shipped ICAO table


def test_result_to_dict_has_the_shape_the_api_returns() -> None:
    lines = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]
    out = check_mrz(lines, today=TODAY).to_dict()
    assert {"valid", "format", "fields", "errors", "warnings", "corrections"} <= set(out)
    assert out["format"] == "TD2" and out["valid"] is True
    assert out["fields"]["given_names"] == "ANNA MARIA"
