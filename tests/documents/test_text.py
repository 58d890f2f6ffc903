# SPDX-License-Identifier: EUPL-1.2
"""Finding the MRZ lines in raw OCR text, and saying what was changed."""

from __future__ import annotations

from straitwatch.documents import mrz_lines_from_text

TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


def test_clean_lines_come_back_unchanged_without_notes() -> None:
    found = mrz_lines_from_text("\n".join(TD3))
    assert found.lines == tuple(TD3) and found.notes == ()


def test_junk_lines_around_the_mrz_are_ignored() -> None:
    text = "REPUBLIC OF UTOPIA  PASSPORT\n12 AUG 74\n" + "\n".join(TD3) + "\nsignature\n"
    assert mrz_lines_from_text(text).lines == tuple(TD3)


def test_a_short_line_is_padded_and_the_padding_is_noted() -> None:
    found = mrz_lines_from_text(TD3[0][:-2] + "\n" + TD3[1])
    assert found.lines == tuple(TD3)
    assert found.notes == ("line 1: padded with 2 '<'",)


def test_text_without_an_mrz_gives_no_lines() -> None:
    assert mrz_lines_from_text("").lines == ()
    assert mrz_lines_from_text("NOT AN MRZ\nAT ALL").lines == ()
