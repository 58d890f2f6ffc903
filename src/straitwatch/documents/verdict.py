# SPDX-License-Identifier: EUPL-1.2
"""The verdict on a document, in three separate parts an officer reads at a glance:

- **well formed** — the MRZ has an ICAO shape and passes every structural rule and check
  digit (as read or typed: a *proposed* correction never makes it well formed);
- **in date** — not expired on the day of the check;
- **flags raised** — fraud indicators (:mod:`.indicators`), the printed page against the
  MRZ (:mod:`.viz`) and the lost, stolen and revoked list held here (:mod:`.listed`), each
  with its reason.

There is no "genuine": a well-formed, in-date document with no flag is only that, and the
list answer says how current the list is.

>>> v = document_verdict(result, today=date(2026, 1, 1))   # doctest: +SKIP
>>> v.well_formed, v.in_date, [f.code for f in v.flags]    # doctest: +SKIP
(True, False, ['specimen_number', 'not_an_issuing_state'])
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from straitwatch.documents.indicators import Flag, FlagCode, document_flags
from straitwatch.documents.listed import ListCheck, lookup
from straitwatch.documents.result import MrzResult
from straitwatch.documents.viz import VizComparison
from straitwatch.errors import InvalidInput

__all__ = ["Verdict", "check_list", "document_verdict"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """Well formed, in date, and the flags raised, kept apart (see module doc)."""

    well_formed: bool
    in_date: bool | None  # None: no expiry date could be read
    flags: tuple[Flag, ...]
    list_check: ListCheck | None  # None: the list could not be consulted
    viz: VizComparison | None = None  # None: no page image to compare with

    @property
    def clear(self) -> bool:
        """Well formed, in date and no flag: the only case a screen may show in green."""
        return self.well_formed and self.in_date is True and not self.flags

    def to_dict(self) -> dict[str, Any]:
        return {
            "well_formed": self.well_formed,
            "in_date": self.in_date,
            "flags_raised": len(self.flags),
            "flags": [flag.to_dict() for flag in self.flags],
            "clear": self.clear,
            "list": self.list_check.to_dict() if self.list_check else None,
            "viz": self.viz.to_dict() if self.viz else None,
            "list_message": (
                self.list_check.message
                if self.list_check
                else "the lost, stolen and revoked list was not consulted"
            ),
        }


def check_list(session: Session, result: MrzResult) -> ListCheck | None:
    """The list's answer for the document ``result`` names (None when it names none)."""
    state = result.fields.get("issuing_state", "")
    number = result.fields.get("document_number", "")
    if not state or not number:
        return None
    try:
        return lookup(session, state, number)
    except InvalidInput:
        return None  # a number the OCR could not read cleanly names no document


def document_verdict(
    result: MrzResult,
    *,
    today: date,
    list_check: ListCheck | None = None,
    viz: VizComparison | None = None,
    issued: date | None = None,
) -> Verdict:
    """The three-part verdict on ``result`` as of ``today``, with the list's answer, the
    printed page's comparison and the printed date of issue when there are."""
    if not result.readable:
        return Verdict(False, None, (), list_check, viz)
    flags = list(document_flags(result, today=today, issued=issued))
    if viz is not None:
        flags += viz.flags
    if list_check is not None and list_check.listed:
        flags.insert(0, Flag(FlagCode.LISTED, "document_number", list_check.message))
    expiry = result.dates.get("expiry_date")
    in_date = None if expiry is None else date.fromisoformat(expiry) >= today
    return Verdict(result.valid, in_date, tuple(flags), list_check, viz)
