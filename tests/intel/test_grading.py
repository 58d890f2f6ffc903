# SPDX-License-Identifier: EUPL-1.2
"""Grading scales and handling codes as data: exact codes, normalisation, translation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from straitwatch.errors import InvalidInput
from straitwatch.intel.grading import (
    Effect,
    handling_code,
    parse_grade,
    scales,
    translate_grade,
    translate_handling,
)
from straitwatch.intel.handling import dissemination_verdict, strictest

# The exact code tables of ../shared/reference/grading.md.
EXACT = {
    "uk_3x5x2": ("123", "ABCDE", "PC"),
    "uk_5x5x5": ("ABCDE", "12345", "12345"),
    "europol_4x4": ("ABCX", "1234", ("H0", "H1", "H2", "H3")),
    "nato_admiralty": ("ABCDEF", "123456", ()),
}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_code_tables_are_exact(name: str) -> None:
    source, info, handling = EXACT[name]
    s = scales()[name]
    assert list(s.source) == list(source)
    assert list(s.information) == list(info)
    assert list(s.handling) == list(handling)


@pytest.mark.parametrize(
    ("scale", "code", "effect"),
    [
        ("uk_3x5x2", "P", Effect.PERMIT),
        ("uk_3x5x2", "C", Effect.CONDITIONS),
        ("uk_5x5x5", "1", Effect.PERMIT),
        ("uk_5x5x5", "4", Effect.REFUSE),
        ("uk_5x5x5", "5", Effect.PERMISSION),
        ("europol_4x4", "H0", Effect.PERMIT),
        ("europol_4x4", "H1", Effect.PERMIT),
        ("europol_4x4", "H2", Effect.PERMISSION),
        ("europol_4x4", "H3", Effect.CONDITIONS),
    ],
)
def test_handling_effects(scale: str, code: str, effect: Effect) -> None:
    assert dissemination_verdict(handling_code(scale, code), "UKBF", "PREMAR").needs is effect
    assert dissemination_verdict(handling_code(scale, code), "UKBF", "UKBF").needs is Effect.PERMIT


def test_grade_is_kept_as_given_and_normalised() -> None:
    g = parse_grade("uk_5x5x5", "e", "4")
    assert (g.scale, g.source, g.information) == ("uk_5x5x5", "E", "4")
    assert g.normalised == (50, 50)  # untested / cannot be judged sit in the middle
    best = parse_grade("nato_admiralty", "A", "1")
    worst = parse_grade("europol_4x4", "C", "4")
    assert best.sort_key == 200 and worst.sort_key < g.sort_key < best.sort_key


def test_unknown_codes_are_refused_with_the_known_ones() -> None:
    with pytest.raises(InvalidInput, match="1, 2, 3"):
        parse_grade("uk_3x5x2", "4", "A")
    with pytest.raises(InvalidInput, match="no handling codes"):
        handling_code("nato_admiralty", "A")
    with pytest.raises(InvalidInput, match="unknown grading scale"):
        parse_grade("fbi", "A", "1")


def test_translation_per_direction() -> None:
    g = parse_grade("uk_3x5x2", "2", "A")
    assert translate_grade(g, "europol_4x4").as_text == "europol_4x4 X2"
    assert translate_handling(handling_code("europol_4x4", "H2"), "uk_3x5x2") is None
    assert translate_handling(handling_code("uk_3x5x2", "C"), "europol_4x4").code == "H3"  # type: ignore[union-attr]
    with pytest.raises(InvalidInput, match="no translation"):
        translate_grade(parse_grade("uk_5x5x5", "A", "1"), "nato_admiralty")


@given(st.sampled_from(sorted(scales())), st.data())
def test_every_declared_translation_is_total_and_never_relaxes(
    name: str, data: st.DataObject
) -> None:
    s = scales()[name]
    g = parse_grade(
        name,
        data.draw(st.sampled_from(list(s.source))),
        data.draw(st.sampled_from(list(s.information))),
    )
    for other in scales():
        try:
            t = translate_grade(g, other)
        except InvalidInput:
            continue
        assert t.source in scales()[other].source
    for code in s.handling.values():
        for other in scales():
            try:
                out = translate_handling(code, other)
            except InvalidInput:
                continue
            assert out is None or out.rank >= code.rank


def test_strictest_code_of_sources() -> None:
    assert strictest([("europol_4x4", "H0"), ("uk_3x5x2", "C"), ("europol_4x4", "H1")]) == (
        "uk_3x5x2",
        "C",
    )
    assert strictest([("europol_4x4", "H2"), ("uk_5x5x5", "4")]) == ("uk_5x5x5", "4")
    assert strictest([]) is None
