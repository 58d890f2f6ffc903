# SPDX-License-Identifier: EUPL-1.2
"""OCR noise (``ocr_noise_cases.jsonl``): MRZ lines found in raw text, and corrections
proposed only when every check digit then passes — never applied to the verdict."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from straitwatch.documents import IssueCode, check_digit, check_mrz, mrz_lines_from_text
from tests.documents.conftest import cases

TODAY = date(2026, 6, 1)


def _text(case: dict[str, Any]) -> str:
    return case["ocr"] if isinstance(case["ocr"], str) else "\n".join(case["ocr"])


@pytest.mark.parametrize("case", cases("ocr_noise_cases.jsonl", key=""))
def test_noisy_ocr_gets_the_true_mrz_as_proposed_corrections(case: dict[str, Any]) -> None:
    found = mrz_lines_from_text(_text(case))
    result = check_mrz(found.lines, today=TODAY)
    if "non-ICAO" in case["note"]:
        # The old French ID card is a national 2x36 layout, out of scope: read as a TD2 its
        # check digits cannot all pass, so no correction may be proposed.
        assert not result.valid and result.corrections == ()
        return
    assert list(result.corrected_lines()) == case["expected_mrz"]
    if list(found.lines) != case["expected_mrz"]:
        assert not result.valid  # the reading itself is reported as it is
        assert check_mrz(result.corrected_lines(), today=TODAY).valid


def test_corrections_are_reported_by_line_position_and_field() -> None:
    lines = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UT07408122F1204159<<<<<<<6"]
    result = check_mrz(lines, today=TODAY)
    assert [(e.field, e.code) for e in result.errors] == [("nationality", IssueCode.UNKNOWN_CODE)]
    assert [c.to_dict() for c in result.corrections] == [
        {"line": 2, "position": 13, "found": "0", "proposed": "O", "field": "nationality"}
    ]


def test_a_tampered_field_gets_no_correction() -> None:
    # Expiry changed without recomputing its check digit: no misreading explains it.
    lines = [
        "IDSRB95555554612902968000000<<",
        "6802295F1907245SRB<<<<<<<<<<<6",
        "TEST<<<<<<<<<<<<<<<<<<<<<<<<<<",
    ]
    result = check_mrz(lines, today=TODAY)
    assert not result.valid
    assert result.corrections == ()
    assert IssueCode.AMBIGUOUS_REPAIR not in {w.code for w in result.warnings}


def test_two_equally_good_corrections_are_reported_as_ambiguous() -> None:
    # An MRV-A (no composite) whose document number '0AA0AAAAA' fails its check digit,
    # which is chosen so that reading either '0' (both weight 7) as 'O' makes it pass.
    number = "0AA0AAAAA"
    digit = str((int(check_digit(number)) + 8) % 10)  # 'O' is worth 24 more: 24 * 7 = 168
    assert check_digit("OAA0AAAAA") == check_digit("0AAOAAAAA") == digit
    lines = [
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        f"{number}{digit}UTO7408122F1204159<<<<<<<<<<<<<<<<",
    ]
    result = check_mrz(lines, today=TODAY)
    assert [(e.field, e.code) for e in result.errors] == [
        ("document_number", IssueCode.CHECK_DIGIT)
    ]
    assert result.corrections == ()
    assert [w.code for w in result.warnings if w.field == "mrz"] == [IssueCode.AMBIGUOUS_REPAIR]
