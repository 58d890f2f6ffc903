# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch intel entities``: FtM entities (import, export, show)."""

from __future__ import annotations

from pathlib import Path

import typer

from straitwatch.cli import context
from straitwatch.cli.acting import AS, PURPOSE, actor
from straitwatch.cli.output import emit_json
from straitwatch.errors import InvalidInput
from straitwatch.store.db import transaction

__all__ = ["entities"]

entities = typer.Typer(help="FtM entities: import, export, show.", no_args_is_help=True)


@entities.command("import")
def entities_import(
    path: Path,
    as_user: str = AS,
    report: int | None = typer.Option(None, "--report", help="The report they were drawn from."),
    phone_region: str | None = typer.Option(
        None, "--phone-region", help="Region for numbers without +country code, e.g. FR."
    ),
) -> None:
    """Load FtM JSON lines (all or nothing; a bad line is named, numbers are E.164).

    Example: straitwatch intel entities import people.jsonl --report 7 --as uk.analyst
    """
    from straitwatch.intel.entities import load_entities

    if not path.is_file():
        raise InvalidInput(f"no file {path}")
    with path.open(encoding="utf-8") as fh, transaction(context.engine()) as s:
        n = load_entities(s, actor(s, as_user), fh, report_id=report, phone_region=phone_region)
    typer.echo(f"{n} entities loaded from {path}")


@entities.command("export")
def entities_export(
    as_user: str = AS,
    q: str | None = typer.Option(None, "--q", help="Only entities containing this text."),
    out: Path | None = typer.Option(None, "--out"),
    purpose: str | None = PURPOSE,
) -> None:
    """Write the entities you may see as FtM JSON lines (with their handling code).

    Example: straitwatch intel entities export --as fr.analyst --out entities.jsonl
    """
    from straitwatch.intel.entities import export_entities

    with transaction(context.engine()) as s:
        lines = list(export_entities(s, actor(s, as_user), q, purpose=purpose))
    text = "".join(line + "\n" for line in lines)
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{len(lines)} entities written to {out}", err=True)
    else:
        typer.echo(text, nl=False)


@entities.command("show")
def entities_show(entity_id: str, as_user: str = AS, purpose: str | None = PURPOSE) -> None:
    """One entity with the provenance of each value (a consultation event).

    Example: straitwatch intel entities show uto-engine-1 --as uk.analyst
    """
    from straitwatch.intel.entities import get_entity

    with transaction(context.engine()) as s:
        emit_json(get_entity(s, actor(s, as_user), entity_id, purpose=purpose))
