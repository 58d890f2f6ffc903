"""``straitwatch mrz``: check a travel document's machine-readable zone (ICAO 9303).

Exit status: 0 valid, 1 invalid (the result says why), 2 unreadable input (no MRZ of any
ICAO shape, an unreadable image) or a usage error.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from straitwatch.cli.output import emit_json
from straitwatch.errors import InvalidInput

if TYPE_CHECKING:
    from straitwatch.documents import MrzResult

app = typer.Typer(
    help=(
        "Check a travel document's machine-readable zone (ICAO 9303).\n\n"
        "Example: straitwatch mrz check 'I<UTOD231458907<<<<<<<<<<<<<<<' "
        "'7408122F1204159UTO<<<<<<<<<<<6' 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'"
    ),
    no_args_is_help=True,
)

_TODAY_HELP = "Date of the check (YYYY-MM-DD, default today UTC): decides 'expired'."
_PURPOSE_HELP = (
    "Why the document is checked; when given, the check is recorded as a consultation "
    "in the audit log (needs the store: straitwatch db upgrade)."
)


def _today(text: str | None) -> date:
    if text is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"--today {text!r} is not a date (YYYY-MM-DD)") from exc


def _lines(arguments: list[str]) -> list[str]:
    """One argument a line; an argument may also hold several lines; ``-`` reads stdin."""
    text = "\n".join(sys.stdin.read() if arg == "-" else arg for arg in arguments)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _audit(result: MrzResult | None, purpose: str, source: Literal["text", "image"]) -> None:
    from straitwatch.access.actor import system_actor
    from straitwatch.cli import context
    from straitwatch.documents import record_check
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as session:
        record_check(session, system_actor(), result, purpose=purpose, source=source)


def _print(result: MrzResult) -> None:
    verdict = "VALID" if result.valid else ("UNREADABLE" if not result.readable else "INVALID")
    typer.echo(f"{verdict}  {result.format or 'no ICAO format'}")
    width = max((len(name) for name in result.fields), default=0)
    for name, value in result.fields.items():
        typer.echo(f"  {name.ljust(width)}  {value}")
    for title, issues in (("errors", result.errors), ("warnings", result.warnings)):
        if issues:
            typer.echo(f"{title}:")
            for issue in issues:
                typer.echo(f"  {issue.field}: {issue.message}")
    if result.corrections:
        typer.echo("OCR corrections proposed (not applied; every check digit passes with them):")
        for fix in result.corrections:
            typer.echo(
                f"  line {fix.line} position {fix.position}: {fix.found!r} -> {fix.proposed!r}"
                f" ({fix.field})"
            )
        for line in result.corrected_lines():
            typer.echo(f"  {line}")


def _exit_code(result: MrzResult) -> int:
    return 0 if result.valid else (1 if result.readable else 2)


@app.command("check")
def check_cmd(
    lines: list[str] = typer.Argument(..., help="The MRZ lines, in order ('-' reads stdin)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    today: str | None = typer.Option(None, "--today", help=_TODAY_HELP),
    purpose: str | None = typer.Option(None, "--purpose", help=_PURPOSE_HELP),
) -> None:
    """Validate MRZ lines: format, check digits, dates, codes, names; propose OCR fixes.

    Example: straitwatch mrz check 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<'
    'L898902C36UTO7408122F1204159ZE184226B<<<<<10' --json
    """
    from straitwatch.documents import check_mrz

    result = check_mrz(_lines(lines), today=_today(today))
    if purpose:
        _audit(result, purpose, "text")
    if as_json:
        emit_json(result.to_dict())
    else:
        _print(result)
    raise typer.Exit(_exit_code(result))


@app.command("read")
def read_cmd(
    image: Path = typer.Argument(..., help="Photo or scan of the data page (PNG, JPEG...)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    today: str | None = typer.Option(None, "--today", help=_TODAY_HELP),
    purpose: str | None = typer.Option(None, "--purpose", help=_PURPOSE_HELP),
) -> None:
    """Find the MRZ on an image, read it (Tesseract), and check it.

    Example: straitwatch mrz read passport.jpg --json
    """
    from straitwatch.documents import read_mrz

    read = read_mrz(image, today=_today(today))
    if purpose:
        _audit(read.result, purpose, "image")
    if as_json:
        emit_json(read.to_dict())
    elif read.result is None:
        typer.echo("UNREADABLE  no MRZ found on the image")
    else:
        typer.echo("read: " + " / ".join(read.lines))
        for note in read.notes:
            typer.echo(f"  ({note})")
        _print(read.result)
    raise typer.Exit(2 if read.result is None else _exit_code(read.result))
