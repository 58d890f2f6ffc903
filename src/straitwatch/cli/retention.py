# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch retention``: erase intelligence past its retention, extend it with a
reason, list the reviews due."""

from __future__ import annotations

from datetime import date

import typer

from straitwatch.cli import context
from straitwatch.cli.acting import actor
from straitwatch.cli.output import emit_json, emit_table
from straitwatch.errors import InvalidInput
from straitwatch.store.db import transaction

app = typer.Typer(
    help="Retention and review of intelligence.\n\nExample: straitwatch retention run",
    no_args_is_help=True,
)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError as exc:
        raise InvalidInput(f"{text!r} is not a date (YYYY-MM-DD)") from exc


@app.command("run")
def run_cmd(
    as_user: str | None = typer.Option(
        None, "--as", help="Act as this user (a DPO); default: the installation's operator."
    ),
    today: str | None = typer.Option(None, "--today", help="Run as of this date (YYYY-MM-DD)."),
    within_days: int = typer.Option(30, "--reviews-within", help="Reviews due within N days."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Erase reports past retention (unless extended) and entities left without a source;
    every erasure is an audit event. Lists extensions kept and reviews due.

    Example: straitwatch retention run --json
    """
    from straitwatch.access.actor import system_actor
    from straitwatch.intel.retention import run_retention

    with transaction(context.engine()) as s:
        who = actor(s, as_user) if as_user else system_actor()
        run = run_retention(s, who, today=_day(today), within_days=within_days)
    if as_json:
        emit_json(run.to_dict())
        return
    typer.echo(
        f"erased {len(run.erased_reports)} reports, {len(run.erased_entities)} entities; "
        f"{len(run.kept_by_extension)} kept by extension"
    )
    if run.reviews_due:
        typer.echo("reviews due:")
        emit_table(
            ["report", "provider", "author", "review_date", "overdue"],
            [
                [
                    r["report_id"],
                    r["provider_agency"],
                    r["author"],
                    r["review_date"],
                    "yes" if r["overdue"] else "",
                ]
                for r in run.reviews_due
            ],
        )


@app.command("extend")
def extend_cmd(
    report_id: int,
    until: str = typer.Option(..., "--until", help="New end of retention (YYYY-MM-DD)."),
    reason: str = typer.Option(..., "--reason"),
    as_user: str = typer.Option(..., "--as", help="A supervisor of the providing agency."),
) -> None:
    """Keep a report past its retention, with a reason (audited).

    Example: straitwatch retention extend 7 --until 2030-01-01 --reason "trial pending"
    --as uk.supervisor
    """
    from straitwatch.intel.retention import extend_retention

    new = _day(until)
    assert new is not None
    with transaction(context.engine()) as s:
        extend_retention(s, actor(s, as_user), report_id, new, reason)
    typer.echo(f"report {report_id} kept until {new}")
