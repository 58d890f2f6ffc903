# SPDX-License-Identifier: EUPL-1.2
"""Validate a machine-readable zone against ICAO Doc 9303 (8th edition).

:func:`check_mrz` is the one entry point: it finds the format from the shape of the
lines, reads every field, and checks character set, check digits (including long document
numbers and the composite), document code, country codes, dates, sex and the name field.
Everything wrong is an error naming its field; things an officer should look at without
the MRZ being malformed (expired, possibly truncated name) are warnings. When the errors
look like OCR misreadings, corrections are *proposed* (see :mod:`.repair`), never applied.

>>> result = check_mrz(["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
...                     "L898902C36UTO7408122F1204159ZE184226B<<<<<10"], today=date(2026, 1, 1))
>>> result.valid, result.fields["surname"], [w.code.value for w in result.warnings]
(True, 'ERIKSSON', ['expired'])
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from straitwatch.documents.checkdigit import MRZ_CHARACTERS
from straitwatch.documents.countries import country_name, not_icao_note
from straitwatch.documents.dates import birth_date, expiry_date
from straitwatch.documents.fields import check_digits, read_fields
from straitwatch.documents.formats import LAYOUTS, Layout, MrzFormat, detect_format
from straitwatch.documents.names import read_name
from straitwatch.documents.repair import propose_corrections
from straitwatch.documents.result import Issue, IssueCode, MrzResult

__all__ = ["check_mrz"]

_SEXES = frozenset("MFX<")


def check_mrz(lines: Sequence[str], *, today: date, propose: bool = True) -> MrzResult:
    """Check the MRZ ``lines`` (exactly as printed, one string a line) as of ``today``.

    ``propose`` asks for OCR corrections: only for lines an OCR read. A character an
    officer typed is not an OCR confusion, and "correcting" it until the check digits
    agree would make an invented number pass.

    ``today`` decides the century of the dates and whether the document has expired;
    pass the officer's date (UTC), never let the library guess it.
    """
    lines = tuple(lines)
    fmt = detect_format(lines)
    if fmt is None:
        lengths = [len(line) for line in lines]
        message = (
            f"unsupported line count/length {lengths}: an ICAO MRZ has 3 lines of 30 (TD1), "
            "2 of 36 (TD2, MRV-B) or 2 of 44 (TD3, MRV-A) characters"
        )
        return MrzResult(lines, None, errors=(Issue("mrz", IssueCode.FORMAT, message),))
    layout = LAYOUTS[fmt]
    errors: list[Issue] = []
    warnings: list[Issue] = []
    errors += _charset(lines)
    errors += _document_code(layout, lines)
    digits = check_digits(layout, lines)
    errors += digits.errors
    warnings += digits.warnings
    fields = read_fields(layout, lines)
    errors += _countries(layout, lines)
    dates, date_errors, date_warnings = _dates(fields, today)
    errors += date_errors
    warnings += date_warnings
    sex = layout.field("sex").span.take(lines)
    if sex not in _SEXES:
        errors.append(Issue("sex", IssueCode.SEX, f"sex {sex!r} is not M, F, X or '<'"))
    name_errors, name_warnings = _name(layout, lines)
    errors += name_errors
    warnings += name_warnings
    repair = propose_corrections(layout, lines) if errors and propose else None
    if repair is not None and repair.ambiguous:
        warnings.append(repair.ambiguous)
    return MrzResult(
        lines=lines,
        format=fmt,
        fields=fields,
        dates=dates,
        errors=tuple(errors),
        warnings=tuple(warnings),
        check_digits=digits.reports,
        corrections=repair.corrections if repair else (),
    )


def _charset(lines: tuple[str, ...]) -> list[Issue]:
    issues = []
    for number, line in enumerate(lines, start=1):
        bad = [(i + 1, char) for i, char in enumerate(line) if char not in MRZ_CHARACTERS]
        if bad:
            where = ", ".join(f"{char!r} at {pos}" for pos, char in bad[:5])
            more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
            issues.append(
                Issue(
                    f"line{number}",
                    IssueCode.CHARSET,
                    f"line {number} has characters outside A-Z0-9<: {where}{more}",
                )
            )
    return issues


def _document_code(layout: Layout, lines: tuple[str, ...]) -> list[Issue]:
    code = layout.field("document_code").span.take(lines)
    first, second = code[0], code[1]
    problem = None
    if not (first.isalpha() and first.isascii()) or not (second == "<" or second.isalpha()):
        problem = "must be a letter followed by a letter or '<'"
    elif layout.format is MrzFormat.TD3 and first != "P":
        problem = "TD3 (passport) must start with P"
    elif layout.format in (MrzFormat.TD1, MrzFormat.TD2) and (first not in "ACI" or second == "V"):
        problem = f"{layout.format} (ID card) must start with A, C or I, and not continue with V"
    if problem is None:
        return []
    return [Issue("document_code", IssueCode.DOCUMENT_CODE, f"document code {code!r}: {problem}")]


def _countries(layout: Layout, lines: tuple[str, ...]) -> list[Issue]:
    issues = []
    for name in ("issuing_state", "nationality"):
        raw = layout.field(name).span.take(lines)
        code = raw.rstrip("<")
        if code.isalpha() and code.isascii() and country_name(code):
            continue
        message = f"{name} {code!r} not an ICAO/ISO 3166 code"
        if note := not_icao_note(code):
            message += f" ({note})"
        issues.append(Issue(name, IssueCode.UNKNOWN_CODE, message))
    return issues


def _dates(fields: dict[str, str], today: date) -> tuple[dict[str, str], list[Issue], list[Issue]]:
    errors: list[Issue] = []
    warnings: list[Issue] = []
    born = birth_date(fields["birth_date"], today=today)
    expires = expiry_date(fields["expiry_date"], today=today)
    for name, when in (("birth_date", born), ("expiry_date", expires)):
        if when is None:
            errors.append(
                Issue(name, IssueCode.DATE, f"{name} {fields[name]!r} is not a valid YYMMDD date")
            )
    dates = {
        name: when.isoformat()
        for name, when in (("birth_date", born), ("expiry_date", expires))
        if when
    }
    if born and expires:
        if expires <= born:
            errors.append(
                Issue(
                    "expiry_date",
                    IssueCode.DATE_ORDER,
                    f"expiry_date {expires.isoformat()} is not after birth_date {born.isoformat()}",
                )
            )
        elif expires < today:
            warnings.append(
                Issue(
                    "expiry_date",
                    IssueCode.EXPIRED,
                    f"document expired on {expires.isoformat()} (checked on {today.isoformat()})",
                )
            )
    return dates, errors, warnings


def _name(layout: Layout, lines: tuple[str, ...]) -> tuple[list[Issue], list[Issue]]:
    name = read_name(layout.names.span.take(lines))
    errors, warnings = [], []
    if name.has_digits:
        errors.append(Issue("name", IssueCode.NAME_CHARSET, "name field contains digits"))
    if name.empty_primary:
        warnings.append(
            Issue(
                "name",
                IssueCode.EMPTY_PRIMARY_IDENTIFIER,
                "empty primary identifier (name field starts with '<')",
            )
        )
    if name.possibly_truncated:
        warnings.append(
            Issue(
                "name",
                IssueCode.POSSIBLY_TRUNCATED,
                "name field full: last character is a letter -> possibly truncated",
            )
        )
    if not name.has_secondary:
        warnings.append(Issue("name", IssueCode.NO_SECONDARY_IDENTIFIER, "no secondary identifier"))
    return errors, warnings
