# SPDX-License-Identifier: EUPL-1.2
"""The codes an MRZ may carry for an issuing state or a nationality.

ISO 3166-1 alpha-3 (from ``pycountry``) plus ICAO's own codes (Doc 9303-3 §5: ``D`` for
Germany, ``GBD``…, ``EUE``, ``UNO``…, the ``X**`` codes, ``UTO`` for specimens), shipped
in ``data/icao_codes_non_iso.json`` and checked when first loaded.

>>> country_name("UTO")
'Utopia - recommended nationality/issuer code for specimen documents'
>>> country_name("BOS") is None
True
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from straitwatch.errors import ConfigurationError

__all__ = ["country_name", "known_codes", "not_icao_note"]

_CODE = re.compile(r"[A-Z]{1,3}")
_ICAO_PARTS = (
    "part_A_exceptions",
    "part_B_reserved_by_iso",
    "part_C_united_nations",
    "part_D_other_issuing_authorities",
    "part_E_no_defined_nationality",
    "part_F_deprecated_iso_backward_compat",
    "part_G_specimen",
    "part_H_icao_only",
)
_NOT_ICAO = "seen_in_the_wild_but_not_icao"


def _load_icao_table() -> dict[str, Any]:
    text = resources.files("straitwatch.documents").joinpath("data/icao_codes_non_iso.json")
    where = "straitwatch/documents/data/icao_codes_non_iso.json"
    try:
        table: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"cannot read the ICAO code table: {exc}", where=where) from exc
    for part in (*_ICAO_PARTS, _NOT_ICAO):
        entries = table.get(part)
        if not isinstance(entries, dict) or not all(
            isinstance(k, str) and _CODE.fullmatch(k) and isinstance(v, str)
            for k, v in entries.items()
        ):
            raise ConfigurationError(
                f"section {part!r} must map 1-3 capital letters to a description", where=where
            )
    return table


@cache
def known_codes() -> dict[str, str]:
    """Every accepted code (without '<' padding) mapped to the name of the state or body."""
    import pycountry  # a large table: loaded on first use, not at import

    codes = {country.alpha_3: country.name for country in pycountry.countries}
    table = _load_icao_table()
    for part in _ICAO_PARTS:
        codes.update(table[part])
    return codes


@cache
def _not_icao() -> dict[str, str]:
    notes: dict[str, str] = _load_icao_table()[_NOT_ICAO]
    return notes


def country_name(code: str) -> str | None:
    """The name behind an accepted code (``'D'`` and ``'D<<'`` alike), or None."""
    return known_codes().get(code.rstrip("<"))


def not_icao_note(code: str) -> str | None:
    """What is known about a code seen on documents that ICAO does not define (``INP``)."""
    return _not_icao().get(code.rstrip("<"))
