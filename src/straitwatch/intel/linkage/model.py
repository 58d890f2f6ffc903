"""The linkage model as data: Splink comparisons, blocking rules and the default threshold.

The name comparison works on the romanisation-independent keys of :mod:`.names` and does not
care which field a part was written in (given and family names swapped, patronymic in the
given-name field or not): it asks whether each record's first given name is among the other's
name parts, how many parts are shared, and how close the sorted keys are. The date comparison
knows the year-only and 1 January placeholder records. Sex, nationality, phone and place of
birth are compared exactly (place of birth also fuzzily). Blocking keeps the candidate pairs
few: same full date, a shared name key in the same birth year, same first and last name key,
same phone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = [
    "DEFAULT_THRESHOLD",
    "OPTIONAL_FEATURES",
    "REVIEW_BAND",
    "blocking_rules",
    "comparisons",
    "settings",
]

DEFAULT_THRESHOLD = 0.5
"""Match probability at or above which two records are linked (fixed, not tuned per file)."""
REVIEW_BAND = (0.2, 0.9)
"""Pairs whose match probability falls in this band go to the review queue."""


OPTIONAL_FEATURES = ("id_number", "address_key", "postcode")
"""Features compared only when the records carry them."""


def _level(sql: str, label: str, m: float | None = None, **extra: Any) -> dict[str, Any]:
    level = {"sql_condition": sql, "label_for_charts": label, **extra}
    if m is not None:
        level["m_probability"] = m
    return level


def _names() -> dict[str, Any]:
    shared = "len(list_intersect(name_keys_l, name_keys_r))"
    firsts = "list_contains(name_keys_r, g1_l) AND list_contains(name_keys_l, g1_r)"
    fuzzy_first = (
        "list_max(list_transform(name_keys_r, x -> jaro_winkler_similarity(x, g1_l))) >= 0.8"
        " AND list_max(list_transform(name_keys_l, x -> jaro_winkler_similarity(x, g1_r)))"
        " >= 0.8"
    )
    fuzzy_last = (  # f1 named outside the lambdas too, so that Splink carries the column
        "f1_l IS NOT NULL AND f1_r IS NOT NULL"
        " AND list_max(list_transform(name_keys_r, x -> jaro_winkler_similarity(x, f1_l))) >= 0.8"
        " AND list_max(list_transform(name_keys_l, x -> jaro_winkler_similarity(x, f1_r)))"
        " >= 0.8"
    )
    return {
        "output_column_name": "name",
        "comparison_description": "name parts across romanisations (order-free)",
        "comparison_levels": [
            _level("name_sorted_l IS NULL OR name_sorted_r IS NULL", "null", is_null_level=True),
            _level(
                "name_sorted_l = name_sorted_r",
                "same name parts",
                0.45,
                tf_adjustment_column="name_sorted",
                tf_adjustment_weight=1.0,
            ),
            _level(f"{firsts} AND {shared} >= 2", "first names and more parts shared", 0.2),
            _level(f"{fuzzy_first} AND {fuzzy_last}", "first and last names alike", 0.15),
            _level(
                f"{shared} >= 1 AND NOT ({fuzzy_first})", "a part shared, first names differ", 5e-5
            ),
            _level(f"{shared} >= 1 OR {fuzzy_first}", "first names alike", 0.04),
            _level("ELSE", "different names", 0.002),
        ],
    }


def _dob() -> dict[str, Any]:
    return {
        "output_column_name": "dob",
        "comparison_description": "date of birth (year-only and 1 January placeholders)",
        "comparison_levels": [
            _level("dob_year_l IS NULL OR dob_year_r IS NULL", "null", is_null_level=True),
            _level("dob_full_l = dob_full_r", "same date", 0.6),
            _level(
                "dob_year_l = dob_year_r AND (dob_month_l IS NULL OR dob_month_r IS NULL)",
                "same year, one side year only",
                0.25,
            ),
            _level(
                "dob_year_l = dob_year_r AND (dob_month_l = dob_month_r OR dob_day_l = dob_day_r"
                " OR (dob_day_l = dob_month_r AND dob_month_l = dob_day_r))",
                "same year, day or month differs",
                0.06,
            ),
            _level(
                "dob_month_l = dob_month_r AND dob_day_l = dob_day_r"
                " AND abs(dob_year_l - dob_year_r) <= 10",
                "same day and month, year differs",
                0.005,
            ),
            _level("abs(dob_year_l - dob_year_r) <= 1", "year within one", 0.01),
            _level("ELSE", "different dates", 0.02),
        ],
    }


def _exact(column: str, label: str, m_same: float) -> dict[str, Any]:
    return {
        "output_column_name": column,
        "comparison_description": label,
        "comparison_levels": [
            _level(f"{column}_l IS NULL OR {column}_r IS NULL", "null", is_null_level=True),
            _level(f"{column}_l = {column}_r", f"same {label}", m_same),
            _level("ELSE", f"different {label}", round(1 - m_same, 6)),
        ],
    }


def _pob() -> dict[str, Any]:
    return {
        "output_column_name": "pob_key",
        "comparison_description": "place of birth",
        "comparison_levels": [
            _level("pob_key_l IS NULL OR pob_key_r IS NULL", "null", is_null_level=True),
            _level("pob_key_l = pob_key_r", "same place", 0.85),
            _level("jaro_winkler_similarity(pob_key_l, pob_key_r) >= 0.85", "places alike", 0.1),
            _level("ELSE", "different places", 0.05),
        ],
    }


def _identifier() -> dict[str, Any]:
    return {
        "output_column_name": "id_number",
        "comparison_description": "document or personal number",
        "comparison_levels": [
            _level("id_number_l IS NULL OR id_number_r IS NULL", "null", is_null_level=True),
            _level("id_number_l = id_number_r", "same number", 0.85),
            _level(
                "damerau_levenshtein(id_number_l, id_number_r) <= 1", "number one typo apart", 0.1
            ),
            _level("ELSE", "different numbers", 0.05),
        ],
    }


def _address() -> dict[str, Any]:
    return {
        "output_column_name": "address_key",
        "comparison_description": "address",
        "comparison_levels": [
            _level("address_key_l IS NULL OR address_key_r IS NULL", "null", is_null_level=True),
            _level("address_key_l = address_key_r", "same address", 0.7),
            _level(
                "jaro_winkler_similarity(address_key_l, address_key_r) >= 0.88",
                "addresses alike",
                0.15,
            ),
            _level("ELSE", "different addresses", 0.15),
        ],
    }


def _postcode() -> dict[str, Any]:
    return _exact("postcode", "postcode", 0.85)


_OPTIONAL: dict[str, Callable[[], dict[str, Any]]] = {
    "id_number": _identifier,
    "address_key": _address,
    "postcode": _postcode,
}


def comparisons(optional: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Splink comparison dictionaries, one per field of evidence.

    ``optional`` names the optional features the records have (``id_number``,
    ``address_key``, ``postcode``); each adds its comparison.
    """
    return [*_core(), *(_OPTIONAL[name]() for name in optional)]


def _core() -> list[dict[str, Any]]:
    return [
        _names(),
        _dob(),
        _exact("sex", "sex", 0.97),
        _exact("nationality", "nationality", 0.93),
        _exact("phone", "phone", 0.9),
        _pob(),
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


def settings(optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """The Splink settings dictionary of the straitwatch person model (u not yet estimated)."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons(optional),
        "blocking_rules_to_generate_predictions": blocking_rules(),
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "probability_two_random_records_match": 1e-4,
    }
