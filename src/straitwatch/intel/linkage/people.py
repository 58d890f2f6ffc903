# SPDX-License-Identifier: EUPL-1.2
"""Fictional persons for the development sets: households, siblings, twins, common names.

Every person is invented: given names are common given names of the culture (Zipf-weighted,
so common names repeat), family names are built from syllables, dates of birth are random.
Households share a family name, a father, a place of birth and a nationality; siblings have
their own given names and dates of birth, twins share the date. Some persons' true date of
birth is unknown and registered everywhere as 1 January of the year (the placeholder).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["Person", "culture_table", "make_people"]


@dataclass(frozen=True)
class Person:
    """One fictional person; names are in the phonemic notation of ``romanise``."""

    person_id: int
    culture: str
    sex: str  # "M" or "F"
    given: str
    father: str
    grandfather: str
    family: str  # "" when the culture has no family name for this person
    article: bool  # family name carries the Arabic article
    dob: date
    dob_placeholder: bool  # registered as 1 January of the year everywhere
    nationality: str  # ISO 3166 alpha-3
    place_of_birth: str
    phone: str  # E.164, or ""


@cache
def culture_table() -> dict[str, dict[str, Any]]:
    """The name material, read once from ``data/devset_names.yaml``."""
    text = resources.files("straitwatch.intel.linkage").joinpath("data/devset_names.yaml")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text.read_text(encoding="utf-8"))["cultures"]
    return data


def _zipf(rng: random.Random, items: list[str], s: float = 1.0) -> str:
    weights = [1.0 / (k + 1) ** s for k in range(len(items))]
    return str(rng.choices(items, weights=weights)[0])


def _invent_family(rng: random.Random, culture: dict[str, Any]) -> str:
    syl: list[str] = culture["syllables"]
    stem = "".join(rng.choice(syl) for _ in range(rng.choice((1, 2, 2))))
    name = stem + str(rng.choice(culture["suffixes"]))
    return name[0] + name[1:].lower() if name[:1].isupper() else name


def _phone(rng: random.Random) -> str:
    country = rng.choice(("44", "33", "49", "31", "44", "33"))
    if country == "44":
        return "+447" + "".join(rng.choice("0123456789") for _ in range(9))
    if country == "33":
        return "+33" + rng.choice("67") + "".join(rng.choice("0123456789") for _ in range(8))
    if country == "49":
        return "+4915" + "".join(rng.choice("0123456789") for _ in range(9))
    return "+316" + "".join(rng.choice("0123456789") for _ in range(8))


def _dob(rng: random.Random, base_year: int) -> date:
    return date(base_year, rng.randint(1, 12), rng.randint(1, 28))


def make_people(n_persons: int, rng: random.Random) -> list[Person]:
    """``n_persons`` fictional persons in households (about 40 % with siblings)."""
    table = culture_table()
    cultures = list(table)
    weights = [table[c]["weight"] for c in cultures]
    # A pool of invented family names per culture, shared by unrelated households (Zipf).
    pools = {
        c: [_invent_family(rng, table[c]) for _ in range(max(8, n_persons // 12))]
        for c in cultures
        if "syllables" in table[c]
    }
    people: list[Person] = []
    while len(people) < n_persons:
        cname = rng.choices(cultures, weights=weights)[0]
        cult = table[cname]
        size = 1 if rng.random() < 0.6 else rng.choice((2, 2, 3, 3, 4))
        if "family" in cult:
            family = _zipf(rng, cult["family"], 0.8)
        elif cult["structure"] in ("ethiopic",) or (
            cult["structure"] == "afghan" and rng.random() < 0.4
        ):
            family = ""
        else:
            family = _zipf(rng, pools[cname], 0.7)
        father = _zipf(rng, cult["male"])
        grandfather = _zipf(rng, cult["male"])
        article = rng.random() < cult["article"]
        nationality = rng.choice(cult["nationalities"])
        pob = rng.choice(cult["cities"]) if rng.random() < 0.75 else ""
        base_year = rng.randint(1968, 2004)
        placeholder_household = rng.random() < 0.12
        used: set[str] = set()
        last_dob: date | None = None
        for k in range(size):
            if len(people) >= n_persons:
                break
            sex = "M" if rng.random() < 0.8 else "F"
            names = cult["male"] if sex == "M" else cult["female"]
            given = _zipf(rng, names)
            while given in used:
                given = rng.choice(names)
            used.add(given)
            twin = last_dob is not None and rng.random() < 0.15
            if twin and last_dob is not None:
                dob = last_dob
            else:
                dob = _dob(rng, min(2006, base_year + 2 * k + rng.randint(0, 3)))
            last_dob = dob
            people.append(
                Person(
                    person_id=len(people),
                    culture=cname,
                    sex=sex,
                    given=given,
                    father=father,
                    grandfather=grandfather,
                    family=family,
                    article=article,
                    dob=date(dob.year, 1, 1) if placeholder_household else dob,
                    dob_placeholder=placeholder_household,
                    nationality=nationality,
                    place_of_birth=pob,
                    phone=_phone(rng) if rng.random() < 0.5 else "",
                )
            )
    return people
