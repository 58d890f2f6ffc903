# SPDX-License-Identifier: EUPL-1.2
"""Commands that act as a named user (``--as``), so every consultation is attributable:
the user as an actor, and the options and values those commands share."""

from __future__ import annotations

from datetime import UTC, date, datetime

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.errors import InvalidInput, NotFound

__all__ = ["AS", "JSON", "PURPOSE", "actor", "day", "when"]

AS = typer.Option(..., "--as", help="User name to act as (its agency and role apply).")
PURPOSE = typer.Option(None, "--purpose", help="Why you consult it (written to the audit log).")
JSON = typer.Option(False, "--json", help="One JSON object instead of text.")


def actor(session: Session, username: str) -> Actor:
    """The stored user ``username`` as an actor (CLI commands act as a named person)."""
    from straitwatch.access.actor import operator_name
    from straitwatch.access.users import actor_for
    from straitwatch.store.access import UserRow

    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None or not row.active:
        raise NotFound(f"no active user {username!r} (see `straitwatch users list`)")
    # --as needs no credential: every audit event of this command names who typed it too.
    session.info["operator"] = operator_name()
    return actor_for(session, row)


def day(text: str | None, name: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError as exc:
        raise InvalidInput(f"{text!r} is not a date (YYYY-MM-DD)", where=name) from exc


def when(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"{text!r} is not an ISO time", where="--event-time") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)
