# SPDX-License-Identifier: EUPL-1.2
"""The name field of an MRZ (Doc 9303-3 §4.6): primary and secondary identifiers.

The primary identifier (surname) comes first, then ``<<``, then the secondary identifier
(given names); fillers inside either stand for spaces (or for hyphens and apostrophes,
which the MRZ cannot carry). A name too long for the field is truncated, and the only
trace left in the MRZ is that the field ends in a letter instead of a filler — so that
is reported as *possibly* truncated (any last character but a filler means the field is
full). :func:`compare_with_viz` settles it against the name
printed in the visual zone.

>>> name = read_name("SMITH<JONES<<SUSIE<MARGARET<<<<<<<<<<<<")
>>> name.primary, name.secondary, name.possibly_truncated
('SMITH JONES', 'SUSIE MARGARET', False)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["MrzName", "VizMatch", "compare_with_viz", "read_name", "viz_to_mrz"]


@dataclass(frozen=True, slots=True)
class MrzName:
    """A name field read: identifiers with fillers turned to spaces, and what looks wrong."""

    primary: str
    secondary: str
    possibly_truncated: bool
    empty_primary: bool
    has_digits: bool

    @property
    def has_secondary(self) -> bool:
        return bool(self.secondary)


def read_name(field: str) -> MrzName:
    """Split a name field on its first ``<<``; trailing fillers end it."""
    body = field.rstrip("<")
    primary, _, secondary = body.partition("<<")
    return MrzName(
        primary=primary.replace("<", " ").strip(),
        secondary=secondary.replace("<", " ").strip(),
        possibly_truncated=bool(field) and field[-1] != "<",
        empty_primary=field.startswith("<"),
        has_digits=any(char.isdigit() for char in field),
    )


class VizMatch(StrEnum):
    """How the MRZ name relates to the name printed in the visual zone."""

    EXACT = "exact"
    TRUNCATED = "truncated"
    MISMATCH = "mismatch"


def viz_to_mrz(viz: str) -> str:
    """A printed name part as the MRZ spells it: capitals, accents dropped, hyphens and
    spaces as separators, apostrophes removed (Doc 9303-3 §4.6.4, without the national
    transliteration tables of §6, which need the script of the original)."""
    decomposed = unicodedata.normalize("NFKD", viz.upper())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = re.sub(r"['’`‘]", "", plain)
    plain = re.sub(r"[^A-Z]+", " ", plain)
    return " ".join(plain.split())


def _is_truncation(mrz: str, viz: str) -> bool:
    """Whether ``mrz`` is ``viz`` shortened the ICAO way: whole components dropped from
    the end, and the components kept cut to prefixes of themselves."""
    mrz_parts, viz_parts = mrz.split(), viz.split()
    if len(mrz_parts) > len(viz_parts):
        return False
    return all(v.startswith(m) for m, v in zip(mrz_parts, viz_parts, strict=False))


def compare_with_viz(name: MrzName, viz_name: str) -> VizMatch:
    """Compare the MRZ name with the printed one, ``"PRIMARY, SECONDARY"`` as printed.

    >>> compare_with_viz(read_name("BENNEL<WOOLOO<<DINGO"), "BENNELONG WOOLOOMOOLOO, DINGO POTOROO")
    <VizMatch.TRUNCATED: 'truncated'>
    """
    viz_primary, _, viz_secondary = viz_name.partition(",")
    primary, secondary = viz_to_mrz(viz_primary), viz_to_mrz(viz_secondary)
    if (name.primary, name.secondary) == (primary, secondary):
        return VizMatch.EXACT
    if (
        name.possibly_truncated  # only a full field can have been cut
        and _is_truncation(name.primary, primary)
        and _is_truncation(name.secondary, secondary)
    ):
        return VizMatch.TRUNCATED
    return VizMatch.MISMATCH
