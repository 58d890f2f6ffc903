# SPDX-License-Identifier: EUPL-1.2
"""Name fields on the ICAO examples of ``mrz_name_cases.jsonl``: identifiers, truncation,
and comparison with the name printed in the visual zone."""

from __future__ import annotations

from typing import Any

import pytest

from straitwatch.documents import VizMatch, compare_with_viz, read_name
from tests.documents.conftest import cases


def _name_field(case: dict[str, Any]) -> str:
    # TD1 cases give the name line itself; the others give line 1 (code, state, name).
    return case["mrz_line"] if case["format"] == "TD1" else case["mrz_line"][5:]


@pytest.mark.parametrize("case", cases("mrz_name_cases.jsonl", key="mrz_line"))
def test_identifiers_split_on_double_filler(case: dict[str, Any]) -> None:
    name = read_name(_name_field(case))
    assert (name.primary, name.secondary) == (case["mrz_primary"], case["mrz_secondary"])
    assert name.possibly_truncated is case["last_char_alpha"]


@pytest.mark.parametrize("case", cases("mrz_name_cases.jsonl", key="mrz_line"))
def test_comparison_with_the_printed_name_detects_truncation(case: dict[str, Any]) -> None:
    name = read_name(_name_field(case))
    expected = VizMatch.TRUNCATED if case["truncated"] else VizMatch.EXACT
    assert compare_with_viz(name, case["viz_name"]) is expected


def test_a_different_printed_name_is_a_mismatch() -> None:
    name = read_name("ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
    assert compare_with_viz(name, "ERIKSEN, ANNA MARIA") is VizMatch.MISMATCH
    # A field that is not full cannot have been truncated: a missing name is a mismatch.
    assert compare_with_viz(name, "ERIKSSON, ANNA MARIA LOUISE") is VizMatch.MISMATCH
