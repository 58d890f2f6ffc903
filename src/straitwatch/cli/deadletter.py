# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch deadletter``: the sensor records that were refused, and replaying them."""

from __future__ import annotations

from pathlib import Path

import typer

from straitwatch.cli import context
from straitwatch.cli.output import emit_json, emit_table

app = typer.Typer(
    help=(
        "Sensor records refused at ingest (bad checksum, junk, impossible position...).\n\n"
        "Example: straitwatch deadletter list --reason checksum"
    ),
    no_args_is_help=True,
)


def _cut(text: str | None, width: int) -> str:
    text = (text or "").replace("\n", " | ")
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("list")
def list_cmd(
    reason: str | None = typer.Option(None, "--reason", help="Only this reason, e.g. checksum."),
    replayed: bool = typer.Option(False, "--replayed", help="Also those already replayed."),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many (oldest first)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """List refused records with their reason, where they came from and their raw text.

    Example: straitwatch deadletter list --reason impossible_speed --json
    """
    from straitwatch.access.actions import Action
    from straitwatch.access.actor import system_actor
    from straitwatch.access.policy import Resource, enforce
    from straitwatch.sensors.records import RejectReason
    from straitwatch.store.db import transaction
    from straitwatch.store.observations import dead_letters

    if reason is not None and reason not in {r.value for r in RejectReason}:
        from straitwatch.errors import InvalidInput

        known = ", ".join(r.value for r in RejectReason)
        raise InvalidInput(f"--reason {reason!r} is not one of: {known}")
    with transaction(context.engine()) as session:
        enforce(session, system_actor(), Action.DEADLETTER_READ, Resource("dead_letters"))
        rows = dead_letters(
            session, reason=reason, replayed=None if replayed else False, limit=limit
        )
    if as_json:
        emit_json(
            {
                "dead_letters": [
                    {
                        "id": r.id,
                        "refused_at": r.refused_at,
                        "reason": r.reason,
                        "message": r.message,
                        "feed": r.feed,
                        "line_no": r.line_no,
                        "format": r.format,
                        "record_time": r.record_time,
                        "raw": r.raw,
                        "replayed": r.replayed,
                    }
                    for r in rows
                ]
            }
        )
        return
    emit_table(
        ["ID", "REASON", "WHERE", "MESSAGE", "RAW"],
        [
            [
                r.id,
                r.reason,
                f"{Path(r.feed).name}:{r.line_no}" if r.line_no is not None else r.feed,
                _cut(r.message, 60),
                _cut(r.raw, 50),
            ]
            for r in rows
        ],
    )


@app.command("replay")
def replay_cmd(
    reason: str | None = typer.Option(
        None, "--reason", help="Only this reason (needed for duplicate, impossible_speed, time_*)."
    ),
    ids: list[int] = typer.Option([], "--id", help="Only these dead letters (repeatable)."),
    sensors: Path | None = typer.Option(None, "--sensors", help="Sensors file to place plots."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Read refused records again (after a fix) and store those now accepted.

    Example: straitwatch deadletter replay --reason unknown_sensor --sensors sensors.yaml
    """
    from straitwatch.access.actions import Action
    from straitwatch.access.actor import system_actor
    from straitwatch.access.policy import Resource, enforce
    from straitwatch.sensors.deadletter import replay_dead_letters
    from straitwatch.sensors.sites import SensorSites
    from straitwatch.store.db import transaction

    engine = context.engine()
    actor = system_actor()
    with transaction(engine) as session:
        enforce(session, actor, Action.DEADLETTER_REPLAY, Resource("dead_letters"))
    result = replay_dead_letters(
        engine, actor, reason=reason, ids=ids, sites=SensorSites.load(sensors)
    )
    if as_json:
        emit_json(result.as_dict())
        return
    still = ", ".join(f"{k} {v}" for k, v in result.still_refused.items())
    typer.echo(f"replayed {result.considered}: {result.accepted} accepted and stored")
    if still:
        typer.echo(f"still refused: {still}")
