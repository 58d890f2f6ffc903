"""``straitwatch demo``: the main job, on the embedded defaults."""

from __future__ import annotations

import typer

from straitwatch.access.actor import system_actor
from straitwatch.access.demo_users import DEMO_USERS, generate_password, seed_demo_users
from straitwatch.access.users import seed_agencies
from straitwatch.cli import context
from straitwatch.store.db import transaction
from straitwatch.store.migrate import upgrade

__all__ = ["register"]


def demo(
    port: int = typer.Option(8000, "--port", help="Port to serve the live picture on."),
    password: str | None = typer.Option(
        None, "--password", help="Password for every demo user (else one is generated)."
    ),
) -> None:
    """Create the embedded store, seed the partner agencies and the demo users.

    Example: straitwatch demo --password 'Tide-Gris-Nez-2024'
    """
    engine = context.engine(require_schema=False)
    upgrade(engine)
    pw = password or generate_password()
    with transaction(engine) as session:
        actor = system_actor()
        agencies_new = seed_agencies(session, actor)
        created = seed_demo_users(session, actor, pw)
    typer.echo(f"store: {engine.url.render_as_string(hide_password=True)} (migrated)")
    typer.echo(f"agencies seeded: {agencies_new} new")
    typer.echo(f"demo users: {', '.join(n for n, _, _ in DEMO_USERS)} ({len(created)} created now)")
    if created:
        typer.echo(f"demo password: {pw}")
    del port


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
