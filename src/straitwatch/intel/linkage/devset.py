# SPDX-License-Identifier: EUPL-1.2
"""Fictional four-agency development sets for record linkage, with the truth.

Each fictional person (:mod:`~straitwatch.intel.linkage.people`) is recorded one to five
times by the UK, French, German and Dutch partners, each writing the name by its own
romanisation convention (:mod:`~straitwatch.intel.linkage.romanise`), with or without
diacritics, the article joined, split or dropped, the patronymic in the given-name field or
not, given and family names sometimes swapped, capitals or mixed case, typing errors; dates as
``dd/mm/yyyy``, ``dd.mm.yyyy``, ``dd-mm-yyyy`` or the year only; sex as M/F/W/V; phones in
national or international form. Every record says it is fictional (``note``).

>>> frame = make_devset(seed=1, n_persons=30)
>>> sorted(frame["agency"].unique())
['DE', 'FR', 'NL', 'UK']
"""

from __future__ import annotations

import random

import pandas as pd
import phonenumbers
from anyascii import anyascii

from straitwatch.intel.linkage.people import Person, make_people
from straitwatch.intel.linkage.romanise import AGENCIES, render

__all__ = ["RECORD_COLUMNS", "make_devset"]

RECORD_COLUMNS = [
    "record_id",
    "agency",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "phone",
    "place_of_birth",
]
_REGION = {"UK": "GB", "FR": "FR", "DE": "DE", "NL": "NL"}
_DATE_SEP = {"UK": "/", "FR": "/", "DE": ".", "NL": "-"}
_FEMALE = {"UK": "F", "FR": "F", "DE": "W", "NL": "V"}
_LATIN_CULTURES = {"albanian", "vietnamese", "turkish"}


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.35:
        return word[:i] + word[i + 1 :]
    if kind < 0.7:
        return word[:i] + rng.choice("aeiounrstlm") + word[i + 1 :]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def _vowel_drift(word: str, rng: random.Random) -> str:
    # Short vowels are not written in the Arabic script: clerks guess (Ahmad/Ahmed).
    if rng.random() < 0.15:
        word = word.replace("a", "e", 1) if rng.random() < 0.5 else word.replace("e", "a", 1)
    if rng.random() < 0.12:  # doubled or single consonant (Hasan/Hassan)
        for c in "smlnrd":
            if c + c in word:
                return word.replace(c + c, c, 1)
        for c in "smln":
            j = word.find(c, 1)
            if 0 < j < len(word) - 1:
                return word[:j] + c + word[j:]
    return word


def _one_name(notation: str, culture: str, agency: str, rng: random.Random, sch: bool) -> str:
    if culture in _LATIN_CULTURES:
        if rng.random() < 0.45:
            return notation
        if agency == "DE" and culture == "turkish" and rng.random() < 0.5:
            notation = notation.replace("ü", "ue").replace("ö", "oe")
        return anyascii(notation)
    parts = [render(p, agency, rng, scholarly=sch) for p in notation.split("-")]
    parts = [_vowel_drift(p, rng) for p in parts]
    if len(parts) == 1:
        return parts[0]
    # compounds such as ʿabd-al-raḥmān: joined, split, article dropped
    style = rng.random()
    if len(parts) == 3 and parts[1] in ("al", "el", "ul"):
        art = rng.choice(("al", "el", "ul", "ur", "ol")) if agency != "NL" else "oel"
        if style < 0.35:
            return parts[0] + art + parts[2]
        if style < 0.7:
            return f"{parts[0]} {art}-{parts[2]}"
        if style < 0.85:
            return f"{parts[0]} {parts[2]}"
        return parts[0] + parts[2]
    if style < 0.5:
        return "".join(parts)
    return " ".join(parts) if style < 0.8 else "-".join(parts)


def _family(p: Person, agency: str, rng: random.Random, sch: bool) -> str:
    fam = _one_name(p.family, p.culture, agency, rng, sch)
    if not p.article:
        return fam
    art = "el" if agency == "FR" and rng.random() < 0.6 else "al"
    style = rng.random()
    if style < 0.3:
        return f"{art}-{fam}"
    if style < 0.5:
        return f"{art} {fam}"
    if style < 0.65:
        return art + fam
    if style < 0.72 and fam[:1] in "tdrzsšnl":  # sun letters assimilate the article
        return f"a{fam[0]}-{fam}"
    return fam


def _names(p: Person, agency: str, rng: random.Random) -> tuple[str, str]:
    sch = rng.random() < 0.1  # a clerk keeping scholarly transliteration

    def one(notation: str) -> str:
        return _one_name(notation, p.culture, agency, rng, sch)

    given = one(p.given)
    if p.culture == "vietnamese":
        family = one(p.family)
        if rng.random() < 0.15:  # written in the Vietnamese order, family first
            g_parts = given.split()
            return f"{family} {' '.join(g_parts[:-1])}", g_parts[-1]
        return given, family
    if p.family:
        family = _family(p, agency, rng, sch)
        if p.culture in ("arabic", "afghan") and rng.random() < 0.45:
            given = f"{given} {one(p.father)}"
            if rng.random() < 0.3:
                given = f"{given} {one(p.grandfather)}"
    else:  # no family name: the father's (or grandfather's) name stands in
        family = one(p.father)
        if rng.random() < 0.15:
            given, family = f"{given} {family}", one(p.grandfather)
    return given, family


def _case(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return text.upper()
    if r < 0.4:
        return text.lower()
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def _date(p: Person, agency: str, rng: random.Random) -> str:
    d = p.dob
    r = rng.random()
    if r < 0.05:
        return ""
    if r < 0.13:
        return str(d.year)
    if r < 0.2 and not p.dob_placeholder:
        d = d.replace(month=1, day=1)  # this agency recorded the placeholder
    elif r < 0.24:  # a typing error in the day or the year
        d = d.replace(day=min(28, max(1, d.day + rng.choice((-1, 1, 10)))))
    elif r < 0.26 and d.day <= 12:
        d = d.replace(day=d.month, month=d.day)
    sep = _DATE_SEP[agency]
    return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"


def _phone(p: Person, agency: str, rng: random.Random) -> str:
    if not p.phone or rng.random() < 0.55:
        return ""
    number = phonenumbers.parse(p.phone)
    home = phonenumbers.region_code_for_number(number) == _REGION[agency]
    fmt = phonenumbers.PhoneNumberFormat
    if home and rng.random() < 0.7:
        return str(phonenumbers.format_number(number, fmt.NATIONAL))
    text = str(phonenumbers.format_number(number, fmt.INTERNATIONAL))
    return text.replace("+", "00", 1) if rng.random() < 0.3 else text


def _record(p: Person, agency: str, rng: random.Random) -> dict[str, str]:
    given, family = _names(p, agency, rng)
    if rng.random() < 0.03:
        given = _typo(given, rng)
    if rng.random() < 0.03:
        family = _typo(family, rng)
    if rng.random() < 0.08:
        given, family = family, given
    r = rng.random()
    nationality = "" if r < 0.06 else p.nationality
    pob = ""
    if p.place_of_birth and rng.random() < 0.6:
        pob = _one_name(p.place_of_birth, p.culture, agency, rng, False)
    sex = "" if rng.random() < 0.03 else ("M" if p.sex == "M" else _FEMALE[agency])
    return {
        "agency": agency,
        "given_name": _case(given, rng),
        "family_name": _case(family, rng),
        "date_of_birth": _date(p, agency, rng),
        "sex": sex,
        "nationality": nationality,
        "phone": _phone(p, agency, rng),
        "place_of_birth": _case(pob, rng) if pob else "",
    }


def make_devset(seed: int, n_persons: int = 3000) -> pd.DataFrame:
    """Records of ``n_persons`` fictional persons (about 2.17 each) and their ``person_id``."""
    rng = random.Random(seed)
    rows: list[dict[str, str | int]] = []
    for p in make_people(n_persons, rng):
        n = rng.choices((1, 2, 3, 4, 5), weights=(32, 36, 19, 9, 4))[0]
        for _ in range(n):
            rows.append({"person_id": p.person_id, **_record(p, rng.choice(AGENCIES), rng)})
    rng.shuffle(rows)
    frame = pd.DataFrame(rows)
    frame.insert(0, "record_id", [f"{a}-{seed}-{i:06d}" for i, a in enumerate(frame["agency"])])
    frame["note"] = "FICTIONAL"
    return frame[[*RECORD_COLUMNS, "person_id", "note"]]
