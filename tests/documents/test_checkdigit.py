# SPDX-License-Identifier: EUPL-1.2
"""The 7-3-1 check digit on the vectors of ``check_digit_cases.jsonl``."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from straitwatch.documents import check_digit
from straitwatch.errors import InvalidInput
from tests.documents.conftest import cases

MRZ_TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", min_size=1, max_size=60)


@pytest.mark.parametrize("case", cases("check_digit_cases.jsonl", key="input"))
def test_check_digit_vectors(case: dict[str, Any]) -> None:
    text = case["input"]
    if case.get("invalid_input"):
        with pytest.raises(InvalidInput, match="cannot compute a check digit"):
            check_digit(text)
    elif "check_digit_is_not" in case:
        assert check_digit(text) != case["check_digit_is_not"]
    elif "equals_check_digit_of" in case:
        assert check_digit(text) == check_digit(case["equals_check_digit_of"])
    else:
        assert check_digit(text) == case["check_digit"]


@given(MRZ_TEXT, st.data())
def test_any_single_digit_substitution_is_detected(text: str, data: st.DataObject) -> None:
    # Weights 7, 3 and 1 are prime to 10, so changing one digit always changes the sum.
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if not digits:
        return
    i = data.draw(st.sampled_from(digits))
    other = data.draw(st.sampled_from([d for d in "0123456789" if d != text[i]]))
    assert check_digit(text[:i] + other + text[i + 1 :]) != check_digit(text)
