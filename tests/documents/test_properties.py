# SPDX-License-Identifier: EUPL-1.2
"""Property tests: whatever text arrives (typed, pasted, OCR), checking never raises,
the result is JSON-able, and proposed corrections always satisfy every check digit."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from straitwatch.documents import check_mrz, mrz_lines_from_text

TODAY = date(2026, 6, 1)
MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
CONFUSED = "0O1I2Z5S6G8BK<<<<"  # heavy in the characters the repair works on


def _shaped(alphabet: str) -> st.SearchStrategy[list[str]]:
    """Lines of exactly an ICAO shape, so every rule runs."""
    shape = st.sampled_from([(3, 30), (2, 36), (2, 44)])
    return shape.flatmap(
        lambda s: st.lists(
            st.text(alphabet=alphabet, min_size=s[1], max_size=s[1]), min_size=s[0], max_size=s[0]
        )
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=50), max_size=4))
def test_any_text_lines_never_raise(lines: list[str]) -> None:
    result = check_mrz(lines, today=TODAY)
    json.dumps(result.to_dict())
    assert result.valid is (result.format is not None and not result.errors)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(_shaped(MRZ_ALPHABET), _shaped(CONFUSED + "ABC123"), _shaped(MRZ_ALPHABET + "a?é "))
)
def test_shaped_lines_never_raise_and_corrections_pass_every_check_digit(lines: list[str]) -> None:
    result = check_mrz(lines, today=TODAY)
    json.dumps(result.to_dict())
    assert result.format is not None
    if result.corrections:
        corrected = check_mrz(result.corrected_lines(), today=TODAY)
        assert all(report.ok for report in corrected.check_digits)
        assert all(fix.found != fix.proposed for fix in result.corrections)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_finding_lines_in_any_text_never_raises(text: str) -> None:
    found = mrz_lines_from_text(text)
    assert len(found.lines) in (0, 2, 3)
    check_mrz(found.lines, today=TODAY)
