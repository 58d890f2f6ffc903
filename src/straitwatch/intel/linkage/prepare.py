# SPDX-License-Identifier: EUPL-1.2
"""From agency records (strings as written) to the feature table the linkage model compares.

Each record becomes one row of comparable features: name keys (:mod:`.names`), the date of
birth split into year/month/day with the 1 January placeholder flagged, sex, nationality,
E.164 phone and a place-of-birth key. A record that cannot be read (no identifier, a repeated
identifier, no name, an unreadable date, sex or nationality) is returned as a
:class:`Rejection` with its reason instead: the caller sends it to the dead-letter store.

>>> import pandas as pd
>>> table, rejected = prepare(pd.DataFrame([{"record_id": "r1", "agency": "UK",
...     "given_name": "Shwan", "family_name": "Bakhnezi", "date_of_birth": "1985"}]))
>>> table.loc[0, "name_keys"], int(table.loc[0, "dob_year"]), rejected
(['baxnasi', 'xwan'], 1985, [])
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from straitwatch.errors import InvalidInput
from straitwatch.intel.linkage.fields import (
    identifier,
    parse_dob,
    parse_nationality,
    parse_phone,
    parse_sex,
)
from straitwatch.intel.linkage.names import fold, name_tokens

__all__ = ["FEATURE_COLUMNS", "INPUT_COLUMNS", "OPTIONAL_COLUMNS", "Rejection", "prepare"]

INPUT_COLUMNS = (
    "record_id",
    "agency",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "phone",
    "place_of_birth",
)
OPTIONAL_COLUMNS = ("id_number", "address", "postcode")
"""Compared when a file has them: a document or personal number, an address, a postcode."""
FEATURE_COLUMNS = (
    "unique_id",
    "agency",
    "given_keys",
    "family_keys",
    "name_keys",
    "name_sorted",
    "g1",
    "f1",
    "dob_year",
    "dob_month",
    "dob_day",
    "dob_full",
    "sex",
    "nationality",
    "phone",
    "pob_key",
    "id_number",
    "address_key",
    "postcode",
)


@dataclass(frozen=True)
class Rejection:
    """A record refused: its position (1-based data row), identifier, field and reason."""

    row: int
    record_id: str
    field: str
    reason: str
    raw: dict[str, str]


def _cell(row: Mapping[Hashable, Any], key: str) -> str:
    value = row.get(key)
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


# Name parts that say little about who someone is: Vietnamese middle names marking sex.
_NOT_FIRST = frozenset({"van", "ti"})


def _first_given(keys: list[str]) -> str:
    for key in keys:
        if key not in _NOT_FIRST:
            return key
    return keys[0]


def _features(row: Mapping[Hashable, Any]) -> dict[str, Any]:
    agency = _cell(row, "agency").upper()
    given = name_tokens(_cell(row, "given_name"))
    family = name_tokens(_cell(row, "family_name"))
    if not given and not family:
        raise InvalidInput("no given or family name", where="given_name")
    keys = sorted(set(given) | set(family))
    dob = parse_dob(_cell(row, "date_of_birth"))
    partial = dob is None or dob.month is None or dob.is_placeholder
    pob = name_tokens(_cell(row, "place_of_birth"))
    return {
        "agency": agency,
        "given_keys": given,
        "family_keys": family,
        "name_keys": keys,
        "name_sorted": " ".join(keys),
        "g1": _first_given(given or family),
        "f1": (family or given)[-1],
        "dob_year": None if dob is None else dob.year,
        "dob_month": None if partial or dob is None else dob.month,
        "dob_day": None if partial or dob is None else dob.day,
        "dob_full": None if dob is None else dob.full,
        "sex": parse_sex(_cell(row, "sex")),
        "nationality": parse_nationality(_cell(row, "nationality")),
        "phone": parse_phone(_cell(row, "phone"), agency),
        "pob_key": "".join(pob) or None,
        "id_number": identifier(_cell(row, "id_number")),
        "address_key": " ".join(fold(_cell(row, "address")).split()) or None,
        "postcode": identifier(_cell(row, "postcode")),
    }


def prepare(records: pd.DataFrame) -> tuple[pd.DataFrame, list[Rejection]]:
    """The feature table of ``records`` (columns :data:`INPUT_COLUMNS`) and the rejections."""
    rows: list[dict[str, Any]] = []
    rejected: list[Rejection] = []
    seen: set[str] = set()
    for n, raw in enumerate(records.to_dict("records"), start=1):
        rid = _cell(raw, "record_id")
        text = {k: _cell(raw, k) for k in INPUT_COLUMNS + OPTIONAL_COLUMNS}
        if not rid:
            rejected.append(Rejection(n, "", "record_id", "missing record_id", text))
            continue
        if rid in seen:
            rejected.append(Rejection(n, rid, "record_id", "record_id repeated", text))
            continue
        try:
            features = _features(raw)
        except InvalidInput as exc:
            rejected.append(Rejection(n, rid, exc.where or "", exc.message, text))
            continue
        seen.add(rid)
        rows.append({"unique_id": rid, **features})
    table = pd.DataFrame(rows, columns=list(FEATURE_COLUMNS))
    for col in ("dob_year", "dob_month", "dob_day"):
        table[col] = table[col].astype("Int64")
    # typed even when empty, so that the database sees text, never an all-null number column
    text_columns = ["unique_id", "agency", "name_sorted", "g1", "f1", "dob_full", "sex"]
    text_columns += ["nationality", "phone", "pob_key", "id_number", "address_key", "postcode"]
    for col in text_columns:
        table[col] = table[col].astype("string")
    return table, rejected
