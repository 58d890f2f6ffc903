# SPDX-License-Identifier: EUPL-1.2
"""What a document check returns: the verdict, the fields read, and every flag with the
field it concerns — the shape the CLI prints and the API returns (``to_dict``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from straitwatch.documents.formats import MrzFormat

__all__ = ["CheckDigitReport", "Correction", "Issue", "IssueCode", "MrzResult"]


class IssueCode(StrEnum):
    """Why a field is flagged. Errors make the MRZ invalid; warnings do not."""

    # errors
    FORMAT = "format"
    CHARSET = "charset"
    CHECK_DIGIT = "check_digit"
    LONG_DOCUMENT_NUMBER = "long_document_number"
    DOCUMENT_CODE = "document_code"
    UNKNOWN_CODE = "unknown_code"
    DATE = "date"
    DATE_ORDER = "date_order"
    SEX = "sex"
    NAME_CHARSET = "name_charset"
    # warnings
    EXPIRED = "expired"
    EMPTY_PRIMARY_IDENTIFIER = "empty_primary_identifier"
    NO_SECONDARY_IDENTIFIER = "no_secondary_identifier"
    POSSIBLY_TRUNCATED = "possibly_truncated"
    CHECK_DIGIT_WITH_FILLER = "check_digit_with_filler"
    AMBIGUOUS_REPAIR = "ambiguous_repair"


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing wrong (or worth a look) with one field, said so an officer understands."""

    field: str
    code: IssueCode
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": str(self.code), "message": self.message}


@dataclass(frozen=True, slots=True)
class CheckDigitReport:
    """A check digit as found and as computed; ``variant`` says how a long document
    number matched: ``"without_filler"`` (Doc 9303) or ``"with_filler"``."""

    field: str
    found: str
    computed: str
    ok: bool
    variant: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"found": self.found, "computed": self.computed, "ok": self.ok}
        if self.variant:
            out["variant"] = self.variant
        return out


@dataclass(frozen=True, slots=True)
class Correction:
    """A character the OCR probably misread, with what it should be (1-based positions).

    Proposed only as part of a set of corrections after which every check digit of the
    MRZ passes; never applied to the verdict.
    """

    line: int
    position: int
    found: str
    proposed: str
    field: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "position": self.position,
            "found": self.found,
            "proposed": self.proposed,
            "field": self.field,
        }


@dataclass(frozen=True, slots=True)
class MrzResult:
    """The outcome of :func:`straitwatch.documents.check_mrz`.

    ``fields`` holds the values as the MRZ carries them (dates as ``YYMMDD``, fillers
    stripped, names with spaces); ``dates`` the same dates as ISO calendar dates where
    they are real ones.
    """

    lines: tuple[str, ...]
    format: MrzFormat | None
    fields: dict[str, str] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()
    check_digits: tuple[CheckDigitReport, ...] = ()
    corrections: tuple[Correction, ...] = ()

    @property
    def valid(self) -> bool:
        return self.format is not None and not self.errors

    @property
    def readable(self) -> bool:
        """False when the lines have the shape of no ICAO format (nothing could be read)."""
        return self.format is not None

    def corrected_lines(self) -> tuple[str, ...]:
        """The lines with the proposed corrections applied (for the officer to compare)."""
        rows = [list(line) for line in self.lines]
        for fix in self.corrections:
            rows[fix.line - 1][fix.position - 1] = fix.proposed
        return tuple("".join(row) for row in rows)

    @property
    def expired(self) -> bool:
        """The expiry date is past (a warning: the MRZ itself may be well formed)."""
        return any(w.code is IssueCode.EXPIRED for w in self.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            # Two separate questions: is the MRZ well formed, and is the document valid today.
            "well_formed": self.valid,
            "expired": self.expired,
            "valid_today": self.valid and not self.expired,
            "format": str(self.format) if self.format else None,
            "lines": list(self.lines),
            "fields": dict(self.fields),
            "dates": dict(self.dates),
            "errors": [issue.to_dict() for issue in self.errors],
            "warnings": [issue.to_dict() for issue in self.warnings],
            "check_digits": {cd.field: cd.to_dict() for cd in self.check_digits},
            "corrections": [fix.to_dict() for fix in self.corrections],
            "corrected_lines": list(self.corrected_lines()) if self.corrections else None,
        }
