# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch agencies``: the partner agencies."""

from __future__ import annotations

import typer
from sqlalchemy import select

from straitwatch.cli import context
from straitwatch.cli.output import emit_json, emit_table
from straitwatch.store.access import AgencyRow
from straitwatch.store.db import transaction

app = typer.Typer(
    help="The partner agencies.\n\nExample: straitwatch agencies list", no_args_is_help=True
)


@app.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """List the partner agencies with their country and search-and-rescue role.

    Example: straitwatch agencies list --json
    """
    with transaction(context.engine()) as session:
        rows = list(session.scalars(select(AgencyRow).order_by(AgencyRow.country, AgencyRow.code)))
    items = [
        {
            "code": r.code,
            "name": r.name,
            "country": r.country,
            "sar_role": r.sar_role,
            "sar_region": r.sar_region,
        }
        for r in rows
    ]
    if as_json:
        emit_json({"agencies": items})
    else:
        emit_table(
            ["CODE", "COUNTRY", "SAR", "NAME"],
            [[i["code"], i["country"], i["sar_role"] or "-", i["name"]] for i in items],
        )
