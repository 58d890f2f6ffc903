# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch users``: people and machines who use straitwatch."""

from __future__ import annotations

import sys
from dataclasses import asdict

import typer

from straitwatch.access.actor import Role, system_actor
from straitwatch.access.directory import agency as agency_of
from straitwatch.access.directory import parse_role
from straitwatch.access.users import add_user, list_users
from straitwatch.cli import context
from straitwatch.cli.output import emit_json, emit_table
from straitwatch.errors import InvalidInput
from straitwatch.store.db import transaction

app = typer.Typer(
    help=(
        "People and machines who use straitwatch.\n\n"
        "Example: straitwatch users add uk.watch --agency HMCG --role watch_officer"
    ),
    no_args_is_help=True,
)


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise InvalidInput("no password on standard input")
        return line.rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@app.command("add")
def add_cmd(
    name: str = typer.Argument(..., help="User name, e.g. uk.watch"),
    agency: str = typer.Option(..., "--agency", help="Agency code (see `agencies list`)."),
    role: str = typer.Option(
        ...,
        "--role",
        help="watch_officer, analyst, investigator, supervisor, dpo, administrator or machine.",
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Add a user. The password is asked for (or read from stdin), never taken from argv;
    machines get no password: issue them a token.

    Example: straitwatch users add fr.watch --agency CROSSGN --role watch_officer
    """
    agency_code = agency_of(agency.upper()).code  # refuse unknown names before asking
    is_machine = parse_role(role) is Role.MACHINE
    password = None if is_machine else _read_password(password_stdin)
    with transaction(context.engine()) as session:
        user = add_user(session, system_actor(), name, agency_code, role, password)
    typer.echo(f"user {user.username} added ({user.agency}, {user.role})")


@app.command("list")
def list_cmd(
    agency: str | None = typer.Option(None, "--agency", help="Only this agency."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """List users.

    Example: straitwatch users list --agency HMCG
    """
    with transaction(context.engine()) as session:
        users = list_users(session, agency.upper() if agency else None)
    if as_json:
        emit_json({"users": [asdict(u) for u in users]})
        return
    emit_table(
        ["USER", "AGENCY", "ROLE", "ACTIVE", "LOCKED UNTIL"],
        [
            [u.username, u.agency, u.role, "yes" if u.active else "no", u.locked_until]
            for u in users
        ],
    )
