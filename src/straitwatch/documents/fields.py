# SPDX-License-Identifier: EUPL-1.2
"""Reading the fields of an MRZ by position, and verifying its check digits.

Fields are returned as the MRZ carries them: fillers at the end stripped, fillers inside
kept for numbers and optional data (``123456<AA``), turned to spaces in names. A document
number longer than 9 characters (TD1, TD2) shows a filler in its check-digit position and
continues in the optional data, ending with its own check digit; Doc 9303 computes that
digit over the number without the filler, some issuers (Belgium's BEL-BO-03003) with it —
both are accepted, the second with a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from straitwatch.documents.checkdigit import check_digit_or_none
from straitwatch.documents.formats import FieldKind, Layout
from straitwatch.documents.names import read_name
from straitwatch.documents.result import CheckDigitReport, Issue, IssueCode

__all__ = ["CheckDigitReading", "check_digits", "read_fields"]


@dataclass(frozen=True, slots=True)
class _LongNumber:
    number: str  # the whole document number, without its check digit
    found: str  # its check digit, taken from the optional data
    plain: str  # the number's characters as Doc 9303 feeds them to the check digit
    with_filler: str  # ...and with the filler at the check-digit position kept
    rest: str  # what the optional data holds after the number


def _long_number(layout: Layout, lines: Sequence[str]) -> _LongNumber | None:
    """The long document number, when the check-digit position holds a filler."""
    if layout.long_number_in is None:
        return None
    spec = layout.field("document_number")
    assert spec.check_at is not None
    if spec.check_at.take(lines) != "<":
        return None
    optional = layout.field(layout.long_number_in).span.take(lines)
    extension = optional.split("<", 1)[0]
    head = spec.span.take(lines)
    if not extension:
        return _LongNumber(head.rstrip("<"), "", "", "", optional.rstrip("<"))
    return _LongNumber(
        number=head + extension[:-1],
        found=extension[-1],
        plain=head + extension[:-1],
        with_filler=head + "<" + extension[:-1],
        rest=optional[len(extension) + 1 :].rstrip("<"),
    )


def read_fields(layout: Layout, lines: Sequence[str]) -> dict[str, str]:
    """Every field by name, plus ``surname`` and ``given_names`` from the name field."""
    values: dict[str, str] = {}
    for spec in layout.fields:
        raw = spec.span.take(lines)
        if spec.name == "name":
            name = read_name(raw)
            values["surname"], values["given_names"] = name.primary, name.secondary
        elif spec.kind in (FieldKind.DATE, FieldKind.SEX):
            values[spec.name] = raw  # a filler here is content, not padding
        else:
            values[spec.name] = raw.rstrip("<")
    long = _long_number(layout, lines)
    if long is not None and layout.long_number_in is not None:
        values["document_number"] = long.number.rstrip("<")
        values[layout.long_number_in] = long.rest
    return values


@dataclass(frozen=True, slots=True)
class CheckDigitReading:
    """Every check digit of an MRZ verified, with the errors and warnings that follow."""

    reports: tuple[CheckDigitReport, ...]
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]

    @property
    def all_pass(self) -> bool:
        return not self.errors


def _report(field: str, found: str, data: str) -> CheckDigitReport:
    computed = check_digit_or_none(data) or "?"
    return CheckDigitReport(field, found, computed, ok=found == computed)


def _mismatch(report: CheckDigitReport) -> Issue:
    return Issue(
        report.field,
        IssueCode.CHECK_DIGIT,
        f"{report.field} check digit {report.found!r} != computed {report.computed!r}",
    )


def check_digits(layout: Layout, lines: Sequence[str]) -> CheckDigitReading:
    """Verify the check digits of every protected field and the composite."""
    reports: list[CheckDigitReport] = []
    errors: list[Issue] = []
    warnings: list[Issue] = []
    long = _long_number(layout, lines)
    for spec in layout.fields:
        if spec.check_at is None:
            continue
        found, data = spec.check_at.take(lines), spec.span.take(lines)
        if spec.name == "document_number" and long is not None:
            _check_long_number(long, layout, reports, errors, warnings)
            continue
        report = _report(spec.name, found, data)
        if spec.name == layout.personal_number and data.strip("<") == "" and found in "<0":
            report = CheckDigitReport(spec.name, found, report.computed, ok=True)
        reports.append(report)
        if not report.ok:
            errors.append(_mismatch(report))
    if layout.composite_at is not None:
        data = "".join(span.take(lines) for span in layout.composite)
        report = _report("composite", layout.composite_at.take(lines), data)
        reports.append(report)
        if not report.ok:
            errors.append(_mismatch(report))
    return CheckDigitReading(tuple(reports), tuple(errors), tuple(warnings))


def _check_long_number(
    long: _LongNumber,
    layout: Layout,
    reports: list[CheckDigitReport],
    errors: list[Issue],
    warnings: list[Issue],
) -> None:
    if not long.found:
        errors.append(
            Issue(
                "document_number",
                IssueCode.LONG_DOCUMENT_NUMBER,
                "document number check digit position holds '<' but no extension/check digit "
                f"in {layout.long_number_in}",
            )
        )
        return
    plain = _report("document_number", long.found, long.plain)
    if plain.ok:
        reports.append(
            CheckDigitReport("document_number", long.found, plain.computed, True, "without_filler")
        )
        return
    filled = _report("document_number", long.found, long.with_filler)
    if filled.ok:
        reports.append(
            CheckDigitReport("document_number", long.found, filled.computed, True, "with_filler")
        )
        spec = layout.field("document_number")
        assert spec.check_at is not None
        warnings.append(
            Issue(
                "document_number",
                IssueCode.CHECK_DIGIT_WITH_FILLER,
                "long document number check digit only matches when computed including the "
                f"'<' at position {spec.check_at.start + 1}",
            )
        )
        return
    reports.append(plain)
    errors.append(
        Issue(
            "document_number",
            IssueCode.CHECK_DIGIT,
            f"document_number check digit {long.found!r} != computed {plain.computed!r} "
            f"(or {filled.computed!r} counting the filler)",
        )
    )
