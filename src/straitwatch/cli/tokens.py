# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch tokens``: API tokens for machines and scripts."""

from __future__ import annotations

import typer

from straitwatch.access.actor import system_actor
from straitwatch.access.tokens import issue_token, list_tokens, revoke_token
from straitwatch.cli import context
from straitwatch.cli.output import emit_table
from straitwatch.store.base import utcnow
from straitwatch.store.db import transaction

app = typer.Typer(
    help=(
        "API tokens for machines (sensor feeds) and scripts.\n\n"
        "Example: straitwatch tokens issue radar.dover --days 30"
    ),
    no_args_is_help=True,
)


@app.command("issue")
def issue_cmd(
    username: str = typer.Argument(..., help="The user the token acts as."),
    days: int = typer.Option(90, "--days", help="Lifetime in days (1-730)."),
    label: str = typer.Option("", "--label", help="What the token is for."),
    sensors: list[str] = typer.Option(
        [], "--sensor", help="A sensor the token may feed (repeat for several)."
    ),
) -> None:
    """Issue a token; it is printed once and stored only as a hash. A machine's token
    feeds only the sensors named with --sensor.

    Example: straitwatch tokens issue radar.dover --days 30 --sensor radar-dover
    """
    with transaction(context.engine()) as session:
        issued = issue_token(
            session,
            system_actor(),
            username,
            days=days,
            label=label,
            now=utcnow(),
            sensors=sensors,
        )
    typer.echo(
        f"token id {issued.token_id} for {issued.username}, expires "
        f"{issued.expires_at:%Y-%m-%d %H:%M}Z (shown once):",
        err=True,
    )
    typer.echo(issued.token)


@app.command("revoke")
def revoke_cmd(
    token_id: str = typer.Argument(..., help="The token id (see `tokens list`)."),
) -> None:
    """Revoke a token at once.

    Example: straitwatch tokens revoke 3f9a1c2b7d4e
    """
    with transaction(context.engine()) as session:
        revoke_token(session, system_actor(), token_id, now=utcnow())
    typer.echo(f"token {token_id} revoked")


@app.command("list")
def list_cmd() -> None:
    """List tokens (ids, users, expiry; never the secrets).

    Example: straitwatch tokens list
    """
    with transaction(context.engine()) as session:
        tokens = list_tokens(session)
    emit_table(
        ["ID", "USER", "LABEL", "SENSORS", "EXPIRES", "REVOKED"],
        [
            [
                t.token_id,
                t.username,
                t.label,
                ",".join(t.sensors),
                f"{t.expires_at:%Y-%m-%d}",
                f"{t.revoked_at:%Y-%m-%d}" if t.revoked_at else "",
            ]
            for t in tokens
        ],
    )
