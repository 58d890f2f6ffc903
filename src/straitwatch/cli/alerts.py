# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch alerts``: list alerts and move them through their lifecycle from the
command line (acknowledge, assign to a unit, resolve with an outcome, escalate overdue
distress alerts). Every change is decided by the access policy and audited."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from straitwatch.access.actor import Actor, system_actor
from straitwatch.cli import context
from straitwatch.cli.output import emit_json, emit_table

__all__ = ["app"]

app = typer.Typer(
    help="Alerts: list, acknowledge, assign, resolve, escalate.\n\n"
    "Example: straitwatch alerts list --state new --type distress",
    no_args_is_help=True,
)


@app.command("list")
def list_(
    state: list[str] = typer.Option([], "--state", help="new, acknowledged, assigned, resolved."),
    type_: list[str] = typer.Option([], "--type", help="departure, crossing, distress, ..."),
    limit: int = typer.Option(100, "--limit", min=1, max=10_000),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """List alerts, newest first.

    Example: straitwatch alerts list --state new --json
    """
    from straitwatch.assessment.lifecycle import list_alerts
    from straitwatch.errors import InvalidInput
    from straitwatch.store.db import transaction

    try:
        with transaction(context.engine()) as session:
            records = list_alerts(session, system_actor(), states=state, types=type_, limit=limit)
    except ValueError as exc:
        raise InvalidInput(f"--state/--type: {exc}") from exc
    if as_json:
        emit_json({"alerts": [r.to_json() for r in records]})
        return
    emit_table(
        ["alert", "time", "type", "state", "severity", "track", "routed to", "summary"],
        [
            [
                r.alert.alert_id,
                f"{r.alert.time:%Y-%m-%d %H:%M}",
                r.alert.type,
                r.state,
                r.alert.severity,
                r.alert.track_id,
                ",".join(r.alert.routed_to),
                r.alert.summary,
            ]
            for r in records
        ],
    )


def _show(record: object, as_json: bool) -> None:
    from straitwatch.assessment.lifecycle import AlertRecord

    assert isinstance(record, AlertRecord)
    if as_json:
        emit_json(record.to_json())
    else:
        unit = f" to {record.assigned_unit}" if record.assigned_unit else ""
        outcome = f" ({record.outcome})" if record.outcome else ""
        typer.echo(f"{record.alert.alert_id} {record.alert.type}: {record.state}{unit}{outcome}")


def _operator(agency: str) -> Actor:
    """The installation's operator acting for ``agency`` (a declared agency or SYSTEM)."""
    from straitwatch.access.directory import agency as declared

    if agency != "SYSTEM":
        declared(agency)  # InvalidInput naming the known codes: one line, exit 2
    return system_actor(agency)


@app.command("ack")
def ack(
    alert_id: str = typer.Argument(..., help="The alert's id (AL-...)."),
    agency: str = typer.Option("SYSTEM", "--agency", help="Agency recorded in the audit log."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Acknowledge a new alert.

    Example: straitwatch alerts ack AL-3f2a9c0d1e2b
    """
    from straitwatch.assessment.lifecycle import acknowledge
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as session:
        _show(acknowledge(session, _operator(agency), alert_id), as_json)


@app.command("assign")
def assign(
    alert_id: str = typer.Argument(..., help="The alert's id (AL-...)."),
    unit: str = typer.Option(..., "--unit", help="Unit sent, e.g. 'HMC Searcher'."),
    agency: str = typer.Option("SYSTEM", "--agency", help="Agency recorded in the audit log."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Assign an acknowledged alert to a unit.

    Example: straitwatch alerts assign AL-3f2a9c0d1e2b --unit "HMC Searcher"
    """
    from straitwatch.assessment.lifecycle import assign as run
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as session:
        _show(run(session, _operator(agency), alert_id, unit), as_json)


@app.command("resolve")
def resolve(
    alert_id: str = typer.Argument(..., help="The alert's id (AL-...)."),
    outcome: str = typer.Option(
        ...,
        "--outcome",
        help="rescued, intercepted, prevented, landed, false_alarm or lost_contact.",
    ),
    note: str | None = typer.Option(None, "--note", help="Free text (no personal data)."),
    agency: str = typer.Option("SYSTEM", "--agency", help="Agency recorded in the audit log."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Resolve an open alert with its outcome.

    Example: straitwatch alerts resolve AL-3f2a9c0d1e2b --outcome rescued
    """
    from straitwatch.assessment.lifecycle import resolve as run
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as session:
        _show(run(session, _operator(agency), alert_id, outcome, note=note), as_json)


@app.command("escalate")
def escalate(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Escalate distress alerts not acknowledged within STRAITWATCH_DISTRESS_ESCALATION_S.

    Example: straitwatch alerts escalate
    """
    from straitwatch.assessment.lifecycle import escalate_overdue
    from straitwatch.store.db import transaction

    after_s = context.settings().distress_escalation_s
    with transaction(context.engine()) as session:
        records = escalate_overdue(session, now=datetime.now(UTC), after_s=after_s)
    if as_json:
        emit_json({"escalated": [r.to_json() for r in records]})
        return
    for r in records:
        typer.echo(f"{r.alert.alert_id} escalated → {', '.join(r.alert.routed_to)}")
    typer.echo(f"{len(records)} distress alert(s) escalated (after {after_s} s unacknowledged)")
