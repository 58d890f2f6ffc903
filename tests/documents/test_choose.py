# SPDX-License-Identifier: EUPL-1.2
"""Choosing the MRZ reading from per-character probabilities under the ICAO rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import numpy as np
from numpy.typing import NDArray

import straitwatch.web
from straitwatch.documents.choose import UncertainKind, choose_reading
from straitwatch.documents.formats import LAYOUTS, MrzFormat
from straitwatch.documents.rapid import ALPHABET

TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


def sure(line: str, p: float = 0.99) -> NDArray[np.float64]:
    """A line the model read with weight ``p`` on each character, the rest spread evenly."""
    matrix = np.full((len(line), len(ALPHABET)), (1 - p) / (len(ALPHABET) - 1))
    for i, char in enumerate(line):
        matrix[i, ALPHABET.index(char)] = p
    return matrix


def weigh(matrix: NDArray[np.float64], pos: int, **weights: float) -> None:
    """Set the model's weights at one position (``O=0.3``; ``_0`` stands for the digit)."""
    row = np.full(len(ALPHABET), 1e-6)
    for key, value in weights.items():
        row[ALPHABET.index(key.lstrip("_"))] = value
    matrix[pos] = row / row.sum()


def test_a_sure_reading_is_kept_as_is_with_nothing_uncertain() -> None:
    choice = choose_reading(LAYOUTS[MrzFormat.TD3], [sure(TD3[0]), sure(TD3[1])])
    assert choice.lines == tuple(TD3) and choice.uncertain == ()


def test_a_letter_only_field_takes_the_letter_the_model_also_saw() -> None:
    line2 = sure(TD3[1])
    weigh(line2, 12, _0=0.7, O=0.3)  # nationality 'UT0' / 'UTO'
    choice = choose_reading(LAYOUTS[MrzFormat.TD3], [sure(TD3[0]), line2])
    assert choice.lines[1][10:13] == "UTO"
    (flag,) = choice.uncertain
    assert (flag.line, flag.position, flag.field, flag.chosen) == (2, 13, "nationality", "O")
    assert "'0'" in flag.reason
    assert (flag.kind, flag.read, flag.to_dict()["confidence"]) == ("rules", "0", 0.3)


def test_the_check_digit_chooses_between_readings_the_model_gave_weight() -> None:
    line2 = sure(TD3[1])
    weigh(line2, 2, _8=0.6, _9=0.4)  # document number L898902C3: '8' read, '9' right
    choice = choose_reading(LAYOUTS[MrzFormat.TD3], [sure(TD3[0]), line2])
    assert choice.lines[1][:9] == "L898902C3"
    assert [(u.position, u.chosen) for u in choice.uncertain] == [(3, "9")]


def test_no_character_is_invented_to_satisfy_a_check_digit() -> None:
    line2 = sure(TD3[1].replace("L898902C3", "L898802C3"), p=0.999)  # misprint, no doubt
    choice = choose_reading(LAYOUTS[MrzFormat.TD3], [sure(TD3[0]), line2])
    assert choice.lines[1][:9] == "L898802C3"  # the check digit fails, as it should
    assert choice.uncertain == ()


def test_the_composite_settles_optional_data_only_it_protects() -> None:
    td1 = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]
    line1 = sure(td1[0])
    weigh(line1, 20, Z=0.55, _2=0.0, **{"<": 0.45})  # optional data 1: 'Z' read, '<' right
    choice = choose_reading(LAYOUTS[MrzFormat.TD1], [line1, sure(td1[1]), sure(td1[2])])
    assert choice.lines == tuple(td1)
    assert [(u.line, u.position, u.chosen) for u in choice.uncertain] == [(1, 21, "<")]


def test_a_weak_but_unopposed_character_is_reported() -> None:
    line1 = sure(TD3[0])
    weigh(line1, 5, E=0.6, F=0.3, B=0.1)
    choice = choose_reading(LAYOUTS[MrzFormat.TD3], [line1, sure(TD3[1])])
    assert choice.lines[0] == TD3[0]
    (flag,) = choice.uncertain
    assert flag.chosen == "E" and [c for c, _ in flag.alternatives] == ["E", "F", "B"]
    assert flag.to_dict()["alternatives"][0] == {"char": "E", "p": 0.6}
    assert flag.to_dict()["kind"] == "low_confidence"


def test_a_letter_the_model_gave_no_weight_is_its_look_alike_and_said_so() -> None:
    line2 = sure(TD3[1])
    weigh(line2, 12, _0=1.0)  # nationality 'UT0', the model saw no 'O' at all
    choice = choose_reading(LAYOUTS[MrzFormat.TD3], [sure(TD3[0]), line2])
    (flag,) = choice.uncertain
    assert (flag.chosen, flag.read, flag.kind) == ("O", "0", "look_alike")


def test_every_kind_of_doubt_is_worded_in_both_languages() -> None:
    static = Path(straitwatch.web.__file__).parent / "static" / "i18n"
    for language in ("en", "fr"):
        messages = json.loads((static / f"{language}.json").read_text(encoding="utf-8"))
        for kind in get_args(UncertainKind):
            text = messages[f"doc.uncertainWhy.{kind}"]
            assert "{chosen}" in text, (language, kind)
