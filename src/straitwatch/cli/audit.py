# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch audit``: verify and export the hash-chained audit log."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import typer

from straitwatch.access.audit import verify
from straitwatch.cli import context
from straitwatch.errors import InvalidInput
from straitwatch.store.db import transaction

app = typer.Typer(
    help="Verify and export the audit log (DPA 2018 s.62).\n\nExample: straitwatch audit verify",
    no_args_is_help=True,
)


@app.command("verify")
def verify_cmd() -> None:
    """Walk the chain (HMAC under the audit key) and the signed checkpoints kept outside
    the store; exit 0 when intact, non-zero naming the first break.

    Example: straitwatch audit verify
    """
    from straitwatch.access.audit_seal import checkpoints, seal_for

    with transaction(context.engine()) as session:
        count = verify(session)
        anchors = checkpoints(seal_for(session))
    last = max((cp.seq for cp in anchors), default=0)
    typer.echo(
        f"audit chain ok: {count} events; {len(anchors)} signed checkpoints "
        f"(the latest at event {last})"
    )


@app.command("reseal")
def reseal_cmd() -> None:
    """Seal a chain written before this installation had an audit key (once, after the
    upgrade); refused when any link is broken or the chain is sealed already.

    Example: straitwatch audit reseal
    """
    from straitwatch.access.actor import system_actor
    from straitwatch.access.audit_reseal import reseal

    with transaction(context.engine()) as session:
        count = reseal(session, system_actor())
    typer.echo(f"audit chain resealed with this installation's key: {count} events")


def _parse_since(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"--since {text!r} is not an ISO date (YYYY-MM-DD)") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@app.command("export")
def export_cmd(
    since: str = typer.Option(..., "--since", help="ISO date or time (UTC), e.g. 2026-11-01"),
    out: Path | None = typer.Option(None, "--out", help="Write here instead of stdout."),
    as_user: str | None = typer.Option(
        None, "--as", help="Export as this user (a DPO); default: the installation's operator."
    ),
) -> None:
    """Write events since a date as JSON lines (one event per line, with its hashes). The
    export is checked against the exporter's role and is itself an audit event.

    Example: straitwatch audit export --since 2026-11-01 --out audit.jsonl
    """
    from straitwatch.access.actor import system_actor
    from straitwatch.access.audit_export import export_events
    from straitwatch.cli.acting import actor

    start = _parse_since(since)
    with transaction(context.engine()) as session:
        who = actor(session, as_user) if as_user else system_actor()
        lines = [
            json.dumps(
                {
                    "seq": e.seq,
                    "time": e.time.isoformat(),
                    "action": e.action,
                    "actor": e.actor,
                    "agency": e.agency,
                    "role": e.role,
                    "resource_kind": e.resource_kind,
                    "resource_id": e.resource_id,
                    "purpose": e.purpose,
                    "outcome": e.outcome,
                    "detail": e.detail,
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                },
                ensure_ascii=False,
            )
            for e in export_events(session, who, start)
        ]
    text = "\n".join(lines) + ("\n" if lines else "")
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{len(lines)} events written to {out}", err=True)
    else:
        typer.echo(text, nl=False)


@app.command("subject")
def subject_cmd(
    entity_id: str,
    as_user: str = typer.Option(..., "--as", help="A data-protection officer."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object instead of text."),
) -> None:
    """Who consulted or received what about one entity (a person, usually), including its
    source reports, for a data-protection review.

    Example: straitwatch audit subject uto-person-ozric-testmann --as dpo
    """
    from straitwatch.cli.acting import actor
    from straitwatch.cli.output import emit_json, emit_table
    from straitwatch.intel.subject import subject_trail

    with transaction(context.engine()) as session:
        trail = subject_trail(session, actor(session, as_user), entity_id)
    if as_json:
        emit_json({"entity_id": entity_id, "events": trail})
        return
    emit_table(
        ["seq", "time", "action", "actor", "agency", "resource", "purpose"],
        [
            [
                e["seq"],
                e["time"].isoformat(timespec="seconds"),
                e["action"],
                e["actor"],
                e["agency"],
                f"{e['resource_kind']}/{e['resource_id']}",
                e["purpose"],
            ]
            for e in trail
        ],
    )
