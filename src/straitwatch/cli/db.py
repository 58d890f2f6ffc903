# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch db``: create and migrate the store."""

from __future__ import annotations

import typer

from straitwatch.access.actor import system_actor
from straitwatch.access.users import seed_agencies
from straitwatch.cli import context
from straitwatch.store.db import transaction
from straitwatch.store.migrate import current_heads, pending, upgrade

app = typer.Typer(
    help="Create and migrate the store.\n\nExample: straitwatch db upgrade",
    no_args_is_help=True,
)


@app.command("upgrade")
def upgrade_cmd() -> None:
    """Apply every pending migration and seed the partner agencies.

    Example: STRAITWATCH_DATABASE_URL=postgresql://sw@127.0.0.1/sw straitwatch db upgrade
    """
    engine = context.engine(require_schema=False)
    before = pending(engine)
    upgrade(engine)
    with transaction(engine) as session:
        seeded = seed_agencies(session, system_actor())
    url = engine.url.render_as_string(hide_password=True)
    typer.echo(f"database {url}: {len(before)} branch(es) migrated, {seeded} agencies seeded")


@app.command("status")
def status_cmd() -> None:
    """Show the schema revisions applied and pending.

    Example: straitwatch db status
    """
    engine = context.engine(require_schema=False)
    typer.echo(f"applied: {', '.join(sorted(current_heads(engine))) or 'none'}")
    typer.echo(f"pending: {', '.join(sorted(pending(engine))) or 'none'}")
