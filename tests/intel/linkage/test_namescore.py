# SPDX-License-Identifier: EUPL-1.2
"""The name-pair scorer: romanisations, order and patronymics match; different names do not."""

from __future__ import annotations

import pytest

from straitwatch.intel.linkage.namescore import MATCH_THRESHOLD, score_names, score_pairs


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Shwan Bakhnezi", "SCHWAN BACHNESI"),
        ("Abd al-Rahman al-Hashimi", "ABDULRAHMAN HASCHIMI"),
        ("Muhammad Khalid Ahmad Zarbani", "Mouhammad Khalid Zarbani"),
        ("Yusuf Tabwand", "Tabwand Joesoef"),
        ("Nguyễn Văn An", "NGUYEN VAN AN"),
    ],
)
def test_one_person_across_agencies_matches(a: str, b: str) -> None:
    assert score_names(a, b) >= MATCH_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hasan Zarbani", "Husayn Zarbani"),  # brothers
        ("Karwan Tabwand", "Rebaz Tabwand"),
        ("Ali", "Ali Hassan Zarbani"),
        ("Fatima Nezkari", "Zaynab Qelmawi"),
    ],
)
def test_different_people_do_not_match(a: str, b: str) -> None:
    assert score_names(a, b) < MATCH_THRESHOLD


def test_scores_are_bounded_and_symmetric() -> None:
    names = ["Shwan Bakhnezi", "", "Ali Hassan", "Hassan Ali", "Ḫālid"]
    for a in names:
        for b in names:
            s = score_names(a, b)
            assert 0.0 <= s <= 1.0
            assert s == pytest.approx(score_names(b, a))
    assert list(score_pairs([("Ali Hassan", "Hassan Ali")])) == [(1.0, True)]
