# SPDX-License-Identifier: EUPL-1.2
"""Name keys across the four romanisation conventions; parsing of the other fields."""

from __future__ import annotations

import pytest

from straitwatch.errors import InvalidInput
from straitwatch.intel.linkage.fields import parse_dob, parse_nationality, parse_phone, parse_sex
from straitwatch.intel.linkage.names import name_tokens


@pytest.mark.parametrize(
    "variants",
    [
        ["Shwan", "Chwan", "Schwan", "Sjwan", "Šwān", "SHWAN"],
        ["Khalid", "Chalid", "Ḫālid"],
        ["Jamal", "Djamal", "Dschamal", "Dzjamal"],
        ["Yusuf", "Youssouf", "Jusuf", "Joesoef"],
        ["Hussein", "Husayn", "Houssein", "Hoesajn"],
        ["Abd al-Rahman", "Abdulrahman", "Abdel Rahman", "ABDOEL-RAHMAN"],
        ["al-Rashidi", "Al Rashidi", "Alrashidi", "Rashidi", "ar-Rashidi", "El Rachidi"],
        ["Nguyễn Văn An", "Nguyen Van An"],
    ],
)
def test_romanisations_of_one_name_share_their_keys(variants: list[str]) -> None:
    keys = {tuple(name_tokens(v)) for v in variants}
    assert len(keys) == 1, keys


def test_different_names_keep_different_keys() -> None:
    assert name_tokens("Hasan") != name_tokens("Husayn")
    assert name_tokens("Ali Hassan") != name_tokens("Ali Hussein")
    assert name_tokens("An") == ["an"]  # a Vietnamese name, not an assimilated article


def test_patronymic_particles_are_left_out() -> None:
    assert name_tokens("Ali bin Hassan") == name_tokens("Ali Hassan")


def test_dates_in_every_agency_format() -> None:
    assert parse_dob("07/03/1991") == parse_dob("07.03.1991") == parse_dob("07-03-1991")
    year_only = parse_dob("1991")
    assert year_only is not None and year_only.month is None and year_only.full is None
    placeholder = parse_dob("01/01/1991")
    assert placeholder is not None and placeholder.is_placeholder and placeholder.full is None
    assert parse_dob("") is None
    with pytest.raises(InvalidInput) as err:
        parse_dob("31/02/1991")
    assert err.value.where == "date_of_birth"


def test_sex_nationality_phone() -> None:
    assert [parse_sex(s) for s in ("M", "f", "W", "V", "")] == ["M", "F", "F", "F", None]
    with pytest.raises(InvalidInput):
        parse_sex("X")
    assert parse_nationality("AF") == parse_nationality("Afghanistan") == "AFG"
    assert parse_nationality("UTO") == "UTO"
    with pytest.raises(InvalidInput):
        parse_nationality("Atlantis")
    assert parse_phone("06 12 34 56 78", "FR") == parse_phone("0033 6 12 34 56 78", "UK")
