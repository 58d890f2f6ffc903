# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch intel``: graded reports, dissemination, permission requests, entities and
search, acting as a named user (``--as``) so every consultation is attributable. Each
group of commands has its module (``intel_reports``, ``intel_requests``,
``intel_entities``); the user and the options they share are in ``acting``."""

from __future__ import annotations

import typer

from straitwatch.cli import context
from straitwatch.cli.acting import AS, JSON, PURPOSE, actor
from straitwatch.cli.intel_entities import entities
from straitwatch.cli.intel_reports import reports
from straitwatch.cli.intel_requests import requests
from straitwatch.cli.output import emit_json, emit_table
from straitwatch.store.db import transaction

__all__ = ["app"]

app = typer.Typer(
    help="Intelligence exchange: reports, dissemination, entities, search.\n\n"
    "Example: straitwatch intel reports list --as uk.analyst",
    no_args_is_help=True,
)
app.add_typer(reports, name="reports")
app.add_typer(requests, name="requests")
app.add_typer(entities, name="entities")


@app.command("search")
def search_cmd(
    query: str, as_user: str = AS, purpose: str | None = PURPOSE, as_json: bool = JSON
) -> None:
    """Full-text search over the reports and entities you may see.

    Example: straitwatch intel search "gravelines engine" --as fr.analyst
    """
    from straitwatch.intel.search import search

    with transaction(context.engine()) as s:
        hits = search(s, actor(s, as_user), query, purpose=purpose)
    if as_json:
        emit_json({"hits": hits})
        return
    emit_table(
        ["kind", "id", "handling", "title"],
        [[h["kind"], h["id"], h["handling"], h["title"]] for h in hits],
    )


@app.command("seed-demo")
def seed_demo() -> None:
    """Load the fictional demo intelligence (needs the demo users uk.analyst, fr.analyst,
    be.analyst, created by `straitwatch demo`); does nothing when reports exist.

    Example: straitwatch intel seed-demo
    """
    from straitwatch.intel.demo import DEMO_AUTHORS, seed_demo_intel

    with transaction(context.engine()) as s:
        actors = {name: actor(s, name) for name in DEMO_AUTHORS}
        n = seed_demo_intel(s, actors)
    typer.echo(f"{n} fictional demo reports loaded")
