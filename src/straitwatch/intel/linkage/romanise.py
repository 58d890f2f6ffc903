# SPDX-License-Identifier: EUPL-1.2
"""How each partner agency romanises a name: the conventions the development sets are made of.

The development sets (:mod:`~straitwatch.intel.linkage.devset`) write names of Arabic-,
Persian-, Pashto-, Kurdish- and Ge'ez-script cultures in a neutral phonemic notation
(``š`` for sh, ``ḫ`` for kh, ``ǧ`` for dj, ``ū`` for a long u, ...; see
``data/devset_names.yaml``). An agency renders that notation by its own habits: the UK writes
``sh``/``kh``/``u``, France ``ch``/``kh``/``ou``, Germany ``sch``/``ch``/``dsch``/``u`` and
the Netherlands ``sj``/``ch``/``dzj``/``oe``; some clerks keep scholarly diacritics.

>>> import random
>>> render("šarīf", "FR", random.Random(1), scholarly=False)
'charif'
"""

from __future__ import annotations

import random

__all__ = ["AGENCIES", "CONVENTIONS", "render"]

AGENCIES = ("UK", "FR", "DE", "NL")

# symbol -> list of (spelling, weight) per agency; symbols absent fall back to "plain".
_Choice = list[tuple[str, float]]
CONVENTIONS: dict[str, dict[str, _Choice]] = {
    "UK": {
        "š": [("sh", 1)],
        "ḫ": [("kh", 0.9), ("h", 0.1)],
        "ǧ": [("j", 1)],
        "č": [("ch", 1)],
        "ġ": [("gh", 1)],
        "ū": [("u", 0.6), ("oo", 0.2), ("o", 0.2)],
        "ī": [("i", 0.7), ("ee", 0.2), ("y", 0.1)],
        "u": [("u", 0.6), ("o", 0.4)],
        "ʿ": [("", 0.8), ("'", 0.2)],
        "ḏ": [("z", 0.7), ("dh", 0.3)],
        "ž": [("zh", 1)],
        "q": [("q", 0.8), ("k", 0.2)],
    },
    "FR": {
        "š": [("ch", 1)],
        "ḫ": [("kh", 1)],
        "ǧ": [("dj", 1)],
        "č": [("tch", 1)],
        "ġ": [("gh", 1)],
        "ū": [("ou", 1)],
        "ī": [("i", 1)],
        "u": [("ou", 0.8), ("o", 0.2)],
        "w": [("ou", 0.5), ("w", 0.5)],
        "ʿ": [("", 1)],
        "ḏ": [("z", 1)],
        "ž": [("j", 1)],
        "q": [("k", 0.6), ("q", 0.4)],
        "ē": [("é", 0.5), ("e", 0.5)],
    },
    "DE": {
        "š": [("sch", 1)],
        "ḫ": [("ch", 1)],
        "ǧ": [("dsch", 0.7), ("dj", 0.3)],
        "č": [("tsch", 1)],
        "ġ": [("gh", 1)],
        "ū": [("u", 1)],
        "ī": [("i", 0.7), ("ie", 0.3)],
        "u": [("u", 0.7), ("o", 0.3)],
        "y": [("j", 1)],
        "ʿ": [("", 1)],
        "ḏ": [("s", 1)],
        "ž": [("sch", 1)],
        "z": [("s", 0.5), ("z", 0.5)],
        "q": [("k", 0.8), ("q", 0.2)],
    },
    "NL": {
        "š": [("sj", 1)],
        "ḫ": [("ch", 1)],
        "ǧ": [("dzj", 0.6), ("dj", 0.4)],
        "č": [("tsj", 1)],
        "ġ": [("gh", 1)],
        "ū": [("oe", 1)],
        "ī": [("ie", 0.6), ("i", 0.4)],
        "ā": [("aa", 0.4), ("a", 0.6)],
        "u": [("oe", 0.8), ("o", 0.2)],
        "y": [("j", 1)],
        "ʿ": [("", 1)],
        "ḏ": [("z", 1)],
        "ž": [("zj", 1)],
        "q": [("k", 1)],
        "ē": [("ee", 0.4), ("e", 0.6)],
        "ō": [("oo", 0.4), ("o", 0.6)],
    },
}

# Symbols whose plain rendering is the letter without its mark.
_PLAIN = {
    "ā": "a",
    "ī": "i",
    "ū": "u",
    "ē": "e",
    "ō": "o",
    "ḥ": "h",
    "ṣ": "s",
    "ṭ": "t",
    "ḍ": "d",
    "ẓ": "z",
    "ʾ": "",
    "ë": "ë",
}
# What a clerk keeping scholarly transliteration writes.
_SCHOLARLY = {"š", "ḫ", "ǧ", "ġ", "ū", "ī", "ā", "ḥ", "ṣ", "ṭ", "ḍ", "ʿ", "ḏ", "ž"}


def _pick(choices: _Choice, rng: random.Random) -> str:
    total = sum(w for _, w in choices)
    x = rng.random() * total
    for spelling, weight in choices:
        x -= weight
        if x <= 0:
            return spelling
    return choices[-1][0]


def render(notation: str, agency: str, rng: random.Random, *, scholarly: bool) -> str:
    """Write a name in ``notation`` the way ``agency`` would (lower case, no article work)."""
    table = CONVENTIONS[agency]
    out: list[str] = []
    for i, ch in enumerate(notation):
        if scholarly and ch in _SCHOLARLY:
            out.append(ch)
            continue
        if ch == "w" and agency == "FR" and i > 0:
            out.append("w")  # French writes an initial w as "ou", inside a word mostly as w
            continue
        if ch in table:
            out.append(_pick(table[ch], rng))
        else:
            out.append(_PLAIN.get(ch, ch))
    return "".join(out)
