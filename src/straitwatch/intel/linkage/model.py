# SPDX-License-Identifier: EUPL-1.2
"""The linkage model as data: one table of comparisons, blocking rules, the default threshold.

:data:`COMPARISONS` is the table: per field of evidence, its levels from the strongest to
``ELSE``, each a SQL condition on the prepared features (``_l``/``_r``) and the label an
analyst reads in the waterfall. One code path (:func:`comparisons`) turns every row into a
Splink comparison; the m probabilities are not written here but estimated from labelled
development sets (:mod:`.training`, stored in ``data/m_probabilities.json``), the u
probabilities on the input at run time (:mod:`.engine`).

The name comparison works on the romanisation-independent keys of :mod:`.names` and does not
care which field a part was written in (given and family names swapped, patronymic in the
given-name field or not): it asks whether each record's first given name is among the other's
name parts, how many parts are shared, and how close the keys are. The date comparison knows
the year-only and 1 January placeholder records, and weighs a same date together with the
first names (same date, first names not alike: twins or siblings far more often than one
person; records without an address only). Blocking keeps the candidate pairs few: same
full date, a shared name key in the same birth year, same first and last name key, same phone.

>>> [c.field for c in COMPARISONS][:3]
['name', 'dob', 'sex']
>>> comparisons()[2]["comparison_levels"][1]["label_for_charts"]
'same sex'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "COMPARISONS",
    "DEFAULT_THRESHOLD",
    "OPTIONAL_FEATURES",
    "REVIEW_BAND",
    "Comparison",
    "blocking_rules",
    "comparisons",
    "m_probabilities",
    "settings",
]

DEFAULT_THRESHOLD = 0.5
"""Match probability at or above which two records are linked (fixed, not tuned per file)."""
REVIEW_BAND = (0.2, 0.9)
"""Pairs whose match probability falls in this band go to the review queue."""


@dataclass(frozen=True)
class Comparison:
    """One field of evidence: levels ``(label, sql)`` strongest first, the last one ``ELSE``.

    ``null_on`` is the feature whose absence on either side makes the field unknown;
    ``tf_on`` adjusts the first level by that feature's term frequency; ``optional`` fields
    are compared only when the records carry them.
    """

    field: str
    description: str
    null_on: str
    levels: tuple[tuple[str, str], ...]
    tf_on: str | None = None
    optional: bool = False


def _exact(field: str, what: str, *, optional: bool = False) -> Comparison:
    return Comparison(
        field,
        what,
        field,
        ((f"same {what}", f"{field}_l = {field}_r"), (f"different {what}", "ELSE")),
        optional=optional,
    )


def _alike(field: str, what: str, sql: str) -> Comparison:
    return Comparison(
        field,
        what,
        field,
        (
            (f"same {what}", f"{field}_l = {field}_r"),
            (f"{what} alike", sql.format(l=f"{field}_l", r=f"{field}_r")),
            (f"different {what}", "ELSE"),
        ),
        optional=field != "pob_key",
    )


def _near(keys: str, key: str, at: float) -> str:
    """Some part of ``keys`` is Jaro-Winkler-close to ``key`` (``key`` named outside the
    lambda too, so that Splink carries the column)."""
    return f"list_max(list_transform({keys}, x -> jaro_winkler_similarity(x, {key}))) >= {at}"


_SHARED = "len(list_intersect(name_keys_l, name_keys_r))"
_FIRSTS = "list_contains(name_keys_r, g1_l) AND list_contains(name_keys_l, g1_r)"
_FIRSTS_ALIKE = f"{_near('name_keys_r', 'g1_l', 0.8)} AND {_near('name_keys_l', 'g1_r', 0.8)}"
_LASTS_ALIKE = (
    f"f1_l IS NOT NULL AND f1_r IS NOT NULL AND {_near('name_keys_r', 'f1_l', 0.8)}"
    f" AND {_near('name_keys_l', 'f1_r', 0.8)}"
)
_SAME_YEAR = "dob_year_l = dob_year_r"
_NO_ADDRESS = (
    "(address_key_l IS NULL OR address_key_r IS NULL)"
    " AND (postcode_l IS NULL OR postcode_r IS NULL)"
)
_TWINS = (
    f"dob_full_l = dob_full_r AND g1_l IS NOT NULL AND g1_r IS NOT NULL AND NOT ({_FIRSTS_ALIKE})"
    f" AND {_NO_ADDRESS}"
)
"""Same birth date, first names not alike: twins or siblings far more often than one person
(the fields are not independent, so the model weighs the two together, m and u estimated for
the pair). Only where the records carry no address: the m is estimated on development sets
without addresses, and two records at one address are weighed by the address levels."""

COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "name",
        "name parts across romanisations (order-free)",
        "name_sorted",
        (
            ("same name parts", "name_sorted_l = name_sorted_r"),
            ("first names and more parts shared", f"{_FIRSTS} AND {_SHARED} >= 2"),
            ("first and last names alike", f"{_FIRSTS_ALIKE} AND {_LASTS_ALIKE}"),
            ("a part shared, first names differ", f"{_SHARED} >= 1 AND NOT ({_FIRSTS_ALIKE})"),
            ("first names alike", f"{_SHARED} >= 1 OR {_FIRSTS_ALIKE}"),
            ("different names", "ELSE"),
        ),
        tf_on="name_sorted",
    ),
    Comparison(
        "dob",
        "date of birth (year-only and 1 January placeholders)",
        "dob_year",
        (
            ("same date, first names differ", _TWINS),
            ("same date", "dob_full_l = dob_full_r"),
            (
                "same year, one side year only",
                f"{_SAME_YEAR} AND (dob_month_l IS NULL OR dob_month_r IS NULL)",
            ),
            (
                "same year, day or month differs",
                f"{_SAME_YEAR} AND (dob_month_l = dob_month_r OR dob_day_l = dob_day_r"
                " OR (dob_day_l = dob_month_r AND dob_month_l = dob_day_r))",
            ),
            (
                "same day and month, year differs",
                "dob_month_l = dob_month_r AND dob_day_l = dob_day_r"
                " AND abs(dob_year_l - dob_year_r) <= 10",
            ),
            ("year within one", "abs(dob_year_l - dob_year_r) <= 1"),
            ("different dates", "ELSE"),
        ),
    ),
    _exact("sex", "sex"),
    _exact("nationality", "nationality"),
    _exact("phone", "phone"),
    _alike("pob_key", "place", "jaro_winkler_similarity({l}, {r}) >= 0.85"),
    _alike("id_number", "number", "damerau_levenshtein({l}, {r}) <= 1"),
    _alike("address_key", "address", "jaro_winkler_similarity({l}, {r}) >= 0.88"),
    _exact("postcode", "postcode", optional=True),
)
"""The comparison table: every field of evidence the model weighs, in waterfall order."""

OPTIONAL_FEATURES = tuple(c.field for c in COMPARISONS if c.optional)
"""Features compared only when the records carry them."""


@cache
def m_probabilities() -> dict[str, dict[str, float]]:
    """``field -> level label -> m`` as estimated by :mod:`.training` (with its provenance
    under ``"_source"``)."""
    text = resources.files(__package__).joinpath("data/m_probabilities.json").read_text()
    table: dict[str, dict[str, float]] = json.loads(text)["m"]
    for comp in COMPARISONS:  # validated when loaded: every level has its m, and only those
        labels = {label for label, _ in comp.levels}
        if set(table.get(comp.field, {})) != labels:
            raise ValueError(f"m_probabilities.json does not match the levels of {comp.field}")
    return table


def _splink(comp: Comparison, m: dict[str, float] | None) -> dict[str, Any]:
    null = f"{comp.null_on}_l IS NULL OR {comp.null_on}_r IS NULL"
    levels: list[dict[str, Any]] = [
        {"sql_condition": null, "label_for_charts": "null", "is_null_level": True}
    ]
    for i, (label, sql) in enumerate(comp.levels):
        level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
        if m is not None:
            level["m_probability"] = m[label]
        if i == 0 and comp.tf_on:
            level |= {"tf_adjustment_column": comp.tf_on, "tf_adjustment_weight": 1.0}
        levels.append(level)
    return {
        "output_column_name": comp.field,
        "comparison_description": comp.description,
        "comparison_levels": levels,
    }


def comparisons(optional: tuple[str, ...] = (), *, with_m: bool = True) -> list[dict[str, Any]]:
    """Splink comparison dictionaries of the table: every core field, and the ``optional``
    features named (those the records have). ``with_m=False`` leaves the m probabilities out
    (for estimating them)."""
    m = m_probabilities() if with_m else {}
    return [
        _splink(c, m.get(c.field) if with_m else None)
        for c in COMPARISONS
        if not c.optional or c.field in optional
    ]


def blocking_rules() -> list[dict[str, Any]]:
    """Candidate pairs: any one rule admits a pair (Splink deduplicates across rules)."""
    return [
        {"blocking_rule": "l.dob_full = r.dob_full"},
        {
            "blocking_rule": "l.name_keys = r.name_keys AND l.dob_year = r.dob_year",
            "arrays_to_explode": ["name_keys"],
        },
        {"blocking_rule": "l.g1 = r.g1 AND l.f1 = r.f1"},
        {"blocking_rule": "l.phone = r.phone"},
        {"blocking_rule": "l.id_number = r.id_number"},
    ]


def settings(optional: tuple[str, ...] = (), *, with_m: bool = True) -> dict[str, Any]:
    """The Splink settings dictionary of the straitwatch person model (u not yet estimated)."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons(optional, with_m=with_m),
        "blocking_rules_to_generate_predictions": blocking_rules(),
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "probability_two_random_records_match": 1e-4,
    }
