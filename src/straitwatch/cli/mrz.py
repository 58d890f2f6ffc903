# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch mrz``: check a travel document's machine-readable zone (ICAO 9303).

The verdict comes in three parts, never merged into one "valid": well formed (structure and
check digits), in date (not expired), flags raised (fraud indicators and the lost, stolen
and revoked list held here, consulted whenever the store is reachable).

Exit status: 0 well formed, 1 not well formed (the result says why), 2 unreadable input
(no MRZ of any ICAO shape, an unreadable image) or a usage error. Expiry and flags are in
the output, not the exit status. ``mrz read DIR`` exits with the worst status of the batch.
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
    from straitwatch.documents import MrzResult, OcrResult, Verdict
    from straitwatch.documents.viz import VizComparison

_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp"})

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
    return datetime.now(UTC).date() if text is None else _day(text, "--today")


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"{option} {text!r} is not a date (YYYY-MM-DD)") from exc


def _lines(arguments: list[str]) -> list[str]:
    """One argument a line; an argument may also hold several lines; ``-`` reads stdin."""
    text = "\n".join(sys.stdin.read() if arg == "-" else arg for arg in arguments)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _audit(
    result: MrzResult | None,
    purpose: str,
    source: Literal["text", "image"],
    verdict: Verdict | None = None,
) -> None:
    from straitwatch.access.actor import system_actor
    from straitwatch.cli import context
    from straitwatch.documents import record_check
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as session:
        record_check(
            session, system_actor(), result, purpose=purpose, source=source, verdict=verdict
        )


def _verdict(
    result: MrzResult,
    today: date,
    viz: VizComparison | None = None,
    *,
    issued: date | None = None,
) -> Verdict:
    """The three-part verdict, with the list held in the store when the store is reachable."""
    from sqlalchemy.exc import SQLAlchemyError

    from straitwatch.cli import context
    from straitwatch.documents import check_list, document_verdict
    from straitwatch.errors import StoreUnavailable
    from straitwatch.store.db import transaction

    listed = None
    if result.readable:
        try:
            with transaction(context.engine()) as session:
                listed = check_list(session, result)
        except (StoreUnavailable, SQLAlchemyError):
            listed = None  # said in the output: "the list was not consulted"
    return document_verdict(result, today=today, list_check=listed, viz=viz, issued=issued)


def _print_verdict(verdict: Verdict) -> None:
    if verdict.in_date is not None:
        typer.echo(f"in date: {'yes' if verdict.in_date else 'NO (expired)'}")
    typer.echo(f"flags raised: {len(verdict.flags)}")
    for flag in verdict.flags:
        typer.echo(f"  {flag.field}: {flag.reason}")
    payload = verdict.to_dict()
    typer.echo(f"list: {payload['list_message']}")


def _print(result: MrzResult) -> None:
    verdict = (
        "WELL FORMED"
        if result.valid
        else ("UNREADABLE" if not result.readable else "NOT WELL FORMED")
    )
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
    issued: str | None = typer.Option(
        None,
        "--issued",
        help="The date of issue printed on the page, YYYY-MM-DD (the MRZ does not carry "
        "it): weighed against the expiry, the holder's birth and today.",
    ),
) -> None:
    """Validate MRZ lines: format, check digits, dates, codes, names; propose OCR fixes.

    Example: straitwatch mrz check 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<'
    'L898902C36UTO7408122F1204159ZE184226B<<<<<10' --json
    """
    from straitwatch.documents import check_mrz

    day = _today(today)
    result = check_mrz(_lines(lines), today=day)
    verdict = _verdict(result, day, issued=None if issued is None else _day(issued, "--issued"))
    if purpose:
        _audit(result, purpose, "text", verdict)
    if as_json:
        emit_json({**result.to_dict(), "verdict": verdict.to_dict()})
    else:
        _print(result)
        _print_verdict(verdict)
    raise typer.Exit(_exit_code(result))


@app.command("read")
def read_cmd(
    image: Path = typer.Argument(
        ..., help="Photo or scan of the data page (PNG, JPEG...), or a folder of them."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    today: str | None = typer.Option(None, "--today", help=_TODAY_HELP),
    purpose: str | None = typer.Option(None, "--purpose", help=_PURPOSE_HELP),
    viz: bool | None = typer.Option(
        None,
        "--viz/--no-viz",
        help="Compare the printed page with the MRZ (about 1-2 s more an image; "
        "default: on for one image, off for a folder).",
    ),
) -> None:
    """Find the MRZ on an image (or every image of a folder), read it, and check it.

    A folder is read as a batch with a progress bar on stderr; each image is checked and
    (with --purpose) audited on its own, and held in memory only.

    Example: straitwatch mrz read passport.jpg --json;
    straitwatch mrz read scans/ --json --purpose "ferry arrivals Dover"
    """
    day = _today(today)
    if image.is_dir():
        _read_folder(image, as_json=as_json, today=day, purpose=purpose, viz=bool(viz))
        return
    read, verdict = _read_one(image, day, purpose, viz=viz is not False)
    if as_json:
        emit_json(_as_dict(read, verdict))
    elif read.result is None:
        typer.echo("UNREADABLE  no MRZ found on the image")
    else:
        _print_read(read, verdict)
    raise typer.Exit(_read_code(read))


def _read_one(
    image: Path, day: date, purpose: str | None, *, viz: bool = True
) -> tuple[OcrResult, Verdict | None]:
    from straitwatch.documents import read_mrz
    from straitwatch.documents.viz import check_viz

    data = image.read_bytes() if image.is_file() else image
    read = read_mrz(data, today=day)
    verdict = None
    if read.result is not None:
        page = (
            check_viz(data, read.result)
            if viz and read.result.readable and isinstance(data, bytes)
            else None
        )
        verdict = _verdict(read.result, day, page)
    if purpose:
        _audit(read.result, purpose, "image", verdict)
    return read, verdict


def _as_dict(read: OcrResult, verdict: Verdict | None) -> dict[str, object]:
    return {**read.to_dict(), "verdict": verdict.to_dict() if verdict else None}


def _print_read(read: OcrResult, verdict: Verdict | None) -> None:
    assert read.result is not None
    typer.echo("read: " + " / ".join(read.lines))
    for note in read.notes:
        typer.echo(f"  ({note})")
    for doubt in read.uncertain:
        typer.echo(
            f"  uncertain: line {doubt.line} position {doubt.position} ({doubt.field}): "
            f"{doubt.reason}"
        )
    _print(read.result)
    if verdict is not None:
        _print_verdict(verdict)


def _read_code(read: OcrResult) -> int:
    return 2 if read.result is None else _exit_code(read.result)


def _read_folder(
    folder: Path, *, as_json: bool, today: date, purpose: str | None, viz: bool
) -> None:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in _IMAGE_SUFFIXES)
    if not files:
        raise InvalidInput(f"no image ({', '.join(sorted(_IMAGE_SUFFIXES))}) in {folder}")
    results: list[dict[str, object]] = []
    worst = 0
    with typer.progressbar(files, label="reading", file=sys.stderr) as bar:
        for path in bar:
            try:
                read, verdict = _read_one(path, today, purpose, viz=viz)
            except InvalidInput as exc:
                results.append({"file": path.name, "error": str(exc)})
                worst = 2
                continue
            worst = max(worst, _read_code(read))
            results.append({"file": path.name, **_as_dict(read, verdict)})
            if not as_json:
                typer.echo(f"== {path.name}")
                if read.result is None:
                    typer.echo("UNREADABLE  no MRZ found on the image")
                else:
                    _print_read(read, verdict)
    if as_json:
        emit_json({"count": len(results), "results": results})
    raise typer.Exit(worst)


@app.command("list-add")
def list_add_cmd(
    issuing_state: str = typer.Argument(..., help="Issuing state code (e.g. GBR, D, UTO)."),
    number: str = typer.Argument(..., help="Document number as in the MRZ."),
    status: str = typer.Option(..., "--status", help="lost, stolen or revoked."),
    source: str = typer.Option(..., "--source", help="Who reported it (e.g. 'Interpol SLTD')."),
) -> None:
    """Enter a document on the lost, stolen and revoked list held here (hashed number).

    Example: straitwatch mrz list-add UTO L898902C3 --status stolen --source "Interpol SLTD"
    """
    from straitwatch.cli import context
    from straitwatch.documents import ListStatus, add_listed
    from straitwatch.store.db import transaction

    try:
        kind = ListStatus(status)
    except ValueError as exc:
        raise InvalidInput(f"--status {status!r}: give lost, stolen or revoked") from exc
    with transaction(context.engine()) as session:
        add_listed(session, issuing_state, number, kind, source=source)
    typer.echo(f"listed {issuing_state} document as {kind}")
